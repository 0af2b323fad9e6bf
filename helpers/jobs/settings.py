"""The course's one Spark configuration, and the one parser of master URLs.

Every way the course runs Spark applies the same settings: :func:`helpers.runtime.session.start_spark`
(notebooks, tests), every ``spark-submit`` run (:mod:`helpers.runtime.submit` passes them as
``--conf``), the jobs' own sessions (:mod:`helpers.jobs.classify_letters` builds its session with
:func:`course_conf`), and the local standalone cluster and Spark Connect server started by
:mod:`helpers.runtime`. They are:

* the default number of partitions (``spark.default.parallelism`` and ``spark.sql.shuffle.partitions``),
  fixed so that results do not depend on how many cores a machine has;
* the session time zone, UTC, so that dates print the same everywhere;
* no console progress bar (it would land in notebooks and logs) and the log level WARN;
* the parallel garbage collector for the driver's JVM (``-XX:+UseParallelGC``): measured on 2 cores,
  the letter forest trains ~1.5 s faster with it than with the default G1 (in local mode the driver
  runs the tasks too). It is a JVM option, so it only takes effect when the JVM starts:
  spark-submit and :func:`helpers.runtime.session.start_spark` pass it at launch;
* on this machine only: the driver bound to 127.0.0.1, so that nothing listens on the network and
  Spark does not warn about the host name.

This module is shipped to clusters with the jobs, so it needs nothing but the standard library.

Example:
    >>> parse_master("spark://127.0.0.1:7077").on_this_machine
    True
    >>> course_conf("local[2]")["spark.driver.bindAddress"]
    '127.0.0.1'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_MASTER = "local[2]"
DEFAULT_PARTITIONS = 2
LOOPBACK = "127.0.0.1"
TIME_ZONE = "UTC"
LOG_LEVEL = "WARN"
DRIVER_JAVA_OPTIONS = "-XX:+UseParallelGC"

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_LOCAL = re.compile(r"local(\[(\*|\d+)(,\s*\d+)?\])?")
_LOCAL_CLUSTER = re.compile(r"local-cluster\[\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\]")


class MasterError(ValueError):
    """A master URL that Spark would not accept; the message shows the accepted forms."""


@dataclass(frozen=True)
class Master:
    """A parsed master URL.

    Attributes:
        url: the URL as given.
        kind: ``"local"`` (``local``, ``local[N]``, ``local[*]``), ``"local-cluster"``, ``"standalone"``
            (``spark://``), ``"connect"`` (``sc://``, Spark Connect), ``"yarn"`` or ``"k8s"``.
        hosts: the host names of a ``spark://`` or ``sc://`` URL (a standalone master with standby
            masters lists several), else empty.
        port: the first host's port, when the URL gives one.
    """

    url: str
    kind: str
    hosts: tuple[str, ...] = ()
    port: int | None = None

    @property
    def on_this_machine(self) -> bool:
        """Whether the driver and every executor run on this machine only.

        True for local mode, ``local-cluster[...]``, and a standalone cluster or Connect server whose
        every host is a loopback address. A Kubernetes API server on 127.0.0.1 does not count: its
        executors run in pods and must reach the driver over the network.

        >>> parse_master("spark://localhost.example.com:7077").on_this_machine
        False
        """
        if self.kind in ("local", "local-cluster"):
            return True
        return self.kind in ("standalone", "connect") and all(h in _LOOPBACK_HOSTS for h in self.hosts)

    @property
    def is_connect(self) -> bool:
        """Whether this is a Spark Connect address (``sc://host:port``)."""
        return self.kind == "connect"


def parse_master(url: str) -> Master:
    """Parse a master URL the way Spark reads it.

    Raises:
        MasterError: the URL is not one of Spark's forms (the message lists them).

    >>> parse_master("local[2]")
    Master(url='local[2]', kind='local', hosts=(), port=None)
    >>> parse_master("spark://10.0.0.5:7077").hosts
    ('10.0.0.5',)
    >>> parse_master("k8s://https://127.0.0.1:6443").on_this_machine
    False
    """
    text = url.strip()
    if _LOCAL.fullmatch(text):
        return Master(url, "local")
    if _LOCAL_CLUSTER.fullmatch(text):
        return Master(url, "local-cluster")
    if text == "yarn":
        return Master(url, "yarn")
    if text.startswith("k8s://"):
        return Master(url, "k8s")
    for scheme, kind in (("spark://", "standalone"), ("sc://", "connect")):
        if text.startswith(scheme):
            hosts, port = _hosts_and_port(url, text[len(scheme):].split("/")[0])
            return Master(url, kind, hosts, port)
    raise MasterError(
        f"{url!r} is not a Spark master URL. Use local[N] (this machine, N task slots), "
        "spark://HOST:PORT (a standalone cluster), sc://HOST:PORT (Spark Connect), yarn or k8s://..."
    )


def _hosts_and_port(url: str, authority: str) -> tuple[tuple[str, ...], int | None]:
    """The hosts and first port of ``host1:port1,host2:port2`` (IPv6 hosts in brackets)."""
    hosts: list[str] = []
    ports: list[int | None] = []
    for part in authority.split(","):
        try:
            parsed = urlsplit(f"//{part}")
            host, port = parsed.hostname, parsed.port
        except ValueError:
            host, port = None, None
        if not host:
            raise MasterError(f"{url!r} names no host: write it as spark://HOST:PORT or sc://HOST:PORT")
        hosts.append(host)
        ports.append(port)
    return tuple(hosts), ports[0]


def course_conf(master: str | None = None, *, partitions: int = DEFAULT_PARTITIONS) -> dict[str, str]:
    """The course's Spark settings for an application on ``master``.

    Args:
        master: the master URL, or None when the application does not know it (a job under
            spark-submit); then nothing depends on it.
        partitions: the default number of partitions of RDDs and shuffles.

    >>> sorted(course_conf())  # doctest: +NORMALIZE_WHITESPACE
    ['spark.default.parallelism', 'spark.driver.extraJavaOptions', 'spark.log.level',
     'spark.sql.session.timeZone', 'spark.sql.shuffle.partitions', 'spark.ui.showConsoleProgress']
    >>> "spark.driver.host" in course_conf("spark://10.0.0.5:7077")
    False
    """
    settings = {
        "spark.default.parallelism": str(partitions),
        "spark.sql.shuffle.partitions": str(partitions),
        "spark.sql.session.timeZone": TIME_ZONE,
        "spark.ui.showConsoleProgress": "false",
        "spark.log.level": LOG_LEVEL,
        # --- scaling (issue 17): measured-best garbage collector for the driver ---
        "spark.driver.extraJavaOptions": DRIVER_JAVA_OPTIONS,
    }
    if master is not None and parse_master(master).on_this_machine:
        settings["spark.driver.host"] = LOOPBACK
        settings["spark.driver.bindAddress"] = LOOPBACK
    return settings


def session_conf(*, partitions: int = DEFAULT_PARTITIONS) -> dict[str, str]:
    """The part of :func:`course_conf` that a running session accepts (e.g. over Spark Connect).

    >>> session_conf()["spark.sql.shuffle.partitions"]
    '2'
    """
    return {
        "spark.sql.shuffle.partitions": str(partitions),
        "spark.sql.session.timeZone": TIME_ZONE,
    }
