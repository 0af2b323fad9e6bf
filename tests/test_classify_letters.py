"""Tests of helpers/classify_letters.py: its functions in a Spark session, and the job under spark-submit.

The spark-submit runs are the expensive part (a fresh JVM each, ~5-10 s, plus ~30 s for the real
data with the talk's 50 trees of depth 16); the fast paths use a 2,000-row sample and small forests.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pyspark import RDD
from pyspark.ml import PipelineModel
from pyspark.mllib.regression import LabeledPoint
from pyspark.mllib.tree import RandomForestModel
from pyspark.sql import SparkSession

from helpers import classify_letters as job
from helpers.classify_letters import (
    LETTERS,
    MalformedRowError,
    Scores,
    letter_pipeline,
    letters_dataframe,
    load_letters,
    metrics_json,
    parse_args,
    parse_numbered_line,
    path_exists,
    predict_ml,
    predict_mllib,
    score,
    split_letters,
    train_mllib,
    write_text,
)
from helpers.data import letter_data_path
from helpers.submit import run_submit

JOB = Path(job.__file__)
GOOD_ROW = "T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8"
SAMPLE_ROWS = 2000


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 2,000 rows of the real data."""
    path = tmp_path_factory.mktemp("letters") / "sample.data"
    with open(letter_data_path()) as rows:
        path.write_text("".join(next(rows) for _ in range(SAMPLE_ROWS)))
    return path


@pytest.fixture(scope="module")
def malformed_sample(sample: Path) -> Path:
    """The sample with line 17 (a bad number in onpix) and line 1,000 (a lower-case letter) broken."""
    lines = sample.read_text().splitlines(keepends=True)
    lines[16] = "A,1,1,3,2,x,8,2,2,2,8,2,8,1,6,2,7\n"
    lines[999] = "b,1,1,3,2,1,8,2,2,2,8,2,8,1,6,2,7\n"
    path = sample.with_name("malformed.data")
    path.write_text("".join(lines))
    return path


