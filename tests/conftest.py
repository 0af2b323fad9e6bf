"""Shared fixtures and test tiers.

* ``spark``: one local Spark session for the whole test run.
* ``python_env``: a clean environment for Python subprocesses that import ``helpers``.
* ``sample``, ``malformed_sample``: the first 2,000 rows of the real letter data, and a copy with two
  broken rows.

Tiers: a test that needs a JVM is marked ``spark`` (automatically when it uses the ``spark``
fixture), so ``make test-fast`` (``pytest -m "not spark"``) runs the unit tests and doctests in seconds
without starting Spark. ``make test`` runs everything, notebooks included.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from helpers.lessons.data import letter_data_path
from helpers.runtime.session import start_spark

REPO_ROOT = Path(__file__).resolve().parents[1]
GOOD_ROW = "T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8"
SAMPLE_ROWS = 2000


def pytest_configure(config: pytest.Config) -> None:
    """In the fast tier, make any JVM start fail loudly: a test that needs Spark must be marked."""
    if config.getoption("markexpr") == "not spark":
        os.environ["PYSPARK_SUBMIT_ARGS"] = "--the-fast-tier-starts-no-jvm pyspark-shell"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the ``spark`` fixture, and every notebook, as needing Spark."""
    for item in items:
        if "spark" in getattr(item, "fixturenames", ()) or ".ipynb" in item.nodeid:
            item.add_marker(pytest.mark.spark)


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


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 2,000 rows of the real letter data."""
    path = tmp_path_factory.mktemp("letters") / "sample.data"
    with open(letter_data_path()) as rows:
        path.write_text("".join(next(rows) for _ in range(SAMPLE_ROWS)))
    return path


@pytest.fixture(scope="session")
def malformed_sample(sample: Path) -> Path:
    """The sample with line 17 (a bad number in onpix) and line 1,000 (a lower-case letter) broken."""
    lines = sample.read_text().splitlines(keepends=True)
    lines[16] = "A,1,1,3,2,x,8,2,2,2,8,2,8,1,6,2,7\n"
    lines[999] = "b,1,1,3,2,1,8,2,2,2,8,2,8,1,6,2,7\n"
    path = sample.with_name("malformed.data")
    path.write_text("".join(lines))
    return path
