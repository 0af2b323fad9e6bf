"""helpers.lessons.job_speed: the talk's code and the job, as the comparison runs them (not timed here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.lessons.job_speed import (
    _number_after,
    job_command,
    main,
    profile_table,
    table,
    talk_command,
    with_event_log,
)


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
    talk = {"status": "ok", "process_seconds": 40.0, "tree_level_passes": 16, "forest_task_cpu_seconds": 9.0,
            "forest_task_gc_seconds": 1.0, "phases": {"JVM and Spark start": 4.0, "other Spark jobs": 6.0,
                                                      "statistics per tree level": 10.0,
                                                      "best split per tree level": 4.0,
                                                      "driver between jobs": 16.0}}
    text = profile_table({"profile": {"talk's code": talk, "course's job": {"status": "failed"}}})
    assert "driver between jobs" in text and "course's job" not in text  # a failed run has no profile
    assert text.splitlines()[-1].split()[-1] == "1.88"  # (10 + 4 + 16) s over 16 passes
    assert profile_table({}) == "no profile"
