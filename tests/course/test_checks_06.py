"""helpers.course.checks_06: notebook 06's self-checks accept right answers and explain wrong ones."""

from __future__ import annotations

import pytest

from helpers.course.checks_06 import big_cluster_cost, check_cluster_cost, check_level_stages, check_ratio
from helpers.course.exercises import ExerciseNotSolved
from helpers.lessons.timeline import Stage

SUMMARY = [{"rows": 200_000, "engine": "scikit-learn", "train_seconds": 4.0},
           {"rows": 200_000, "engine": "Spark local[2]", "train_seconds": 100.0}]
STAGES = [Stage(0, i, f"{kind} at RandomForest.scala:1", 0, 1, 2, 1, 1, 0, 1)
          for i, kind in enumerate(["mapPartitions", "collectAsMap", "mapPartitions", "count"])]


def test_right_answers_pass(capsys: pytest.CaptureFixture[str]) -> None:
    check_ratio(25.0, SUMMARY, 200_000)
    check_level_stages(2, STAGES)
    check_cluster_cost(12.34, 12.34)
    assert capsys.readouterr().out.count("Correct:") == 3


def test_no_answer_yet_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    check_ratio(None, SUMMARY, 200_000)
    assert "Not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("call, hint", [
    (lambda: check_ratio(1 / 25, SUMMARY, 200_000), "Spark's over scikit-learn's"),
    (lambda: check_level_stages(4, STAGES), ".phase"),
    (lambda: check_level_stages(2.0, STAGES), ".phase"),
    (lambda: check_cluster_cost(6.17, 12.34), "cost_estimate"),
])
def test_a_wrong_answer_fails_with_its_hint(call, hint: str) -> None:
    with pytest.raises(ExerciseNotSolved, match="Hint") as raised:
        call()
    assert hint in str(raised.value)


def test_exercise_3_s_reference_is_the_price_table_s_total_for_its_cluster() -> None:
    total = big_cluster_cost()
    assert 3 < total < 20  # 9 x m5.2xlarge (about $0.38 an hour each) for 2 hours, plus disks
    check_cluster_cost(round(total, 2))
    with pytest.raises(ExerciseNotSolved, match="cost_estimate"):
        check_cluster_cost(total / 2)
