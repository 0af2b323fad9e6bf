"""A Spark standalone cluster as its master describes it: workers, cores, memory, applications.

The master's web UI serves its state as JSON at ``/json/``: every worker (state, cores and memory,
in use or free) and every application (running or finished, with the cores it holds). Each worker
serves its own JSON too, with the executors it runs or ran. :func:`parse_state` turns the master's
into a :class:`ClusterState`. Example::

    >>> state = parse_state({"url": "spark://127.0.0.1:7077", "status": "ALIVE", "workers": [
    ...     {"id": "worker-1", "state": "ALIVE", "cores": 2, "coresused": 1, "memory": 1024,
    ...      "memoryused": 512, "webuiaddress": "http://127.0.0.1:8081"}]})
    >>> print(state.summary())
    Spark master ALIVE, 1 workers alive: 2 cores, 1024 MiB for executors
      worker-1: ALIVE  2 cores (1 in use), 1024 MiB (512 in use)
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class ClusterError(RuntimeError):
    """The cluster did not start or answer as it should; the message says why and what to do."""


@dataclass(frozen=True)
class Worker:
    """A worker as the master sees it. ``name`` is the course's (``worker-1``), ``id`` Spark's."""

    name: str
    id: str
    state: str
    cores: int
    cores_used: int
    memory_mb: int
    memory_used_mb: int
    ui_url: str


@dataclass(frozen=True)
class Application:
    """An application as the master sees it (its ``cores`` are the cores it holds right now)."""

    id: str
    name: str
    state: str
    cores: int
    memory_per_executor_mb: int


@dataclass(frozen=True)
class ClusterState:
    """What the master's JSON says: its status, its workers, running and finished applications."""

    url: str
    status: str
    workers: tuple[Worker, ...]
    active_apps: tuple[Application, ...]
    completed_apps: tuple[Application, ...]

    @property
    def alive_workers(self) -> tuple[Worker, ...]:
        """The workers that are up (a killed one stays in the list as ``DEAD``)."""
        return tuple(w for w in self.workers if w.state == "ALIVE")

    @property
    def cores(self) -> int:
        """Cores of the alive workers, for executors."""
        return sum(w.cores for w in self.alive_workers)

    @property
    def memory_mb(self) -> int:
        """Memory of the alive workers, for executors, in MiB."""
        return sum(w.memory_mb for w in self.alive_workers)

    def app(self, name: str) -> Application:
        """The latest application called ``name``, running or finished.

        Raises:
            KeyError: the master has seen no application of that name.
        """
        for app in sorted(self.active_apps + self.completed_apps, key=lambda a: a.id, reverse=True):
            if app.name == name:
                return app
        raise KeyError(f"the master knows no application named {name!r}")

    def summary(self) -> str:
        """The cluster in a few lines, without ports or ids (the same on every machine)."""
        lines = [f"Spark master {self.status}, {len(self.alive_workers)} workers alive: "
                 f"{self.cores} cores, {self.memory_mb} MiB for executors"]
        for w in sorted(self.workers, key=lambda w: w.name):
            lines.append(f"  {w.name}: {w.state:5}  {w.cores} cores ({w.cores_used} in use), "
                         f"{w.memory_mb} MiB ({w.memory_used_mb} in use)")
        return "\n".join(lines)


def parse_state(data: Mapping[str, Any], names: Mapping[str, str] | None = None) -> ClusterState:
    """The master's JSON as a :class:`ClusterState`.

    Args:
        data: the document at the master's ``/json/``.
        names: the course's names of the workers, by their web UI address; a worker not in it keeps
            Spark's id as its name.
    """
    names = names or {}
    workers = tuple(
        Worker(names.get(w.get("webuiaddress", ""), w["id"]), w["id"], w["state"], w["cores"],
               w["coresused"], w["memory"], w["memoryused"], w.get("webuiaddress", ""))
        for w in data.get("workers", []))

    def apps(key: str) -> tuple[Application, ...]:
        return tuple(Application(a["id"], a["name"], a["state"], a["cores"],
                                 a.get("memoryperexecutor", a.get("memoryperslave", 0)))
                     for a in data.get(key, []))

    return ClusterState(data.get("url", ""), data.get("status", "?"), workers,
                        apps("activeapps"), apps("completedapps"))


def get_json(url: str, timeout: float, who: str) -> dict[str, Any]:
    """The JSON document at ``url``; :class:`ClusterError` naming ``who`` if it does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.load(response)
    except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError) as error:
        raise ClusterError(f"{who} did not answer at {url} ({error})") from error
