"""helpers.exercises: the self-check every notebook exercise uses."""

import pytest

from helpers.course.exercises import ExerciseNotSolved, check


def test_an_unattempted_exercise_only_says_so(capsys):
    check(None, ("is 12", lambda a: a == 12))
    assert "Not attempted yet" in capsys.readouterr().out


def test_a_correct_answer_lists_every_condition_met(capsys):
    check(12, ("is a whole number", lambda a: isinstance(a, int)), ("is 12", lambda a: a == 12))
    assert capsys.readouterr().out == "Correct: is a whole number; is 12.\n"


def test_a_wrong_answer_names_the_failed_condition_and_the_hint():
    with pytest.raises(ExerciseNotSolved, match=r"it is 12\. Hint: double the even numbers"):
        check(11, ("is a whole number", lambda a: isinstance(a, int)), ("is 12", lambda a: a == 12),
              hint="double the even numbers")


def test_an_answer_of_the_wrong_type_fails_with_the_reason():
    with pytest.raises(ExerciseNotSolved, match=r"has 4 partitions.*AttributeError"):
        check([1, 2], ("has 4 partitions", lambda a: a.getNumPartitions() == 4))
