"""helpers.jobs.forest: the talk's random forest with the RDD-based and the DataFrame-based API."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pyspark.sql import SparkSession

from helpers.jobs.forest import letter_pipeline, predict_ml, predict_mllib, train_mllib
from helpers.jobs.letters import FEATURE_NAMES, load_letters, score, split_letters


def test_a_small_mllib_forest_beats_chance_by_far_and_is_reproducible(
    spark: SparkSession, sample: Path
) -> None:
    train, test = split_letters(load_letters(spark.sparkContext, str(sample)).points)
    first = score(predict_mllib(train_mllib(train, num_trees=3, max_depth=6), test))
    second = score(predict_mllib(train_mllib(train, num_trees=3, max_depth=6), test))
    assert first.accuracy > 0.3  # chance is 1/26 = 0.04
    assert np.array_equal(first.confusion, second.confusion)


def test_the_pipeline_numbers_letters_alphabetically_even_when_letters_are_missing(
    spark: SparkSession,
) -> None:
    rows = [(letter, *([i % 16] * 16)) for i, letter in enumerate("ZAB" * 4)]  # only A, B and Z
    frame = spark.createDataFrame(rows, ["letter", *FEATURE_NAMES])
    model = letter_pipeline(num_trees=2, max_depth=2).fit(frame)
    labels = {row.letter: row.label for row in model.transform(frame).select("letter", "label").collect()}
    assert labels == {"A": 0.0, "B": 1.0, "Z": 25.0}
    assert model.stages[-1].numClasses == 26
    pairs = predict_ml(model, frame).collect()
    assert len(pairs) == 12 and all(0 <= p <= 25 for _, p in pairs)
