"""Which machine a measurement was taken on, in one line: CPUs, processor, memory, load, OS and Java.

A time stored in a notebook means little without the machine that produced it: the course prints
:func:`describe_machine` next to every timing it keeps, so that a reader can compare like with like.

Example:
    >>> describe_machine(java="Java 17").startswith("measured on ")
    True
"""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

import psutil


def processor_name() -> str:
    """The processor's model name (``/proc/cpuinfo`` on Linux, ``sysctl`` on macOS), or its architecture.

    >>> isinstance(processor_name(), str)
    True
    """
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    if platform.system() == "Darwin":
        try:
            done = subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True,
                                  text=True, timeout=10)
            if done.returncode == 0 and done.stdout.strip():
                return done.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return platform.machine() or "unknown processor"


def describe_machine(java: str | None = None) -> str:
    """One line saying what a timing was measured on.

    Args:
        java: the Java that ran Spark, e.g. ``"Java 17"`` (see :func:`spark_java`); left out if None.

    The load average (processes waiting for a CPU, over the last minute) says whether the machine was
    busy with other work at the time.

    >>> "CPUs" in describe_machine()
    True
    """
    parts = [f"{os.cpu_count()} CPUs ({processor_name()})",
             f"{psutil.virtual_memory().total / 2**30:.0f} GiB",
             f"load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "",
             f"{platform.system()} {platform.machine()}",
             f"Python {platform.python_version()}",
             java or ""]
    return "measured on " + " · ".join(part for part in parts if part)


def spark_java(spark: object) -> str:
    """The Java that runs a classic Spark session's JVM, e.g. ``Java 17.0.15`` (empty over Spark Connect).

    >>> spark_java(object())
    ''
    """
    try:
        jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
        return f"Java {jvm.java.lang.System.getProperty('java.version')}"
    except Exception:  # Spark Connect has no JVM in this process
        return ""
