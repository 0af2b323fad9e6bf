"""The letter data read, checked, split and counted in one pass (DataFrame API only): the job's fast path.

:func:`read_split_df` is what :mod:`helpers.jobs.classify_letters` runs by default. Compared with
:func:`helpers.jobs.letters.read_letters_df` followed by ``randomSplit`` and two ``count()`` calls
(four jobs over the data), it

* checks every row with the same rule (:func:`helpers.jobs.letters.checked_lines`), and
* draws each row's side of the 70/30 split with ``rand(seed)`` in the same pass,

then caches the parsed rows and counts rows read, malformed, training and test rows with one
aggregation: one job. Only when a row is malformed, two small jobs find its line number for the
message. Training and scoring then read the cached rows.

The split is seeded and, for a fixed number of partitions, the same on every machine; it is not the
same draw as ``randomSplit`` (which sorts each partition first), so its rows differ from
:func:`helpers.jobs.letters.split_letters`'s.

This module is shipped to clusters with the jobs: it needs only the standard library and pyspark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyspark.sql import functions as F

from helpers.jobs.letters import (
    DEFAULT_SEED,
    FEATURE_NAMES,
    TEST_FRACTION,
    LetterData,
    check_malformed_mode,
    checked_lines,
    first_row_error,
)
from helpers.jobs.settings import DEFAULT_PARTITIONS


@dataclass(frozen=True)
class SplitLetters:
    """The checked letter data, split into training and test rows, with the counts of one pass.

    Attributes:
        data: what reading found (:class:`~helpers.jobs.letters.LetterData`); ``data.points`` holds
            every valid row.
        train: the training rows: ``letter`` and one integer column per feature.
        test: the test rows, same columns.
        rows: ``{"read", "malformed_skipped", "train", "test"}`` row counts.
    """

    data: LetterData
    train: Any
    test: Any
    rows: dict[str, int]


def read_split_df(
    spark: Any,
    path: str,
    *,
    partitions: int = DEFAULT_PARTITIONS,
    seed: int = DEFAULT_SEED,
    test_fraction: float = TEST_FRACTION,
    malformed: str = "fail",
) -> SplitLetters:
    """Read, check and split the letter data, and count every part, in one Spark job.

    Args:
        spark: a SparkSession (classic or Spark Connect).
        path: any path ``spark.read.text`` reads (a file, a folder of part files, a glob).
        partitions: the rows are spread round robin over exactly this many partitions, before the split.
        seed: the seed of the split.
        test_fraction: the share of rows drawn for the test side.
        malformed: ``"fail"`` raises on the first malformed row; ``"skip"`` drops and counts them.

    Raises:
        MalformedRowError: in ``fail`` mode, for the first malformed row (the message names its line).

    >>> split = read_split_df(spark, "data/letter-recognition.data")  # doctest: +SKIP
    >>> split.rows  # doctest: +SKIP
    {'read': 20000, 'malformed_skipped': 0, 'train': 13923, 'test': 6077}
    """
    check_malformed_mode(malformed)
    columns = ["letter", *FEATURE_NAMES]
    rows = (
        checked_lines(spark, path)
        .select("valid", *columns)
        .repartition(partitions)
        .withColumn("test", F.rand(seed) < F.lit(test_fraction))
        .cache()
    )
    valid, test = F.col("valid"), F.col("test")

    def count_where(condition: Any) -> Any:
        return F.sum(F.when(condition, 1).otherwise(0))

    counts = rows.agg(F.count(F.lit(1)).alias("read"), count_where(~valid).alias("bad"),
                      count_where(valid & ~test).alias("train"),
                      count_where(valid & test).alias("test")).first()
    bad = int(counts["bad"] or 0)
    first_malformed = None
    if bad:
        error = first_row_error(checked_lines(spark, path))
        if malformed == "fail":
            rows.unpersist()
            raise error
        first_malformed = str(error)
    data = LetterData(rows.filter(valid).select(*columns), int(counts["read"]), bad, first_malformed,
                      partitions)
    return SplitLetters(
        data=data,
        train=rows.filter(valid & ~test).select(*columns),
        test=rows.filter(valid & test).select(*columns),
        rows={"read": data.rows_read, "malformed_skipped": bad,
              "train": int(counts["train"] or 0), "test": int(counts["test"] or 0)},
    )
