"""Self-checks of notebook 01's exercises (RDDs and partitions), shared by the chapter and its solutions.

Each function is one exercise's check (see :mod:`helpers.course.exercises`): it takes the answer,
then what the check needs from the notebook. Where the answer is a prediction, the check asks Spark
for the truth and compares.

Example:
    >>> seven_in_three(None, sc=None)
    Not attempted yet: replace None in the cell above with your answer, run it, then run this cell again.
"""

from __future__ import annotations

from pathlib import Path

from pyspark import RDD, SparkContext

from helpers.course.exercises import Condition, exercise
from helpers.lessons.lineage import tasks_per_stage


@exercise(hint="apply the rule of section 4: with n = 7 and k = 3, the cuts are at floor(i * 7 / 3) "
               "for i = 0, 1, 2, 3; write the lists by hand, do not ask Spark")
def seven_in_three(sc: SparkContext) -> list[Condition]:
    """01.1: a prediction of how Spark splits 1 to 7 into 3 partitions, compared with Spark's split."""
    actual = sc.parallelize(range(1, 8), 3).glom().collect()
    return [("is a list of 3 lists, one per partition",
             lambda a: isinstance(a, list) and len(a) == 3 and all(isinstance(p, list) for p in a)),
            ("holds the numbers 1 to 7 in order", lambda a: [x for p in a for x in p] == list(range(1, 8))),
            ("is the split Spark makes: sc.parallelize(range(1, 8), 3).glom().collect()",
             lambda a: a == actual)]


@exercise(hint="sc.textFile takes a second argument")
def letters_6(path: str | Path) -> list[Condition]:
    """01.2: the letter data read into at least 6 partitions."""
    with open(path, "rb") as data:
        lines = sum(1 for _ in data)
    return [("is an RDD", lambda a: isinstance(a, RDD)),
            ("has at least 6 partitions", lambda a: a.getNumPartitions() >= 6),
            (f"holds all {lines:,} rows", lambda a: a.count() == lines)]


@exercise(hint="take(5) returns a Python list of 5 strings; the rest is plain Python on the driver")
def first_letters(path: str | Path) -> list[Condition]:
    """01.3: the letters of the file's first 5 rows."""
    with open(path) as rows:
        expected = [next(rows)[0] for _ in range(5)]
    return [("is a list of 5 strings",
             lambda a: isinstance(a, list) and len(a) == 5 and all(isinstance(x, str) for x in a)),
            ("holds the first character of each of the file's first 5 rows", lambda a: a == expected)]


@exercise(hint="repartition always shuffles; section 5 names the method that merges partitions instead")
def two_parts(letters: RDD) -> list[Condition]:
    """01.4: the rows of ``letters`` in 2 partitions, without a shuffle."""
    rows = letters.count()
    return [("is an RDD", lambda a: isinstance(a, RDD)),
            ("has 2 partitions", lambda a: a.getNumPartitions() == 2),
            (f"holds all {rows:,} rows", lambda a: a.count() == rows),
            ("was made without a shuffle (no ShuffledRDD in its lineage)",
             lambda a: "ShuffledRDD" not in a.toDebugString().decode())]


@exercise(hint="count the shuffles to get the stages; the tasks of a stage are the partitions of the RDD "
               "it ends with, and coalesce(2) is narrow: it merges partitions inside the first stage")
def stages_and_tasks(sc: SparkContext, letters: RDD) -> list[Condition]:
    """01.5: a prediction of the tasks of each stage of ``letters.coalesce(2).repartition(3).count()``."""
    actual = tasks_per_stage(sc, lambda: letters.coalesce(2).repartition(3).count())
    return [("is a list of whole numbers, the tasks of each stage in order",
             lambda a: isinstance(a, list) and all(isinstance(n, int) for n in a)),
            (f"has one number per stage: Spark ran {len(actual)} stages", lambda a: len(a) == len(actual)),
            ("is what Spark's status tracker reports for the job", lambda a: a == actual)]
