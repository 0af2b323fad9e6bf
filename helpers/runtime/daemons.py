"""Spark's own daemon scripts, run from this process and stopped by PID: the parts of a local cluster.

The pyspark package ships Spark's ``sbin/spark-daemon.sh`` (and ``start-connect-server.sh``, which
calls it). Run normally, the script puts its Java process in the background (``nohup ... &``) and
leaves it to the operating system; in a container whose first process does not reap orphans, every
stopped daemon would then linger as a zombie. The course sets ``SPARK_NO_DAEMONIZE=1`` instead: the
script runs the daemon in the foreground, as a child of its ``bash``, which is a child of this
Python. :class:`SparkDaemon` knows both PIDs, stops the Java process (and every process it started,
such as a worker's executors) by PID, and reaps the script, so nothing is left behind.

Example::

    >>> daemon = SparkDaemon("master", ["start", MASTER_CLASS, "1", "--host", "127.0.0.1"],
    ...                      env, Path("logs/cluster/master.log"))        # doctest: +SKIP
    >>> daemon.start(); daemon.pid                                        # doctest: +SKIP
    12345
    >>> daemon.stop()                                                     # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import psutil

from helpers.jobs.settings import LOOPBACK
from helpers.runtime.submit import submit_environment

SPARK_HOME = Path(__import__("pyspark").__file__).parent
# Variables of a user's own Spark installation that would make the scripts read another Spark's files.
_FOREIGN = ("SPARK_CONF_DIR", "SPARK_ENV_LOADED", "SPARK_HOME", "SPARK_MASTER")


class DaemonError(RuntimeError):
    """A Spark daemon did not start or stop as it should; the message says why and what to do."""


def daemon_environment(folder: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for Spark's scripts: the course's Java, Python and address, pyspark's Spark.

    ``SPARK_HOME`` is the pyspark package (whatever a user's shell says), no ``spark-env.sh`` of another
    installation is read, the daemons stay in the foreground (see the module docstring), and the
    scripts keep their files in ``folder`` (not in the pyspark package, nor in ``/tmp``).

    Raises:
        JavaNotFoundError: there is no Java that Spark 4 accepts (the message says how to get one).

    >>> env = daemon_environment(Path("logs/cluster"))  # doctest: +SKIP
    >>> env["SPARK_NO_DAEMONIZE"], env["SPARK_LOCAL_IP"]  # doctest: +SKIP
    ('1', '127.0.0.1')
    """
    env = submit_environment(base, master=f"spark://{LOOPBACK}:7077")
    for name in _FOREIGN:
        env.pop(name, None)
    env.update({"SPARK_HOME": str(SPARK_HOME), "SPARK_NO_DAEMONIZE": "1", "SPARK_LOCAL_IP": LOOPBACK,
                "SPARK_LOG_DIR": str(folder), "SPARK_PID_DIR": str(folder)})
    return env


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (the system picks it).

    >>> 1024 < free_port() < 65536
    True
    """
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def port_in_use(port: int) -> bool:
    """Whether something already listens on ``port`` of 127.0.0.1 (so a daemon could not bind it)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Java's servers do
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return True
    return False


def tail(path: Path, lines: int = 20) -> str:
    """The end of a log file for an error message: its last ``lines`` lines, and the first line that
    reports an error (``ERROR``, ``Exception``, ``Usage:``) when that comes earlier.

    >>> tail(Path("/nonexistent.log"))
    '(no log was written)'
    """
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log was written)"
    first = next((i for i, line in enumerate(text) if re.search(r"ERROR|Exception|Usage:", line)), None)
    if first is not None and first < len(text) - lines:
        return "\n".join([text[first], "...", *text[-lines:]])
    return "\n".join(text[-lines:])


