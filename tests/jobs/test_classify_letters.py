"""helpers.jobs.classify_letters: the job under spark-submit, and the package it ships in.

The spark-submit runs are the expensive part (a fresh JVM each, ~5-10 s, plus ~30 s for the real
data with the talk's 50 trees of depth 16); the fast paths use a 2,000-row sample and small forests.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from pyspark.ml import PipelineModel
from pyspark.mllib.tree import RandomForestModel
from pyspark.sql import SparkSession

import helpers.jobs.classify_letters as job
from helpers.jobs.classify_letters import job_conf, metrics_json, parse_args
from helpers.jobs.letters import (
    LETTERS,
)
from helpers.lessons.data import letter_data_path
from helpers.runtime.submit import jobs_zip, run_submit

JOB = Path(job.__file__)
SAMPLE_ROWS = 2000  # the rows of the `sample` fixture (conftest.py)


def submit(*arguments: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run spark-submit on local[2] with the course's environment; capture its output.

    spark-submit passes the Python program's stdout and stderr both to its own stdout; its stderr
    holds the JVM's log.
    """
    return run_submit([str(a) for a in arguments], capture=True, timeout=600, cwd=cwd)


def assert_no_stack_trace(done: subprocess.CompletedProcess[str]) -> None:
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert "\tat org.apache" not in output, output
    assert "Py4JJavaError" not in output, output


# --- Parsing rows -------------------------------------------------------------------------------


def test_the_shipped_package_needs_only_the_standard_library_pyspark_py4j_and_numpy() -> None:
    """Each module of jobs.zip imports the standard library, pyspark, py4j, numpy or a module of the zip."""
    with zipfile.ZipFile(jobs_zip()) as archive:
        sources = {name: archive.read(name).decode() for name in archive.namelist()}
    shipped = {name.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for name in sources}
    assert "helpers.jobs.classify_letters" in shipped and sources["helpers/__init__.py"] == ""
    allowed = set(sys.stdlib_module_names) | {"__future__", "pyspark", "py4j", "numpy"}
    for name, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            for module in modules:
                assert module in shipped or module.split(".")[0] in allowed, f"{name} imports {module}"


# --- Command line -------------------------------------------------------------------------------

def test_parse_args_defaults_are_the_fast_path_with_the_talks_forest() -> None:
    args = parse_args(["in.data", "out"])
    assert (args.api, args.trees, args.depth, args.seed, args.partitions, args.malformed, args.ui) == (
        "ml", 50, 16, 42, 2, "fail", False)


def test_the_talks_path_is_one_option_away() -> None:
    assert parse_args(["in.data", "out", "--api", "mllib"]).api == "mllib"


def test_the_job_turns_the_spark_ui_off_unless_asked() -> None:
    assert job_conf(parse_args(["in", "out"]))["spark.ui.enabled"] == "false"
    assert job_conf(parse_args(["in", "out", "--ui"]))["spark.ui.enabled"] == "true"
    assert job_conf(parse_args(["in", "out"]))["spark.driver.extraJavaOptions"] == "-XX:+UseParallelGC"


@pytest.mark.parametrize("options, complaint", [
    (["--api", "sklearn"], "invalid choice: 'sklearn'"),
    (["--trees", "0"], "must be 1 or more"),
    (["--depth", "31"], "between 1 and 30"),
    (["--malformed", "ignore"], "invalid choice: 'ignore'"),
    (["--seed", "x"], "invalid int value"),
])
def test_parse_args_rejects_bad_options_with_exit_status_2(
    options: list[str], complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["in.data", "out", *options])
    assert exited.value.code == 2
    assert complaint in capsys.readouterr().err


def test_metrics_json_puts_each_row_of_numbers_on_one_line() -> None:
    text = metrics_json({"accuracy": 0.5, "counts": [[1, 0], [2, 3]], "name": "x"})
    assert json.loads(text) == {"accuracy": 0.5, "counts": [[1, 0], [2, 3]], "name": "x"}
    assert "[1, 0]" in text and "[2, 3]" in text


# --- Scoring ------------------------------------------------------------------------------------


# --- Reading, splitting, training in a Spark session ----------------------------------------------


# --- The job under spark-submit ------------------------------------------------------------------

@pytest.mark.spark
def test_the_job_reaches_94_percent_on_the_real_data_and_writes_model_and_metrics(
    spark: SparkSession, tmp_path: Path
) -> None:
    output = tmp_path / "letters"
    done = submit(JOB, letter_data_path(), output)
    assert done.returncode == 0, done.stderr
    printed = [line for line in done.stdout.splitlines() if line.startswith("PERCENTAGE CORRECTLY")]
    assert len(printed) == 1
    accuracy = float(printed[0].split(": ")[1])
    assert accuracy >= 0.94

    metrics = json.loads((output / "metrics.json").read_text())
    assert metrics["accuracy"] == accuracy
    assert metrics["rows"]["read"] == 20_000 and metrics["rows"]["malformed_skipped"] == 0
    assert metrics["rows"]["train"] + metrics["rows"]["test"] == 20_000
    assert 0.28 < metrics["rows"]["test"] / 20_000 < 0.32
    assert metrics["parameters"] == {
        "api": "ml", "trees": 50, "depth": 16, "seed": 42, "partitions": 2, "test_fraction": 0.3,
        "malformed": "fail", "input": str(letter_data_path())}
    assert metrics["master"] == "local[2]" and metrics["spark_version"] == spark.version
    assert set(metrics["timings_seconds"]) == {"start_spark", "read", "train", "score", "save_model", "total"}
    assert metrics["timings_seconds"]["train"] > 0
    assert metrics["jvm_cpu_seconds"]["train"] > 0  # the driver JVM's CPU time, read from /proc
    per_letter = metrics["per_letter_accuracy"]
    assert list(per_letter) == list(LETTERS) and all(0.75 < a <= 1 for a in per_letter.values())
    confusion = np.array(metrics["confusion_matrix"]["counts"])
    assert confusion.shape == (26, 26) and confusion.sum() == metrics["rows"]["test"]
    assert np.trace(confusion) / confusion.sum() == accuracy

    forest = PipelineModel.load(str(output / "model")).stages[-1]
    assert forest.getNumTrees == 50 and forest.totalNumNodes > 50 * 100
    assert "Timings:" in done.stdout


