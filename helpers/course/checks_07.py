"""Self-checks of notebook 07's exercises (to the cluster), shared by the chapter and its solutions.

Each check works out the right answer itself, from the data file, a master's JSON or the price table,
and hands the learner's answer to :func:`helpers.course.exercises.check`: while the answer is None it
only says so; a wrong answer fails with the condition it missed, and only then shows the hint.

Example:
    >>> check_free_cores(None, MASTER_SNAPSHOT)
    Not attempted yet: replace None in the cell above with your answer, run it, then run this cell again.
"""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from typing import Any

from helpers.cloud.cost import cost_estimate
from helpers.cloud.plan import ClusterPlan
from helpers.course.exercises import check
from helpers.jobs.letters import LETTERS
from helpers.lessons.data import letter_data_path
from helpers.runtime.cluster_state import parse_state

# What a master's ``/json/`` said during a workshop (ids shortened): a worker died, two applications
# ran. Exercise 2 reads it.
MASTER_SNAPSHOT: dict[str, Any] = {
    "url": "spark://10.0.0.5:7077", "status": "ALIVE", "aliveworkers": 3, "cores": 12, "coresused": 5,
    "workers": [
        {"id": "worker-a", "host": "10.0.0.11", "state": "ALIVE", "cores": 4, "coresused": 2,
         "memory": 14336, "memoryused": 2048, "webuiaddress": "http://10.0.0.11:8081"},
        {"id": "worker-b", "host": "10.0.0.12", "state": "DEAD", "cores": 4, "coresused": 1,
         "memory": 14336, "memoryused": 1024, "webuiaddress": "http://10.0.0.12:8081"},
        {"id": "worker-c", "host": "10.0.0.13", "state": "ALIVE", "cores": 4, "coresused": 2,
         "memory": 14336, "memoryused": 2048, "webuiaddress": "http://10.0.0.13:8081"},
        {"id": "worker-d", "host": "10.0.0.14", "state": "ALIVE", "cores": 4, "coresused": 0,
         "memory": 14336, "memoryused": 0, "webuiaddress": "http://10.0.0.14:8081"},
    ],
    "activeapps": [
        {"id": "app-0002", "name": "Spark Connect server", "state": "RUNNING", "cores": 2,
         "memoryperexecutor": 1024},
        {"id": "app-0003", "name": "classify-letters", "state": "RUNNING", "cores": 2,
         "memoryperexecutor": 1024},
    ],
    "completedapps": [],
}


@cache
def letter_counts_in_file() -> dict[str, int]:
    """How many rows of each letter the data file has, counted in plain Python (no Spark)."""
    with open(letter_data_path(), newline="") as rows:
        return dict(Counter(row[0] for row in csv.reader(rows) if row))


def check_letter_counts(answer: dict[str, int] | None) -> None:
    """Exercise 1: rows per letter, counted by Spark with DataFrames (so it runs over Spark Connect)."""
    truth = letter_counts_in_file()
    check(answer,
          ("is a dict with one entry per letter, A to Z",
           lambda a: isinstance(a, dict) and sorted(a) == list(LETTERS)),
          ("adds up to the 20,000 rows", lambda a: sum(a.values()) == sum(truth.values())),
          ("has each letter's count from the file", lambda a: {k: int(v) for k, v in a.items()} == truth),
          hint="data.points.groupBy('letter').count().collect() gives one Row per letter; "
               "{row['letter']: row['count'] for row in ...} turns them into a dict")


def check_free_cores(answer: int | None, snapshot: dict[str, Any]) -> None:
    """Exercise 2: the cores a new application could get now, read from a master's JSON."""
    state = parse_state(snapshot)
    free = sum(w.cores - w.cores_used for w in state.alive_workers)
    check(answer,
          ("is a whole number", lambda a: isinstance(a, int)),
          ("leaves out the DEAD worker's cores", lambda a: a != free + 3),
          ("counts the free cores of the ALIVE workers", lambda a: a == free),
          hint="for each worker whose state is ALIVE: cores - coresused; then add them up "
               "(parse_state(snapshot).alive_workers has them)")


def workshop_plan(region: str = "eu-west-1") -> ClusterPlan:
    """Exercise 3's cluster: a master and two m5.large workers (key names are placeholders)."""
    return ClusterPlan(name="room", region=region, instance_type="m5.large", workers=2,
                       key_name="room", identity_file="room.pem", python="3.11")


def check_workshop_cost(answer: float | None, learners: int = 12, hours: float = 3.0) -> None:
    """Exercise 3: what ``learners`` flintrock clusters of :func:`workshop_plan` cost for ``hours`` hours."""
    truth = learners * cost_estimate(workshop_plan(), hours=hours).total
    check(answer,
          ("is a number of dollars", lambda a: isinstance(a, int | float)),
          ("is for all the learners' clusters, not one",
           lambda a: abs(a - truth / learners) > 0.01),
          (f"is the cost of {learners} clusters for {hours:g} hours, to the cent",
           lambda a: abs(a - truth) < 0.01),
          hint="cost_estimate(plan, hours=3).total is one cluster's cost for 3 hours; the plan: "
               "ClusterPlan(name=..., region='eu-west-1', instance_type='m5.large', workers=2, ...)")
