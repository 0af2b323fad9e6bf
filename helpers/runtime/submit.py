"""Run a Spark job with ``spark-submit`` from the course's environment, the way Spark ships applications.

``spark-submit`` (it comes with the pyspark package) needs three things that a bare shell may lack:
a Java that Spark 4 accepts (``JAVA_HOME``, see :mod:`helpers.runtime.java`), the virtual environment's
``bin/`` on ``PATH`` (its ``spark-submit`` script looks for Spark there), and ``PYSPARK_PYTHON``
pointing at this Python, so that the executors run the same Python and packages as the driver.
:func:`submit_environment` provides them.

:func:`submit_command` also

* passes the course's Spark settings (:func:`helpers.jobs.settings.course_conf`) as ``--conf``, unless
  the arguments set them already;
* ships the ``helpers.jobs`` package with ``--py-files``: :func:`jobs_zip` packs it into
  ``output/jobs.zip`` (only the standard library, pyspark, py4j and numpy are needed to run it), so a
  job such as ``helpers/jobs/classify_letters.py`` runs unchanged on a cluster.

From a shell, in the repository::

    .venv/bin/python -m helpers.runtime.submit helpers/jobs/classify_letters.py \
        data/letter-recognition.data output/letters

Everything after ``helpers.runtime.submit`` is passed to ``spark-submit``: spark-submit's own options
(``--master``, ``--conf``, ``--py-files``, ...) first, then the job file and the job's arguments.
Without ``--master`` the job runs on ``local[2]``, like the notebooks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from helpers.jobs.settings import DEFAULT_MASTER, LOOPBACK, course_conf, parse_master
from helpers.runtime.java import JavaNotFoundError, ensure_java, java_environment
from helpers.runtime.paths import OUTPUT_DIR, REPO_ROOT

JOBS_PACKAGE = REPO_ROOT / "helpers" / "jobs"
USAGE = (
    "usage: python -m helpers.runtime.submit [spark-submit options] JOB [job arguments]\n"
    "Runs spark-submit with the course's Java, Python and Spark settings, shipping helpers/jobs with\n"
    "--py-files (master local[2] unless --master is given).\n"
    "Example: python -m helpers.runtime.submit helpers/jobs/classify_letters.py "
    "data/letter-recognition.data output/letters"
)
# spark-submit's options that take no value; every other option before the job file takes one.
_FLAGS = frozenset({"--verbose", "-v", "--supervise", "--help", "-h", "--version", "--kill", "--status"})


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


def split_arguments(arguments: Sequence[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Split spark-submit arguments into its options (``{option: [values]}``) and the job part.

    Both ``--master URL`` and ``--master=URL`` are understood; the job part starts at the first
    argument that is not an option or an option's value.

    >>> split_arguments(["--master=spark://10.0.0.5:7077", "--conf", "a=1", "job.py", "--trees", "5"])
    ({'--master': ['spark://10.0.0.5:7077'], '--conf': ['a=1']}, ['job.py', '--trees', '5'])
    """
    options: dict[str, list[str]] = {}
    i = 0
    while i < len(arguments) and arguments[i].startswith("-"):
        name, equals, value = arguments[i].partition("=")
        if equals:
            options.setdefault(name, []).append(value)
        elif name in _FLAGS or i + 1 == len(arguments):
            options.setdefault(name, []).append("")
        else:
            i += 1
            options.setdefault(name, []).append(arguments[i])
        i += 1
    return options, list(arguments[i:])


def jobs_zip(target: Path | None = None) -> Path:
    """Pack the ``helpers.jobs`` package (and the empty ``helpers/__init__.py``) for ``--py-files``.

    The archive is rebuilt only when a source file changed; its entries have fixed timestamps, so the
    same sources give the same bytes.

    >>> sorted(zipfile.ZipFile(jobs_zip()).namelist())[:2]  # doctest: +SKIP
    ['helpers/__init__.py', 'helpers/jobs/__init__.py']
    """
    target = target or OUTPUT_DIR / "jobs.zip"
    sources = [REPO_ROOT / "helpers" / "__init__.py", *sorted(JOBS_PACKAGE.glob("*.py"))]
    if target.exists() and target.stat().st_mtime >= max(p.stat().st_mtime for p in sources):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")  # atomic, also for two writers
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for source in sources:
            name = source.relative_to(REPO_ROOT).as_posix()
            top_init = source.parent.name == "helpers"  # helpers/__init__.py: shipped empty
            text = "" if top_init else source.read_text()
            archive.writestr(zipfile.ZipInfo(name, date_time=(2016, 1, 1, 0, 0, 0)), text)
    partial.replace(target)
    return target


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
    env = dict(os.environ if base is None else base)
    env.update(java_environment(ensure_java()))
    env["PYSPARK_PYTHON"] = sys.executable
    env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    venv_bin = str(Path(sys.executable).parent)
    paths = env.get("PATH", "").split(os.pathsep) if env.get("PATH") else []
    env["PATH"] = os.pathsep.join([venv_bin, *(p for p in paths if p != venv_bin)])
    if parse_master(master).on_this_machine:
        env.setdefault("SPARK_LOCAL_IP", LOOPBACK)
    return env


def chosen_master(arguments: Sequence[str], default: str = DEFAULT_MASTER) -> str:
    """The master the arguments give (``--master URL`` or ``--master=URL``), else ``default``.

    >>> chosen_master(["--master=spark://10.0.0.5:7077", "job.py"])
    'spark://10.0.0.5:7077'
    """
    options, _ = split_arguments(arguments)
    return options.get("--master", [default])[-1]


def submit_command(arguments: Sequence[str], *, master: str = DEFAULT_MASTER) -> list[str]:
    """The ``spark-submit`` command line for ``arguments`` (spark-submit options, job, job arguments).

    Adds ``--master master`` unless the arguments give one, the course's settings as ``--conf`` unless
    the arguments set them, and ``helpers.jobs`` to ``--py-files``.

    >>> command = submit_command(["--conf", "spark.default.parallelism=4", "job.py", "in"])
    >>> command[1:3], "spark.default.parallelism=2" in command, command[-2:]
    (['--master', 'local[2]'], False, ['job.py', 'in'])
    """
    options, job = split_arguments(arguments)
    master = options.pop("--master", [master])[-1]
    given_conf = {value.partition("=")[0] for value in options.get("--conf", [])}
    added = [f"{key}={value}" for key, value in course_conf(master).items() if key not in given_conf]
    options["--conf"] = [*added, *options.get("--conf", [])]
    options["--py-files"] = [",".join([str(jobs_zip()), *options.get("--py-files", [])])]
    command = [str(spark_submit_path()), "--master", master]
    for name, values in options.items():
        for value in values:
            command += [name] if name in _FLAGS else [name, value]
    return command + job


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
        master: used unless ``arguments`` give ``--master``.
        capture: capture stdout and stderr (as text) instead of letting them through.
        timeout: seconds before the job is killed (``subprocess.TimeoutExpired``).
        cwd: the working directory of the job (relative paths are resolved against it).

    Returns:
        The finished process; ``returncode`` is the job's exit status.

    >>> done = run_submit(["helpers/jobs/classify_letters.py", "data/letter-recognition.data",
    ...                    "output/letters"], capture=True)  # doctest: +SKIP
    >>> done.returncode  # doctest: +SKIP
    0
    """
    master = chosen_master(arguments, master)
    return subprocess.run(
        submit_command(arguments, master=master), env=submit_environment(master=master), cwd=cwd,
        capture_output=capture, text=True, timeout=timeout, check=False,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.runtime.submit [spark-submit options] JOB [job arguments]``."""
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
