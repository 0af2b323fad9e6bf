"""Shared fixtures: one Spark session for the whole test run, and a clean environment for subprocesses."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from helpers.spark import start_spark

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    """A local Spark session (UI off, log in a temporary folder), stopped after the last test."""
    session = start_spark(
        "tests",
        conf={"spark.ui.enabled": "false"},
        log_dir=tmp_path_factory.mktemp("spark-logs"),
        quiet=True,
    )
    yield session
    session.stop()


@pytest.fixture
def python_env() -> dict[str, str]:
    """Environment for a Python subprocess that imports `helpers`: this one, with the venv first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("MLS_SPARK_MASTER", None)
    return env
