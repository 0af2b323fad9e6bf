"""Classify the UCI letter-recognition data with a random forest: the course's sample job.

Usage::

    spark-submit [--master MASTER] classify_letters.py INPUT OUTPUT [options]

Arguments:
    INPUT                    the letter data, as any path Spark can read: a local path,
                             ``file:///...``, ``hdfs://namenode/...`` (a folder or a glob works too)
    OUTPUT                   a directory that must not exist yet; the job creates it and writes
                             ``model/`` (the trained model) and ``metrics.json`` into it

Options:
    --api {mllib,ml}         ``mllib``: the RDD-based ``RandomForest.trainClassifier``, as in the
                             talk (default); ``ml``: the DataFrame-based pyspark.ml pipeline
                             (StringIndexer, VectorAssembler, RandomForestClassifier)
    --trees N                number of trees (default 50)
    --depth N                maximum depth of each tree, 1-30 (default 16)
    --seed N                 seed of the 70/30 split and of the forest (default 42)
    --partitions N           read the input into at least N partitions (default 2). The partitions
                             decide the split and the trees' bootstrap samples, so fixing them keeps
                             the result the same on every machine
    --malformed {fail,skip}  a malformed row stops the job with an error naming its line (default),
                             or is skipped and counted

Exit status: 0 on success; 1 when the data cannot be used (a malformed row in ``fail`` mode, no valid
rows); 2 for a usage error (a bad option, a missing input, an existing output directory).

Example, on a laptop (``python -m helpers.submit`` runs spark-submit with the course's Java)::

    spark-submit --master "local[2]" classify_letters.py letter-recognition.data output/letters

It prints ``PERCENTAGE CORRECTLY CLASSIFIED: 0.94...`` as the talk's code did, then the timings.
With the talk's hyper-parameters (``RandomForest.trainClassifier`` with numClasses=26, numTrees=50,
featureSubsetStrategy="auto", impurity="gini", maxDepth=16, maxBins=32), seed 42 and 2 partitions,
the accuracy on the 30% holdout is 0.94.

This file is self-contained on purpose: it needs only the Python standard library, pyspark and numpy
(which pyspark's MLlib uses), so it can be copied alone to any machine with Spark and run as above.
The notebooks import the same functions from ``helpers.classify_letters``.

The row format (UCI letter-recognition, Frey & Slate 1991): a capital letter, then 16 integer
features scaled to 0-15, comma-separated, one image per line.
"""

from __future__ import annotations

import argparse
import json
import re
import string
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from py4j.protocol import Py4JJavaError
from pyspark import RDD, SparkContext
from pyspark.mllib.regression import LabeledPoint

LETTERS = string.ascii_uppercase
# The 16 features, with their names and descriptions from the UCI documentation (letter-recognition.names).
FEATURE_DESCRIPTIONS = {
    "x-box": "horizontal position of the box",
    "y-box": "vertical position of the box",
    "width": "width of the box",
    "high": "height of the box",
    "onpix": "total number of on pixels",
    "x-bar": "mean x of on pixels in the box",
    "y-bar": "mean y of on pixels in the box",
    "x2bar": "mean x variance",
    "y2bar": "mean y variance",
    "xybar": "mean x y correlation",
    "x2ybr": "mean of x * x * y",
    "xy2br": "mean of x * y * y",
    "x-ege": "mean edge count left to right",
    "xegvy": "correlation of x-ege with y",
    "y-ege": "mean edge count bottom to top",
    "yegvx": "correlation of y-ege with x",
}
FEATURE_NAMES = tuple(FEATURE_DESCRIPTIONS)
FEATURE_RANGE = (0, 15)

# The talk's set-up: a 70/30 split, and the forest's hyper-parameters.
TEST_FRACTION = 0.3
DEFAULT_SEED = 42
DEFAULT_TREES = 50
DEFAULT_DEPTH = 16
DEFAULT_PARTITIONS = 2
MAX_BINS = 32
APIS = ("mllib", "ml")
MALFORMED_MODES = ("fail", "skip")
APP_NAME = "classify-letters"

EXIT_DATA_ERROR = 1
EXIT_USAGE_ERROR = 2


class MalformedRowError(ValueError):
    """A data row that is not a letter followed by 16 integer features in 0-15.

    The message names the line (1-based, when known) and the field, e.g.
    ``line 7, field 3 (y-box): 'x' is not a whole number``.
    """

    def __init__(self, reason: str, line_number: int | None = None, field: int | None = None):
        self.reason = reason
        self.line_number = line_number
        self.field = field
        where = [f"line {line_number}"] if line_number is not None else []
        if field is not None:
            name = "letter" if field == 1 else FEATURE_NAMES[field - 2]
            where.append(f"field {field} ({name})")
        super().__init__(f"{', '.join(where)}: {reason}" if where else reason)


