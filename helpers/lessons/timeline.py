"""Where a Spark application's time went, read from Spark's own event log.

With ``spark.eventLog.enabled=true`` Spark writes every job, stage and task of an application, with
timestamps and task metrics, to a file (compressed with zstd by default in Spark 4).
:func:`read_event_log` reads it into :class:`Stage` records; :func:`phases` sorts the application's
wall-clock time into what the scaling lab explains:

* ``JVM and Spark start``: from the process's start (when known) to the application's start;
* ``statistics per tree level``: the forest's aggregation stages (one per tree level, each a pass over
  the data that sends per-node statistics through a shuffle);
* ``best split per tree level``: the stages that merge those statistics and choose each node's split;
* ``other Spark jobs``: reading, checking, counting, scoring, saving;
* ``driver between jobs``: time in which no stage ran: Python, Py4J calls between Python and the JVM,
  query planning, code generation, and the driver's own work between one level's jobs and the next.

Example:
    >>> stages = read_event_log("output/06/eventlog/app-1")  # doctest: +SKIP
    >>> phases(stages)["statistics per tree level"]  # doctest: +SKIP
    4.1
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

STATISTICS, BEST_SPLIT, OTHER, DRIVER, START = (
    "statistics per tree level", "best split per tree level", "other Spark jobs", "driver between jobs",
    "JVM and Spark start")
PHASES = (START, OTHER, STATISTICS, BEST_SPLIT, DRIVER)


@dataclass(frozen=True)
class Stage:
    """One completed stage: when it ran (seconds since the application started) and what it cost.

    Attributes:
        job: the id of the (first) job it belongs to.
        stage: the stage id.
        name: Spark's name for it (``mapPartitions at RandomForest.scala:...``).
        start, end: seconds since the application started.
        tasks: number of tasks.
        run_seconds, cpu_seconds, gc_seconds: summed over its tasks.
        shuffle_mb: shuffle data written and read by its tasks (MB).
    """

    job: int
    stage: int
    name: str
    start: float
    end: float
    tasks: int
    run_seconds: float
    cpu_seconds: float
    gc_seconds: float
    shuffle_mb: float

    @property
    def phase(self) -> str:
        """Which phase of :data:`PHASES` the stage belongs to."""
        if "RandomForest.scala" in self.name and self.name.startswith("mapPartitions"):
            return STATISTICS
        if "RandomForest.scala" in self.name and self.name.startswith("collectAsMap"):
            return BEST_SPLIT
        return OTHER


def _events(path: Path) -> Iterator[dict]:
    """The JSON events of one event-log file, decompressing zstd if needed."""
    raw = path.read_bytes()
    if path.suffix == ".zstd" or raw[:4] == b"\x28\xb5\x2f\xfd":
        import zstandard

        raw = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(raw)).read()
    for line in raw.decode().splitlines():
        if line.strip():
            yield json.loads(line)


def event_files(path: str | Path) -> list[Path]:
    """The event files of an application: ``path`` itself, or the ``events_*`` files of a rolling log."""
    path = Path(path)
    return sorted(path.glob("events_*")) if path.is_dir() else [path]


def read_event_log(path: str | Path) -> tuple[list[Stage], float, float]:
    """The completed stages of an application's event log, and its start and end (epoch seconds).

    Raises:
        ValueError: the file holds no application start (not a Spark event log).
    """
    app_start = app_end = None
    stage_jobs: dict[int, int] = {}
    metrics: dict[int, list[float]] = {}
    stages = []
    for file in event_files(path):
        for event in _events(file):
            kind = event["Event"]
            if kind == "SparkListenerApplicationStart":
                app_start = event["Timestamp"] / 1000
            elif kind == "SparkListenerApplicationEnd":
                app_end = event["Timestamp"] / 1000
            elif kind == "SparkListenerJobStart":
                for stage_id in event["Stage IDs"]:
                    stage_jobs.setdefault(stage_id, event["Job ID"])
            elif kind == "SparkListenerTaskEnd":
                task = event.get("Task Metrics") or {}
                write = task.get("Shuffle Write Metrics", {}).get("Shuffle Bytes Written", 0)
                read = task.get("Shuffle Read Metrics", {})
                read_bytes = read.get("Remote Bytes Read", 0) + read.get("Local Bytes Read", 0)
                totals = metrics.setdefault(event["Stage ID"], [0.0, 0.0, 0.0, 0.0])
                for i, value in enumerate((task.get("Executor Run Time", 0) / 1e3,
                                           task.get("Executor CPU Time", 0) / 1e9,
                                           task.get("JVM GC Time", 0) / 1e3, (write + read_bytes) / 2**20)):
                    totals[i] += value
            elif kind == "SparkListenerStageCompleted":
                info = event["Stage Info"]
                if info.get("Submission Time") and info.get("Completion Time"):
                    stages.append((info["Stage ID"], info["Stage Name"], info["Submission Time"] / 1000,
                                   info["Completion Time"] / 1000, info["Number of Tasks"]))
    if app_start is None:
        raise ValueError(f"{path} is not a Spark event log (it has no application start)")
    app_end = app_end or max((end for *_, end, _ in stages), default=app_start)
    return [Stage(stage_jobs.get(sid, -1), sid, name, start - app_start, end - app_start, tasks,
                  *(round(v, 3) for v in metrics.get(sid, [0.0] * 4)))
            for sid, name, start, end, tasks in sorted(stages, key=lambda s: s[2])], app_start, app_end


def busy_seconds(intervals: Sequence[tuple[float, float]]) -> float:
    """The length of the union of time intervals (stages that overlap count once).

    >>> busy_seconds([(0, 2), (1, 3), (5, 6)])
    4.0
    """
    total, reach = 0.0, float("-inf")
    for start, end in sorted(intervals):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def phases(stages: Sequence[Stage], app_seconds: float, start_seconds: float = 0.0) -> dict[str, float]:
    """The application's wall-clock time split into :data:`PHASES` (seconds).

    Overlapping stages of one phase count once; time covered by a forest stage is not counted again
    as another job's. ``app_seconds`` is the application's length, ``start_seconds`` the time before it
    (the JVM's and Spark's start), when known.

    >>> stage = Stage(0, 0, "mapPartitions at RandomForest.scala:1", 1.0, 3.0, 2, 4.0, 2.0, 0.5, 1.0)
    >>> phases([stage], app_seconds=5.0)  # doctest: +NORMALIZE_WHITESPACE
    {'JVM and Spark start': 0.0, 'other Spark jobs': 0.0, 'statistics per tree level': 2.0,
     'best split per tree level': 0.0, 'driver between jobs': 3.0}
    """
    forest = [(s.start, s.end) for s in stages if s.phase != OTHER]
    result = {START: start_seconds}
    result[OTHER] = busy_seconds(forest + [(s.start, s.end) for s in stages if s.phase == OTHER]) - \
        busy_seconds(forest)
    for phase in (STATISTICS, BEST_SPLIT):
        result[phase] = busy_seconds([(s.start, s.end) for s in stages if s.phase == phase])
    overlap = result[STATISTICS] + result[BEST_SPLIT] - busy_seconds(forest)
    result[BEST_SPLIT] -= overlap
    result[DRIVER] = max(0.0, app_seconds - busy_seconds([(s.start, s.end) for s in stages]))
    return {phase: round(result[phase], 3) for phase in PHASES}


def latest_event_log(folder: str | Path) -> Path:
    """The newest application's event log in ``folder`` (a file, or a rolling log's folder).

    Raises:
        FileNotFoundError: the folder holds no event log.
    """
    logs = [p for p in Path(folder).iterdir() if p.name.startswith(("app-", "local-", "eventlog_v2_"))]
    if not logs:
        raise FileNotFoundError(f"no Spark event log in {folder}: was spark.eventLog.enabled set?")
    return max(logs, key=lambda p: p.stat().st_mtime)
