"""Small files on any Hadoop file system (local, ``file://``, ``hdfs://``, ``s3a://``), through Spark's JVM.

A job that runs on a cluster writes its results where the cluster keeps data (HDFS, S3), not on the
machine that submitted it. These functions use the Hadoop ``FileSystem`` of the running SparkContext,
so the same call works for every scheme Spark is configured for. They need a classic SparkContext
(not Spark Connect).

This module is shipped to clusters with the jobs: it needs only pyspark and py4j.
"""

from __future__ import annotations

from typing import Any

from py4j.protocol import Py4JJavaError
from pyspark import SparkContext


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


def java_message(error: Py4JJavaError) -> str:
    """The Java exception's first line (class and message), without the stack trace."""
    return str(error.java_exception.toString()).strip().splitlines()[0]