class SparkDaemon:
    """One script of pyspark's ``sbin/`` run in the foreground, with its log file and its PIDs.

    Args:
        role: a short name for messages and the log, e.g. ``"master"`` or ``"worker-2"``.
        arguments: what follows the script's name, e.g. ``["start", MASTER_CLASS, "1", ...]``.
        env: the environment (:func:`daemon_environment` plus the daemon's own settings).
        log: the file that receives everything the daemon writes.
        script: the script in ``sbin/``; ``spark-daemon.sh`` unless told otherwise.
        java_class: the class whose JVM is the daemon (to recognise its process); default
            ``arguments[1]``.
        cwd: the daemon's working directory (where relative paths resolve); default this process's.
    """

    def __init__(self, role: str, arguments: Sequence[str], env: Mapping[str, str], log: Path,
                 script: str = "spark-daemon.sh", java_class: str | None = None, cwd: Path | None = None):
        self.role = role
        self.command = ["bash", str(SPARK_HOME / "sbin" / script), *arguments]
        self.env = dict(env)
        self.log = log
        self.java_class = java_class or arguments[1]
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None
        self._java: psutil.Process | None = None

    def start(self) -> SparkDaemon:
        """Run the script; returns at once (use :meth:`java` or the daemon's own answer to wait)."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.command, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, cwd=self.cwd, start_new_session=True)
        return self

    @property
    def script_pid(self) -> int | None:
        """The PID of the script's ``bash`` (a child of this Python)."""
        return self.process.pid if self.process else None

    def java(self, timeout: float = 30.0) -> psutil.Process:
        """The daemon's JVM (a child of the script), waiting up to ``timeout`` s for it to appear.

        Raises:
            DaemonError: the script ended, or no JVM of the daemon's class appeared (quotes the log).
        """
        if self._java is not None:
            return self._java
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise DaemonError(f"the {self.role} stopped at once; the end of its log, {self.log}:\n"
                                  f"{tail(self.log)}")
            for child in self._children():
                try:
                    cmdline = child.cmdline()
                except psutil.Error:
                    continue
                if self.java_class in cmdline and "org.apache.spark.launcher.Main" not in cmdline:
                    self._java = child
                    return child
            time.sleep(0.1)
        raise DaemonError(f"the {self.role}'s Java process did not appear within {timeout:g} s; "
                          f"the end of its log, {self.log}:\n{tail(self.log)}")

    @property
    def pid(self) -> int | None:
        """The PID of the daemon's JVM, once it runs (None before, or if the script ended)."""
        try:
            return self.java(timeout=30.0).pid
        except DaemonError:
            return None

    @property
    def running(self) -> bool:
        """Whether the script (and so its JVM) is still running."""
        return self.process is not None and self.process.poll() is None

    def processes(self) -> list[psutil.Process]:
        """The script and every process under it (the JVM, a worker's executors, their Pythons)."""
        if not self.running:
            return []
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def _children(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.process.pid).children()
        except (psutil.NoSuchProcess, AttributeError):
            return []

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the daemon: SIGTERM to its JVM (Spark's own shutdown), then SIGKILL to whatever is left.

        Every process under the script is stopped by its PID, and the script is reaped. Safe to call
        twice, and after the daemon died.
        """
        stop_daemons([self], timeout)

    def _terminate(self) -> list[psutil.Process]:
        """Send SIGTERM to the JVM; return every process under the script, to be checked after."""
        tree = self.processes()
        for process in tree[1:]:
            with contextlib.suppress(psutil.Error):
                if process.ppid() == self.process.pid:
                    _signal(process, signal.SIGTERM)
        return tree

    def kill(self) -> list[int]:
        """Kill the daemon and every process under it at once (SIGKILL), as if its machine died.

        Returns the PIDs killed.
        """
        tree = self.processes()
        _kill_all(tree[1:])  # the JVM and its children first, so that nothing is re-parented
        _kill_all(tree[:1])
        if self.process is not None:
            self.process.wait(timeout=30)
        return [p.pid for p in tree]


def stop_daemons(daemons: Sequence[SparkDaemon], timeout: float = 30.0) -> None:
    """Stop several daemons at once: SIGTERM to every JVM first, then wait for all, then SIGKILL what is left.

    Every process under each script is stopped by its PID, and each script is reaped.
    """
    started = [d for d in daemons if d.process is not None]
    trees = [d._terminate() for d in started]
    deadline = time.monotonic() + timeout
    for daemon, tree in zip(started, trees, strict=True):
        with contextlib.suppress(subprocess.TimeoutExpired):
            daemon.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        _kill_all(tree)
        daemon.process.wait(timeout=timeout)


def _signal(process: psutil.Process, signum: int) -> None:
    with contextlib.suppress(psutil.NoSuchProcess):
        process.send_signal(signum)


def _kill_all(processes: Sequence[psutil.Process], timeout: float = 10.0) -> None:
    """SIGKILL each process still alive, by PID, and wait until none of them runs."""
    for process in processes:
        _signal(process, signal.SIGKILL)
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    zombies = [p for p in alive if _is_zombie(p)]
    if len(zombies) < len(alive):
        names = ", ".join(str(p.pid) for p in alive if p not in zombies)
        print(f"warning: processes {names} did not stop; stop them with `kill -9 PID`.", file=sys.stderr)


def _is_zombie(process: psutil.Process) -> bool:
    """A process that has ended but not been reaped by its parent (it runs nothing any more)."""
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def record_pids(path: Path, daemons: Sequence[SparkDaemon]) -> None:
    """Write the daemons' PIDs (and start times) to ``path``, for :func:`stop_recorded` after a crash.

    A notebook's kernel can be restarted while its cluster runs; the next start then finds what
    the earlier one left and stops it by these PIDs.
    """
    entries = []
    for daemon in daemons:
        for process in daemon.processes()[:2]:  # the script and its JVM
            try:
                entries.append(f"{process.pid} {process.create_time():.2f} {daemon.role}")
            except psutil.NoSuchProcess:
                continue
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{line}\n" for line in entries))


def stop_recorded(path: Path) -> list[int]:
    """Stop the processes listed in ``path`` by :func:`record_pids` that still run; remove the file.

    A PID counts only if its process started at the recorded time (PIDs are reused). Returns the
    PIDs stopped.
    """
    if not path.exists():
        return []
    stopped = []
    for line in path.read_text().splitlines():
        pid, started = [*line.split(" "), "", ""][:2]
        try:
            process = psutil.Process(int(pid))
            if abs(process.create_time() - float(started)) > 0.05:
                continue
            tree = [*process.children(recursive=True), process]
        except (psutil.NoSuchProcess, ValueError):
            continue
        _kill_all(tree)
        stopped.append(process.pid)
    path.unlink(missing_ok=True)
    return stopped
