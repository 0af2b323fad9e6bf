"""Self-checks for the exercises of notebook 06 (the scaling lab), shared by the notebook and its solutions.

Each function takes the learner's answer and what the notebook computed, and calls
:func:`helpers.course.exercises.check`: "not attempted yet" while the answer is None, a hint only
after a wrong answer.

Example:
    >>> summary = [{"rows": 20000, "engine": "scikit-learn", "train_seconds": 0.5},
    ...            {"rows": 20000, "engine": "Spark local[2]", "train_seconds": 15.0}]
    >>> check_ratio(30.0, summary, 20000)
    Correct: is a number; is Spark local[2]'s training time divided by scikit-learn's at 20,000 rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from helpers.course.exercises import check


def _train_seconds(summary: Sequence[Mapping[str, Any]], engine: str, rows: int) -> float:
    return next(r["train_seconds"] for r in summary if r["engine"] == engine and r["rows"] == rows)


def check_ratio(answer: Any, summary: Sequence[Mapping[str, Any]], rows: int) -> None:
    """Exercise 1: how many times longer Spark local[2] trains than scikit-learn at ``rows`` rows."""
    expected = _train_seconds(summary, "Spark local[2]", rows) / _train_seconds(summary, "scikit-learn", rows)
    check(answer,
          ("is a number", lambda a: isinstance(a, int | float) and not isinstance(a, bool)),
          (f"is Spark local[2]'s training time divided by scikit-learn's at {rows:,} rows",
           lambda a: math.isclose(a, expected, rel_tol=0.01)),
          hint="pick the two rows of the summary with rows == N and divide their 'train_seconds' "
               "(Spark's over scikit-learn's, so the answer is above 1 if Spark is slower)")


def check_level_stages(answer: Any, stages: Sequence[Any]) -> None:
    """Exercise 2: how many stages of the live run gathered statistics for a tree level."""
    expected = sum(1 for stage in stages if stage.phase == "statistics per tree level")
    check(answer,
          ("is a whole number", lambda a: isinstance(a, int) and not isinstance(a, bool)),
          ("counts the stages whose phase is 'statistics per tree level'", lambda a: a == expected),
          hint="each Stage has a .phase; count those equal to 'statistics per tree level' "
               "(sum(1 for s in stages if ...))")


# Exercise 3's cluster: a master and 8 workers of m5.2xlarge in us-east-1, for 2 hours.
BIG_CLUSTER = {"region": "us-east-1", "instance_type": "m5.2xlarge", "workers": 8}
BIG_CLUSTER_HOURS = 2


def big_cluster_cost() -> float:
    """Exercise 3's reference answer, from the course's price table (:mod:`helpers.cloud.cost`)."""
    from helpers.cloud.cost import cost_estimate
    from helpers.cloud.plan import ClusterPlan

    plan = ClusterPlan(name="mls-big", key_name="mls", identity_file="mls.pem", **BIG_CLUSTER)
    return cost_estimate(plan, hours=BIG_CLUSTER_HOURS).total


def check_cluster_cost(answer: Any, expected: float | None = None) -> None:
    """Exercise 3: the cost in dollars of :data:`BIG_CLUSTER` for :data:`BIG_CLUSTER_HOURS` hours
    (``expected`` defaults to :func:`big_cluster_cost`)."""
    expected = big_cluster_cost() if expected is None else expected
    check(answer,
          ("is a number of dollars", lambda a: isinstance(a, int | float) and not isinstance(a, bool)),
          ("is the estimate's total for that cluster and those hours",
           lambda a: math.isclose(a, expected, rel_tol=0.005)),
          hint="build a ClusterPlan with that instance type and number of workers, then "
               "cost_estimate(plan, hours=...).total")
