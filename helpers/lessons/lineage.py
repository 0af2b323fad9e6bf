"""Look inside Spark's work: an RDD's lineage without the JVM's call sites, and the tasks of a job's stages.

* :func:`lineage` is ``rdd.toDebugString()`` as text, without the part of each line that names a
  place in the JVM's code (``at NativeMethodAccessorImpl.java:0`` on Java 17, ``at <unknown>:0`` on
  Java 21): it says nothing about Python code, and it would make a notebook's output depend on the
  Java version.
* :func:`tasks_per_stage` runs one action and reads Spark's status tracker: how many stages the job
  had, and how many tasks each ran.

Example:
    >>> print(strip_call_sites("(2) PythonRDD[1] at RDD at PythonRDD.scala:59 []"))
    (2) PythonRDD[1] at RDD
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from pyspark import RDD, SparkContext

# " at File.java:0", " at <unknown>:0", " at PythonRDD.scala:59": a source file and line, last on
# an RDD's line of toDebugString, before its storage level in brackets.
_CALL_SITE = re.compile(r" at [^\s\[\]]+:-?\d+(?= \[)")
_NO_STORAGE = re.compile(r" \[\]$", re.MULTILINE)


def strip_call_sites(debug_string: str) -> str:
    """``toDebugString`` text without the JVM source positions and the empty storage brackets.

    Each line keeps the number of partitions (at a stage's first line), the RDD's name if it has one
    (a file's path for ``textFile``), its class, its id in brackets, the Spark method that made it,
    and its storage level when it is cached.

    >>> strip_call_sites("(3) CoalescedRDD[7] at coalesce at <unknown>:0 []")
    '(3) CoalescedRDD[7] at coalesce'
    >>> strip_call_sites(" |  PythonRDD[2] at RDD at PythonRDD.scala:59 [Memory Serialized 1x Replicated]")
    ' |  PythonRDD[2] at RDD [Memory Serialized 1x Replicated]'
    """
    return _NO_STORAGE.sub("", _CALL_SITE.sub("", debug_string))


def lineage(rdd: RDD, names: Mapping[str, str] | None = None) -> str:
    """The RDD's lineage, newest step first, the same on every Java version.

    Args:
        rdd: any RDD.
        names: text to replace in the output, e.g. ``{str(path): path.name}`` to show a data file's
            name instead of its full path on this machine.

    >>> print(lineage(sc.parallelize([1, 2, 3]).map(str)))  # doctest: +SKIP
    (2) PythonRDD[1] at RDD
     |  ParallelCollectionRDD[0] at readRDDFromFile
    """
    text = strip_call_sites(rdd.toDebugString().decode())
    for long, short in (names or {}).items():
        text = text.replace(long, short)
    return text


def tasks_per_stage(sc: SparkContext, action: Callable[[], Any]) -> list[int]:
    """Run ``action`` (a function that calls one Spark action) and count the tasks of each stage it ran.

    The jobs the action starts are put in a job group of their own, so that Spark's status tracker
    can find them; stages that Spark skipped (their shuffle output was already there from an earlier
    job) are left out.

    Returns:
        The number of tasks of each stage, in the order the stages ran (stage ids ascending).

    >>> tasks_per_stage(sc, lambda: sc.parallelize(range(10), 3).count())  # doctest: +SKIP
    [3]
    """
    group = f"tasks-per-stage-{uuid.uuid4().hex[:8]}"
    sc.setJobGroup(group, "counting the stages and tasks of one action")
    try:
        action()
    finally:
        sc.setLocalProperty("spark.jobGroup.id", None)  # type: ignore[arg-type]
        sc.setLocalProperty("spark.job.description", None)  # type: ignore[arg-type]
    tracker = sc.statusTracker()
    stage_ids = sorted(stage for job in tracker.getJobIdsForGroup(group)
                       for stage in tracker.getJobInfo(job).stageIds)
    stages = [tracker.getStageInfo(stage) for stage in stage_ids]
    return [stage.numTasks for stage in stages if stage is not None and stage.numCompletedTasks]
