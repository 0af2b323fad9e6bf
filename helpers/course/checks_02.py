"""Self-checks of notebook 02's exercises (map, filter and reduce), shared by the chapter and its solutions.

Each function is one exercise's check (see :mod:`helpers.course.exercises`): it takes the answer,
then what the check needs from the notebook. Where the answer is a prediction, the check asks Spark
for the truth and compares.

Example:
    >>> odd_squares(None)
    Not attempted yet: replace None in the cell above with your answer, run it, then run this cell again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pyspark import SparkContext

from helpers.course.exercises import Condition, exercise
from helpers.jobs.letters import LETTERS

# The given split of exercise 02.5: three partitions, one list each.
SUBTRACT_PARTITIONS = [[10, 1], [2, 3], [4]]


@exercise(hint="the talk's chain with other functions: keep, transform, combine")
def odd_squares() -> list[Condition]:
    """02.1: the sum of the squares of the odd numbers from 1 to 100."""
    return [("is a whole number", lambda a: isinstance(a, int)),
            ("equals 1² + 3² + 5² + … + 99²", lambda a: a == sum(x * x for x in range(1, 101, 2)))]


@exercise(hint="glom() turns each partition into one list; a map can then reduce each list where it is")
def partial_sums() -> list[Condition]:
    """02.2: the partial results of reduce(add) for 1 to 10 in 3 partitions."""
    slices = [list(range(1 + i * 10 // 3, 1 + (i + 1) * 10 // 3)) for i in range(3)]
    return [("is a list of 3 numbers, one per partition", lambda a: isinstance(a, list) and len(a) == 3),
            ("adds up to 1 + 2 + … + 10 = 55", lambda a: sum(a) == 55),
            ("has the sums of Spark's slices (cut at positions floor(i * 10 / 3))",
             lambda a: a == [sum(s) for s in slices])]


@exercise(hint="reduce pairs instead of numbers: what pair of numbers can be added up element-wise "
               "and still give the mean at the end?")
def mean_by_reduce(sc: SparkContext) -> list[Condition]:
    """02.3: a function that computes the mean of an RDD with one map and one reduce."""
    def mean_is(f: Callable, data: list[float], partitions: int, expected: float) -> bool:
        return abs(f(sc.parallelize(data, partitions)) - expected) < 1e-9

    return [("is a function", callable),
            ("gives 5.5 for the numbers 1 to 10 in 1, 2, 3 and 4 partitions",
             lambda f: all(mean_is(f, list(range(1, 11)), k, 5.5) for k in (1, 2, 3, 4))),
            ("gives 5.0 for [2.0, 4.0, 9.0] in 2 partitions", lambda f: mean_is(f, [2.0, 4.0, 9.0], 2, 5.0))]


@exercise(hint="the (sum, count) idea of exercise 3, per key: map each row to (letter, (width, 1)); "
               "mapValues divides; collectAsMap() returns a dict")
def mean_width(path: str | Path) -> list[Condition]:
    """02.4: the mean width (the third feature) of each letter, as a dict."""
    widths: dict[str, list[int]] = {}
    with open(path) as data:
        for line in data:
            fields = line.strip().split(",")
            widths.setdefault(fields[0], []).append(int(fields[3]))
    return [("is a dict with the 26 letters as keys",
             lambda a: isinstance(a, dict) and sorted(a) == list(LETTERS)),
            ("has each letter's mean width",
             lambda a: all(abs(a[k] - sum(v) / len(v)) < 1e-9 for k, v in widths.items()))]


@exercise(hint="first each partition on its own, left to right: 10 − 1, 2 − 3, and 4 alone; then the "
               "driver combines the partial results in partition order, left to right")
def subtract_prediction(sc: SparkContext) -> list[Condition]:
    """02.5: a prediction of ``reduce(subtract)`` over the partitions [10, 1], [2, 3], [4]."""
    rdd = sc.parallelize(SUBTRACT_PARTITIONS, len(SUBTRACT_PARTITIONS)).flatMap(lambda part: part)
    assert rdd.glom().collect() == SUBTRACT_PARTITIONS
    actual = rdd.reduce(lambda a, b: a - b)
    return [("is a whole number", lambda a: isinstance(a, int)),
            ("is what Spark's reduce(subtract) gives on these partitions", lambda a: a == actual)]
