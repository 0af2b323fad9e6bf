"""helpers.runtime.cluster_state: the master's JSON, read into workers and applications."""

from __future__ import annotations

import pytest

from helpers.runtime.cluster_state import parse_state

MASTER_JSON = {
    "url": "spark://127.0.0.1:7077", "status": "ALIVE",
    "workers": [
        {"id": "worker-2026-b", "state": "ALIVE", "cores": 2, "coresused": 1, "memory": 1024,
         "memoryused": 512, "webuiaddress": "http://127.0.0.1:8082"},
        {"id": "worker-2026-a", "state": "DEAD", "cores": 2, "coresused": 1, "memory": 1024,
         "memoryused": 512, "webuiaddress": "http://127.0.0.1:8081"}],
    "activeapps": [{"id": "app-2", "name": "Spark Connect server", "state": "RUNNING", "cores": 1,
                    "memoryperexecutor": 512}],
    "completedapps": [{"id": "app-0", "name": "classify-letters", "state": "FINISHED", "cores": 2,
                       "memoryperslave": 512},
                      {"id": "app-1", "name": "classify-letters", "state": "FINISHED", "cores": 2,
                       "memoryperexecutor": 512}],
}


def test_workers_get_the_course_s_names_and_only_alive_ones_count():
    names = {"http://127.0.0.1:8081": "worker-1", "http://127.0.0.1:8082": "worker-2"}
    state = parse_state(MASTER_JSON, names)
    assert [w.name for w in state.workers] == ["worker-2", "worker-1"]
    assert [w.name for w in state.alive_workers] == ["worker-2"]
    assert (state.cores, state.memory_mb) == (2, 1024)
    assert state.summary().splitlines() == [
        "Spark master ALIVE, 1 workers alive: 2 cores, 1024 MiB for executors",
        "  worker-1: DEAD   2 cores (1 in use), 1024 MiB (512 in use)",
        "  worker-2: ALIVE  2 cores (1 in use), 1024 MiB (512 in use)"]


def test_the_latest_application_of_a_name_is_found_running_or_finished():
    state = parse_state(MASTER_JSON)
    assert state.app("classify-letters").id == "app-1"
    assert state.app("Spark Connect server").state == "RUNNING"
    assert parse_state(MASTER_JSON).completed_apps[0].memory_per_executor_mb == 512  # older key
    with pytest.raises(KeyError, match="no application named 'nope'"):
        state.app("nope")
