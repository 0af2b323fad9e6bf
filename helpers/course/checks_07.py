"""Self-checks of notebook 07's exercises (To the cluster), shared by the chapter and its solutions.

Each function is one exercise's check (see :mod:`helpers.course.exercises`): it takes the answer, then
what the check needs from the notebook: the data file, a master's JSON. The reference results are
worked out here, from the file (counted in plain Python, no Spark), the JSON and the cloud layer's
price table, never copied from a stored output.

Example:
    >>> free_cores(None, MASTER_SNAPSHOT)
    Not attempted yet: replace None in the cell above with your answer, run it, then run this cell again.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from helpers.cloud.cost import cost_estimate
from helpers.cloud.plan import ClusterPlan
from helpers.course.exercises import Condition, exercise
from helpers.jobs.letters import LETTERS
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


def letter_counts_in_file(data_path: str | Path) -> dict[str, int]:
    """How many rows of each letter the data file has, counted in plain Python (no Spark)."""
    with open(data_path, newline="") as rows:
        return dict(Counter(row[0] for row in csv.reader(rows) if row))


@exercise(hint="data.points.groupBy('letter').count().collect() gives one Row per letter; "
               "{row['letter']: row['count'] for row in ...} turns them into a dict")
def letter_counts(data_path: str | Path) -> list[Condition]:
    """07.1: rows per letter, counted by Spark with DataFrames (so it runs over Spark Connect)."""
    truth = letter_counts_in_file(data_path)
    rows = sum(truth.values())
    return [("is a dict with one entry per letter, A to Z",
             lambda a: isinstance(a, dict) and sorted(a) == list(LETTERS)),
            (f"adds up to the file's {rows:,} rows", lambda a: sum(a.values()) == rows),
            ("has each letter's count from the file", lambda a: {k: int(v) for k, v in a.items()} == truth)]


@exercise(hint="for each worker whose state is ALIVE: cores - coresused; then add them up "
               "(parse_state(snapshot).alive_workers has them)")
def free_cores(snapshot: dict[str, Any]) -> list[Condition]:
    """07.2: the cores a new application could get now, read from a master's JSON."""
    state = parse_state(snapshot)
    free = sum(w.cores - w.cores_used for w in state.alive_workers)
    dead = sum(w.cores - w.cores_used for w in state.workers if w.state != "ALIVE")
    return [("is a whole number", lambda a: isinstance(a, int)),
            ("leaves out the DEAD workers' cores", lambda a: a != free + dead),
            ("counts the free cores of the ALIVE workers", lambda a: a == free)]


def workshop_plan(region: str = "eu-west-1") -> ClusterPlan:
    """Exercise 3's cluster: a master and two m5.large workers (key names are placeholders)."""
    return ClusterPlan(name="room", region=region, instance_type="m5.large", workers=2,
                       key_name="room", identity_file="room.pem", python="3.11")


@exercise(hint="cost_estimate(plan, hours=3).total is one cluster's cost for 3 hours; the plan: "
               "ClusterPlan(name=..., region='eu-west-1', instance_type='m5.large', workers=2, ...)")
def workshop_cost(learners: int = 12, hours: float = 3.0) -> list[Condition]:
    """07.3: what ``learners`` flintrock clusters of :func:`workshop_plan` cost for ``hours`` hours."""
    truth = learners * cost_estimate(workshop_plan(), hours=hours).total
    return [("is a number of dollars", lambda a: isinstance(a, int | float)),
            ("is for all the learners' clusters, not one", lambda a: abs(a - truth / learners) > 0.01),
            (f"is the cost of {learners} clusters for {hours:g} hours, to the cent",
             lambda a: abs(a - truth) < 0.01)]
