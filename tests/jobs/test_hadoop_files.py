"""helpers.jobs.hadoop_files: small files on any Hadoop file system, through Spark's JVM."""

from __future__ import annotations

import json
from pathlib import Path

from pyspark.sql import SparkSession

from helpers.jobs.hadoop_files import path_exists, write_text


def test_path_exists_and_write_text_work_with_local_paths_and_file_uris(
    spark: SparkSession, tmp_path: Path
) -> None:
    sc = spark.sparkContext
    target = tmp_path / "out" / "metrics.json"
    assert not path_exists(sc, str(target))
    write_text(sc, target.as_uri(), '{"accuracy": 1}\n')
    assert json.loads(target.read_text()) == {"accuracy": 1}
    assert path_exists(sc, str(target)) and path_exists(sc, target.parent.as_uri())
    assert path_exists(sc, str(tmp_path / "out" / "*.json"))  # a glob that matches
