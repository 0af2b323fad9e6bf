"""Live Spark progress under notebook cells in JupyterLab (sparkmonitor), wired in only when it is shown.

sparkmonitor has three parts: a JupyterLab extension (the "Apache Spark" panel under a cell), an
IPython kernel extension that the panel talks to through a comm named ``SparkMonitor``, and a Spark
listener (a jar in the ``sparkmonitor`` package) that sends the driver's job, stage and task events
to the kernel extension over a socket on localhost. This module joins them for the course:

* :func:`load_ipython_extension` is the course's kernel extension. The set-up
  (:mod:`helpers.course.lab`) writes an IPython config into the course's environment that loads it
  when any kernel of that environment starts. In a notebook kernel that a Jupyter server started
  (``$JPY_SESSION_NAME`` is set) it starts sparkmonitor's kernel extension, with its log in
  ``logs/sparkmonitor.log``; anywhere else (``make notebooks``, nbval, scripts) it does nothing at all.
* :func:`live_progress` is what :func:`helpers.runtime.session.start_spark` asks before it starts a
  session: the Spark settings that add the listener, but only when JupyterLab's panel has connected
  to this kernel. Without a frontend the listener would fail on every event, and headless runs must
  store exactly the outputs they always did.
* When JupyterLab runs the notebook but the panel cannot work, :func:`live_progress` says why, once
  per kernel, in one line; the course works the same without it (the Spark UI shows the same jobs).

Spark Connect sessions have no listener on this side (the driver is the server): sparkmonitor sees
nothing there. A progress display for them (``spark.registerProgressHandler``) should show itself
under the same condition, :func:`notebook_frontend`, so that headless runs stay unchanged too.

Example (outside JupyterLab nothing is wired in and nothing is said)::

    >>> live_progress()
    LiveProgress(settings={}, note=None)
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from helpers.runtime.paths import log_path

SESSION_ENV = "JPY_SESSION_NAME"  # set by a Jupyter server for the kernels it starts for notebooks
LISTENER = "sparkmonitor.listener.JupyterSparkMonitorListener"
CLASS_PATH = "spark.driver.extraClassPath"
PORT_ENV = "SPARKMONITOR_KERNEL_PORT"  # where the listener finds the kernel extension's socket
LOG_NAME = "sparkmonitor"
_SPARKMONITOR_LOGGER = "tornado.sparkmonitor.kernel"
_INJECTED_NAMES = ("conf", "swan_spark_conf")  # sparkmonitor pushes a SparkConf under these names


@dataclass(frozen=True)
class LiveProgress:
    """What a new Spark session needs for live progress in this process.

    Attributes:
        settings: Spark settings to add (the listener and its jar), empty when nothing shows progress.
        note: one line saying why live progress is off, or None (said once per kernel, and only where
            JupyterLab would have shown it).
    """

    settings: dict[str, str] = field(default_factory=dict)
    note: str | None = None

    def added_to(self, settings: Mapping[str, str]) -> dict[str, str]:
        """``settings`` with the listener and its jar added to any listeners and class path already there.

        >>> LiveProgress({"spark.extraListeners": "b.L"}).added_to({"spark.extraListeners": "a.L"})
        {'spark.extraListeners': 'a.L,b.L'}
        """
        merged = dict(settings)
        for key, value in self.settings.items():
            separator = os.pathsep if key == CLASS_PATH else ","
            merged[key] = separator.join(filter(None, [merged.get(key, ""), value]))
        return merged


class _State:
    """What happened to the kernel extension in this process (one per kernel)."""

    extension: ModuleType | None = None  # sparkmonitor.kernelextension, once loaded
    reason: str | None = None  # why it was not loaded, in a kernel where it should have been
    tried = False  # load_ipython_extension ran in a notebook kernel
    noted = False  # the note was given


def notebook_frontend() -> bool:
    """Whether this process is a notebook kernel that a Jupyter server (JupyterLab) started.

    False under ``jupyter nbconvert --execute``, nbval, pytest and in scripts, whose outputs must not
    change. A progress display of any kind should appear only when this is true.

    >>> notebook_frontend()
    False
    """
    if not os.environ.get(SESSION_ENV) or "IPython" not in sys.modules:
        return False
    shell = sys.modules["IPython"].get_ipython()
    return getattr(shell, "kernel", None) is not None


def listener_jar() -> Path | None:
    """The jar of sparkmonitor's listener that matches this pyspark's Spark and Scala, if installed.

    >>> listener_jar().name
    'listener_spark4_2.13.jar'
    """
    monitor, spark = importlib.util.find_spec("sparkmonitor"), importlib.util.find_spec("pyspark")
    if monitor is None or spark is None or not monitor.origin or not spark.origin:
        return None
    for core in (Path(spark.origin).parent / "jars").glob("spark-core_*.jar"):
        scala, version = core.stem.removeprefix("spark-core_").split("-", 1)  # 2.13, 4.3.0
        jar = Path(monitor.origin).parent / f"listener_spark{version.split('.')[0]}_{scala}.jar"
        return jar if jar.is_file() else None
    return None


def frontend_connected() -> bool:
    """Whether JupyterLab's sparkmonitor panel has opened its comm to this kernel's extension."""
    monitor = getattr(_State.extension, "monitor", None)
    comm = getattr(monitor, "comm", None)
    return comm is not None and not getattr(comm, "_closed", False)


def live_progress() -> LiveProgress:
    """The settings that wire sparkmonitor's listener into a new session, or why there are none.

    The listener is added only when the panel is connected (:func:`frontend_connected`). The note
    comes once per kernel, only in a notebook kernel that JupyterLab runs.
    """
    jar = listener_jar()
    if jar is not None and frontend_connected():
        return LiveProgress({"spark.extraListeners": LISTENER, CLASS_PATH: str(jar)})
    if _State.noted or not notebook_frontend():
        return LiveProgress()
    _State.noted = True
    return LiveProgress(note=f"Live Spark progress under cells is off: {_why_off(jar)}. "
                             "The Spark UI (link below) shows the same jobs.")


def _why_off(jar: Path | None) -> str:
    if _State.reason:
        return _State.reason
    if not _State.tried:
        return ("this environment's kernels do not load the course's start-up; run `make setup` "
                "(or `python -m helpers.course.lab configure`), then restart the kernel")
    if jar is None:
        return "sparkmonitor has no listener for this Spark; reinstall it with `make setup`"
    return ("JupyterLab's sparkmonitor extension has not connected to this kernel; check that "
            "`jupyter labextension list` shows sparkmonitor enabled, then reload the page")


def load_ipython_extension(ipython: Any) -> None:
    """Start sparkmonitor's kernel extension in a notebook kernel that JupyterLab runs.

    IPython calls this at kernel start-up (the set-up's IPython config names this module). It never
    raises: when sparkmonitor cannot start, the reason is kept for :func:`live_progress` to say once.
    """
    if _State.tried or not os.environ.get(SESSION_ENV) or getattr(ipython, "kernel", None) is None:
        return
    _State.tried = True
    try:
        from sparkmonitor import kernelextension
    except Exception as error:  # not installed, or broken: the course works without it
        _State.reason = f"sparkmonitor cannot be imported ({error}); `make setup` installs it"
        return
    logger = logging.getLogger(_SPARKMONITOR_LOGGER)
    logger.addHandler(_QuietFileHandler(log_path(LOG_NAME)))
    try:
        kernelextension.SocketThread = _daemon(kernelextension.SocketThread)
        kernelextension.load_ipython_extension(ipython)
        os.environ.setdefault(PORT_ENV, str(kernelextension.monitor.getPort()))
    except Exception as error:
        _State.reason = f"sparkmonitor's kernel extension did not start ({type(error).__name__}: {error})"
        return
    finally:
        logger.propagate = False  # its lines go to logs/sparkmonitor.log only, never into a cell
    for name in _INJECTED_NAMES:
        if type(ipython.user_ns.get(name)).__name__ == "SparkConf":
            del ipython.user_ns[name]
    _State.extension = kernelextension


def _daemon(thread_class: type[threading.Thread]) -> type[threading.Thread]:
    """sparkmonitor's socket thread, made a daemon: otherwise it holds every kernel shutdown and restart."""

    class DaemonSocketThread(thread_class):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__()
            self.daemon = True

    return thread_class if thread_class.__name__ == "DaemonSocketThread" else DaemonSocketThread


class _QuietFileHandler(logging.FileHandler):
    """A log file that ignores a line it cannot format (sparkmonitor 3.3.0 logs one with a stray argument)."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass
