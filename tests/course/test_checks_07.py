"""helpers.course.checks_07: notebook 07's exercise checks accept the right answers, and only those."""

import pytest

from helpers.cloud.cost import cost_estimate
from helpers.course import checks_07
from helpers.course.exercises import ExerciseNotSolved
from helpers.jobs.letters import LETTERS
from helpers.lessons.data import letter_data_path


@pytest.fixture
def letters_file(tmp_path):
    path = tmp_path / "letters.data"
    path.write_text("T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8\n" * 3
                    + "".join(f"{letter},1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n" for letter in LETTERS))
    return path


def test_the_letter_counts_come_from_the_file(letters_file):
    counts = checks_07.letter_counts_in_file(letters_file)
    assert len(counts) == 26 and sum(counts.values()) == 29 and counts["T"] == 4


@pytest.mark.skipif(not letter_data_path().is_file(), reason="the letter data is not downloaded")
def test_the_real_file_has_20000_rows_of_26_letters():
    counts = checks_07.letter_counts_in_file(letter_data_path())
    assert len(counts) == 26 and sum(counts.values()) == 20000 and counts["A"] == 789


def test_letter_counts_right_and_wrong(letters_file, capsys):
    checks_07.letter_counts(checks_07.letter_counts_in_file(letters_file), letters_file)
    assert capsys.readouterr().out.startswith("Correct:")
    wrong = {**checks_07.letter_counts_in_file(letters_file), "T": 3, "A": 2}
    with pytest.raises(ExerciseNotSolved, match=r"each letter's count.*Hint: data\.points\.groupBy"):
        checks_07.letter_counts(wrong, letters_file)


def test_free_cores_count_only_alive_workers(capsys):
    checks_07.free_cores(8, checks_07.MASTER_SNAPSHOT)
    assert capsys.readouterr().out.startswith("Correct:")
    with pytest.raises(ExerciseNotSolved, match="leaves out the DEAD workers"):
        checks_07.free_cores(11, checks_07.MASTER_SNAPSHOT)


def test_workshop_cost_is_for_every_learner(capsys):
    one = cost_estimate(checks_07.workshop_plan(), hours=3).total
    checks_07.workshop_cost(12 * one)
    assert capsys.readouterr().out.startswith("Correct:")
    with pytest.raises(ExerciseNotSolved, match="not one"):
        checks_07.workshop_cost(one)


def test_an_unattempted_exercise_shows_no_hint(capsys):
    checks_07.workshop_cost(None)
    assert "Hint" not in capsys.readouterr().out