@pytest.mark.spark
def test_the_talks_path_is_one_option_away_and_saves_an_mllib_model(
    spark: SparkSession, sample: Path, tmp_path: Path
) -> None:
    output = tmp_path / "letters-mllib"
    done = submit(JOB, sample, output, "--api", "mllib", "--trees", "5", "--depth", "6")
    assert done.returncode == 0, done.stderr
    metrics = json.loads((output / "metrics.json").read_text())
    assert metrics["parameters"]["api"] == "mllib" and 0.3 < metrics["accuracy"] < 0.94
    assert metrics["rows"]["train"] + metrics["rows"]["test"] == SAMPLE_ROWS
    assert RandomForestModel.load(spark.sparkContext, str(output / "model")).numTrees() == 5


@pytest.mark.spark
def test_the_ml_api_on_a_sample_in_skip_mode_reports_the_skipped_rows(
    spark: SparkSession, malformed_sample: Path, tmp_path: Path
) -> None:
    output = tmp_path / "letters-ml"
    done = submit(JOB, malformed_sample, output, "--api", "ml", "--trees", "5", "--depth", "6",
                  "--malformed", "skip")
    assert done.returncode == 0, done.stderr
    assert "Skipped 2 malformed row(s) of 2000; the first: line 17, field 6 (onpix)" in done.stdout
    metrics = json.loads((output / "metrics.json").read_text())
    assert metrics["rows"]["malformed_skipped"] == 2
    assert metrics["rows"]["train"] + metrics["rows"]["test"] == SAMPLE_ROWS - 2
    assert metrics["first_malformed_row"] == "line 17, field 6 (onpix): 'x' is not a whole number"
    assert metrics["parameters"]["api"] == "ml" and metrics["parameters"]["trees"] == 5
    assert 0.3 < metrics["accuracy"] < 0.94
    model = PipelineModel.load(str(output / "model"))
    assert model.stages[-1].getNumTrees == 5


@pytest.mark.spark
def test_the_job_and_its_zip_copied_elsewhere_run_on_a_file_uri(sample: Path, tmp_path: Path) -> None:
    """What a learner copies to a cluster: the job file and jobs.zip, run with --py-files."""
    alone = tmp_path / "elsewhere"
    alone.mkdir()
    shutil.copy(JOB, alone / "classify_letters.py")
    shutil.copy(jobs_zip(), alone / "jobs.zip")
    done = submit("--py-files", "jobs.zip", "classify_letters.py", sample.as_uri(), "out",
                  "--trees", "5", "--depth", "6", cwd=alone)
    assert done.returncode == 0, done.stderr
    metrics = json.loads((alone / "out" / "metrics.json").read_text())
    assert metrics["rows"]["read"] == SAMPLE_ROWS and metrics["parameters"]["trees"] == 5
    assert (alone / "out" / "model" / "metadata").is_dir()


@pytest.mark.spark
def test_a_malformed_row_stops_the_job_with_its_line_and_exit_status_1(
    malformed_sample: Path, tmp_path: Path
) -> None:
    done = submit(JOB, malformed_sample, tmp_path / "never")
    assert done.returncode == 1
    assert "error: malformed row in" in done.stdout
    assert "line 17, field 6 (onpix): 'x' is not a whole number" in done.stdout
    assert "--malformed skip" in done.stdout
    assert_no_stack_trace(done)
    assert not (tmp_path / "never").exists()


@pytest.mark.spark
def test_a_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    done = submit(JOB, tmp_path / "no-such.data", tmp_path / "out")
    assert done.returncode == 2
    assert f"error: the input {tmp_path / 'no-such.data'} does not exist" in done.stdout
    assert_no_stack_trace(done)


@pytest.mark.spark
def test_an_existing_output_directory_is_a_usage_error_and_is_left_alone(
    sample: Path, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    done = submit(JOB, sample, tmp_path / "out")
    assert done.returncode == 2
    assert "already exists; the job does not overwrite results" in done.stdout
    assert_no_stack_trace(done)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]


@pytest.mark.spark
def test_a_bad_option_is_a_usage_error_before_any_work(sample: Path, tmp_path: Path) -> None:
    done = submit(JOB, sample, tmp_path / "out", "--api", "sklearn")
    assert done.returncode == 2
    assert "usage: classify_letters.py" in done.stdout and "invalid choice: 'sklearn'" in done.stdout
    assert_no_stack_trace(done)
    assert not (tmp_path / "out").exists()