class JobError(RuntimeError):
    """The job cannot go on; the message says why, ``exit_code`` is the process's exit status."""

    def __init__(self, message: str, exit_code: int = EXIT_DATA_ERROR):
        super().__init__(message)
        self.exit_code = exit_code


def parse_letter_row(line: str, line_number: int | None = None) -> LabeledPoint:
    """Parse one row of the letter data into a LabeledPoint (label 0 = A, ..., 25 = Z).

    Args:
        line: a row such as ``"T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8"``.
        line_number: the row's 1-based line number in its file, for error messages.

    Raises:
        MalformedRowError: wrong number of fields, not a capital letter, a feature that is not a
            whole number or is outside 0-15. The message names the line and field.

    >>> parse_letter_row("T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8")
    LabeledPoint(19.0, [2.0,8.0,3.0,5.0,1.0,8.0,13.0,0.0,6.0,6.0,10.0,8.0,0.0,8.0,0.0,8.0])
    """
    fields = line.rstrip("\r\n").split(",")
    if len(fields) != 1 + len(FEATURE_NAMES):
        preview = line if len(line) <= 60 else line[:57] + "..."
        raise MalformedRowError(
            f"expected 17 comma-separated fields (a letter and 16 features), "
            f"found {len(fields)}: {preview!r}",
            line_number,
        )
    letter = fields[0].strip()
    if len(letter) != 1 or letter not in LETTERS:
        raise MalformedRowError(f"{letter!r} is not a capital letter A-Z", line_number, 1)
    low, high = FEATURE_RANGE
    features = []
    for field, text in enumerate(fields[1:], start=2):
        try:
            value = int(text)
        except ValueError:
            raise MalformedRowError(
                f"{text!r} is not a whole number", line_number, field
            ) from None
        if not low <= value <= high:
            raise MalformedRowError(f"{value} is outside {low}-{high}", line_number, field)
        features.append(float(value))
    return LabeledPoint(LETTERS.index(letter), features)


# An error travels from the executors to the driver as plain data, (reason, line number, field):
# an exception object defined in a spark-submit script could not be unpickled on the driver.
RowError = tuple[str, int | None, int | None]


def parse_numbered_line(numbered: tuple[str | bytes, int]) -> tuple[LabeledPoint | None, RowError | None]:
    """Parse a ``(line, index)`` pair from ``zipWithIndex()``: ``(point, None)`` or ``(None, error)``.

    The error is returned, not raised, so that Spark hands it to the driver as data (no task failure,
    no Java stack trace). Bytes are decoded as UTF-8; undecodable bytes make the row malformed.

    >>> parse_numbered_line(("A,1,1,3,2,1,8,2,2,2,8,2,8,1,6,2,7", 0))[0].label
    0.0
    >>> parse_numbered_line(("A,1,x,3,2,1,8,2,2,2,8,2,8,1,6,2,7", 16))
    (None, ("'x' is not a whole number", 17, 3))
    """
    line, index = numbered
    if isinstance(line, bytes):
        line = line.decode("utf-8", errors="replace")
    try:
        return parse_letter_row(line, index + 1), None
    except MalformedRowError as error:
        return None, (error.reason, error.line_number, error.field)


@dataclass(frozen=True)
class LetterData:
    """The parsed letter data and what reading it found.

    Attributes:
        points: one LabeledPoint per valid row, in the order of the file.
        rows_read: lines read, valid or not.
        malformed: malformed rows skipped (always 0 in ``fail`` mode).
        first_malformed: the first skipped row's error message, or None.
        partitions: partitions of ``points``.
    """

    points: RDD[LabeledPoint]
    rows_read: int
    malformed: int
    first_malformed: str | None
    partitions: int


