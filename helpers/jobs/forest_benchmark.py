"""One point of the scaling benchmark: the letter forest on N rows with Spark, timed step by step.

Run under ``spark-submit`` (one fresh process per point) by :mod:`helpers.lessons.scaling`. It
reads, checks and splits the data, grows the forest and scores it with the code of the course's job
(:mod:`helpers.jobs.one_pass`, :mod:`helpers.jobs.forest`, :mod:`helpers.jobs.letters`), and prints
one line ``BENCHMARK {json}`` with the times of each step, the accuracy and the row counts.

The settings worth measuring are options: the API (``ml`` or the talk's ``mllib``), the reader
(the DataFrame reader or a Python RDD, as the talk read), the partitions, ``cacheNodeIds`` and
``maxMemoryInMB``. Driver memory, the garbage collector and the Java version are JVM choices that
the runner passes to spark-submit. Usage::

    spark-submit --py-files jobs.zip forest_benchmark.py INPUT [--api ml] [--reader dataframe]
        [--trees 50] [--depth 16] [--partitions 2] [--no-cache-node-ids] [--max-memory 256]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from helpers.jobs.forest import (
    DEFAULT_DEPTH,
    DEFAULT_TREES,
    MAX_MEMORY_MB,
    letter_pipeline,
    predict_ml,
    predict_mllib,
    train_mllib,
)
from helpers.jobs.letters import DEFAULT_SEED, letters_dataframe, load_letters, score, split_letters
from helpers.jobs.one_pass import read_split_df
from helpers.jobs.settings import DEFAULT_PARTITIONS, course_conf

RESULT_PREFIX = "BENCHMARK "


def print_result(result: dict) -> None:
    """Print one point's result as the line :mod:`helpers.lessons.scaling` looks for (``BENCHMARK {...}``)."""
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The point's options (see the module docstring).

    >>> parse_args(["in", "--api", "mllib"]).reader
    'rdd'
    """
    parser = argparse.ArgumentParser(prog="forest_benchmark.py", description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("--api", choices=("ml", "mllib"), default="ml")
    parser.add_argument("--reader", choices=("dataframe", "rdd"), default=None,
                        help="default: dataframe for ml, rdd for mllib (which needs it)")
    parser.add_argument("--trees", type=int, default=DEFAULT_TREES)
    parser.add_argument("--depth", type=int, default=DEFAULT_DEPTH)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--partitions", type=int, default=DEFAULT_PARTITIONS)
    parser.add_argument("--no-cache-node-ids", dest="cache_node_ids", action="store_false")
    parser.add_argument("--max-memory", type=int, default=MAX_MEMORY_MB, help="maxMemoryInMB")
    args = parser.parse_args(argv)
    args.reader = args.reader or ("dataframe" if args.api == "ml" else "rdd")
    if args.api == "mllib" and args.reader != "rdd":
        parser.error("--api mllib reads with the RDD API: use --reader rdd")
    return args


def run_point(spark: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Read, train and score once; return the times (seconds), accuracy and row counts."""
    clock = time.perf_counter()
    if args.reader == "dataframe":
        split = read_split_df(spark, args.input, partitions=args.partitions, seed=args.seed)
        train, test, rows = split.train, split.test, split.rows
    else:
        data = load_letters(spark.sparkContext, args.input, partitions=args.partitions)
        train, test = split_letters(data.points, seed=args.seed)
        if args.api == "ml":
            train, test = letters_dataframe(spark, train), letters_dataframe(spark, test)
        rows = {"read": data.rows_read, "train": train.count(), "test": test.count()}
    read = time.perf_counter() - clock

    clock = time.perf_counter()
    if args.api == "mllib":
        model = train_mllib(train, num_trees=args.trees, max_depth=args.depth, seed=args.seed)
    else:
        model = letter_pipeline(num_trees=args.trees, max_depth=args.depth, seed=args.seed,
                                cache_node_ids=args.cache_node_ids,
                                max_memory_mb=args.max_memory).fit(train)
    trained = time.perf_counter() - clock

    clock = time.perf_counter()
    scores = score(predict_mllib(model, test) if args.api == "mllib" else predict_ml(model, test))
    scored = time.perf_counter() - clock
    return {"read_seconds": read, "train_seconds": trained, "score_seconds": scored,
            "accuracy": scores.accuracy, "rows": rows}


def main(argv: Sequence[str] | None = None) -> int:
    """Start Spark, run the point, print ``BENCHMARK {json}``."""
    started = time.perf_counter()
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("forest-benchmark")
    for key, value in {**course_conf(partitions=args.partitions), "spark.ui.enabled": "false"}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    try:
        result = {"start_seconds": time.perf_counter() - started, **run_point(spark, args),
                  "master": spark.sparkContext.master, "spark_version": spark.version,
                  "options": {k: v for k, v in vars(args).items() if k != "input"}}
    finally:
        spark.stop()
    print_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
