"""CPU seconds used by the JVM that runs this Python driver: a timing that a busy machine disturbs less.

Under ``spark-submit`` the Python driver is a child of the driver's JVM, which (in local mode) also
runs every task. On a machine shared with other work, wall-clock times stretch with the load; the
CPU time the JVM spent on a step stretches much less, so the benchmarks record both.
:func:`jvm_cpu_seconds` reads it from ``/proc`` (Linux); elsewhere it returns None.

This module is shipped to clusters with the jobs: it needs only the standard library.
"""

from __future__ import annotations

import os


def process_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds of process ``pid`` so far (threads included), or None off Linux.

    >>> process_cpu_seconds(os.getpid()) >= 0
    True
    """
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    user, system = int(fields[11]), int(fields[12])  # utime and stime, fields 14 and 15 of stat(5)
    return (user + system) / os.sysconf("SC_CLK_TCK")


def jvm_cpu_seconds() -> float | None:
    """CPU seconds used so far by the parent process: the driver's JVM under spark-submit."""
    return process_cpu_seconds(os.getppid())
