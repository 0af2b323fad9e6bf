"""helpers.runtime.connect: a Spark Connect server on the local cluster, and the clients of start_spark.

Clients run in their own Python process (a process holds either a classic driver or a Connect client,
and this one holds the tests' classic session). Traffic goes to 127.0.0.1 only.
Run time (2 cores, quiet machine): about 1.5 minutes for the tests marked ``spark`` (the shared
server, one more server on ``local[1]``, four client processes).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from helpers.runtime.connect import (
    ConnectError,
    ConnectServer,
    connect_session,
    server_answers,
    shown_address,
)
from helpers.runtime.daemons import free_port

from .conftest import REPO_ROOT, client_script


def run(command: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout)


def client_process(code: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO_ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_nothing_answers_at_a_port_where_no_server_listens():
    started = time.monotonic()
    assert not server_answers(f"sc://127.0.0.1:{free_port()}", timeout=1.0)
    assert time.monotonic() - started < 5


def test_a_client_with_no_server_gets_the_course_message_within_seconds(python_env):
    port = free_port()
    python_env["MLS_SPARK_MASTER"] = f"sc://127.0.0.1:{port}"
    code = textwrap.dedent("""
        import time
        import helpers.runtime.connect as connect
        from helpers.runtime.session import start_spark
        connect.READY_TIMEOUT = 2.0
        started = time.monotonic()
        try:
            start_spark("no-server")
        except connect.ConnectError as error:
            print(f"{time.monotonic() - started:.1f}")
            print(error)
    """)
    result = run([sys.executable, "-c", code], python_env, timeout=120)
    seconds, message = result.stdout.split("\n", 1)
    assert float(seconds) < 10, result.stdout
    assert message.startswith(f"No Spark Connect server answers at sc://127.0.0.1:{port} (waited 2 s).")
    assert "ssh -N -L 15002:localhost:15002" in message and result.stderr == ""


@pytest.mark.spark
def test_a_process_with_a_classic_driver_is_told_to_stop_it_first(spark):
    with pytest.raises(ConnectError, match=r"runs a classic Spark driver .* on local\[2\].*spark\.stop\(\)"):
        connect_session("sc://127.0.0.1:15002", "mixed")


@pytest.mark.spark
def test_the_pipeline_over_connect_runs_on_the_workers_and_matches_the_in_process_one(
        connect_server, cluster, in_process_accuracy, sample, python_env):
    python_env["MLS_SPARK_MASTER"] = connect_server.address
    result = run(client_script(f"""
        spark = start_spark("tests-connect")
        train, test = read_split(spark, {str(sample)!r})
        print(repr(fit_and_score(train, test)))
        for attribute in ("sparkContext",):
            try:
                getattr(spark, attribute)
            except Exception as error:
                print(type(error).__name__, str(error).split("]")[0] + "]")
        try:
            train.rdd
        except Exception as error:
            print(type(error).__name__, str(error).split("]")[0] + "]")
    """), python_env)
    assert result.returncode == 0, result.stderr[-3000:]
    line, accuracy, context_error, rdd_error = result.stdout.splitlines()
    assert line.startswith("Spark 4.3.0 · remote session: the driver runs in the Spark Connect server at "
                           f"sc://localhost:{connect_server.port}/;token=***")
    assert connect_server.token not in result.stdout + result.stderr
    assert float(accuracy) == in_process_accuracy
    assert context_error == "PySparkAttributeError [JVM_ATTRIBUTE_NOT_SUPPORTED]"
    assert rdd_error == "PySparkNotImplementedError [NOT_IMPLEMENTED]"
    app = cluster.state().app("Spark Connect server")
    assert app.state == "RUNNING" and app.cores == 2
    # The server's executors run on the cluster's workers (which ones is the master's choice: after a
    # worker was replaced by an earlier test, both may land on the same one).
    assert sum(cluster.executors(app.id).values()) >= 2, "the server's executors run on the workers"


@pytest.mark.spark
def test_a_client_without_the_token_is_refused(connect_server, python_env):
    python_env["MLS_SPARK_MASTER"] = f"sc://127.0.0.1:{connect_server.port}"
    result = run(client_script("""
        spark = start_spark("no-token")
        spark.range(3).count()
    """), python_env)
    assert result.returncode != 0
    assert "UNAUTHENTICATED" in result.stderr or "Unauthenticated" in result.stderr, result.stderr[-2000:]


@pytest.mark.spark
def test_the_server_stops_by_pid_after_a_failing_client_and_a_lost_server_is_reported_in_seconds(
        tmp_path: Path, python_env):
    client = textwrap.dedent("""
        import sys, time
        from helpers.runtime.connect import ConnectError
        from helpers.runtime.session import start_spark
        spark = start_spark("failing-client")
        print(spark.range(1, 101).selectExpr("sum(id) AS total").first().total, flush=True)
        if sys.stdin.readline() == "fail\\n":
            raise ValueError("the client failed")
        started = time.monotonic()
        try:
            spark.range(3).count()
        except ConnectError as error:
            print(f"{time.monotonic() - started:.1f}")
            print(error)
    """)
    with ConnectServer("local[1]", name="own-server", log_dir=tmp_path, conf={"spark.ui.enabled": "false"}
                       ) as server:
        processes = server.daemon.processes()
        listening = {c.laddr.ip.removeprefix("::ffff:") for p in processes[1:]
                     for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
        assert listening == {"127.0.0.1"}
        python_env["MLS_SPARK_MASTER"] = server.address
        with client_process(client, python_env) as first:
            out, err = first.communicate("fail\n", timeout=300)
        assert first.returncode == 1 and out.splitlines()[-1] == "5050" and "the client failed" in err
        assert server.daemon.running, "a failing client does not take the server down"
        with client_process(client, python_env) as second:
            assert second.stdout.readline().startswith("Spark 4.3.0 · remote session")
            assert second.stdout.readline() == "5050\n"
            server.stop()
            out, err = second.communicate("go on\n", timeout=120)
    seconds, message = out.split("\n", 1)
    assert float(seconds) < 30, out
    assert message.startswith(f"The Spark Connect server at {shown_address(server.address)} does not answer")
    assert "RETRIES_EXCEEDED" not in err
    assert all(not psutil.pid_exists(p.pid) or p.status() == psutil.STATUS_ZOMBIE for p in processes)
    assert not (tmp_path / "own-server" / "pids.txt").exists()


def test_a_token_never_shows_in_a_printed_address():
    assert shown_address("sc://localhost:1/;token=s3cr3t") == "sc://localhost:1/;token=***"
    assert shown_address("sc://127.0.0.1:15002") == "sc://127.0.0.1:15002"


def test_the_server_is_bound_to_127_0_0_1_capped_and_logs_at_info():
    server = ConnectServer("spark://127.0.0.1:7077", cores=1)
    settings = server.settings()
    assert settings["spark.connect.grpc.binding.address"] == "127.0.0.1"
    assert settings["spark.cores.max"] == "1" and settings["spark.executor.memory"] == "512m"
    assert settings["spark.driver.bindAddress"] == "127.0.0.1" and settings["spark.log.level"] == "INFO"
    assert server.address.startswith("sc://localhost:") and ";token=" in server.address
    assert ConnectServer(token=False).address.startswith("sc://127.0.0.1:")
