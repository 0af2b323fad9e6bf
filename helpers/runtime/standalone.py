"""A real Spark standalone cluster on 127.0.0.1 (a master and its workers), started and stopped by PID.

This is the cluster that flintrock builds on EC2, on one machine: the same ``Master`` and ``Worker``
classes, started by the same script, ``sbin/spark-daemon.sh`` of the pyspark package (the wheel has
no ``start-master.sh``). :class:`StandaloneCluster`

* picks free ports for the master, its web UI and each worker's UI (or takes the ones given, with a
  clear error when one is busy), binds everything to 127.0.0.1 and turns off the master's REST port;
* uses the course's Java and Python (:mod:`helpers.runtime.java`, :mod:`helpers.runtime.submit`);
* waits until every worker has registered with the master (the master's JSON at ``/json/``);
* writes each daemon's log, and the workers' executor logs, into ``logs/<name>/``;
* stops everything it started by PID when the ``with`` block ends, also when the block raises, and
  also what an earlier run left behind when its Python was killed;
* reads the cluster from the master's JSON (:meth:`StandaloneCluster.state`), tells which workers ran
  an application's executors (:meth:`StandaloneCluster.executors`), and kills a worker on purpose
  (:meth:`StandaloneCluster.kill_worker`) to show what Spark does when a machine is lost.

An application that does not say how many cores it wants gets half of the cluster's
(``spark.deploy.defaultCores``), so a long-lived one (a Spark Connect server) never starves the next;
:meth:`StandaloneCluster.app_conf` gives the settings the course's applications use. Example::

    >>> with StandaloneCluster("demo") as cluster:                    # doctest: +SKIP
    ...     print(cluster.state().summary())
    ...     run_submit(["--master", cluster.master_url, *(f"--conf={k}={v}" for k, v in
    ...                 cluster.app_conf().items()), "job.py"])
    Spark master ALIVE, 2 workers alive: 4 cores, 2048 MiB for executors
"""

from __future__ import annotations

import atexit
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from helpers.jobs.settings import LOOPBACK
from helpers.runtime.cluster_state import ClusterError, ClusterState, get_json, parse_state
from helpers.runtime.daemons import (
    SparkDaemon,
    daemon_environment,
    free_port,
    port_in_use,
    record_pids,
    stop_daemons,
    stop_recorded,
    tail,
)
from helpers.runtime.paths import log_path

MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
EXECUTOR_MEMORY = "512m"  # what app_conf gives each executor: two applications fit on a 1 GiB worker
_RUNNING: dict[Path, StandaloneCluster] = {}  # clusters started by this process, by log folder


