"""Tests of helpers/submit.py: the spark-submit command line, its environment, and a real run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from helpers.submit import main, run_submit, spark_submit_path, submit_command, submit_environment

VENV_BIN = str(Path(sys.executable).parent)


def test_spark_submit_path_is_an_executable_script() -> None:
    path = spark_submit_path()
    assert path.name == "spark-submit" and os.access(path, os.X_OK)


def test_submit_command_adds_the_local_master_unless_one_is_given() -> None:
    assert submit_command(["job.py", "a"])[1:] == ["--master", "local[2]", "job.py", "a"]
    assert submit_command(["job.py"], master="local[1]")[1:3] == ["--master", "local[1]"]
    given = ["--master", "spark://127.0.0.1:7077", "job.py"]
    assert submit_command(given)[1:] == given
    assert submit_command(["--master=local[3]", "job.py"])[1:] == ["--master=local[3]", "job.py"]


def test_submit_environment_points_spark_at_this_python_the_venv_and_java(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SPARK_LOCAL_IP", raising=False)
    env = submit_environment({"PATH": "/usr/bin:" + VENV_BIN, "HOME": "/home/me"})
    assert env["PYSPARK_PYTHON"] == env["PYSPARK_DRIVER_PYTHON"] == sys.executable
    assert env["PATH"].split(os.pathsep) == [VENV_BIN, "/usr/bin"]  # first, and only once
    assert env["HOME"] == "/home/me"
    assert env["SPARK_LOCAL_IP"] == "127.0.0.1"
    assert env.get("JAVA_HOME") == os.environ.get("JAVA_HOME")


def test_submit_environment_leaves_the_address_alone_for_a_cluster_master() -> None:
    env = submit_environment({"PATH": "/usr/bin"}, master="spark://10.0.0.5:7077")
    assert "SPARK_LOCAL_IP" not in env


def test_main_without_arguments_prints_usage_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("usage: python -m helpers.submit")
    assert main(["--help"]) == 0
    assert "helpers/classify_letters.py" in capsys.readouterr().out


def test_run_submit_runs_a_job_with_this_python_and_returns_its_exit_status(tmp_path: Path) -> None:
    job = tmp_path / "job.py"
    job.write_text(
        "import sys\n"
        "from pyspark.sql import SparkSession\n"
        "spark = SparkSession.builder.config('spark.log.level', 'WARN').getOrCreate()\n"
        "sc = spark.sparkContext\n"
        "total = sc.parallelize(range(10), 2).map(lambda x: x * 2).sum()\n"
        "python = sc.parallelize([0], 1).map(lambda _: sys.executable).first()\n"
        "print(f'sum={total} master={sc.master} executor-python={python}')\n"
        "spark.stop()\n"
        "sys.exit(3)\n"
    )
    done = run_submit([str(job)], capture=True, timeout=300)
    assert done.returncode == 3, done.stdout + done.stderr
    assert f"sum=90 master=local[2] executor-python={sys.executable}" in done.stdout
