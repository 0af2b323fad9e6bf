"""Benchmark plumbing: run one point in a fresh process, watch its memory by role, describe the machine.

Every point of the course's benchmarks (:mod:`helpers.lessons.scaling`, :mod:`helpers.lessons.job_speed`)
runs as its own process tree, started here by :func:`run_point`, which

* samples the resident memory (RSS) of every process of the tree with psutil, five times a second,
  and keeps each role's peak: the driver's JVM, executor JVMs (a standalone cluster's executors are
  the workers' children, so they are found by name), Python workers, the driver's Python;
* kills the whole tree when the point runs over its time limit, and records ``timeout`` (and kills it
  too when the benchmark itself is interrupted);
* records ``out of memory`` when Java or Python said so, and ``failed`` for any other error.

:func:`machine` describes the machine for the results file; :func:`median` keeps the median of the
repeats of a point.
"""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psutil

OK, TIMEOUT, OUT_OF_MEMORY, FAILED = "ok", "timeout", "out of memory", "failed"
ROLES = ("driver JVM", "executor JVMs", "Python workers", "driver Python")
SAMPLE_SECONDS = 0.2
_OOM_SIGNS = ("java.lang.OutOfMemoryError", "MemoryError", "Cannot allocate memory")


@dataclass
class PointRun:
    """What one run of a point gave.

    Attributes:
        status: ``"ok"``, ``"timeout"``, ``"out of memory"`` or ``"failed"``.
        seconds: wall-clock time of the whole process, start to end.
        cpu_seconds: CPU time (user + system) of the whole process tree, from the operating system's
            accounting of finished children (a busy machine stretches it far less than ``seconds``).
        peak_mb: the peak resident memory of each role (MB) that had a process.
        output: what the process printed (stdout and stderr).
        sampled_cpu_seconds: CPU time (user + system) of every process seen in the tree, as last
            sampled: it also counts processes that their parent never waited for (a kernel's JVM), which
            ``cpu_seconds`` misses, and misses the last fifth of a second of each.
    """

    status: str
    seconds: float
    cpu_seconds: float | None = None
    peak_mb: dict[str, float] = field(default_factory=dict)
    output: str = ""
    sampled_cpu_seconds: float | None = None


def role_of(cmdline: Sequence[str]) -> str:
    """The role of a process in a Spark application, from its command line.

    >>> role_of(["java", "-cp", "x", "org.apache.spark.deploy.SparkSubmit", "job.py"])
    'driver JVM'
    >>> role_of(["python", "-m", "pyspark.daemon"])
    'Python workers'
    """
    text = " ".join(cmdline)
    if "CoarseGrainedExecutorBackend" in text:
        return "executor JVMs"
    if "java" in (cmdline[0] if cmdline else "") or "org.apache.spark" in text:
        return "driver JVM"
    if "pyspark.daemon" in text or "pyspark.worker" in text or "pyspark/daemon" in text:
        return "Python workers"
    return "driver Python"


def _sample(root: psutil.Process, peaks: dict[str, float], watch_executors: bool,
            cpu: dict[int, float]) -> None:
    """Add this moment's memory of each role to ``peaks`` (MB), keeping the larger value, and each
    process's CPU seconds so far to ``cpu`` (by process id)."""
    processes = [root]
    with contextlib.suppress(psutil.Error):
        processes += root.children(recursive=True)
    if watch_executors:
        for process in psutil.process_iter(["cmdline"]):
            if "CoarseGrainedExecutorBackend" in " ".join(process.info["cmdline"] or ()):
                processes.append(process)
    now: dict[str, float] = {}
    for process in {p.pid: p for p in processes}.values():
        try:
            rss = process.memory_info().rss
            if rss == 0:  # exited, not yet reaped (a zombie has no memory to count)
                continue
            times = process.cpu_times()
            cpu[process.pid] = times.user + times.system
            role = role_of(process.cmdline())
            now[role] = now.get(role, 0.0) + rss / 2**20
        except psutil.Error:
            continue
    for role, megabytes in now.items():
        peaks[role] = max(peaks.get(role, 0.0), megabytes)


def run_point(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 1800,
    watch_executors: bool = False,
    cwd: str | None = None,
) -> PointRun:
    """Run ``command`` as a fresh process tree, watching its memory; kill it after ``timeout`` s.

    >>> run = run_point(["python3", "-c", "import time; time.sleep(1); print('hi')"])
    >>> run.status, run.output.strip(), run.peak_mb["driver Python"] > 1
    ('ok', 'hi', True)
    """
    started = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, env=dict(env) if env is not None else None, cwd=cwd, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    peaks: dict[str, float] = {}
    cpu_by_process: dict[int, float] = {}
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)
    reader.start()
    root = psutil.Process(process.pid)
    status = None
    try:
        while process.poll() is None:
            _sample(root, peaks, watch_executors, cpu_by_process)
            if time.perf_counter() - started > timeout:
                _kill_tree(process)
                status = TIMEOUT
                break
            time.sleep(SAMPLE_SECONDS)
    except BaseException:  # interrupted (Ctrl-C, a test's time-out): leave no process behind
        _kill_tree(process)
        raise
    process.wait()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    reader.join(timeout=10)
    text = "".join(output)
    if status is None:
        status = OK if process.returncode == 0 else (
            OUT_OF_MEMORY if any(sign in text for sign in _OOM_SIGNS) else FAILED)
    return PointRun(status, seconds, round(cpu, 2), {role: round(mb, 1) for role, mb in peaks.items()}, text,
                    round(sum(cpu_by_process.values()), 2))


def _kill_tree(process: subprocess.Popen) -> None:
    """Stop the process group of ``process`` (its whole tree), by its id."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def median(values: Sequence[float]) -> float | None:
    """The median of the values, or None when there are none.

    >>> median([3.0, 1.0, 2.0]), median([])
    (2.0, None)
    """
    return statistics.median(values) if values else None


def machine(java: str | None = None) -> dict[str, Any]:
    """A description of this machine for a results file: CPU, cores, memory, OS, Python, Java.

    >>> sorted(machine())[:3]
    ['cores', 'cpu', 'java']
    """
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": psutil.cpu_count(logical=True),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "java": java,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