def submit(*arguments: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run spark-submit on local[2] with the course's environment; capture its output.

    spark-submit passes the Python program's stdout and stderr both to its own stdout; its stderr
    holds the JVM's log.
    """
    return run_submit([str(a) for a in arguments], capture=True, timeout=600, cwd=cwd)


def as_tuples(points: RDD[LabeledPoint]) -> list[tuple[float, ...]]:
    """LabeledPoints as comparable tuples (LabeledPoint has no ==)."""
    return [(point.label, *point.features) for point in points.collect()]


def assert_no_stack_trace(done: subprocess.CompletedProcess[str]) -> None:
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert "\tat org.apache" not in output, output
    assert "Py4JJavaError" not in output, output


# --- Parsing rows -------------------------------------------------------------------------------

def test_parse_numbered_line_returns_the_point_and_no_error() -> None:
    point, error = parse_numbered_line((GOOD_ROW, 0))
    assert error is None
    assert point.label == LETTERS.index("T")
    assert list(point.features)[:3] == [2.0, 8.0, 3.0]


def test_parse_numbered_line_returns_the_error_as_data_with_a_1_based_line_number() -> None:
    point, error = parse_numbered_line(("A,1,1,3,2,x,8,2,2,2,8,2,8,1,6,2,7", 16))
    assert point is None
    assert error == ("'x' is not a whole number", 17, 6)
    assert str(MalformedRowError(*error)) == "line 17, field 6 (onpix): 'x' is not a whole number"


def test_parse_numbered_line_decodes_bytes_and_treats_undecodable_bytes_as_malformed() -> None:
    assert parse_numbered_line((GOOD_ROW.encode(), 0))[0].label == 19.0
    point, error = parse_numbered_line((b"\xff\xfe,1", 4))
    assert point is None
    assert error[1:] == (5, None)
    assert "expected 17 comma-separated fields" in error[0]


def test_the_job_module_imports_only_the_standard_library_pyspark_py4j_and_numpy() -> None:
    tree = ast.parse(JOB.read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    third_party = imported - set(sys.stdlib_module_names) - {"__future__"}
    assert third_party == {"pyspark", "py4j", "numpy"}


# --- Command line -------------------------------------------------------------------------------

def test_parse_args_defaults_are_the_talks_set_up() -> None:
    args = parse_args(["in.data", "out"])
    assert (args.api, args.trees, args.depth, args.seed, args.partitions, args.malformed) == (
        "mllib", 50, 16, 42, 2, "fail")


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

def test_scores_accuracy_and_per_letter_accuracy_come_from_the_confusion_matrix() -> None:
    confusion = np.zeros((26, 26), dtype=np.int64)
    confusion[0, 0], confusion[0, 1], confusion[1, 1] = 3, 1, 4  # A: 3 of 4 right; B: 4 of 4
    scores = Scores(confusion)
    assert scores.test_rows == 8
    assert scores.accuracy == 7 / 8
    assert scores.per_letter["A"] == 0.75 and scores.per_letter["B"] == 1.0
    assert scores.per_letter["Z"] is None  # no Z in the test set


def test_score_counts_label_prediction_pairs(spark: SparkSession) -> None:
    pairs = spark.sparkContext.parallelize([(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (25.0, 25.0)], 2)
    scores = score(pairs)
    assert scores.accuracy == 0.75
    assert scores.confusion[0, 1] == 1 and scores.confusion[25, 25] == 1


# --- Reading, splitting, training in a Spark session ----------------------------------------------

def test_load_letters_reads_every_row_into_two_partitions(spark: SparkSession, sample: Path) -> None:
    data = load_letters(spark.sparkContext, str(sample))
    assert (data.rows_read, data.malformed, data.first_malformed, data.partitions) == (
        SAMPLE_ROWS, 0, None, 2)
    first = data.points.first()
    assert first.label == LETTERS.index("T") and first.features[6] == 13.0


def test_load_letters_fails_on_the_first_malformed_row_naming_its_line(
    spark: SparkSession, malformed_sample: Path
) -> None:
    with pytest.raises(MalformedRowError) as raised:
        load_letters(spark.sparkContext, str(malformed_sample))
    assert str(raised.value) == "line 17, field 6 (onpix): 'x' is not a whole number"
    assert raised.value.line_number == 17


def test_load_letters_skips_and_counts_malformed_rows(spark: SparkSession, malformed_sample: Path) -> None:
    data = load_letters(spark.sparkContext, str(malformed_sample), malformed="skip")
    assert (data.rows_read, data.malformed) == (SAMPLE_ROWS, 2)
    assert data.first_malformed == "line 17, field 6 (onpix): 'x' is not a whole number"
    assert data.points.count() == SAMPLE_ROWS - 2


def test_split_letters_is_70_30_and_the_same_for_the_same_seed(spark: SparkSession, sample: Path) -> None:
    points = load_letters(spark.sparkContext, str(sample)).points
    train, test = split_letters(points, seed=7)
    again_train, _ = split_letters(points, seed=7)
    other_train, _ = split_letters(points, seed=8)
    assert train.count() + test.count() == SAMPLE_ROWS
    assert 0.25 < test.count() / SAMPLE_ROWS < 0.35
    assert as_tuples(train) == as_tuples(again_train)
    assert as_tuples(train) != as_tuples(other_train)


def test_a_small_mllib_forest_beats_chance_by_far_and_is_reproducible(
    spark: SparkSession, sample: Path
) -> None:
    train, test = split_letters(load_letters(spark.sparkContext, str(sample)).points)
    first = score(predict_mllib(train_mllib(train, num_trees=3, max_depth=6), test))
    second = score(predict_mllib(train_mllib(train, num_trees=3, max_depth=6), test))
    assert first.accuracy > 0.3  # chance is 1/26 = 0.04
    assert np.array_equal(first.confusion, second.confusion)


def test_letters_dataframe_has_the_letter_and_the_named_feature_columns(
    spark: SparkSession, sample: Path
) -> None:
    points = load_letters(spark.sparkContext, str(sample)).points
    frame = letters_dataframe(spark, points)
    assert frame.columns == ["letter", *job.FEATURE_NAMES]
    assert tuple(frame.first()) == (GOOD_ROW[0], *(int(v) for v in GOOD_ROW.split(",")[1:]))
    assert frame.rdd.getNumPartitions() == 2


def test_the_pipeline_numbers_letters_alphabetically_even_when_letters_are_missing(
    spark: SparkSession,
) -> None:
    rows = [(letter, *([i % 16] * 16)) for i, letter in enumerate("ZAB" * 4)]  # only A, B and Z
    frame = spark.createDataFrame(rows, ["letter", *job.FEATURE_NAMES])
    model = letter_pipeline(num_trees=2, max_depth=2).fit(frame)
    labels = {row.letter: row.label for row in model.transform(frame).select("letter", "label").collect()}
    assert labels == {"A": 0.0, "B": 1.0, "Z": 25.0}
    assert model.stages[-1].numClasses == 26
    pairs = predict_ml(model, frame).collect()
    assert len(pairs) == 12 and all(0 <= p <= 25 for _, p in pairs)


def test_path_exists_and_write_text_work_with_local_paths_and_file_uris(
    spark: SparkSession, tmp_path: Path
) -> None:
    sc = spark.sparkContext
    target = tmp_path / "out" / "metrics.json"
    assert not path_exists(sc, str(target))
    write_text(sc, target.as_uri(), '{"accuracy": 1}\n')
    assert json.loads(target.read_text()) == {"accuracy": 1}
    assert path_exists(sc, str(target)) and path_exists(sc, target.parent.as_uri())
    assert path_exists(sc, str(tmp_path / "out" / "*.json"))  # a glob that matches


# --- The job under spark-submit ------------------------------------------------------------------

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
        "api": "mllib", "trees": 50, "depth": 16, "seed": 42, "partitions": 2, "test_fraction": 0.3,
        "malformed": "fail", "input": str(letter_data_path())}
    assert metrics["master"] == "local[2]" and metrics["spark_version"] == spark.version
    assert set(metrics["timings_seconds"]) == {"start_spark", "read", "train", "score", "save_model", "total"}
    assert metrics["timings_seconds"]["train"] > 0
    per_letter = metrics["per_letter_accuracy"]
    assert list(per_letter) == list(LETTERS) and all(0.75 < a <= 1 for a in per_letter.values())
    confusion = np.array(metrics["confusion_matrix"]["counts"])
    assert confusion.shape == (26, 26) and confusion.sum() == metrics["rows"]["test"]
    assert np.trace(confusion) / confusion.sum() == accuracy

    model = RandomForestModel.load(spark.sparkContext, str(output / "model"))
    assert model.numTrees() == 50 and model.totalNumNodes() > 50 * 100
    assert "Timings:" in done.stdout


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


def test_the_job_copied_alone_runs_on_a_file_uri(sample: Path, tmp_path: Path) -> None:
    alone = tmp_path / "elsewhere"
    alone.mkdir()
    shutil.copy(JOB, alone / "classify_letters.py")
    done = submit("classify_letters.py", sample.as_uri(), "out", "--trees", "5", "--depth", "6",
                  cwd=alone)
    assert done.returncode == 0, done.stderr
    metrics = json.loads((alone / "out" / "metrics.json").read_text())
    assert metrics["rows"]["read"] == SAMPLE_ROWS and metrics["parameters"]["trees"] == 5
    assert (alone / "out" / "model" / "metadata").is_dir()


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


def test_a_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    done = submit(JOB, tmp_path / "no-such.data", tmp_path / "out")
    assert done.returncode == 2
    assert f"error: the input {tmp_path / 'no-such.data'} does not exist" in done.stdout
    assert_no_stack_trace(done)


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


def test_a_bad_option_is_a_usage_error_before_any_work(sample: Path, tmp_path: Path) -> None:
    done = submit(JOB, sample, tmp_path / "out", "--api", "sklearn")
    assert done.returncode == 2
    assert "usage: classify_letters.py" in done.stdout and "invalid choice: 'sklearn'" in done.stdout
    assert_no_stack_trace(done)
    assert not (tmp_path / "out").exists()
