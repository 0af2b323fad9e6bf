"""helpers.runtime.session: starting Spark with fixed partitions, quiet notebooks and clear failures."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from helpers.jobs.settings import DEFAULT_MASTER
from helpers.runtime.paths import log_path
from helpers.runtime.session import describe


def run_python(code: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_the_session_runs_locally_with_two_default_partitions(spark):
    sc = spark.sparkContext
    assert sc.master == DEFAULT_MASTER == "local[2]"
    assert sc.defaultParallelism == 2
    assert spark.conf.get("spark.sql.shuffle.partitions") == "2"
    assert sc.parallelize(range(10)).getNumPartitions() == 2


def test_describe_names_version_master_and_partitions(spark):
    assert describe(spark) == f"Spark {spark.version} on local[2] · 2 partitions"


@pytest.mark.spark
def test_a_busy_ui_port_is_reported_with_the_port_used_instead(tmp_path, python_env):
    python_env["MLS_LOG_DIR"] = str(tmp_path / "logs")
    code = textwrap.dedent("""
        import socket, time
        from helpers.runtime.session import start_spark
        # Hold port 4040 ourselves: another Spark application that holds it now (a parallel test
        # run) may let it go before this one starts, so wait for it rather than count on it.
        deadline = time.monotonic() + 120
        while True:
            taken = socket.socket()
            try:
                taken.bind(("", 4040))
                taken.listen()
                break
            except OSError:
                taken.close()
                if time.monotonic() > deadline:
                    break  # still held by someone else: busy all the same
                time.sleep(0.5)
        start_spark("busy-port").stop()
    """)
    result = subprocess.run([sys.executable, "-c", code], env=python_env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Port 4040 is busy (another Spark application or program uses it), so the Spark UI uses port 40"
    ), result.stdout


@pytest.mark.spark
def test_jvm_output_goes_to_the_log_file_not_to_the_terminal(tmp_path, python_env):
    """The master comes from $MLS_SPARK_MASTER; the JVM's lines land in the log, ours on stdout."""
    python_env["MLS_SPARK_MASTER"] = "local[1]"
    python_env["MLS_LOG_DIR"] = str(tmp_path / "logs")
    result = run_python("""
        from helpers.runtime.session import start_spark
        spark = start_spark("quiet-check")
        assert spark.sparkContext.parallelize(range(4), 2).count() == 4
        spark.stop()
    """, python_env, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if not line.startswith("Port 4040 is busy")]
    assert len(lines) == 1, result.stdout
    spark, partitions, ui, log = lines[0].split(" · ")
    assert (spark, partitions) == ("Spark 4.3.0 on local[1]", "2 partitions")
    assert ui.startswith("UI http://127.0.0.1:")
    assert log == f"log {tmp_path / 'logs' / 'quiet-check.log'}"
    assert "WARN" not in result.stderr and "log4j" not in result.stderr
    assert "log4j" in (tmp_path / "logs" / "quiet-check.log").read_text()


@pytest.mark.spark
def test_a_jvm_that_cannot_start_gives_an_error_quoting_its_log(tmp_path, python_env):
    broken = tmp_path / "jdk" / "bin" / "java"
    broken.parent.mkdir(parents=True)
    broken.write_text(textwrap.dedent("""\
        #!/bin/sh
        case "$1" in -version) echo 'openjdk version "17.0.1"' >&2; exit 0;; esac
        echo "Error: this Java is broken on purpose" >&2
        exit 1
    """))
    broken.chmod(0o755)
    python_env["JAVA_HOME"] = str(tmp_path / "jdk")
    python_env["MLS_LOG_DIR"] = str(tmp_path / "logs")
    result = run_python("""
        from helpers.runtime.session import SparkStartError, start_spark
        try:
            start_spark("broken")
        except SparkStartError as error:
            print(error)
    """, python_env, tmp_path)
    assert "Spark did not start" in result.stdout
    assert "this Java is broken on purpose" in result.stdout
    assert "helpers.runtime.java" in result.stdout


def test_log_path_honours_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MLS_LOG_DIR", str(tmp_path / "elsewhere"))
    assert log_path("x") == tmp_path / "elsewhere" / "x.log"
    assert (tmp_path / "elsewhere").is_dir()


@pytest.mark.parametrize("app", ["01-rdds", "tests"])
def test_log_path_is_one_file_per_application(app, tmp_path):
    assert log_path(app, tmp_path).name == f"{app}.log"
