"""helpers.course.cluster_checks: notebook 07's exercise checks accept the right answers, and only those."""

import pytest

from helpers.cloud.cost import cost_estimate
from helpers.course.cluster_checks import (
    MASTER_SNAPSHOT,
    check_free_cores,
    check_letter_counts,
    check_workshop_cost,
    letter_counts_in_file,
    workshop_plan,
)
from helpers.course.exercises import ExerciseNotSolved


def test_the_letter_counts_come_from_the_file():
    counts = letter_counts_in_file()
    assert len(counts) == 26 and sum(counts.values()) == 20000 and counts["A"] == 789


def test_letter_counts_right_and_wrong(capsys):
    check_letter_counts(dict(letter_counts_in_file()))
    assert capsys.readouterr().out.startswith("Correct:")
    wrong = {**letter_counts_in_file(), "A": 788, "B": 767}
    with pytest.raises(ExerciseNotSolved, match=r"each letter's count.*Hint: data\.points\.groupBy"):
        check_letter_counts(wrong)


def test_free_cores_count_only_alive_workers(capsys):
    check_free_cores(8, MASTER_SNAPSHOT)
    assert capsys.readouterr().out.startswith("Correct:")
    with pytest.raises(ExerciseNotSolved, match="leaves out the DEAD worker"):
        check_free_cores(11, MASTER_SNAPSHOT)


def test_workshop_cost_is_for_every_learner(capsys):
    one = cost_estimate(workshop_plan(), hours=3).total
    check_workshop_cost(12 * one)
    assert capsys.readouterr().out.startswith("Correct:")
    with pytest.raises(ExerciseNotSolved, match="not one"):
        check_workshop_cost(one)


def test_an_unattempted_exercise_shows_no_hint(capsys):
    check_workshop_cost(None)
    assert "Hint" not in capsys.readouterr().out
