"""Self-checks of notebook 06's exercises (the scaling lab), shared by the chapter and its solutions.

Each function is one exercise's check (see :mod:`helpers.course.exercises`): it takes the answer,
then what the check needs from the notebook (the committed results' summary, the live run's stages).
Reference results come from the notebook's own data or from the course's price table.

Example:
    >>> summary = [{"rows": 20000, "engine": "scikit-learn", "train_seconds": 0.5},
    ...            {"rows": 20000, "engine": "Spark local[2]", "train_seconds": 15.0}]
    >>> spark_over_sklearn(30.0, summary, 20000)
    Correct: is a number; is Spark local[2]'s training time divided by scikit-learn's at 20,000 rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from helpers.course.exercises import Condition, exercise

# Exercise 06.3's cluster: a master and 8 workers of m5.2xlarge in us-east-1, for 2 hours.
BIG_CLUSTER = {"region": "us-east-1", "instance_type": "m5.2xlarge", "workers": 8}
BIG_CLUSTER_HOURS = 2


def _train_seconds(summary: Sequence[Mapping[str, Any]], engine: str, rows: int) -> float:
    return next(r["train_seconds"] for r in summary if r["engine"] == engine and r["rows"] == rows)


def _is_number(answer: Any) -> bool:
    return isinstance(answer, int | float) and not isinstance(answer, bool)


@exercise(hint="pick the two rows of the summary with rows == N and divide their 'train_seconds' "
               "(Spark's over scikit-learn's, so the answer is above 1 if Spark is slower)")
def spark_over_sklearn(summary: Sequence[Mapping[str, Any]], rows: int) -> list[Condition]:
    """06.1: how many times longer Spark local[2] trained than scikit-learn at ``rows`` rows."""
    expected = _train_seconds(summary, "Spark local[2]", rows) / _train_seconds(summary, "scikit-learn", rows)
    return [("is a number", _is_number),
            (f"is Spark local[2]'s training time divided by scikit-learn's at {rows:,} rows",
             lambda a: math.isclose(a, expected, rel_tol=0.01))]


@exercise(hint="each Stage has a .phase; count those equal to STATISTICS, 'statistics per tree level' "
               "(sum(1 for s in stages if ...))")
def level_stage_count(stages: Sequence[Any]) -> list[Condition]:
    """06.2: how many stages of the live run gathered statistics for a tree level."""
    expected = sum(1 for stage in stages if stage.phase == "statistics per tree level")
    return [("is a whole number", lambda a: isinstance(a, int) and not isinstance(a, bool)),
            ("counts the stages whose phase is 'statistics per tree level'", lambda a: a == expected)]


def big_cluster_cost() -> float:
    """Exercise 06.3's reference answer, from the course's price table (:mod:`helpers.cloud.cost`)."""
    from helpers.cloud.cost import cost_estimate
    from helpers.cloud.plan import ClusterPlan

    plan = ClusterPlan(name="mls-big", key_name="mls", identity_file="mls.pem", **BIG_CLUSTER)
    return cost_estimate(plan, hours=BIG_CLUSTER_HOURS).total


@exercise(hint="build a ClusterPlan with that instance type and number of workers, then "
               "cost_estimate(plan, hours=...).total")
def cluster_cost() -> list[Condition]:
    """06.3: the cost in dollars of :data:`BIG_CLUSTER` for :data:`BIG_CLUSTER_HOURS` hours."""
    expected = big_cluster_cost()
    return [("is a number of dollars", _is_number),
            ("is the estimate's total for that cluster and those hours",
             lambda a: math.isclose(a, expected, rel_tol=0.005))]
