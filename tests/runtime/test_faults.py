"""helpers.runtime.faults: a worker killed while a job, or a fit over Spark Connect, runs; nothing changes.

Each test kills one worker of the shared cluster (conftest.py) and adds a new one before it ends.
Run time (2 cores, quiet machine): about 1 minute for the two tests marked ``spark``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers.runtime.faults import Recovery, WorkerLoss, submit_losing_a_worker

from .conftest import REPO_ROOT, client_script, job_arguments


def test_a_log_without_losses_reports_none():
    assert Recovery.from_log("INFO DAGScheduler: Job 3 finished\n") == Recovery(0, 0, False, 0, 0)


@pytest.mark.spark
def test_the_job_loses_a_worker_and_still_gives_the_in_process_accuracy(cluster, in_process_accuracy, sample,
                                                                         tmp_path: Path):
    running = list(cluster.worker_ui_urls)  # the course's names, in the order the workers started
    run = submit_losing_a_worker(cluster, job_arguments(sample, tmp_path / "letters"), cwd=REPO_ROOT,
                                 timeout=600)
    try:
        assert run.returncode == 0, run.log[-3000:]
        assert run.worker == running[0]  # the default: the first running worker
        assert run.stdout.index("Read ") < run.stdout.index("PERCENTAGE CORRECTLY CLASSIFIED")
        metrics = json.loads((tmp_path / "letters" / "metrics.json").read_text())
        assert metrics["accuracy"] == in_process_accuracy
        assert run.recovery.lost_executors == 1, run.recovery
        assert run.log_file.read_text() == run.log
        assert {w.name: w.state for w in cluster.state().workers}[run.worker] == "DEAD"
    finally:
        cluster.add_worker()
    assert len(cluster.state().alive_workers) == 2


@pytest.mark.spark
def test_a_fit_over_connect_loses_a_worker_and_gives_the_in_process_accuracy(
        cluster, connect_server, in_process_accuracy, sample, python_env):
    python_env["MLS_SPARK_MASTER"] = connect_server.address
    code = client_script(f"""
        import sys
        spark = start_spark("tests-worker-loss")
        train, test = read_split(spark, {str(sample)!r})
        train.cache().count()
        print("ready", flush=True)
        sys.stdin.readline()
        print(repr(fit_and_score(train, test)))
    """)
    with subprocess.Popen(code, env=python_env, cwd=REPO_ROOT, text=True, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as client:
        try:
            assert client.stdout.readline().startswith("Spark 4.3.0 · remote session")
            assert client.stdout.readline() == "ready\n", client.stderr.read()[-3000:]
            with WorkerLoss(cluster, connect_server, after_stages=2) as loss:
                out, err = client.communicate("fit\n", timeout=600)
        finally:
            client.kill()
    try:
        assert client.returncode == 0, err[-3000:]
        assert float(out) == in_process_accuracy
        # At least the killed worker's executor. The server may also report now, late, the executor it
        # lost when the previous test killed a worker (under load its heartbeat times out only later).
        assert loss.worker is not None and loss.recovery.lost_executors >= 1, loss.recovery
    finally:
        cluster.add_worker()
    assert len(cluster.state().alive_workers) == 2
