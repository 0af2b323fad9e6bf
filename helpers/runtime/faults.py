"""Lose a worker while an application runs, to see Spark recompute what the worker held.

A worker of a real cluster is a machine, and machines fail. :func:`submit_losing_a_worker` runs a
``spark-submit`` job on a :class:`~helpers.runtime.standalone.StandaloneCluster` and kills one worker,
with its executors, as soon as the job prints a given line (by default the letter job's ``Read ...``
line: the data is then read, cached and split on the executors, and training starts). The job's own
log (spark-submit's output) then tells what the driver did about it; :class:`Recovery` reads that.
Example::

    >>> run = submit_losing_a_worker(cluster, ["helpers/jobs/classify_letters.py", "data/...", "out"])
    ...                                                                    # doctest: +SKIP
    >>> run.worker, run.recovery.lost_executors                            # doctest: +SKIP
    ('worker-1', 1)
"""

from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from helpers.runtime.standalone import StandaloneCluster
from helpers.runtime.submit import submit_command, submit_environment

READ_LINE = "Read "  # the letter job's line once its data is read and split (helpers.jobs.classify_letters)


@dataclass(frozen=True)
class Recovery:
    """What a driver's log says about lost executors and the work done again.

    Attributes:
        lost_executors: executors the driver lost (``Lost executor N``).
        failed_tasks: tasks that failed with their executor and were run again elsewhere.
        resubmitted_stages: stages run again because output of an earlier stage was lost with the
            executor (``Resubmitting ...``), i.e. recomputed from the lineage.
    """

    lost_executors: int
    failed_tasks: int
    resubmitted_stages: int

    @classmethod
    def from_log(cls, text: str) -> Recovery:
        """Count the driver's messages about lost executors in its log.

        >>> Recovery.from_log("ERROR TaskSchedulerImpl: Lost executor 1 on 127.0.0.1: worker lost\\n"
        ...                   "WARN TaskSetManager: Lost task 0.0 in stage 7.0 (TID 9) (127.0.0.1 "
        ...                   "executor 1): ExecutorLostFailure\\nINFO DAGScheduler: Resubmitting "
        ...                   "ShuffleMapStage 5 (...) due to executor lost")
        Recovery(lost_executors=1, failed_tasks=1, resubmitted_stages=1)
        """
        return cls(
            lost_executors=len(set(re.findall(r"Lost executor (\d+)", text))),
            failed_tasks=len(re.findall(r"Lost task \S+ in stage", text)),
            resubmitted_stages=len(re.findall(r"Resubmitting (?:Shuffle|Result)", text)),
        )


@dataclass(frozen=True)
class FaultRun:
    """A job run during which a worker was killed.

    Attributes:
        returncode: the job's exit status.
        stdout: what the job printed.
        log: spark-submit's log (the driver's messages), also written to ``log_file``.
        worker: the worker killed, or None if the job ended before the trigger line.
        recovery: what the driver's log says it did about the loss.
    """

    returncode: int
    stdout: str
    log: str
    log_file: Path
    worker: str | None
    recovery: Recovery


def submit_losing_a_worker(cluster: StandaloneCluster, arguments: Sequence[str], *, after: str = READ_LINE,
                           worker: str | None = None, cwd: str | Path | None = None,
                           timeout: float = 900.0) -> FaultRun:
    """Run ``spark-submit`` on ``cluster`` and kill a worker once the job prints a line starting ``after``.

    Args:
        cluster: a running cluster; the job gets its master URL and :meth:`~StandaloneCluster.app_conf`.
        arguments: the job file and its arguments (spark-submit options may come first).
        after: the start of the job's output line after which the worker dies.
        worker: which worker to kill (default: the first running one).
        cwd: the job's working directory.
        timeout: seconds before the job is killed (``subprocess.TimeoutExpired``).
    """
    # The driver logs at INFO here (to the log file, not the output), so that the recovery shows.
    settings = {**cluster.app_conf(), "spark.log.level": "INFO"}
    conf = [f"--conf={key}={value}" for key, value in settings.items()]
    command = submit_command([*conf, *arguments], master=cluster.master_url)
    env = {**submit_environment(master=cluster.master_url), "PYTHONUNBUFFERED": "1"}
    log_file = cluster.folder / "submit-losing-a-worker.log"
    killed: list[str] = []
    with subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, stdin=subprocess.DEVNULL) as job:
        log_lines: list[str] = []
        reader = threading.Thread(target=lambda: log_lines.extend(job.stderr), daemon=True)
        reader.start()
        out_lines = []
        watchdog = threading.Timer(timeout, job.kill)
        watchdog.start()
        try:
            for line in job.stdout:
                out_lines.append(line)
                if line.startswith(after) and not killed:
                    killed.append(cluster.kill_worker(worker))
            job.wait()
        except BaseException:
            job.kill()
            raise
        finally:
            watchdog.cancel()
        reader.join(timeout=30)
    if job.returncode < 0 and not watchdog.is_alive() and watchdog.finished.is_set():
        raise subprocess.TimeoutExpired(command, timeout, "".join(out_lines))
    log = "".join(log_lines)
    log_file.write_text(log)
    return FaultRun(job.returncode, "".join(out_lines), log, log_file, killed[0] if killed else None,
                    Recovery.from_log(log))
