"""Grow the letter data to N rows of jittered copies, written by Spark as partitioned text files.

The UCI file has 20,000 rows; to see how training scales, the scaling lab needs 200,000, 2 million
or more. :func:`grow_letters` makes them in Spark, so the rows are never held in the driver:

* copy 0 is the original data, row for row;
* each further copy moves each feature of each row by -1 or +1 with probability 0.15 each (kept in
  0-15), so the copies are new points near the originals and every letter stays learnable;
* the result is written with ``DataFrame.write.text`` as ``partitions`` part files in the letter
  format (``T,2,8,3,...``), which :func:`helpers.jobs.letters.checked_lines` reads and checks.

The same source, rows and seed give the same files. A test split of grown data holds jittered
copies of training rows, so accuracy on it is optimistic: compare times across sizes, and accuracies
only at the same size.

From a shell (``python -m helpers.runtime.submit`` ships the package)::

    spark-submit --py-files jobs.zip grow_letters.py letter-recognition.data grown/200000 200000
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from pyspark.sql import Window
from pyspark.sql import functions as F

from helpers.jobs.letters import FEATURE_NAMES, FEATURE_RANGE, checked_lines
from helpers.jobs.settings import course_conf

JITTER_PROBABILITY = 0.15
DEFAULT_SEED = 17


def grow_letters(
    spark: Any, source: str, target: str, rows: int, *, partitions: int = 2, seed: int = DEFAULT_SEED
) -> int:
    """Write ``rows`` rows grown from the valid rows of ``source`` into the folder ``target``.

    Args:
        spark: a SparkSession (classic or Spark Connect: DataFrames only).
        source: the letter data (any path ``spark.read.text`` reads).
        target: a folder that must not exist yet; it gets ``partitions`` part files.
        rows: how many rows to write (fewer than the source keeps its first rows).
        partitions: the number of part files (and of tasks that write them).
        seed: the seed of the jitter.

    Returns:
        the number of valid source rows that were copied.

    Raises:
        ValueError: ``rows`` is not positive, or the source has no valid row.

    >>> grow_letters(spark, "data/letter-recognition.data", "output/grown/200000", 200_000)  # doctest: +SKIP
    20000
    """
    if rows < 1:
        raise ValueError(f"rows must be 1 or more, not {rows}")
    original = (
        checked_lines(spark, source).filter("valid")
        .select("letter", *FEATURE_NAMES, F.col("file"), F.col("position"))
        .withColumn("row", F.row_number().over(Window.orderBy("file", "position")) - 1)
        .drop("file", "position")
        .cache()
    )
    size = original.count()
    if not size:
        raise ValueError(f"{source} has no valid letter row to grow from")
    copies = -(-rows // size)
    low, high = FEATURE_RANGE
    grown = spark.range(copies).withColumnRenamed("id", "copy").crossJoin(original)
    grown = grown.filter(F.col("copy") * size + F.col("row") < rows)
    moved = []
    for i, name in enumerate(FEATURE_NAMES):
        draw = F.rand(seed + i)
        step = F.when(draw < JITTER_PROBABILITY, -1).when(draw > 1 - JITTER_PROBABILITY, 1).otherwise(0)
        value = F.when(F.col("copy") == 0, F.col(name)).otherwise(
            F.least(F.lit(high), F.greatest(F.lit(low), F.col(name) + step)))
        moved.append(value.cast("string"))
    line = F.concat_ws(",", F.col("letter"), *moved).alias("value")
    grown.repartition(partitions).select(line).write.text(target)
    original.unpersist()
    return size


def main(argv: Sequence[str] | None = None) -> int:
    """``grow_letters.py SOURCE TARGET ROWS [--partitions N] [--seed N]`` under spark-submit."""
    parser = argparse.ArgumentParser(prog="grow_letters.py", description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("rows", type=int)
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("grow-letters")
    for key, value in course_conf(partitions=args.partitions).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    try:
        copied = grow_letters(spark, args.source, args.target, args.rows, partitions=args.partitions,
                              seed=args.seed)
    finally:
        spark.stop()
    print(f"Wrote {args.rows} rows grown from {copied} to {args.target}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
