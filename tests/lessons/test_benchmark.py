"""helpers.lessons.benchmark: fresh processes, their memory by role, time-outs and failures."""

from __future__ import annotations

import sys

import psutil

from helpers.lessons.benchmark import FAILED, OK, OUT_OF_MEMORY, TIMEOUT, machine, median, role_of, run_point


def test_a_point_reports_its_output_time_and_peak_memory() -> None:
    code = "x = bytearray(80 * 2**20); import time; time.sleep(0.6); print('done')"
    run = run_point([sys.executable, "-c", code])
    assert run.status == OK and run.output.strip() == "done"
    assert run.peak_mb["driver Python"] > 80
    assert run.seconds >= 0.6


def test_a_point_over_its_time_is_killed_with_its_children_and_recorded() -> None:
    code = ("import subprocess, sys, time; "
            "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); time.sleep(60)")
    run = run_point([sys.executable, "-c", code], timeout=1.5)
    assert run.status == TIMEOUT and run.seconds < 20
    leftovers = [p for p in psutil.process_iter(["cmdline"])
                 if "time.sleep(60)" in " ".join(p.info["cmdline"] or ())]
    assert leftovers == []


def test_out_of_memory_and_other_failures_are_told_apart() -> None:
    oom = run_point([sys.executable, "-c", "raise MemoryError"])
    failed = run_point([sys.executable, "-c", "raise SystemExit(3)"])
    assert (oom.status, failed.status) == (OUT_OF_MEMORY, FAILED)


def test_roles_come_from_the_command_line() -> None:
    executor = ["/usr/bin/java", "org.apache.spark.executor.CoarseGrainedExecutorBackend"]
    assert role_of(executor) == "executor JVMs"
    assert role_of(["/x/bin/java", "-cp", "jars/*", "org.apache.spark.deploy.SparkSubmit"]) == "driver JVM"
    assert role_of(["/venv/bin/python", "-m", "pyspark.daemon"]) == "Python workers"
    assert role_of(["/venv/bin/python", "job.py"]) == "driver Python"


def test_median_and_machine() -> None:
    assert median([5.0, 1.0, 3.0, 2.0]) == 2.5
    described = machine("Java 17")
    assert described["cores"] >= 1 and described["memory_gb"] > 0 and described["java"] == "Java 17"
