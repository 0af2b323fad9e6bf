"""helpers.runtime.standalone: a real standalone cluster on 127.0.0.1, started, used and stopped by PID.

Run time (2 cores, quiet machine): about 1 minute for the tests marked ``spark`` (two extra
clusters, a failing job, the letter job), besides the shared cluster of ``conftest.py``.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import psutil
import pytest

from helpers.runtime.cluster_state import ClusterError
from helpers.runtime.java import JavaNotFoundError
from helpers.runtime.standalone import StandaloneCluster
from helpers.runtime.submit import run_submit

from .conftest import REPO_ROOT, job_arguments


def processes_of(cluster: StandaloneCluster) -> list[psutil.Process]:
    """Every process the cluster's scripts run: scripts, JVMs, executors."""
    daemons = [cluster.master, *cluster.workers.values()]
    return [p for d in daemons if d is not None for p in d.processes()]


def all_gone(processes: list[psutil.Process]) -> bool:
    def gone(process: psutil.Process) -> bool:
        try:
            return process.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    return all(gone(p) for p in processes)


def listening_addresses(processes: list[psutil.Process]) -> set[tuple[str, int]]:
    found = set()
    for process in processes:
        try:
            connections = process.net_connections(kind="inet")
        except psutil.Error:
            continue
        found |= {(c.laddr.ip.removeprefix("::ffff:"), c.laddr.port) for c in connections
                  if c.status == psutil.CONN_LISTEN}
    return found


@pytest.mark.spark
def test_a_cluster_listens_on_127_0_0_1_only_and_leaves_nothing_behind(tmp_path: Path):
    """Started twice under one name (a notebook cell run again): one cluster. Stopped after a failing
    job and a failing block: no process of it is left."""
    first = StandaloneCluster("twice", workers=1, log_dir=tmp_path, timeout=300).start()
    try:
        state = first.state()
        assert state.summary().splitlines() == [
            "Spark master ALIVE, 1 workers alive: 2 cores, 1024 MiB for executors",
            "  worker-1: ALIVE  2 cores (0 in use), 1024 MiB (0 in use)"]
        assert state.url == first.master_url
        first_processes = processes_of(first)
        addresses = listening_addresses(first_processes)
        assert {ip for ip, _ in addresses} == {"127.0.0.1"}
        assert (("127.0.0.1", first.master_port) in addresses and ("127.0.0.1", first.ui_port) in addresses
                and 6066 not in {port for _, port in addresses})
        failing_job = tmp_path / "failing_job.py"
        failing_job.write_text(textwrap.dedent("""
            from pyspark.sql import SparkSession
            spark = SparkSession.builder.getOrCreate()
            spark.sparkContext.parallelize([1, 2], 2).map(lambda x: x / 0).collect()
        """))
        with (pytest.raises(RuntimeError, match="the block failed"),
              StandaloneCluster("twice", workers=1, log_dir=tmp_path, timeout=300) as second):
            assert all_gone(first_processes), "the earlier cluster of that name should be stopped"
            second_processes = processes_of(second)
            done = run_submit(["--master", second.master_url, str(failing_job)], capture=True,
                              timeout=600)
            assert done.returncode != 0 and "ZeroDivisionError" in done.stderr
            raise RuntimeError("the block failed")
        assert all_gone(second_processes)
        assert not (tmp_path / "twice" / "pids.txt").exists()
        assert {p.name for p in (tmp_path / "twice").glob("*.log")} == {"master.log", "worker-1.log"}
    finally:
        first.stop()


@pytest.mark.spark
def test_the_letter_job_on_the_cluster_gives_the_in_process_accuracy(cluster, in_process_accuracy, sample,
                                                                      tmp_path: Path):
    assert len(cluster.state().alive_workers) == 2 and cluster.state().cores == 4
    output = tmp_path / "letters"
    done = run_submit(["--master", cluster.master_url,
                       *(f"--conf={key}={value}" for key, value in cluster.app_conf().items()),
                       *job_arguments(sample, output)], cwd=REPO_ROOT, capture=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"master {cluster.master_url}" in done.stdout
    assert json.loads((output / "metrics.json").read_text())["accuracy"] == in_process_accuracy
    app = cluster.state().app("classify-letters")
    assert app.state == "FINISHED" and app.memory_per_executor_mb == 512
    # Two 1-core executors on the cluster's workers. One on each when both have a free core; after the
    # fault tests replaced workers, the Connect server's executors may fill one of them first.
    executors = cluster.executors(app.id)
    assert sum(executors.values()) == 2, executors


@pytest.mark.spark
def test_a_worker_that_cannot_start_is_reported_with_its_log(tmp_path: Path):
    cluster = StandaloneCluster("bad-worker", workers=1, memory_per_worker="lots", log_dir=tmp_path,
                                timeout=300)
    with pytest.raises(ClusterError, match=r"worker-1 stopped before it registered.*worker-1\.log") as error:
        cluster.start()
    assert "Usage: Worker" in str(error.value)  # the worker's own complaint, quoted from its log
    assert not cluster.master.running and not cluster.workers["worker-1"].running


def test_a_busy_port_is_refused_before_anything_starts(tmp_path: Path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cluster = StandaloneCluster("busy", master_port=port, log_dir=tmp_path)
        with pytest.raises(ClusterError, match=rf"port {port} on 127.0.0.1, asked for the master, is in use"):
            cluster.start()
    assert cluster.master is None


def test_without_java_nothing_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-java-here"))
    cluster = StandaloneCluster("no-java", log_dir=tmp_path)
    with pytest.raises(JavaNotFoundError, match="JAVA_HOME is set to"):
        cluster.start()
    assert cluster.master is None


def test_an_application_gets_one_small_executor_per_worker_by_default():
    assert StandaloneCluster(workers=3).app_conf() == {
        "spark.cores.max": "3", "spark.executor.cores": "1", "spark.executor.memory": "512m"}
    assert StandaloneCluster(workers=3).app_conf(cores=1)["spark.cores.max"] == "1"


def test_logs_go_to_a_folder_named_after_the_cluster(tmp_path: Path):
    assert StandaloneCluster("07_x", log_dir=tmp_path).folder == tmp_path / "07_x"
