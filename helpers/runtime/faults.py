"""Lose a worker while an application runs, to see Spark recompute what the worker held.

A worker of a real cluster is a machine, and machines fail. :func:`submit_losing_a_worker` runs a
``spark-submit`` job on a :class:`~helpers.runtime.standalone.StandaloneCluster` and kills one worker,
with its executors, as soon as the job prints a given line (by default the letter job's ``Read ...``
line: the data is then read, cached and split on the executors, and training starts). The job's own
log (spark-submit's output) then tells what the driver did about it; :class:`Recovery` reads that.
:class:`WorkerLoss` does the same to work done over Spark Connect (a model's fit), killing the worker
once a few more of the server's stages have run, and reads the Connect server's log. Example::

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

from helpers.runtime.cluster_state import ClusterError, get_json
from helpers.runtime.connect import ConnectServer
from helpers.runtime.standalone import StandaloneCluster
from helpers.runtime.submit import submit_command, submit_environment

READ_LINE = "Read "  # the letter job's line once its data is read and split (helpers.jobs.classify_letters)


@dataclass(frozen=True)
class Recovery:
    """What a driver's log says about lost executors and the work done again.

    Attributes:
        lost_executors: executors the driver lost (``Lost executor N``).
        rerun_tasks: tasks that were running on a lost executor and were run again elsewhere.
        lost_shuffle_files: whether the driver noted that shuffle output on the lost worker was gone
            (stages that need it are then recomputed from the lineage).
        resubmitted_stages: stages run again because output of an earlier stage was lost
            (``Resubmitting ...``).
        new_executors: executors granted after the first loss (the master's replacements).
    """

    lost_executors: int
    rerun_tasks: int
    lost_shuffle_files: bool
    resubmitted_stages: int
    new_executors: int

    @classmethod
    def from_log(cls, text: str) -> Recovery:
        """Count the driver's messages about lost executors in its log (at INFO level).

        >>> Recovery.from_log("ERROR TaskSchedulerImpl: Lost executor 1 on 127.0.0.1: worker lost\\n"
        ...                   "INFO TaskSetManager: task 0.0 in stage 9.0 (TID 6) failed because while "
        ...                   "it was being computed, its executor exited for a reason unrelated\\n"
        ...                   "INFO DAGScheduler: Shuffle files lost for worker worker-1 on host x\\n"
        ...                   "INFO StandaloneSchedulerBackend: Granted executor ID app-1/2 on hostPort x")
        ... # doctest: +NORMALIZE_WHITESPACE
        Recovery(lost_executors=1, rerun_tasks=1, lost_shuffle_files=True, resubmitted_stages=0,
                 new_executors=1)
        """
        lost = re.search(r"Lost executor \d+", text)
        after = text[lost.start():] if lost else ""
        return cls(
            lost_executors=len(set(re.findall(r"Lost executor (\d+)", text))),
            rerun_tasks=len(re.findall(r"Lost task \S+ in stage|its executor exited for a reason", text)),
            lost_shuffle_files="Shuffle files lost for" in text,
            resubmitted_stages=len(re.findall(r"Resubmitting (?:Shuffle|Result)", text)),
            new_executors=len(re.findall(r"Granted executor ID", after)),
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


class WorkerLoss:
    """Kill a worker while a Spark Connect server works, once ``after_stages`` more of its stages are done.

    Used as a ``with`` block around the work (a model's fit over Connect, run in this process or in
    another one): a thread follows the server's completed stages in its Spark UI's REST API
    (``/api/v1``), kills the worker when they are due, and, at the end of the block, reads from the
    server's log what the driver did about it. Example::

        >>> with WorkerLoss(cluster, server, after_stages=3) as loss:     # doctest: +SKIP
        ...     model = pipeline.fit(train)
        >>> loss.worker, loss.recovery.lost_executors                     # doctest: +SKIP
        ('worker-1', 1)
    """

    def __init__(self, cluster: StandaloneCluster, server: ConnectServer, *, after_stages: int = 3,
                 worker: str | None = None, poll: float = 0.2):
        self.cluster, self.server = cluster, server
        self.after_stages, self.which, self.poll = after_stages, worker, poll
        self.worker: str | None = None
        self.recovery = Recovery(0, 0, False, 0, 0)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._log_start = 0
        self._error: Exception | None = None

    def _completed_stages(self) -> int | None:
        """The server's completed stages, or None when its UI is too busy to answer right now."""
        api = f"{self.server.ui_url}/api/v1/applications"
        try:
            app = get_json(api, 30.0, "the Spark Connect server's UI")[0]["id"]
            return len(get_json(f"{api}/{app}/stages?status=complete", 30.0, "the Spark Connect server's UI"))
        except ClusterError:
            return None

    def _watch(self) -> None:
        try:
            before = None
            while before is None and not self._done.is_set():
                before = self._completed_stages()
            while not self._done.wait(self.poll):
                done = self._completed_stages()
                if done is not None and done >= before + self.after_stages:
                    self.worker = self.cluster.kill_worker(self.which)
                    return
        except Exception as error:  # reported by __exit__, in the caller's thread
            self._error = error

    def __enter__(self) -> WorkerLoss:
        self._log_start = self.server.log.stat().st_size if self.server.log.exists() else 0
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc_info: object) -> None:
        self._done.set()
        self._thread.join(timeout=60)
        with self.server.log.open(errors="replace") as log:
            log.seek(self._log_start)
            self.recovery = Recovery.from_log(log.read())
        if self._error is not None and kind is None:
            raise self._error
