"""helpers.lessons.job_speed: the talk's code and the job, as the comparison runs them (not timed here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.lessons.job_speed import (
    _number_after,
    job_command,
    main,
    profile_of,
    profile_table,
    table,
    talk_command,
    with_event_log,
)
from helpers.lessons.timeline import Stage


def test_the_talks_code_runs_with_sparks_defaults_and_the_job_with_the_courses(tmp_path: Path) -> None:
    talk = talk_command(tmp_path / "letters.data")
    job = job_command(tmp_path / "letters.data", tmp_path / "out", ["--api", "mllib"])
    assert talk[talk.index("--master") + 1] == "local[2]" and "--conf" not in talk
    assert talk[-2].endswith("timed_talk.py")
    assert "spark.driver.extraJavaOptions=-XX:+UseParallelGC" in job
    assert job[-5].endswith("classify_letters.py") and job[-2:] == ["--api", "mllib"]


def test_printed_numbers_are_found() -> None:
    assert _number_after("TRAINING SECONDS: ", "a\nTRAINING SECONDS: 12.5\n") == 12.5
    assert _number_after("PERCENTAGE CORRECTLY CLASSIFIED: ", "nothing") is None


def test_the_table_shows_medians_and_speed_ups() -> None:
    report = {"summary": {"talk's code": {"train_seconds": 20.0, "process_seconds": 30.0, "accuracy": 0.94,
                                          "min_accuracy": 0.94},
                          "course's job": {"train_seconds": 10.0, "process_seconds": 25.0, "accuracy": 0.944,
                                           "min_accuracy": 0.944}},
              "speed_up": {"train_seconds": 2.0, "process_seconds": 1.2}}
    text = table(report)
    assert "2.00x" in text and "1.20x" in text


def test_fewer_than_three_rounds_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--rounds", "2"])
    assert "at least 3 rounds" in capsys.readouterr().err


def test_the_profile_runs_add_an_event_log_and_its_table_compares_phases(tmp_path: Path) -> None:
    command = with_event_log(talk_command(tmp_path / "letters.data"), tmp_path / "logs")
    assert command[1:3] == ["--conf", "spark.eventLog.enabled=true"] and (tmp_path / "logs").is_dir()
    assert command[-2].endswith("timed_talk.py")  # the application and its argument stay last
    read = Stage(0, 0, "count at NativeMethodAccessorImpl.java:0", 0.5, 2.0, 2, 2.5, 2.0, 0.1, 0.0)
    levels = [Stage(1 + n, 1 + 2 * n, "mapPartitions at RandomForest.scala:1", 3.0 + 2 * n, 3.8 + 2 * n, 2,
                    1.5, 1.2, 0.2, 1.0) for n in range(16)]
    splits = [Stage(1 + n, 2 + 2 * n, "collectAsMap at RandomForest.scala:2", 3.8 + 2 * n, 4.3 + 2 * n, 2,
                    0.8, 0.6, 0.0, 0.1) for n in range(16)]
    score = Stage(20, 40, "collect at letters.py:1", 36.0, 37.0, 2, 1.5, 1.0, 0.0, 0.0)
    talk = profile_of([read, *levels, *splits, score], app_seconds=38.0, process_seconds=42.0)
    assert talk["training_seconds"] == 31.3  # from the first level (3.0 s) to the last split (34.3 s)
    assert talk["training"]["driver between jobs"] == 10.5  # 15 gaps of 0.7 s between the levels
    assert talk["phases"]["JVM and Spark start"] == 4.0 and talk["tree_level_passes"] == 16
    assert talk["forest_task_gc_seconds"] == 3.2
    text = profile_table({"profile": {"talk's code": talk, "course's job": {"status": "failed"}}})
    assert "driver between jobs" in text and "course's job" not in text  # a failed run has no profile
    assert "1.96" in text.splitlines()[-3]  # 31.3 s of training over 16 passes
    assert profile_table({}) == "no profile"
