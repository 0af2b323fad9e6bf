"""Fixtures of the runtime tests: one real standalone cluster and one Spark Connect server on it, shared.

Both are started once, when a test first needs them, and stopped by PID when the tests of
``tests/runtime/`` end (package scope). Tests that kill a worker add a new one before they return,
so the cluster always has two workers alive for the next test.

``in_process_accuracy`` is the reference every remote run must reproduce: the letter pipeline fitted
in this process's local Spark (``local[2]``) on the 2,000-row sample, 2 partitions, seed 42.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.jobs.forest import letter_pipeline, predict_ml
from helpers.jobs.letters import score
from helpers.jobs.one_pass import read_split_df
from helpers.runtime.connect import ConnectServer
from helpers.runtime.standalone import StandaloneCluster

REPO_ROOT = Path(__file__).resolve().parents[2]
# A forest small enough to grow in seconds: these tests check where it runs and that it is the same.
TREES, DEPTH, SEED, PARTITIONS = 3, 6, 42, 2


@pytest.fixture(scope="package")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandaloneCluster]:
    """A master and two workers on 127.0.0.1."""
    with StandaloneCluster("tests-cluster", log_dir=tmp_path_factory.mktemp("logs"), timeout=300) as running:
        yield running


@pytest.fixture(scope="package")
def connect_server(cluster: StandaloneCluster,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConnectServer]:
    """A Spark Connect server on the cluster (one executor per worker, a token)."""
    with ConnectServer(cluster, name="tests-connect", log_dir=tmp_path_factory.mktemp("logs")) as server:
        yield server


@pytest.fixture(scope="package")
def in_process_accuracy(spark, sample: Path) -> float:
    """The small letter pipeline's accuracy in this process (classic local Spark)."""
    split = read_split_df(spark, str(sample), partitions=PARTITIONS, seed=SEED)  # the job's own reader
    model = letter_pipeline(num_trees=TREES, max_depth=DEPTH, seed=SEED).fit(split.train)
    return score(predict_ml(model, split.test)).accuracy


def job_arguments(sample: Path, output: Path) -> list[str]:
    """The letter job, run from the repository on the sample with the small forest (ml API)."""
    return ["helpers/jobs/classify_letters.py", str(sample), str(output), "--api", "ml",
            "--trees", str(TREES), "--depth", str(DEPTH), "--seed", str(SEED),
            "--partitions", str(PARTITIONS)]


def client_script(body: str) -> list[str]:
    """``python -c`` of a Spark Connect client that reads, splits and scores the small pipeline.

    The body may use ``read_split(spark, path)`` and ``fit_and_score(train, test)``.
    """
    prelude = f"""
        from helpers.jobs.forest import letter_pipeline, predict_ml
        from helpers.jobs.letters import score
        from helpers.jobs.one_pass import read_split_df
        from helpers.runtime.session import start_spark

        def read_split(spark, path):
            split = read_split_df(spark, path, partitions={PARTITIONS}, seed={SEED})
            return split.train, split.test

        def fit_and_score(train, test):
            model = letter_pipeline(num_trees={TREES}, max_depth={DEPTH}, seed={SEED}).fit(train)
            return score(predict_ml(model, test)).accuracy
    """
    return [sys.executable, "-c", textwrap.dedent(prelude) + textwrap.dedent(body)]
