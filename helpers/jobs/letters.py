"""The UCI letter-recognition data in Spark: schema, parsing with line-numbered errors, split, scoring.

The row format (Frey & Slate 1991): a capital letter, then 16 integer features scaled to 0-15,
comma-separated, one image per line, e.g. ``T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8``.

Two ways in, one rule for what a valid row is:

* :func:`load_letters` reads with the RDD API (``textFile``) into ``LabeledPoint``\\s, for the talk's
  ``pyspark.mllib`` code. It needs a classic SparkContext.
* :func:`read_letters_df` reads with the DataFrame API only into a ``letter`` column and 16 integer
  columns, for ``pyspark.ml``. It also runs over Spark Connect.

Both report the first malformed row with its line number, through :func:`parse_letter_row`, and
can skip and count malformed rows instead. :func:`score` counts a confusion matrix from either an RDD
of (label, prediction) pairs or a DataFrame with ``label`` and ``prediction`` columns.

This module is shipped to clusters with the jobs: it needs only the standard library, pyspark and numpy.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np
from pyspark import RDD, SparkContext
from pyspark.mllib.regression import LabeledPoint
from pyspark.sql import functions as F

from helpers.jobs.settings import DEFAULT_PARTITIONS

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
FIELDS = 1 + len(FEATURE_NAMES)

# The talk's set-up: a 70/30 split.
TEST_FRACTION = 0.3
DEFAULT_SEED = 42
MALFORMED_MODES = ("fail", "skip")

_INTEGER = re.compile(r"-?[0-9]+")


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


def parse_letter_row(line: str, line_number: int | None = None) -> LabeledPoint:
    """Parse one row of the letter data into a LabeledPoint (label 0 = A, ..., 25 = Z).

    Spaces around a field are allowed; a feature is written with the digits 0-9 (a minus sign makes
    it out of range).

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
    if len(fields) != FIELDS:
        preview = line if len(line) <= 60 else line[:57] + "..."
        raise MalformedRowError(
            f"expected 17 comma-separated fields (a letter and 16 features), "
            f"found {len(fields)}: {preview!r}",
            line_number,
        )
    letter = fields[0].strip(" ")
    if len(letter) != 1 or letter not in LETTERS:
        raise MalformedRowError(f"{letter!r} is not a capital letter A-Z", line_number, 1)
    low, high = FEATURE_RANGE
    features = []
    for field, text in enumerate(fields[1:], start=2):
        number = text.strip(" ")
        if not _INTEGER.fullmatch(number):
            raise MalformedRowError(f"{text!r} is not a whole number", line_number, field)
        value = int(number)
        if number.startswith("-") or not low <= value <= high:
            raise MalformedRowError(f"{number} is outside {low}-{high}", line_number, field)
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
        points: the valid rows, in the order of the file: an RDD of LabeledPoint
            (:func:`load_letters`) or a DataFrame with a ``letter`` column and one integer column per
            feature (:func:`read_letters_df`).
        rows_read: lines read, valid or not.
        malformed: malformed rows skipped (always 0 in ``fail`` mode).
        first_malformed: the first skipped row's error message, or None.
        partitions: partitions of ``points``.
    """

    points: Any
    rows_read: int
    malformed: int
    first_malformed: str | None
    partitions: int


def check_malformed_mode(malformed: str) -> None:
    """Raise ValueError unless ``malformed`` is one of :data:`MALFORMED_MODES`."""
    if malformed not in MALFORMED_MODES:
        raise ValueError(f"malformed must be one of {MALFORMED_MODES}, not {malformed!r}")


def load_letters(
    sc: SparkContext, path: str, *, partitions: int = DEFAULT_PARTITIONS, malformed: str = "fail"
) -> LetterData:
    """Read and parse the letter data with Spark's RDD API, checking every row.

    Args:
        sc: the SparkContext.
        path: any path ``sc.textFile`` reads (local, ``file://``, ``hdfs://``, ``s3a://``; folders, globs).
        partitions: read into at least this many partitions (Spark makes more for big files).
        malformed: ``"fail"`` raises on the first malformed row; ``"skip"`` drops and counts them.

    Raises:
        MalformedRowError: in ``fail`` mode, for the first malformed row (the message names its line).

    >>> data = load_letters(sc, "data/letter-recognition.data")  # doctest: +SKIP
    >>> data.rows_read, data.partitions  # doctest: +SKIP
    (20000, 2)
    """
    check_malformed_mode(malformed)
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


def read_letters_df(
    spark: Any, path: str, *, partitions: int = DEFAULT_PARTITIONS, malformed: str = "fail"
) -> LetterData:
    """Read and check the letter data with the DataFrame API only (so it also runs over Spark Connect).

    The rows are checked in Spark with the rule of :func:`parse_letter_row`. The counts come from
    one job over the cached rows; only when a row is malformed, one more job finds its line number,
    and the driver reads that row with :func:`parse_letter_row` for the message.

    Args:
        spark: a SparkSession (classic or Spark Connect).
        path: any path ``spark.read.text`` reads; over Spark Connect it is resolved on the server.
        partitions: the rows are spread over exactly this many partitions (round robin).
        malformed: ``"fail"`` raises on the first malformed row; ``"skip"`` drops and counts them.

    Returns:
        :class:`LetterData` whose ``points`` is a DataFrame: ``letter`` (string), then one integer
        column per feature (:data:`FEATURE_NAMES`).

    Raises:
        MalformedRowError: in ``fail`` mode, for the first malformed row (the message names its line).

    >>> data = read_letters_df(spark, "data/letter-recognition.data")  # doctest: +SKIP
    >>> data.points.columns[:3], data.rows_read  # doctest: +SKIP
    (['letter', 'x-box', 'y-box'], 20000)
    """
    check_malformed_mode(malformed)
    rows = checked_lines(spark, path).cache()
    counts = rows.agg(F.count(F.lit(1)).alias("read"),
                      F.sum(F.when(F.col("valid"), 0).otherwise(1)).alias("bad")).first()
    rows_read, bad = int(counts["read"]), int(counts["bad"] or 0)
    first_malformed = None
    if bad:
        error = first_row_error(rows)
        if malformed == "fail":
            rows.unpersist()
            raise error
        first_malformed = str(error)
    points = rows.filter(F.col("valid")).select("letter", *FEATURE_NAMES).repartition(partitions)
    return LetterData(points, rows_read, bad, first_malformed, partitions)


def checked_lines(spark: Any, path: str) -> Any:
    """The lines of ``path`` checked in Spark, with the rule of :func:`parse_letter_row` (lazy, no job).

    Columns: ``line`` (the text), ``position`` and ``file`` (to find a line's number),
    ``valid`` (a boolean), then ``letter`` and one integer column per feature (null when not valid).

    >>> checked_lines(spark, "data/letter-recognition.data").columns[:5]  # doctest: +SKIP
    ['line', 'position', 'file', 'valid', 'letter']
    """
    # Each step is its own projection, so that Spark splits each line once and checks each field once.
    lines = spark.read.text(path).select(
        F.col("value").alias("line"), F.monotonically_increasing_id().alias("position"),
        F.input_file_name().alias("file"))
    fields = lines.select("*", F.split(F.col("line"), ",", -1).alias("fields"))
    texts = fields.select("line", "position", "file", F.size("fields").alias("count"),
                          *(F.trim(F.get(F.col("fields"), i)).alias(f"text{i}") for i in range(FIELDS)))
    in_range = [str(value) for value in range(FEATURE_RANGE[0], FEATURE_RANGE[1] + 1)]
    checks = [F.col("count") == FIELDS, F.col("text0").rlike("^[A-Z]$")] + [
        # digits only, and 0-15 once leading zeros are dropped (no cast, so no ANSI cast errors)
        F.col(f"text{i}").rlike("^[0-9]+$") & F.regexp_replace(f"text{i}", "^0+(?=[0-9])", "").isin(in_range)
        for i in range(1, FIELDS)
    ]
    checked = texts.select("*", F.coalesce(reduce(lambda a, b: a & b, checks), F.lit(False)).alias("valid"))
    return checked.select(
        "line", "position", "file", "valid", F.when(F.col("valid"), F.col("text0")).alias("letter"),
        *(F.when(F.col("valid"), F.col(f"text{i}")).cast("int").alias(name)
          for i, name in enumerate(FEATURE_NAMES, start=1)))


def first_row_error(rows: Any) -> MalformedRowError:
    """The error for the first malformed row of :func:`checked_lines` (two small jobs; call it only
    when there is one). Its line number counts the lines before it in its file.
    """
    first = rows.filter(~F.col("valid")).orderBy("file", "position").first()
    before = rows.filter((F.col("file") == first["file"]) & (F.col("position") < first["position"]))
    return _row_error(first["line"], before.count() + 1)


def _row_error(line: str, line_number: int) -> MalformedRowError:
    """The error :func:`parse_letter_row` gives for a row that Spark found malformed."""
    try:
        parse_letter_row(line, line_number)
    except MalformedRowError as error:
        return error
    return MalformedRowError(f"{line[:60]!r} could not be read", line_number)


def split_letters(
    points: Any, *, seed: int = DEFAULT_SEED, test_fraction: float = TEST_FRACTION
) -> tuple[Any, Any]:
    """Split the points (an RDD or a DataFrame) at random into (train, test), 70/30 by default.

    The same seed and the same partitioning give the same split on every machine. (The RDD and the
    DataFrame API draw differently, so their splits differ.)

    >>> train, test = split_letters(data.points, seed=42)  # doctest: +SKIP
    """
    train, test = points.randomSplit([1 - test_fraction, test_fraction], seed=seed)
    return train, test


def letters_dataframe(spark: Any, points: RDD[LabeledPoint]) -> Any:
    """An RDD of points as a DataFrame: a ``letter`` column, then one integer column per feature.

    The columns are those of :func:`read_letters_df`; the partitioning is kept.

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


def score(predictions: Any) -> Scores:
    """Count (true label, predicted label) pairs into a confusion matrix.

    Args:
        predictions: an RDD of ``(label, prediction)`` pairs, or a DataFrame with ``label`` and
            ``prediction`` columns (0 = A, ..., 25 = Z).

    Raises:
        ValueError: there are no test rows to score.

    >>> scores = score(predict_mllib(model, test))  # doctest: +SKIP
    >>> round(scores.accuracy, 3)  # doctest: +SKIP
    0.941
    """
    if isinstance(predictions, RDD):
        counts = predictions.map(lambda pair: (int(pair[0]), int(pair[1]))).countByValue().items()
    else:
        counts = [((int(row[0]), int(row[1])), row[2])
                  for row in predictions.groupBy("label", "prediction").count().collect()]
    confusion = np.zeros((len(LETTERS), len(LETTERS)), dtype=np.int64)
    for (true, predicted), count in counts:
        confusion[true, predicted] = count
    if not confusion.sum():
        raise ValueError("there are no test rows to score")
    return Scores(confusion)
