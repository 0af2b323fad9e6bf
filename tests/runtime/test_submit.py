"""Tests of helpers/submit.py: the spark-submit command line, its environment, and a real run."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

from helpers.runtime.submit import (
    chosen_master,
    jobs_zip,
    main,
    run_submit,
    spark_submit_path,
    split_arguments,
    submit_command,
    submit_environment,
)

VENV_BIN = str(Path(sys.executable).parent)


def test_spark_submit_path_is_an_executable_script() -> None:
    path = spark_submit_path()
    assert path.name == "spark-submit" and os.access(path, os.X_OK)


def options_of(command: list[str]) -> dict[str, list[str]]:
    return split_arguments(command[1:])[0]


def test_submit_command_adds_the_local_master_unless_one_is_given() -> None:
    command = submit_command(["job.py", "a"])
    assert command[1:3] == ["--master", "local[2]"] and command[-2:] == ["job.py", "a"]
    assert submit_command(["job.py"], master="local[1]")[1:3] == ["--master", "local[1]"]
    assert options_of(submit_command(["--master", "spark://127.0.0.1:7077", "job.py"]))["--master"] == [
        "spark://127.0.0.1:7077"]
    assert options_of(submit_command(["--master=local[3]", "job.py"]))["--master"] == ["local[3]"]


def test_split_arguments_reads_both_option_forms_and_finds_the_job() -> None:
    options, job = split_arguments(["--master=spark://10.0.0.5:7077", "--verbose", "--conf", "a=1",
                                    "job.py", "--conf", "not-ours"])
    assert options == {"--master": ["spark://10.0.0.5:7077"], "--verbose": [""], "--conf": ["a=1"]}
    assert job == ["job.py", "--conf", "not-ours"]
    assert chosen_master(["--master=spark://10.0.0.5:7077", "job.py"]) == "spark://10.0.0.5:7077"


def test_submit_command_passes_the_course_settings_unless_given_and_ships_the_jobs() -> None:
    options = options_of(submit_command(["--conf", "spark.default.parallelism=8", "--py-files", "x.zip",
                                         "job.py"]))
    conf = dict(value.split("=", 1) for value in options["--conf"])
    assert conf["spark.default.parallelism"] == "8"  # the user's value wins, and is passed once
    assert options["--conf"].count("spark.default.parallelism=8") == 1
    assert conf["spark.sql.shuffle.partitions"] == "2" and conf["spark.driver.bindAddress"] == "127.0.0.1"
    assert options["--py-files"] == [f"{jobs_zip()},x.zip"]


def test_a_remote_master_given_with_equals_is_not_bound_to_this_machine() -> None:
    options = options_of(submit_command(["--master=spark://10.0.0.5:7077", "job.py"]))
    assert options["--master"] == ["spark://10.0.0.5:7077"]
    assert not any(value.startswith("spark.driver.bindAddress") for value in options["--conf"])


def test_jobs_zip_holds_the_jobs_package_and_an_empty_helpers_init(tmp_path: Path) -> None:
    archive = jobs_zip(tmp_path / "jobs.zip")
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert opened.read("helpers/__init__.py") == b""
    assert "helpers/jobs/classify_letters.py" in names and "helpers/jobs/settings.py" in names
    assert all(name.startswith(("helpers/jobs/", "helpers/__init__.py")) for name in names)
    assert jobs_zip(tmp_path / "again.zip").read_bytes() == archive.read_bytes()  # reproducible


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
    assert capsys.readouterr().err.startswith("usage: python -m helpers.runtime.submit")
    assert main(["--help"]) == 0
    assert "helpers/jobs/classify_letters.py" in capsys.readouterr().out


@pytest.mark.spark
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
