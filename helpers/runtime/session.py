"""Start Spark for the course: one call, the same way in every notebook, test and script.

:func:`start_spark` returns a :class:`~pyspark.sql.SparkSession` and prints one line saying what
was started (Spark version, master, default partitions, Spark UI address, JVM log file). Behind that
one call it

* makes sure there is a Java that Spark 4 accepts (:mod:`helpers.runtime.java`) and, when that Java
  needs it, sets ``JAVA_HOME`` in this process's environment (pyspark's launcher reads it there);
* sets ``PYSPARK_PYTHON`` to this Python, unless it is set, so that Python workers run the same
  Python and packages as the driver;
* picks the master: the argument, else ``$MLS_SPARK_MASTER``, else ``local[2]`` (two task slots on
  this machine). A ``spark://host:port`` URL joins a standalone cluster; an ``sc://host:port`` address
  connects to a Spark Connect server;
* applies the course's one Spark configuration (:func:`helpers.jobs.settings.course_conf`: fixed
  partition counts, UTC, no console progress bar, and on this machine the driver bound to 127.0.0.1);
* sends the JVM's output (log4j lines, warnings) to ``logs/<app name>.log`` instead of the notebook;
* says so when the Spark UI could not have port 4040 (Spark then takes the next free one);
* in JupyterLab, adds sparkmonitor's listener so that jobs show their progress under the cell
  (:mod:`helpers.runtime.progress`; headless runs are unchanged).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from pyspark.sql import SparkSession

from helpers.jobs.settings import (
    DEFAULT_MASTER,
    DEFAULT_PARTITIONS,
    LOOPBACK,
    course_conf,
    parse_master,
)
from helpers.runtime.java import ensure_java, java_environment
from helpers.runtime.paths import log_path, shown_path
from helpers.runtime.progress import live_progress

MASTER_ENV = "MLS_SPARK_MASTER"
UI_PORT = 4040


class SparkStartError(RuntimeError):
    """Spark did not start; the message says why and what to do."""


def start_spark(
    app_name: str = "ml-at-scale",
    master: str | None = None,
    *,
    partitions: int = DEFAULT_PARTITIONS,
    conf: Mapping[str, str] | None = None,
    log_dir: str | Path | None = None,
    quiet: bool = False,
) -> SparkSession:
    """Start (or return the running) Spark session for the course.

    Args:
        app_name: the application's name in the Spark UI; also names the log file.
        master: ``local[N]``, ``spark://host:port`` or ``sc://host:port``; default
            ``$MLS_SPARK_MASTER`` or ``local[2]``.
        partitions: the default number of partitions for RDDs and shuffles.
        conf: more Spark settings, e.g. ``{"spark.ui.enabled": "false"}``.
        log_dir: where the JVM log goes; default ``$MLS_LOG_DIR`` or ``logs/`` in the repository.
        quiet: do not print the one-line summary (see :func:`describe`).

    Returns:
        The session; ``spark.sparkContext`` is the SparkContext (not available over Spark Connect).

    Raises:
        JavaNotFoundError: there is no Java that Spark 4 accepts (the message says how to fix it).
        SparkStartError: the JVM did not start; the message quotes the end of its log.

    Example:
        >>> spark = start_spark("01-rdds")  # doctest: +SKIP
        Spark 4.3.0 on local[2] · 2 partitions · UI http://127.0.0.1:4040 · log logs/01-rdds.log
    """
    master = master or os.environ.get(MASTER_ENV) or DEFAULT_MASTER
    if parse_master(master).is_connect:
        return _connect(app_name, master, partitions=partitions, conf=conf, quiet=quiet)

    os.environ.update(java_environment(ensure_java()))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    log_file = log_path(app_name, log_dir)

    settings = course_conf(master, partitions=partitions)
    if parse_master(master).on_this_machine:
        os.environ.setdefault("SPARK_LOCAL_IP", LOOPBACK)
    settings.update(conf or {})
    live = live_progress()  # sparkmonitor's listener, only when JupyterLab shows its panel
    settings = live.added_to(settings)

    builder = SparkSession.builder.appName(app_name).master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        with _output_to(log_file):
            spark = builder.getOrCreate()
    except Exception as error:  # the JVM died before Py4J could connect: say why
        raise SparkStartError(
            f"Spark did not start ({type(error).__name__}). The end of its log, {log_file}:\n"
            f"{_tail(log_file)}\n"
            "Check that `python -m helpers.runtime.java` finds a Java 17+, and see README.md, "
            "'Troubleshooting'."
        ) from error

    if not quiet:
        if live.note:
            print(live.note)
        ui_url = spark.sparkContext.uiWebUrl
        if ui_url and "spark.ui.port" not in settings and not ui_url.endswith(f":{UI_PORT}"):
            print(
                f"Port {UI_PORT} is busy (another Spark application or program uses it), "
                f"so the Spark UI uses port {ui_url.rsplit(':', 1)[1]}."
            )
        print(describe(spark, log_file))
    return spark


def describe(spark: SparkSession, log_file: Path | None = None) -> str:
    """The one line :func:`start_spark` prints: version, master, partitions, UI and log.

    >>> print(describe(spark, log_path("01-rdds")))  # doctest: +SKIP
    Spark 4.3.0 on local[2] · 2 partitions · UI http://127.0.0.1:4040 · log logs/01-rdds.log
    """
    sc = spark.sparkContext
    parts = [f"Spark {spark.version} on {sc.master}", f"{sc.defaultParallelism} partitions"]
    if sc.uiWebUrl:
        parts.append(f"UI {sc.uiWebUrl}")
    if log_file is not None:
        parts.append(f"log {shown_path(log_file)}")
    return " · ".join(parts)


def _connect(app_name: str, address: str, *, partitions: int, conf: Mapping[str, str] | None,
             quiet: bool) -> SparkSession:
    """A Spark Connect session to ``address`` (``sc://host:port``): see :mod:`helpers.runtime.connect`."""
    try:
        from helpers.runtime.connect import connect_session

        return connect_session(address, app_name, partitions=partitions, conf=conf, quiet=quiet)
    except ImportError as error:
        raise SparkStartError(
            f"Connecting to {address} needs the Spark Connect client packages "
            f"({error.name} is missing): pip install 'pyspark[connect]==4.3.0'."
        ) from error


@contextlib.contextmanager
def _output_to(log_file: Path) -> Iterator[None]:
    """Point file descriptors 1 and 2 at ``log_file`` while the JVM is being started.

    The JVM inherits them and keeps writing there for its whole life; this process gets its own
    descriptors back afterwards. Jupyter captures output at the file-descriptor level, so without
    this the JVM's log lines would land in notebook cells.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with open(log_file, "ab") as log:
        try:
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log was written)"
