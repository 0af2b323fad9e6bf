"""helpers.jobs.one_pass: read, check, split and count the letter data with one Spark job."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from helpers.jobs.letters import FEATURE_NAMES, MalformedRowError, read_letters_df, split_letters
from helpers.jobs.one_pass import read_split_df

SAMPLE_ROWS = 2000  # the rows of the `sample` fixture (conftest.py)


def rows_of(frame) -> list[tuple]:
    return sorted(tuple(row) for row in frame.collect())


def jobs_run_by(spark: SparkSession, action) -> int:
    """How many Spark jobs ``action()`` started, from the status tracker."""
    tracker = spark.sparkContext.statusTracker()
    spark.sparkContext.setJobGroup("one-pass-test", "counting jobs")
    try:
        action()
    finally:
        spark.sparkContext.setLocalProperty("spark.jobGroup.id", None)
    return len(tracker.getJobIdsForGroup("one-pass-test"))


def two_passes(spark: SparkSession, path: Path) -> tuple[int, int, int]:
    """The way before one_pass: read and check, then randomSplit and count each side."""
    data = read_letters_df(spark, str(path))
    train, test = split_letters(data.points, seed=7)
    return data.rows_read, train.count(), test.count()


def test_one_pass_reads_checks_splits_and_counts_with_one_action(spark: SparkSession, sample: Path) -> None:
    found = {}
    jobs = jobs_run_by(spark, lambda: found.setdefault("split", read_split_df(spark, str(sample), seed=7)))
    before = jobs_run_by(spark, lambda: two_passes(spark, sample))
    split = found["split"]
    assert split.rows["read"] == SAMPLE_ROWS and split.rows["malformed_skipped"] == 0
    assert split.rows["train"] + split.rows["test"] == SAMPLE_ROWS
    assert 0.25 < split.rows["test"] / SAMPLE_ROWS < 0.35
    # One action; adaptive query execution runs each of its stages (read and repartition, aggregate,
    # result) as a job of its own. The old way ran three actions.
    assert jobs <= 4 and jobs < before
    assert split.train.columns == ["letter", *FEATURE_NAMES]
    assert split.train.count() == split.rows["train"] and split.test.count() == split.rows["test"]
    assert split.data.partitions == 2 and split.data.points.count() == SAMPLE_ROWS


def test_the_split_is_the_same_for_the_same_seed_and_differs_for_another(
    spark: SparkSession, sample: Path
) -> None:
    first = read_split_df(spark, str(sample), seed=7)
    again = read_split_df(spark, str(sample), seed=7)
    other = read_split_df(spark, str(sample), seed=8)
    assert rows_of(first.test) == rows_of(again.test)
    assert rows_of(first.test) != rows_of(other.test)
    assert not set(rows_of(first.test)) & set(rows_of(first.train)) - set(rows_of(first.test))


def test_a_malformed_row_fails_with_its_line_and_field(spark: SparkSession, malformed_sample: Path) -> None:
    with pytest.raises(MalformedRowError) as raised:
        read_split_df(spark, str(malformed_sample))
    assert str(raised.value) == "line 17, field 6 (onpix): 'x' is not a whole number"


def test_skip_mode_drops_and_counts_malformed_rows(spark: SparkSession, malformed_sample: Path) -> None:
    split = read_split_df(spark, str(malformed_sample), malformed="skip")
    assert split.rows["read"] == SAMPLE_ROWS and split.rows["malformed_skipped"] == 2
    assert split.rows["train"] + split.rows["test"] == SAMPLE_ROWS - 2
    assert split.data.first_malformed == "line 17, field 6 (onpix): 'x' is not a whole number"
    letters = {row.letter for row in split.train.select("letter").distinct().collect()}
    assert "b" not in letters and letters <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def test_a_bad_mode_is_refused(spark: SparkSession, sample: Path) -> None:
    with pytest.raises(ValueError, match="malformed must be one of"):
        read_split_df(spark, str(sample), malformed="ignore")
