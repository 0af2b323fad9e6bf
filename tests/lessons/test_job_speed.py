"""helpers.lessons.job_speed: the talk's code and the job, as the comparison runs them (not timed here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.lessons.job_speed import _number_after, job_command, main, table, talk_command


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
