"""Classify the UCI letter-recognition data with a random forest: the course's sample job.

Usage::

    spark-submit [--master MASTER] --py-files jobs.zip classify_letters.py INPUT OUTPUT [options]

``jobs.zip`` holds the ``helpers.jobs`` package this file imports (the letter code, the forest, the
course's Spark settings). ``python -m helpers.runtime.submit`` builds it and adds it for you; on a
cluster, copy both files and pass the zip with ``--py-files``.

Arguments:
    INPUT                    the letter data, as any path Spark can read: a local path,
                             ``file:///...``, ``hdfs://namenode/...`` (a folder or a glob works too)
    OUTPUT                   a directory that must not exist yet; the job creates it and writes
                             ``model/`` (the trained model) and ``metrics.json`` into it

Options:
    --api {ml,mllib}         ``ml`` (default): the DataFrame-based pyspark.ml pipeline
                             (StringIndexer, VectorAssembler, RandomForestClassifier), which reads,
                             checks and splits the data in one pass and fits and scores with
                             DataFrames only (so it also runs over Spark Connect); ``mllib``: the
                             talk's path, the RDD-based ``RandomForest.trainClassifier``
    --trees N                number of trees (default 50)
    --depth N                maximum depth of each tree, 1-30 (default 16)
    --seed N                 seed of the 70/30 split and of the forest (default 42)
    --partitions N           read the input into at least N partitions (default 2). The partitions
                             decide the split and the trees' bootstrap samples, so fixing them keeps
                             the result the same on every machine
    --malformed {fail,skip}  a malformed row stops the job with an error naming its line (default),
                             or is skipped and counted
    --ui                     serve the Spark UI (http://localhost:4040) while the job runs; it is
                             off by default, which makes the job a little faster

Exit status: 0 on success; 1 when the data cannot be used (a malformed row in ``fail`` mode, no valid
rows); 2 for a usage error (a bad option, a missing input, an existing output directory).

Example, on a laptop (``python -m helpers.runtime.submit`` runs spark-submit with the course's Java)::

    spark-submit --master "local[2]" --py-files jobs.zip classify_letters.py \
        letter-recognition.data output/letters

It prints ``PERCENTAGE CORRECTLY CLASSIFIED: 0.94...`` as the talk's code did, then the timings.
Both paths grow the talk's forest (26 classes, 50 trees, featureSubsetStrategy="auto", gini,
maxDepth=16, maxBins=32); with seed 42 and 2 partitions the accuracy on the 30% holdout is 0.944
(``ml``) and 0.94 (``mllib``).

Why ``ml`` is the default: it is the fastest path measured that keeps the talk's accuracy
(``python -m helpers.lessons.job_speed`` runs it against the talk's code in fresh processes,
alternating; the README has the numbers). What makes it fast, each measured on 2 cores:
``cacheNodeIds=True`` (the forest remembers each row's node instead of sending the trees to every
task at each level), the parallel garbage collector for the driver (``-XX:+UseParallelGC``, in
:func:`helpers.jobs.settings.course_conf`), the Spark UI off while the job runs (``--ui`` turns it
on), 2 partitions for 2 cores (more partitions make each level ship
more statistics), and reading, checking and splitting in one pass (:mod:`helpers.jobs.one_pass`).
Measured and left at Spark's defaults, because they changed the training time by 5% or less at 20,000
rows: ``maxMemoryInMB`` (256), the driver's memory (1 GB; the benchmarks give 4 GB, which 200,000 rows
need). Java 21 trained 3% to 13% faster than Java 17 in two measurements (one run each in
``python -m helpers.lessons.scaling_settings``; 3 alternating rounds by hand); the job runs on the Java
that spark-submit is given, which for the course is the Java it finds on your machine.

The job and the modules it imports need only the Python standard library, pyspark, py4j and numpy,
and use only APIs that Spark 4.0 has (Amazon EMR's Spark 4 release runs 4.0.2).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from py4j.protocol import Py4JJavaError

from helpers.jobs.cpu import jvm_cpu_seconds
from helpers.jobs.forest import (
    DEFAULT_DEPTH,
    DEFAULT_TREES,
    letter_pipeline,
    predict_ml,
    predict_mllib,
    train_mllib,
)
from helpers.jobs.hadoop_files import java_message, path_exists, write_text
from helpers.jobs.letters import (
    DEFAULT_SEED,
    LETTERS,
    MALFORMED_MODES,
    TEST_FRACTION,
    LetterData,
    MalformedRowError,
    Scores,
    load_letters,
    score,
    split_letters,
)
from helpers.jobs.one_pass import read_split_df
from helpers.jobs.settings import DEFAULT_PARTITIONS, course_conf

APIS = ("ml", "mllib")
APP_NAME = "classify-letters"

EXIT_DATA_ERROR = 1
EXIT_USAGE_ERROR = 2


class JobError(RuntimeError):
    """The job cannot go on; the message says why, ``exit_code`` is the process's exit status."""

    def __init__(self, message: str, exit_code: int = EXIT_DATA_ERROR):
        super().__init__(message)
        self.exit_code = exit_code


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _depth(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 30:
        raise argparse.ArgumentTypeError(f"must be between 1 and 30 (Spark's limit), not {value}")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The job's command line (see the module docstring). A bad option exits with status 2.

    >>> parse_args(["in.data", "out", "--api", "ml"]).api
    'ml'
    """
    parser = argparse.ArgumentParser(
        prog="classify_letters.py",
        description="Train a random forest on the UCI letter-recognition data; write the model "
        "and metrics.json to OUTPUT. Run it with spark-submit.",
    )
    parser.add_argument("input", metavar="INPUT", help="the letter data (local path, file://, hdfs://)")
    parser.add_argument("output", metavar="OUTPUT", help="a directory to create for model/ and metrics.json")
    parser.add_argument("--api", choices=APIS, default="ml",
                        help="ml: DataFrame pipeline, one pass over the data (default, the fastest); "
                        "mllib: the talk's RDD-based RandomForest.trainClassifier")
    parser.add_argument("--trees", type=_positive_int, default=DEFAULT_TREES,
                        help=f"number of trees (default {DEFAULT_TREES})")
    parser.add_argument("--depth", type=_depth, default=DEFAULT_DEPTH,
                        help=f"maximum tree depth, 1-30 (default {DEFAULT_DEPTH})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"seed of the split and the forest (default {DEFAULT_SEED})")
    parser.add_argument("--partitions", type=_positive_int, default=DEFAULT_PARTITIONS,
                        help=f"read into at least this many partitions (default {DEFAULT_PARTITIONS})")
    parser.add_argument("--malformed", choices=MALFORMED_MODES, default="fail",
                        help="fail: stop at the first malformed row (default); skip: skip and count them")
    parser.add_argument("--ui", action="store_true",
                        help="serve the Spark UI while the job runs (off by default: it costs time)")
    return parser.parse_args(argv)


@dataclass(frozen=True)
class Split:
    """The data as read, and its training and test parts (RDDs for mllib, DataFrames for ml)."""

    data: LetterData
    train: Any
    test: Any
    rows: dict[str, int]


def check_paths(sc: Any, args: argparse.Namespace) -> None:
    """Fail early, with a usage error, when the input is missing or the output exists."""
    for uri, role in ((args.input, "input"), (args.output, "output")):
        try:
            exists = path_exists(sc, uri)
        except Py4JJavaError as error:  # an unknown scheme, an unreachable HDFS, ...
            raise JobError(f"cannot check the {role} path {uri}: {java_message(error)}",
                           EXIT_USAGE_ERROR) from None
        if role == "input" and not exists:
            raise JobError(f"the input {uri} does not exist. Give the path of letter-recognition.data "
                           "(a local path, file:///..., or hdfs://...).", EXIT_USAGE_ERROR)
        if role == "output" and exists:
            raise JobError(f"the output directory {uri} already exists; the job does not overwrite "
                           "results. Remove it or choose another OUTPUT.", EXIT_USAGE_ERROR)


def read_and_split(spark: Any, args: argparse.Namespace) -> Split:
    """Read and check every row, then split 70/30 with the seed: RDDs for mllib, DataFrames for ml.

    The ml path does it in one pass (:func:`helpers.jobs.one_pass.read_split_df`: one job); the mllib
    path reads with the RDD API and splits with ``randomSplit``, as the talk did.
    """
    try:
        if args.api == "ml":
            split = read_split_df(spark, args.input, partitions=args.partitions, seed=args.seed,
                                  malformed=args.malformed)
            data, train, test, rows = split.data, split.train, split.test, split.rows
        else:
            data = load_letters(spark.sparkContext, args.input, partitions=args.partitions,
                                malformed=args.malformed)
            train, test = split_letters(data.points, seed=args.seed)
            rows = {"read": data.rows_read, "malformed_skipped": data.malformed,
                    "train": train.count(), "test": test.count()}
    except MalformedRowError as error:
        raise JobError(f"malformed row in {args.input}: {error}.\nFix or remove that row, or run with "
                       "--malformed skip to skip malformed rows and count them.") from None
    if data.malformed:
        print(f"Skipped {data.malformed} malformed row(s) of {data.rows_read}; "
              f"the first: {data.first_malformed}")
    if not rows["train"] or not rows["test"]:
        raise JobError(f"{args.input} has {rows['read'] - rows['malformed_skipped']} valid rows: too few "
                       "for a 70/30 split with rows on both sides.")
    print(f"Read {rows['read']} rows in {data.partitions} partitions: {rows['train']} for training, "
          f"{rows['test']} for testing.")
    return Split(data, train, test, rows)


def train_forest(args: argparse.Namespace, train: Any) -> Any:
    """Grow the forest with the chosen API."""
    if args.api == "mllib":
        return train_mllib(train, num_trees=args.trees, max_depth=args.depth, seed=args.seed)
    return letter_pipeline(num_trees=args.trees, max_depth=args.depth, seed=args.seed).fit(train)


def evaluate(args: argparse.Namespace, model: Any, test: Any) -> Scores:
    """Score the model on the test rows, and print the accuracy as the talk's code did."""
    scores = score(predict_mllib(model, test) if args.api == "mllib" else predict_ml(model, test))
    print(f"PERCENTAGE CORRECTLY CLASSIFIED: {scores.accuracy}")
    return scores


def save_model(sc: Any, args: argparse.Namespace, model: Any) -> str:
    """Save the model into OUTPUT/model; return its URI."""
    model_uri = args.output.rstrip("/") + "/model"
    if args.api == "mllib":
        model.save(sc, model_uri)
    else:
        model.write().save(model_uri)
    return model_uri


def build_metrics(spark: Any, args: argparse.Namespace, split: Split, scores: Scores,
                  timings: dict[str, float]) -> dict[str, Any]:
    """Everything the run measured, for ``metrics.json``."""
    return {
        "accuracy": scores.accuracy,
        "per_letter_accuracy": scores.per_letter,
        "rows": split.rows,
        "timings_seconds": {name: round(seconds, 3) for name, seconds in timings.items()},
        "spark_version": spark.version,
        "master": spark.sparkContext.master,
        "parameters": {"api": args.api, "trees": args.trees, "depth": args.depth, "seed": args.seed,
                       "partitions": split.data.partitions, "test_fraction": TEST_FRACTION,
                       "malformed": args.malformed, "input": args.input},
        "first_malformed_row": split.data.first_malformed,
        "confusion_matrix": {"letters": LETTERS, "counts": scores.confusion.tolist()},
        "model": "model",
    }


def metrics_json(metrics: dict[str, Any]) -> str:
    """The metrics as indented JSON, with each list of numbers (a confusion-matrix row) on one line.

    >>> print(metrics_json({"counts": [[1, 0], [2, 3]]}), end="")
    {
      "counts": [
        [1, 0],
        [2, 3]
      ]
    }
    """
    text = json.dumps(metrics, indent=2)
    numbers = re.compile(r"\[\s*(-?\d+(?:\.\d+)?(?:,\s*-?\d+(?:\.\d+)?)*)\s*\]")
    return numbers.sub(lambda match: "[" + ", ".join(match.group(1).replace(",", " ").split()) + "]",
                       text) + "\n"


def run(spark: Any, args: argparse.Namespace, started: float) -> dict[str, Any]:
    """Read, split, train, score, save: the job's steps once Spark runs. Returns the metrics."""
    sc = spark.sparkContext
    timings = {"start_spark": time.perf_counter() - started}
    cpu_timings: dict[str, float] = {}  # the driver JVM's CPU seconds per step (Linux), for benchmarks
    print(f"{APP_NAME}: {args.api} random forest, {args.trees} trees of depth {args.depth}, "
          f"seed {args.seed}; Spark {spark.version}, master {sc.master}")
    check_paths(sc, args)

    def timed(name: str, step: Any, *step_args: Any) -> Any:
        clock, cpu = time.perf_counter(), jvm_cpu_seconds()
        result = step(*step_args)
        timings[name] = time.perf_counter() - clock
        if cpu is not None:
            cpu_timings[name] = jvm_cpu_seconds() - cpu
        return result

    split = timed("read", read_and_split, spark, args)
    model = timed("train", train_forest, args, split.train)
    try:
        scores = timed("score", evaluate, args, model, split.test)
    except ValueError as error:  # no test rows
        raise JobError(str(error)) from None
    model_uri = timed("save_model", save_model, sc, args, model)
    timings["total"] = time.perf_counter() - started

    metrics = build_metrics(spark, args, split, scores, timings)
    metrics["jvm_cpu_seconds"] = {name: round(seconds, 3) for name, seconds in cpu_timings.items()}
    metrics_uri = args.output.rstrip("/") + "/metrics.json"
    write_text(sc, metrics_uri, metrics_json(metrics))
    print(f"Timings: start Spark {timings['start_spark']:.1f} s, read {timings['read']:.1f} s, "
          f"train {timings['train']:.1f} s, score {timings['score']:.1f} s, "
          f"save {timings['save_model']:.1f} s; total {timings['total']:.1f} s.")
    print(f"Wrote the {args.api} model to {model_uri} and the metrics to {metrics_uri}.")
    return metrics


def job_conf(args: argparse.Namespace) -> dict[str, str]:
    """The job's Spark settings: the course's, and the Spark UI off unless ``--ui`` was given.

    >>> job_conf(parse_args(["in", "out"]))["spark.ui.enabled"]
    'false'
    """
    return {**course_conf(partitions=args.partitions), "spark.ui.enabled": str(args.ui).lower()}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the job; return the exit status (0 success, 1 data error, 2 usage error)."""
    args = parse_args(argv)
    started = time.perf_counter()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(APP_NAME)
    for key, value in job_conf(args).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    try:
        run(spark, args, started)
    except JobError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except Py4JJavaError as error:  # Spark failed: its first line, not the Java stack trace
        print(f"error: Spark failed: {java_message(error)}\n(The JVM log above has the details.)",
              file=sys.stderr)
        return EXIT_DATA_ERROR
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
