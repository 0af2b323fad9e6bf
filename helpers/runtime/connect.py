"""Spark Connect for the course: a server next to the cluster, a thin client in the notebook.

With Spark Connect the driver runs in a server process (on a cluster: on its master node), and the
notebook holds only a client that sends DataFrame plans over one gRPC port. This module has both
ends:

* :class:`ConnectServer` starts pyspark's own ``sbin/start-connect-server.sh`` against a master (the
  local :class:`~helpers.runtime.standalone.StandaloneCluster`, or any master URL), bound to 127.0.0.1
  on a free port, with a bearer token (only someone who has it can run code through the server),
  with ``spark.cores.max`` and executor memory capped so that it never starves another application,
  its log in ``logs/<name>/``, which is also its working directory (a relative path in a client's
  ``spark.read`` is looked up there: paths resolve on the server's side); it returns once the server
  accepts gRPC clients, and is stopped by PID when the ``with`` block ends, also when the client failed.
* :func:`connect_session` is the Connect path of :func:`helpers.runtime.session.start_spark`: it checks
  at the gRPC level that a server answers (through an SSH tunnel a plain TCP connect always
  succeeds), gives the session a short retry policy, so that a server that is not there, or dies,
  is reported within seconds with what to do, instead of after the client's default ten minutes,
  and shows the progress of long queries on one updating line where a person watches
  (:class:`ProgressLine`).

Example::

    >>> with StandaloneCluster("demo") as cluster, ConnectServer(cluster) as server:   # doctest: +SKIP
    ...     spark = start_spark("demo", server.address)
    ...     spark.range(10).count()
    Spark 4.3.0 · remote session: the driver runs in the Spark Connect server at sc://localhost:PORT
    10
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import sys
import time
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from helpers.jobs.settings import DEFAULT_PARTITIONS, LOOPBACK, course_conf, session_conf
from helpers.runtime.daemons import (
    SparkDaemon,
    daemon_environment,
    free_port,
    port_in_use,
    record_pids,
    stop_recorded,
    tail,
)
from helpers.runtime.paths import log_path, shown_path
from helpers.runtime.standalone import EXECUTOR_MEMORY, StandaloneCluster

CONNECT_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"
TOKEN_ENV = "SPARK_CONNECT_AUTHENTICATE_TOKEN"  # the server reads its token here (never on a command line)
CONNECT_MODE_ENV = "SPARK_CONNECT_MODE_ENABLED"  # pyspark's switch from classic to Connect functions
READY_TIMEOUT = 10.0  # seconds a client waits for a server to answer before it says so
# A short retry policy: about 5 s of retries (0.2, 0.4, 0.8, 1.6, 2 s), not the default ten minutes.
RETRY_POLICY = {"max_retries": 5, "initial_backoff": 200, "backoff_multiplier": 2.0, "max_backoff": 2000,
                "jitter": 0, "min_jitter_threshold": 0}
_RUNNING: dict[Path, ConnectServer] = {}
# The client warns "[RETRIES_EXCEEDED]" on stderr before it raises; the course's error says more.
warnings.filterwarnings("ignore", message=r"\[RETRIES_EXCEEDED\]")


class ConnectError(RuntimeError):
    """No Spark Connect server answers, or it stopped answering; the message says what to do."""


def shown_address(address: str) -> str:
    """``address`` with any token masked, for printing.

    >>> shown_address("sc://localhost:15002/;token=abc123;user_id=me")
    'sc://localhost:15002/;token=***;user_id=me'
    """
    return re.sub(r"(;token=)[^;]*", r"\1***", address)


class ConnectServer:
    """A Spark Connect server: a long-lived Spark application whose driver serves remote clients.

    Args:
        master: a :class:`StandaloneCluster` (its URL and :meth:`~StandaloneCluster.app_conf` are used)
            or a master URL such as ``local[2]``.
        name: names the log folder, ``logs/<name>/``.
        port: the gRPC port (Spark's default is 15002); default a free one.
        cores: ``spark.cores.max``, the cores the server may hold on a cluster; default one executor
            per worker, which leaves room for another application.
        token: protect the server with a random bearer token (then :attr:`address` carries it and
            names the host ``localhost``, for which the client accepts a token without TLS).
        conf: more Spark settings for the server.
        timeout: seconds to wait until the server accepts clients.
    """

    def __init__(self, master: StandaloneCluster | str = "local[2]", *, name: str = "connect-server",
                 port: int | None = None, cores: int | None = None, token: bool = True,
                 conf: Mapping[str, str] | None = None, log_dir: str | Path | None = None,
                 timeout: float = 180.0):
        self.cluster = master if isinstance(master, StandaloneCluster) else None
        self.master = master.master_url if isinstance(master, StandaloneCluster) else master
        self.folder = log_path(name, log_dir).with_suffix("")
        self._port_given = port
        self.port = port or 0
        self.ui_port = 0
        self.cores = cores
        self.token = secrets.token_urlsafe(24) if token else None
        self.conf = dict(conf or {})
        self.timeout = timeout
        self.daemon: SparkDaemon | None = None

    @property
    def address(self) -> str:
        """What a client connects to: ``sc://localhost:PORT/;token=...`` (``sc://127.0.0.1:PORT`` without)."""
        if self.token:
            return f"sc://localhost:{self.port}/;token={self.token}"
        return f"sc://{LOOPBACK}:{self.port}"

    @property
    def ui_url(self) -> str:
        """The server's Spark UI (its jobs, stages and executors)."""
        return f"http://{LOOPBACK}:{self.ui_port}"

    @property
    def log(self) -> Path:
        """The server's log file."""
        return self.folder / "server.log"

    @property
    def pid(self) -> int | None:
        """The PID of the server's JVM while it runs."""
        return self.daemon.pid if self.daemon and self.daemon.running else None

    def settings(self) -> dict[str, str]:
        """The server's Spark settings: the course's, bound to 127.0.0.1, capped, plus ``conf``."""
        if self.cluster is not None:
            capped = self.cluster.app_conf(self.cores)
        else:
            capped = {"spark.executor.memory": EXECUTOR_MEMORY,
                      **({"spark.cores.max": str(self.cores)} if self.cores else {})}
        # INFO: the server's log is the driver's, the one place that tells what it did for the clients.
        return {**course_conf(self.master), **capped, "spark.log.level": "INFO",
                "spark.connect.grpc.binding.address": LOOPBACK,
                "spark.connect.grpc.binding.port": str(self.port),
                "spark.ui.port": str(self.ui_port), **self.conf}

    def start(self) -> ConnectServer:
        """Start the server and return once it accepts gRPC clients.

        Raises:
            ConnectError: the port is busy, or the server stopped or did not answer in time (the
                message quotes its log). It is stopped before the error is raised.
        """
        earlier = _RUNNING.get(self.folder)
        if earlier is not None and earlier is not self:
            earlier.stop()  # the same cell run twice: one server, not two
        stop_recorded(self.folder / "pids.txt")
        if self._port_given and port_in_use(self._port_given):
            raise ConnectError(f"port {self._port_given} on {LOOPBACK} is in use by another program (another "
                               "Connect server?). Stop it, or leave the port out and the course picks a "
                               "free one.")
        self.port = self._port_given or free_port()
        self.ui_port = free_port()
        env = daemon_environment(self.folder)
        if self.token:
            env[TOKEN_ENV] = self.token
        arguments = ["--master", self.master]
        for key, value in self.settings().items():
            arguments += ["--conf", f"{key}={value}"]
        self.daemon = SparkDaemon("Spark Connect server", arguments, env, self.log, cwd=self.folder,
                                  script="start-connect-server.sh", java_class=CONNECT_CLASS)
        _RUNNING[self.folder] = self
        try:
            self.daemon.start()
            self._wait_until_ready()
            record_pids(self.folder / "pids.txt", [self.daemon])
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if not self.daemon.running:
                raise ConnectError(f"the Spark Connect server stopped at start; the end of its log, "
                                   f"{shown_path(self.log)}:\n{tail(self.log)}")
            if server_answers(self.address, timeout=1.0):
                return
            time.sleep(0.25)
        raise ConnectError(f"the Spark Connect server did not accept clients within {self.timeout:g} s; "
                           f"the end of its log, {shown_path(self.log)}:\n{tail(self.log)}")

    def stop(self) -> None:
        """Stop the server by PID (Spark stops its executors on the cluster). Safe to call twice."""
        if self.daemon is not None:
            self.daemon.stop()
        (self.folder / "pids.txt").unlink(missing_ok=True)
        if _RUNNING.get(self.folder) is self:
            del _RUNNING[self.folder]

    def __enter__(self) -> ConnectServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


def server_answers(address: str, timeout: float = READY_TIMEOUT) -> bool:
    """Whether a gRPC server completes a connection at ``address`` within ``timeout`` seconds.

    This is a gRPC-level check (an HTTP/2 handshake on the client's own channel, with its
    credentials), not a TCP connect: through an ``ssh -L`` tunnel the TCP connect succeeds even when
    nothing runs behind it.
    """
    import grpc
    from pyspark.sql.connect.client import DefaultChannelBuilder

    channel = DefaultChannelBuilder(address).toChannel()
    try:
        grpc.channel_ready_future(channel).result(timeout=timeout)
        return True
    except grpc.FutureTimeoutError:
        return False
    finally:
        channel.close()


def connect_session(address: str, app_name: str, *, partitions: int = DEFAULT_PARTITIONS,
                    conf: Mapping[str, str] | None = None, quiet: bool = False,
                    timeout: float | None = None) -> Any:
    """A Spark Connect session to ``address`` with the course's session settings (see the module docstring).

    Raises:
        ConnectError: no server answers at ``address`` within ``timeout`` seconds (default
            :data:`READY_TIMEOUT`), or this process runs a classic driver.
    """
    from pyspark import SparkContext
    from pyspark.sql.connect.client.retries import DefaultPolicy
    from pyspark.sql.connect.session import SparkSession as RemoteSession

    shown = shown_address(address)
    if SparkContext._active_spark_context is not None:
        raise ConnectError(
            "This Python process runs a classic Spark driver (a SparkSession started on "
            f"{SparkContext._active_spark_context.master}), and pyspark routes DataFrame functions and "
            "pyspark.ml to one kind of session per process. Stop it first (spark.stop()), then connect.")
    timeout = READY_TIMEOUT if timeout is None else timeout
    if not server_answers(address, timeout):
        raise ConnectError(
            f"No Spark Connect server answers at {shown} (waited {timeout:g} s). Start one (in the "
            "course: ConnectServer(cluster).start()); on a cluster, check that the server runs on the "
            "master and that the SSH tunnel (ssh -N -L 15002:localhost:15002 ...) is open.")
    active = RemoteSession.getActiveSession()
    if active is not None and getattr(active, "_mls_address", None) == address:
        return active
    os.environ[CONNECT_MODE_ENV] = "1"  # as pyspark's own builder.remote() does: functions go to Connect
    builder = RemoteSession.builder.remote(address)
    for key, value in {**session_conf(partitions=partitions), **(conf or {})}.items():
        builder = builder.config(key, value)
    spark = builder.create()
    spark._mls_address = address
    client = spark._client
    client.set_retry_policies([DefaultPolicy(**RETRY_POLICY)])
    _explain_lost_server(client, shown)
    spark.registerProgressHandler(ProgressLine())
    if not quiet:
        print(f"Spark {spark.version} · remote session: the driver runs in the Spark Connect server at "
              f"{shown}; {app_name} holds a client")
    return spark


def _explain_lost_server(client: Any, shown: str) -> None:
    """Make the session's "server unavailable" errors say what happened and what to do."""
    import grpc

    handle = client._handle_rpc_error

    def explained(rpc_error: Any) -> None:
        if rpc_error.code() == grpc.StatusCode.UNAVAILABLE:
            raise ConnectError(
                f"The Spark Connect server at {shown} does not answer any more (gRPC: UNAVAILABLE, after "
                f"{RETRY_POLICY['max_retries']} retries). If it stopped, start it again and make a new "
                "session; through an SSH tunnel, check that the tunnel is still open.") from None
        handle(rpc_error)

    client._handle_rpc_error = explained


class ProgressLine:
    """A Spark Connect progress handler: one line that follows a running query, then disappears.

    It shows the tasks done out of all tasks of the query's stages, and what was read. In a notebook
    it draws only while a person's front end runs the cell (JupyterLab, VS Code: they accept
    ``input()``); headless runs (nbconvert, nbval, CI) get nothing, so no progress ends up in a stored
    notebook. In a terminal it writes to stderr when that is a terminal.
    """

    def __init__(self) -> None:
        self._handle: Any = None

    @staticmethod
    def text(stages: Iterable[Any], inflight_tasks: int) -> str:
        """The line for these stages.

        >>> from types import SimpleNamespace as S
        >>> ProgressLine.text([S(num_tasks=4, num_completed_tasks=3, num_bytes_read=2_000_000)], 1)
        'Spark Connect: 3/4 tasks in 1 stage, 1 running, 1.9 MiB read'
        """
        stages = list(stages)
        total = sum(s.num_tasks for s in stages)
        done = sum(s.num_completed_tasks for s in stages)
        read = sum(s.num_bytes_read for s in stages) / 2**20
        plural = "" if len(stages) == 1 else "s"
        return (f"Spark Connect: {done}/{total} tasks in {len(stages)} stage{plural}, "
                f"{inflight_tasks} running, {read:.1f} MiB read")

    def __call__(self, stages: Iterable[Any] | None, inflight_tasks: int, operation_id: str | None,
                 done: bool) -> None:
        line = "" if done else self.text(stages or [], inflight_tasks)
        if _person_watching_notebook():
            from IPython.display import display

            if self._handle is None and line:
                self._handle = display({"text/plain": line}, raw=True, display_id=True)
            elif self._handle is not None:
                self._handle.update({"text/plain": line}, raw=True)
                if done:
                    self._handle = None
        elif sys.stderr.isatty():
            sys.stderr.write(f"\r{line:<100}\r" if line else f"\r{'':<100}\r")
            sys.stderr.flush()


def _person_watching_notebook() -> bool:
    """True inside a Jupyter kernel whose current cell was run from a front end that accepts input."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    kernel = getattr(shell, "kernel", None)
    return bool(kernel is not None and getattr(kernel, "_allow_stdin", False))


def stop_all() -> None:
    """Stop every Connect server this Python process started and has not stopped (run at exit)."""
    for server in list(_RUNNING.values()):
        server.stop()


atexit.register(stop_all)