def load_letters(
    sc: SparkContext, path: str, *, partitions: int = DEFAULT_PARTITIONS, malformed: str = "fail"
) -> LetterData:
    """Read and parse the letter data with Spark, checking every row.

    Args:
        sc: the SparkContext.
        path: any path ``sc.textFile`` reads (local, ``file://``, ``hdfs://``; folders and globs).
        partitions: read into at least this many partitions (Spark makes more for big files).
        malformed: ``"fail"`` raises on the first malformed row; ``"skip"`` drops and counts them.

    Raises:
        MalformedRowError: in ``fail`` mode, for the first malformed row (the message names its line).

    >>> data = load_letters(sc, "data/letter-recognition.data")  # doctest: +SKIP
    >>> data.rows_read, data.partitions  # doctest: +SKIP
    (20000, 2)
    """
    if malformed not in MALFORMED_MODES:
        raise ValueError(f"malformed must be one of {MALFORMED_MODES}, not {malformed!r}")
    lines = sc.textFile(path, minPartitions=partitions, use_unicode=False)
    parsed = lines.zipWithIndex().map(parse_numbered_line).cache()
    errors = parsed.filter(lambda pair: pair[1] is not None).map(lambda pair: pair[1])
    first_error = errors.take(1)
    if first_error and malformed == "fail":
        raise MalformedRowError(*first_error[0])
    points = parsed.filter(lambda pair: pair[0] is not None).map(lambda pair: pair[0])
    return LetterData(
        points=points,
        rows_read=parsed.count(),
        malformed=errors.count() if first_error else 0,
        first_malformed=str(MalformedRowError(*first_error[0])) if first_error else None,
        partitions=points.getNumPartitions(),
    )


def split_letters(
    points: RDD[LabeledPoint], *, seed: int = DEFAULT_SEED, test_fraction: float = TEST_FRACTION
) -> tuple[RDD[LabeledPoint], RDD[LabeledPoint]]:
    """Split the points at random into (train, test), 70/30 by default, reproducibly for a seed.

    The same seed and the same partitioning give the same split on every machine.

    >>> train, test = split_letters(data.points, seed=42)  # doctest: +SKIP
    """
    train, test = points.randomSplit([1 - test_fraction, test_fraction], seed=seed)
    return train, test


def train_mllib(
    train: RDD[LabeledPoint],
    *,
    num_trees: int = DEFAULT_TREES,
    max_depth: int = DEFAULT_DEPTH,
    seed: int = DEFAULT_SEED,
) -> Any:
    """Train the talk's random forest with the RDD-based MLlib API; returns a RandomForestModel.

    >>> model = train_mllib(train, num_trees=50, max_depth=16, seed=42)  # doctest: +SKIP
    """
    from pyspark.mllib.tree import RandomForest

    return RandomForest.trainClassifier(
        train, numClasses=len(LETTERS), categoricalFeaturesInfo={}, numTrees=num_trees,
        featureSubsetStrategy="auto", impurity="gini", maxDepth=max_depth, maxBins=MAX_BINS,
        seed=seed,
    )


def predict_mllib(model: Any, test: RDD[LabeledPoint]) -> RDD[tuple[float, float]]:
    """Pair each test point's true label with the model's prediction, as the talk's code does.

    >>> predict_mllib(model, test).take(1)  # doctest: +SKIP
    [(19.0, 19.0)]
    """
    labels = test.map(lambda point: point.label)
    predictions = model.predict(test.map(lambda point: point.features))
    return labels.zip(predictions)


def letters_dataframe(spark: Any, points: RDD[LabeledPoint]) -> Any:
    """The points as a DataFrame: a ``letter`` column, then one integer column per feature.

    The feature columns have the UCI names (:data:`FEATURE_NAMES`); the partitioning is kept.

    >>> letters_dataframe(spark, train).columns[:3]  # doctest: +SKIP
    ['letter', 'x-box', 'y-box']
    """
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    schema = StructType(
        [StructField("letter", StringType(), False)]
        + [StructField(name, IntegerType(), False) for name in FEATURE_NAMES]
    )
    rows = points.map(
        lambda point: (LETTERS[int(point.label)], *(int(value) for value in point.features))
    )
    return spark.createDataFrame(rows, schema)


def letter_pipeline(
    *, num_trees: int = DEFAULT_TREES, max_depth: int = DEFAULT_DEPTH, seed: int = DEFAULT_SEED
) -> Any:
    """The DataFrame version: StringIndexer, VectorAssembler, RandomForestClassifier in a Pipeline.

    The indexer numbers the letters alphabetically (A = 0, ..., Z = 25), like :func:`parse_letter_row`,
    whatever letters the training data holds. The forest has the talk's hyper-parameters, plus
    ``cacheNodeIds=True``, which only makes training faster. Needs a running Spark.

    >>> model = letter_pipeline(num_trees=50, max_depth=16, seed=42).fit(train_df)  # doctest: +SKIP
    """
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import RandomForestClassifier
    from pyspark.ml.feature import StringIndexerModel, VectorAssembler

    indexer = StringIndexerModel.from_labels(list(LETTERS), inputCol="letter", outputCol="label")
    assembler = VectorAssembler(inputCols=list(FEATURE_NAMES), outputCol="features")
    forest = RandomForestClassifier(
        numTrees=num_trees, featureSubsetStrategy="auto", impurity="gini", maxDepth=max_depth,
        maxBins=MAX_BINS, seed=seed, cacheNodeIds=True,
    )
    return Pipeline(stages=[indexer, assembler, forest])