class StandaloneCluster:
    """A Spark standalone cluster on 127.0.0.1: one master and ``workers`` workers.

    Args:
        name: names the log folder, ``logs/<name>/`` (``log_dir/<name>/`` if given).
        workers: how many workers to start.
        cores_per_worker: cores each worker offers to executors.
        memory_per_worker: memory each worker offers to executors (``"1g"``, ``"512m"``).
        master_port: the master's port (``spark://127.0.0.1:PORT``); default a free one.
        ui_port: the master's web UI port; default a free one.
        log_dir: where the folder of logs goes; default ``$MLS_LOG_DIR`` or ``logs/``.
        timeout: seconds to wait for the master, and then for the workers to register.
    """

    def __init__(self, name: str = "standalone", *, workers: int = 2, cores_per_worker: int = 2,
                 memory_per_worker: str = "1g", master_port: int | None = None, ui_port: int | None = None,
                 log_dir: str | Path | None = None, timeout: float = 120.0):
        if workers < 1:
            raise ValueError(f"a cluster needs at least one worker, not {workers}")
        self.name = name
        self.folder = log_path(name, log_dir).with_suffix("")
        self.worker_count = workers
        self.cores_per_worker = cores_per_worker
        self.memory_per_worker = memory_per_worker
        self.timeout = timeout
        self._ports_given = (master_port, ui_port)
        self.master_port = master_port or 0
        self.ui_port = ui_port or 0
        self.master: SparkDaemon | None = None
        self.workers: dict[str, SparkDaemon] = {}
        self._worker_ui: dict[str, int] = {}
        self._instances = 0

    # -- addresses ---------------------------------------------------------------------------------
    @property
    def master_url(self) -> str:
        """The URL applications use: ``spark://127.0.0.1:PORT``."""
        return f"spark://{LOOPBACK}:{self.master_port}"

    @property
    def ui_url(self) -> str:
        """The master's web UI (workers, applications); its JSON is at ``ui_url + "/json/"``."""
        return f"http://{LOOPBACK}:{self.ui_port}"

    @property
    def worker_ui_urls(self) -> dict[str, str]:
        """Each running worker's web UI, by the course's name for it."""
        return {name: f"http://{LOOPBACK}:{self._worker_ui[name]}"
                for name, daemon in self.workers.items() if daemon.running}

    @property
    def pids(self) -> dict[str, int | None]:
        """The JVM PID of the master and of each running worker."""
        daemons = {"master": self.master, **self.workers}
        return {name: d.pid for name, d in daemons.items() if d is not None and d.running}

    # -- start and stop ----------------------------------------------------------------------------
    def start(self) -> StandaloneCluster:
        """Start the master, then the workers; return once every worker has registered.

        Raises:
            ClusterError: a port is busy, the master did not come up, or a worker did not register
                (the message quotes the log). Everything started so far is stopped first.
            JavaNotFoundError: there is no Java that Spark 4 accepts.
        """
        earlier = _RUNNING.get(self.folder)
        if earlier is not None and earlier is not self:
            earlier.stop()  # the same cell run twice: one cluster, not two
        stop_recorded(self._pid_file)  # what a killed kernel left behind
        self._check_ports()
        env = daemon_environment(self.folder)
        _RUNNING[self.folder] = self
        try:
            for attempt in range(3):
                try:
                    self._start_master(env)
                    break
                except _PortTaken:
                    if any(self._ports_given) or attempt == 2:
                        raise
                    self.master_port, self.ui_port = free_port(), free_port()
            self._wait_for_workers([self._launch_worker(env) for _ in range(self.worker_count)])
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop every worker and the master by PID (their executors too). Safe to call twice."""
        stop_daemons([*self.workers.values(), *([self.master] if self.master else [])])
        self._pid_file.unlink(missing_ok=True)
        if _RUNNING.get(self.folder) is self:
            del _RUNNING[self.folder]

    def __enter__(self) -> StandaloneCluster:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    @property
    def _pid_file(self) -> Path:
        return self.folder / "pids.txt"

    def _check_ports(self) -> None:
        master_port, ui_port = self._ports_given
        for port, what in ((master_port, "master"), (ui_port, "master's web UI")):
            if port and port_in_use(port):
                raise ClusterError(f"port {port} on {LOOPBACK}, asked for the {what}, is in use by another "
                                   "program (another cluster?). Stop that program, or leave the port out "
                                   "and the course picks a free one.")
        self.master_port = master_port or free_port()
        self.ui_port = ui_port or free_port()

    def _start_master(self, env: dict[str, str]) -> None:
        cores = self.worker_count * self.cores_per_worker
        master_env = {**env, "SPARK_DAEMON_MEMORY": "256m", "SPARK_MASTER_OPTS": " ".join([
            "-Dspark.master.rest.enabled=false",     # no REST submission port (6066)
            "-Dspark.port.maxRetries=0",             # a busy port is an error, not the next port
            f"-Dspark.deploy.defaultCores={max(1, cores // 2)}",  # apps that do not say: half the cores
        ])}
        self.master = SparkDaemon("master", [
            "start", MASTER_CLASS, "1", "--host", LOOPBACK, "--port", str(self.master_port),
            "--webui-port", str(self.ui_port)], master_env, self.folder / "master.log")
        self.master.start()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if not self.master.running:
                log = tail(self.master.log, 40)
                if "BindException" in log or "could not bind" in log or "Address already in use" in log:
                    raise _PortTaken(f"a port of the master ({self.master_port} or {self.ui_port}) was taken "
                                     f"by another program as the master started:\n{log}")
                raise ClusterError(f"the Spark master stopped at start; the end of its log, "
                                   f"{self.master.log}:\n{log}")
            try:
                if self._master_json(timeout=2.0).get("status") == "ALIVE":
                    record_pids(self._pid_file, [self.master])
                    return
            except ClusterError:
                time.sleep(0.25)
        raise ClusterError(f"the Spark master did not answer on {self.ui_url} within {self.timeout:g} s; "
                           f"the end of its log, {self.master.log}:\n{tail(self.master.log)}")

    def _launch_worker(self, env: dict[str, str]) -> str:
        self._instances += 1
        name = f"worker-{self._instances}"
        self._worker_ui[name] = free_port()
        worker_env = {**env, "SPARK_DAEMON_MEMORY": "256m", "SPARK_WORKER_OPTS": "-Dspark.port.maxRetries=3"}
        self.workers[name] = SparkDaemon(name, [
            "start", WORKER_CLASS, str(self._instances), "--host", LOOPBACK,
            "--cores", str(self.cores_per_worker), "--memory", self.memory_per_worker,
            "--webui-port", str(self._worker_ui[name]), "--work-dir", str(self.folder / "work"),
            self.master_url], worker_env, self.folder / f"{name}.log").start()
        return name

    def _wait_for_workers(self, names: list[str]) -> None:
        """Wait until the workers ``names`` are ALIVE in the master's JSON."""
        deadline = time.monotonic() + self.timeout
        while True:
            for name in names:
                if not self.workers[name].running:
                    raise ClusterError(f"{name} stopped before it registered with the master; the end of "
                                       f"its log, {self.workers[name].log}:\n{tail(self.workers[name].log)}")
            try:
                alive = {w.name for w in self.state().alive_workers}
            except ClusterError:
                alive = set()
            waiting = [name for name in names if name not in alive]
            if not waiting:
                record_pids(self._pid_file, [self.master, *self.workers.values()])
                return
            if time.monotonic() > deadline:
                log = self.workers[waiting[0]].log
                raise ClusterError(f"{waiting[0]} did not register with the master at {self.master_url} "
                                   f"within {self.timeout:g} s; the end of its log, {log}:\n{tail(log)}")
            time.sleep(0.25)

    # -- reading the cluster -----------------------------------------------------------------------
    def _master_json(self, timeout: float = 10.0) -> dict[str, Any]:
        return get_json(f"{self.ui_url}/json/", timeout, "the Spark master")

    def state(self) -> ClusterState:
        """The cluster as the master's JSON describes it right now (workers named as the course names them).

        Raises:
            ClusterError: the master does not answer.
        """
        names = {f"http://{LOOPBACK}:{port}": name for name, port in self._worker_ui.items()}
        return parse_state(self._master_json(), names)

    def executors(self, app_id: str) -> dict[str, int]:
        """How many executors of application ``app_id`` each running worker ran (or runs).

        Read from each worker's own JSON (its ``executors`` and ``finishedexecutors``); a worker that
        was killed cannot answer and is left out.
        """
        counts = {}
        for name, url in self.worker_ui_urls.items():
            try:
                data = get_json(f"{url}/json/", 10.0, name)
            except ClusterError:
                continue
            counts[name] = sum(1 for e in data.get("executors", []) + data.get("finishedexecutors", [])
                               if e.get("appid") == app_id)
        return counts

    def app_conf(self, cores: int | None = None) -> dict[str, str]:
        """Settings for an application on this cluster: one-core executors, ``cores`` of them at most.

        The default is one executor per worker, each with :data:`EXECUTOR_MEMORY`, so that a second
        application still finds cores and memory on every worker.

        >>> StandaloneCluster(workers=2).app_conf()["spark.cores.max"]
        '2'
        """
        return app_settings(cores or self.worker_count)

    # -- losing and adding workers -----------------------------------------------------------------
    def kill_worker(self, name: str | None = None) -> str:
        """Kill a worker and everything it runs (its executors) with SIGKILL, as if its machine died.

        Args:
            name: which worker (``"worker-1"``); default the first one still running.

        Returns:
            The name of the worker killed. The master notices within a second or two and lists it
            as ``DEAD``; the applications lose its executors and recompute what they held.
        """
        running = [n for n, d in self.workers.items() if d.running]
        if not running:
            raise ClusterError("no worker is running, so none can be killed")
        name = name or running[0]
        if name not in running:
            raise ClusterError(f"{name} is not a running worker; running: {', '.join(running)}")
        self.workers[name].kill()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if not any(w.name == name and w.state == "ALIVE" for w in self.state().workers):
                break
            time.sleep(0.2)
        record_pids(self._pid_file, [self.master, *self.workers.values()])
        return name

    def add_worker(self) -> str:
        """Start one more worker (a replacement, say) and wait until it has registered; returns its name."""
        name = self._launch_worker(daemon_environment(self.folder))
        try:
            self._wait_for_workers([name])
        except ClusterError:
            self.workers[name].stop()
            raise
        return name


class _PortTaken(ClusterError):
    """A port chosen as free was taken before the master could bind it."""


def app_settings(cores: int, memory: str = EXECUTOR_MEMORY) -> dict[str, str]:
    """Settings for an application on a standalone cluster: one-core executors, ``cores`` of them at
    most, each with ``memory`` (what :meth:`StandaloneCluster.app_conf` gives, for any master URL).

    >>> app_settings(2, "2560m")["spark.executor.memory"]
    '2560m'
    """
    return {"spark.cores.max": str(cores), "spark.executor.cores": "1", "spark.executor.memory": memory}


def stop_all() -> None:
    """Stop every cluster this Python process started and has not stopped (run at exit)."""
    for cluster in list(_RUNNING.values()):
        cluster.stop()


atexit.register(stop_all)
