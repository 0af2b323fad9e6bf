"""Self-checks of notebook 00's exercises (Check your set-up), shared by the chapter and its solutions.

Each function is one exercise's check (see :mod:`helpers.course.exercises`): it takes the answer,
then what the check needs from the notebook.

Example:
    >>> rows_counted(None, "data/letter-recognition.data")
    Not attempted yet: replace None in the cell above with your answer, run it, then run this cell again.
"""

from __future__ import annotations

from pathlib import Path

from helpers.course.exercises import Condition, exercise


@exercise(hint="sc.textFile reads a file into an RDD of lines; an action counts them")
def rows_counted(path: str | Path) -> list[Condition]:
    """00.1: the rows of the letter data, counted with Spark."""
    with open(path, "rb") as data:
        lines = sum(1 for _ in data)
    return [("is a whole number", lambda a: isinstance(a, int)),
            (f"matches the {lines:,} lines of the data file", lambda a: a == lines)]


@exercise(hint="look at the second argument of parallelize")
def five_parts() -> list[Condition]:
    """00.2: the numbers 1 to 10 in 5 partitions."""
    return [("is an RDD", lambda a: hasattr(a, "getNumPartitions")),
            ("has 5 partitions", lambda a: a.getNumPartitions() == 5),
            ("holds the numbers 1 to 10", lambda a: sorted(a.collect()) == list(range(1, 11)))]