def predict_ml(model: Any, test_df: Any) -> RDD[tuple[float, float]]:
    """Pair each test row's true label with the fitted pipeline's prediction.

    >>> predict_ml(model, test_df).take(1)  # doctest: +SKIP
    [(19.0, 19.0)]
    """
    scored = model.transform(test_df).select("label", "prediction")
    return scored.rdd.map(lambda row: (row[0], row[1]))


@dataclass(frozen=True)
class Scores:
    """How well a classifier did on the test set.

    Attributes:
        confusion: 26 x 26 counts; row = true letter, column = predicted letter (0 = A).
    """

    confusion: np.ndarray

    @property
    def test_rows(self) -> int:
        """The number of test rows scored."""
        return int(self.confusion.sum())

    @property
    def accuracy(self) -> float:
        """The fraction of test rows classified correctly."""
        return float(np.trace(self.confusion) / self.confusion.sum())

    @property
    def per_letter(self) -> dict[str, float | None]:
        """Accuracy for each true letter (None for a letter absent from the test set)."""
        totals = self.confusion.sum(axis=1)
        return {
            letter: float(self.confusion[i, i] / totals[i]) if totals[i] else None
            for i, letter in enumerate(LETTERS)
        }


def score(labels_and_predictions: RDD[tuple[float, float]]) -> Scores:
    """Count (true label, predicted label) pairs into a confusion matrix.

    >>> scores = score(predict_mllib(model, test))  # doctest: +SKIP
    >>> round(scores.accuracy, 3)  # doctest: +SKIP
    0.941
    """
    counts = labels_and_predictions.map(lambda pair: (int(pair[0]), int(pair[1]))).countByValue()
    confusion = np.zeros((len(LETTERS), len(LETTERS)), dtype=np.int64)
    for (true, predicted), count in counts.items():
        confusion[true, predicted] = count
    if not confusion.sum():
        raise JobError("there are no test rows to score")
    return Scores(confusion)


# --- Files on any Hadoop file system (local, file://, hdfs://), through Spark's JVM -------------

def _hadoop_path(sc: SparkContext, uri: str) -> tuple[Any, Any]:
    """The Hadoop ``Path`` of ``uri`` and its ``FileSystem``."""
    path = sc._jvm.org.apache.hadoop.fs.Path(uri)
    return path, path.getFileSystem(sc._jsc.hadoopConfiguration())


def path_exists(sc: SparkContext, uri: str) -> bool:
    """Whether ``uri`` (a file, a folder, or a glob matching something) exists.

    >>> path_exists(sc, "hdfs:///data/letter-recognition.data")  # doctest: +SKIP
    True
    """
    path, fs = _hadoop_path(sc, uri)
    matches = fs.globStatus(path)
    return matches is not None and len(matches) > 0


def write_text(sc: SparkContext, uri: str, text: str) -> None:
    """Write a small text file to ``uri`` (refusing to overwrite one).

    >>> write_text(sc, "output/letters/metrics.json", "{}")  # doctest: +SKIP
    """
    path, fs = _hadoop_path(sc, uri)
    stream = fs.create(path, False)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def _java_message(error: Py4JJavaError) -> str:
    """The Java exception's first line (class and message), without the stack trace."""
    return str(error.java_exception.toString()).strip().splitlines()[0]


# --- The job -------------------------------------------------------------------------------------

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
    parser.add_argument("--api", choices=APIS, default="mllib",
                        help="mllib: RDD-based, as in the talk (default); ml: DataFrame pipeline")
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
    return parser.parse_args(argv)


def _check_paths(sc: SparkContext, args: argparse.Namespace) -> None:
    """Fail early, with a usage error, when the input is missing or the output exists."""
    for uri, role in ((args.input, "input"), (args.output, "output")):
        try:
            exists = path_exists(sc, uri)
        except Py4JJavaError as error:  # an unknown scheme, an unreachable HDFS, ...
            raise JobError(f"cannot check the {role} path {uri}: {_java_message(error)}",
                           EXIT_USAGE_ERROR) from None
        if role == "input" and not exists:
            raise JobError(f"the input {uri} does not exist. Give the path of letter-recognition.data "
                           "(a local path, file:///..., or hdfs://...).", EXIT_USAGE_ERROR)
        if role == "output" and exists:
            raise JobError(f"the output directory {uri} already exists; the job does not overwrite "
                           "results. Remove it or choose another OUTPUT.", EXIT_USAGE_ERROR)


