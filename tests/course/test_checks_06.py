"""helpers.course.checks_06: notebook 06's self-checks accept right answers and explain wrong ones."""

from __future__ import annotations

import pytest

from helpers.course import checks_06
from helpers.course.exercises import ExerciseNotSolved
from helpers.lessons.timeline import Stage

SUMMARY = [{"rows": 200_000, "engine": "scikit-learn", "train_seconds": 4.0},
           {"rows": 200_000, "engine": "Spark local[2]", "train_seconds": 100.0}]
STAGES = [Stage(0, i, f"{kind} at RandomForest.scala:1", 0, 1, 2, 1, 1, 0, 1)
          for i, kind in enumerate(["mapPartitions", "collectAsMap", "mapPartitions", "count"])]


def test_right_answers_pass(capsys: pytest.CaptureFixture[str]) -> None:
    checks_06.spark_over_sklearn(25.0, SUMMARY, 200_000)
    checks_06.level_stage_count(2, STAGES)
    checks_06.cluster_cost(round(checks_06.big_cluster_cost(), 2))
    out = capsys.readouterr().out
    assert out.count("Correct:") == 3 and "Hint" not in out


@pytest.mark.parametrize("call, hint", [
    (lambda: checks_06.spark_over_sklearn(1 / 25, SUMMARY, 200_000), "Spark's over scikit-learn's"),
    (lambda: checks_06.level_stage_count(4, STAGES), ".phase"),
    (lambda: checks_06.level_stage_count(2.0, STAGES), ".phase"),
    (lambda: checks_06.cluster_cost(checks_06.big_cluster_cost() / 2), "cost_estimate"),
])
def test_a_wrong_answer_fails_with_its_hint(call, hint: str) -> None:
    with pytest.raises(ExerciseNotSolved, match="Hint") as raised:
        call()
    assert hint in str(raised.value)


def test_exercise_3_s_reference_is_the_price_table_s_total_for_its_cluster() -> None:
    assert 3 < checks_06.big_cluster_cost() < 20  # 9 x m5.2xlarge (about $0.38 an hour each) for 2 hours
