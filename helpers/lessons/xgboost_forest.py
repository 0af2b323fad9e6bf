"""One point of the scaling benchmark with distributed XGBoost on Spark (``xgboost.spark``).

Run under ``spark-submit`` by :mod:`helpers.lessons.scaling`. It reads, checks and splits the data
with the course's job code (:func:`helpers.jobs.one_pass.read_split_df`), then trains XGBoost *as a
random forest* on the same Spark: one boosting round of 50 parallel trees of depth 16, each on 63% of
the rows (``subsample``, XGBoost's stand-in for the bootstrap) with a quarter of the features tried
at each split (``colsample_bynode``: 4 of 16, as ``sqrt`` does), learning rate 1, the ``hist``
method. It prints ``BENCHMARK {json}`` like :mod:`helpers.jobs.forest_benchmark`.

Only ``helpers.jobs`` is imported from the course: spark-submit puts ``jobs.zip`` first on the path.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import Any

from helpers.jobs.forest import DEFAULT_DEPTH, DEFAULT_TREES, letter_pipeline, predict_ml
from helpers.jobs.forest_benchmark import print_result
from helpers.jobs.letters import DEFAULT_SEED, score
from helpers.jobs.one_pass import read_split_df
from helpers.jobs.settings import DEFAULT_PARTITIONS, course_conf


def xgboost_forest(*, trees: int, depth: int, seed: int, workers: int) -> Any:
    """The letter pipeline with XGBoost's random forest in place of Spark's (see the module docstring)."""
    from pyspark.ml import Pipeline
    from xgboost.spark import SparkXGBClassifier

    forest = SparkXGBClassifier(
        features_col="features", label_col="label", num_workers=workers, n_estimators=1,
        num_parallel_tree=trees, max_depth=depth, subsample=0.632, colsample_bynode=0.25,
        learning_rate=1.0, tree_method="hist", random_state=seed,
    )
    indexer, assembler, _ = letter_pipeline(num_trees=trees, max_depth=depth, seed=seed).getStages()
    return Pipeline(stages=[indexer, assembler, forest])


def main(argv: Sequence[str] | None = None) -> int:
    """``spark-submit xgboost_forest.py INPUT [--workers N] [--trees N] [--depth N] [--partitions N]``."""
    started = time.perf_counter()
    parser = argparse.ArgumentParser(prog="xgboost_forest.py")
    parser.add_argument("input")
    parser.add_argument("--workers", type=int, default=2, help="XGBoost workers (Spark tasks)")
    parser.add_argument("--trees", type=int, default=DEFAULT_TREES)
    parser.add_argument("--depth", type=int, default=DEFAULT_DEPTH)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--partitions", type=int, default=DEFAULT_PARTITIONS)
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("xgboost-benchmark")
    for key, value in {**course_conf(partitions=args.partitions), "spark.ui.enabled": "false"}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    try:
        start = time.perf_counter() - started
        clock = time.perf_counter()
        split = read_split_df(spark, args.input, partitions=args.partitions, seed=args.seed)
        read = time.perf_counter() - clock
        clock = time.perf_counter()
        model = xgboost_forest(trees=args.trees, depth=args.depth, seed=args.seed,
                               workers=args.workers).fit(split.train)
        trained = time.perf_counter() - clock
        clock = time.perf_counter()
        accuracy = score(predict_ml(model, split.test)).accuracy
        result = {"start_seconds": start, "read_seconds": read, "train_seconds": trained,
                  "score_seconds": time.perf_counter() - clock, "accuracy": accuracy, "rows": split.rows,
                  "master": spark.sparkContext.master, "options": {k: v for k, v in vars(args).items()
                                                                   if k != "input"}}
    finally:
        spark.stop()
    print_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