def run(spark: Any, args: argparse.Namespace, started: float) -> dict[str, Any]:
    """Read, split, train, score, save: the job's work once Spark runs. Returns the metrics."""
    sc = spark.sparkContext
    timings = {"start_spark": time.perf_counter() - started}
    print(f"{APP_NAME}: {args.api} random forest, {args.trees} trees of depth {args.depth}, "
          f"seed {args.seed}; Spark {spark.version}, master {sc.master}")
    _check_paths(sc, args)

    clock = time.perf_counter()
    try:
        data = load_letters(sc, args.input, partitions=args.partitions, malformed=args.malformed)
    except MalformedRowError as error:
        raise JobError(f"malformed row in {args.input}: {error}.\nFix or remove that row, or run with "
                       "--malformed skip to skip malformed rows and count them.") from None
    if data.malformed:
        print(f"Skipped {data.malformed} malformed row(s) of {data.rows_read}; "
              f"the first: {data.first_malformed}")
    train, test = split_letters(data.points, seed=args.seed)
    rows = {"read": data.rows_read, "malformed_skipped": data.malformed,
            "train": train.count(), "test": test.count()}
    timings["read"] = time.perf_counter() - clock
    if not rows["train"] or not rows["test"]:
        raise JobError(f"{args.input} has {rows['read'] - rows['malformed_skipped']} valid rows: too few "
                       "for a 70/30 split with rows on both sides.")
    print(f"Read {rows['read']} rows in {data.partitions} partitions: {rows['train']} for training, "
          f"{rows['test']} for testing.")

    clock = time.perf_counter()
    if args.api == "mllib":
        model = train_mllib(train, num_trees=args.trees, max_depth=args.depth, seed=args.seed)
    else:
        model = letter_pipeline(num_trees=args.trees, max_depth=args.depth, seed=args.seed).fit(
            letters_dataframe(spark, train))
    timings["train"] = time.perf_counter() - clock

    clock = time.perf_counter()
    if args.api == "mllib":
        scores = score(predict_mllib(model, test))
    else:
        scores = score(predict_ml(model, letters_dataframe(spark, test)))
    timings["score"] = time.perf_counter() - clock
    print(f"PERCENTAGE CORRECTLY CLASSIFIED: {scores.accuracy}")

    clock = time.perf_counter()
    model_uri = args.output.rstrip("/") + "/model"
    if args.api == "mllib":
        model.save(sc, model_uri)
    else:
        model.write().save(model_uri)
    timings["save_model"] = time.perf_counter() - clock
    timings["total"] = time.perf_counter() - started

    metrics = {
        "accuracy": scores.accuracy,
        "per_letter_accuracy": scores.per_letter,
        "rows": rows,
        "timings_seconds": {name: round(seconds, 3) for name, seconds in timings.items()},
        "spark_version": spark.version,
        "master": sc.master,
        "parameters": {"api": args.api, "trees": args.trees, "depth": args.depth, "seed": args.seed,
                       "partitions": data.partitions, "test_fraction": TEST_FRACTION,
                       "malformed": args.malformed, "input": args.input},
        "first_malformed_row": data.first_malformed,
        "confusion_matrix": {"letters": LETTERS, "counts": scores.confusion.tolist()},
        "model": "model",
    }
    metrics_uri = args.output.rstrip("/") + "/metrics.json"
    write_text(sc, metrics_uri, metrics_json(metrics))
    print(f"Timings: start Spark {timings['start_spark']:.1f} s, read {timings['read']:.1f} s, "
          f"train {timings['train']:.1f} s, score {timings['score']:.1f} s, "
          f"save {timings['save_model']:.1f} s; total {timings['total']:.1f} s.")
    print(f"Wrote the {args.api} model to {model_uri} and the metrics to {metrics_uri}.")
    return metrics


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the job; return the exit status (0 success, 1 data error, 2 usage error)."""
    args = parse_args(argv)
    started = time.perf_counter()
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(APP_NAME).config("spark.log.level", "WARN").getOrCreate()
    try:
        run(spark, args, started)
    except JobError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except Py4JJavaError as error:  # Spark failed: its first line, not the Java stack trace
        print(f"error: Spark failed: {_java_message(error)}\n(The JVM log above has the details.)",
              file=sys.stderr)
        return EXIT_DATA_ERROR
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
