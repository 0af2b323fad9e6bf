"""helpers.jobs.letters: parsing with line-numbered errors, reading (RDDs, DataFrames), split, scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pyspark import RDD
from pyspark.mllib.regression import LabeledPoint
from pyspark.sql import SparkSession

from helpers.jobs.letters import (
    FEATURE_NAMES,
    LETTERS,
    MalformedRowError,
    Scores,
    letters_dataframe,
    load_letters,
    parse_letter_row,
    parse_numbered_line,
    score,
    split_letters,
)

GOOD_ROW = "T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8"
SAMPLE_ROWS = 2000


def as_tuples(points: RDD[LabeledPoint]) -> list[tuple[float, ...]]:
    """LabeledPoints as comparable tuples (LabeledPoint has no ==)."""
    return [(point.label, *point.features) for point in points.collect()]


def test_a_good_row_becomes_a_labelled_point():
    point = parse_letter_row(GOOD_ROW)
    assert point.label == 19.0  # T is the 20th letter
    assert list(point.features) == [2, 8, 3, 5, 1, 8, 13, 0, 6, 6, 10, 8, 0, 8, 0, 8]


def test_rows_with_windows_line_endings_parse():
    assert parse_letter_row(GOOD_ROW + "\r\n").label == 19.0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("T,2,8,3", "line 7: expected 17 comma-separated fields (a letter and 16 features), found 4"),
        ("", "line 7: expected 17 comma-separated fields"),
        ("t" + GOOD_ROW[1:], "line 7, field 1 (letter): 't' is not a capital letter A-Z"),
        ("7" + GOOD_ROW[1:], "line 7, field 1 (letter): '7' is not a capital letter A-Z"),
        (GOOD_ROW.replace(",8,3,", ",x,3,", 1), "line 7, field 3 (y-box): 'x' is not a whole number"),
        (GOOD_ROW.replace(",8,3,", ",2.5,3,", 1), "line 7, field 3 (y-box): '2.5' is not a whole number"),
        (GOOD_ROW[:-1] + "16", "line 7, field 17 (yegvx): 16 is outside 0-15"),
        (GOOD_ROW.replace("T,2,", "T,-1,", 1), "line 7, field 2 (x-box): -1 is outside 0-15"),
    ],
)
def test_a_malformed_row_names_the_line_and_the_field(row, message):
    with pytest.raises(MalformedRowError) as raised:
        parse_letter_row(row, line_number=7)
    assert str(raised.value).startswith(message)
    assert raised.value.line_number == 7


def test_without_a_line_number_the_error_still_names_the_field():
    with pytest.raises(MalformedRowError, match=r"^field 2 \(x-box\): 'a' is not a whole number$"):
        parse_letter_row("T,a" + GOOD_ROW[3:])


def test_parse_numbered_line_returns_the_point_and_no_error() -> None:
    point, error = parse_numbered_line((GOOD_ROW, 0))
    assert error is None
    assert point.label == LETTERS.index("T")
    assert list(point.features)[:3] == [2.0, 8.0, 3.0]


def test_parse_numbered_line_returns_the_error_as_data_with_a_1_based_line_number() -> None:
    point, error = parse_numbered_line(("A,1,1,3,2,x,8,2,2,2,8,2,8,1,6,2,7", 16))
    assert point is None
    assert error == ("'x' is not a whole number", 17, 6)
    assert str(MalformedRowError(*error)) == "line 17, field 6 (onpix): 'x' is not a whole number"


def test_parse_numbered_line_decodes_bytes_and_treats_undecodable_bytes_as_malformed() -> None:
    assert parse_numbered_line((GOOD_ROW.encode(), 0))[0].label == 19.0
    point, error = parse_numbered_line((b"\xff\xfe,1", 4))
    assert point is None
    assert error[1:] == (5, None)
    assert "expected 17 comma-separated fields" in error[0]


def test_scores_accuracy_and_per_letter_accuracy_come_from_the_confusion_matrix() -> None:
    confusion = np.zeros((26, 26), dtype=np.int64)
    confusion[0, 0], confusion[0, 1], confusion[1, 1] = 3, 1, 4  # A: 3 of 4 right; B: 4 of 4
    scores = Scores(confusion)
    assert scores.test_rows == 8
    assert scores.accuracy == 7 / 8
    assert scores.per_letter["A"] == 0.75 and scores.per_letter["B"] == 1.0
    assert scores.per_letter["Z"] is None  # no Z in the test set


def test_score_counts_label_prediction_pairs(spark: SparkSession) -> None:
    pairs = spark.sparkContext.parallelize([(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (25.0, 25.0)], 2)
    scores = score(pairs)
    assert scores.accuracy == 0.75
    assert scores.confusion[0, 1] == 1 and scores.confusion[25, 25] == 1


def test_load_letters_reads_every_row_into_two_partitions(spark: SparkSession, sample: Path) -> None:
    data = load_letters(spark.sparkContext, str(sample))
    assert (data.rows_read, data.malformed, data.first_malformed, data.partitions) == (
        SAMPLE_ROWS, 0, None, 2)
    first = data.points.first()
    assert first.label == LETTERS.index("T") and first.features[6] == 13.0


def test_load_letters_fails_on_the_first_malformed_row_naming_its_line(
    spark: SparkSession, malformed_sample: Path
) -> None:
    with pytest.raises(MalformedRowError) as raised:
        load_letters(spark.sparkContext, str(malformed_sample))
    assert str(raised.value) == "line 17, field 6 (onpix): 'x' is not a whole number"
    assert raised.value.line_number == 17


def test_load_letters_skips_and_counts_malformed_rows(spark: SparkSession, malformed_sample: Path) -> None:
    data = load_letters(spark.sparkContext, str(malformed_sample), malformed="skip")
    assert (data.rows_read, data.malformed) == (SAMPLE_ROWS, 2)
    assert data.first_malformed == "line 17, field 6 (onpix): 'x' is not a whole number"
    assert data.points.count() == SAMPLE_ROWS - 2


def test_split_letters_is_70_30_and_the_same_for_the_same_seed(spark: SparkSession, sample: Path) -> None:
    points = load_letters(spark.sparkContext, str(sample)).points
    train, test = split_letters(points, seed=7)
    again_train, _ = split_letters(points, seed=7)
    other_train, _ = split_letters(points, seed=8)
    assert train.count() + test.count() == SAMPLE_ROWS
    assert 0.25 < test.count() / SAMPLE_ROWS < 0.35
    assert as_tuples(train) == as_tuples(again_train)
    assert as_tuples(train) != as_tuples(other_train)


def test_letters_dataframe_has_the_letter_and_the_named_feature_columns(
    spark: SparkSession, sample: Path
) -> None:
    points = load_letters(spark.sparkContext, str(sample)).points
    frame = letters_dataframe(spark, points)
    assert frame.columns == ["letter", *FEATURE_NAMES]
    assert tuple(frame.first()) == (GOOD_ROW[0], *(int(v) for v in GOOD_ROW.split(",")[1:]))
    assert frame.rdd.getNumPartitions() == 2
