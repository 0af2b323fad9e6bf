"""Classify the UCI letter-recognition data with a random forest: the course's sample job.

This file is self-contained on purpose: it needs only pyspark (and numpy, which pyspark.mllib uses),
so it can be copied alone to any machine with Spark and run with ``spark-submit``. The notebooks
import the same functions from ``helpers.classify_letters``.

The row format (UCI letter-recognition, Frey & Slate 1991): a capital letter, then 16 integer
features scaled to 0-15, comma-separated, one image per line.
"""

from __future__ import annotations

import string

from pyspark.mllib.regression import LabeledPoint

LETTERS = string.ascii_uppercase
FEATURE_NAMES = (
    "x-box",  # horizontal position of the box
    "y-box",  # vertical position of the box
    "width",  # width of the box
    "high",  # height of the box
    "onpix",  # total number of "on" pixels
    "x-bar",  # mean x of on pixels in the box
    "y-bar",  # mean y of on pixels in the box
    "x2bar",  # mean x variance
    "y2bar",  # mean y variance
    "xybar",  # mean x y correlation
    "x2ybr",  # mean of x * x * y
    "xy2br",  # mean of x * y * y
    "x-ege",  # mean edge count left to right
    "xegvy",  # correlation of x-ege with y
    "y-ege",  # mean edge count bottom to top
    "yegvx",  # correlation of y-ege with x
)
FEATURE_RANGE = (0, 15)


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
