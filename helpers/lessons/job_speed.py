"""How much faster the course's job is than the talk's code: fresh processes, alternating, medians.

``python -m helpers.lessons.job_speed`` runs, in each round, the talk's code
(:mod:`helpers.jobs.talk_classify_letters`, quoted from the talk, its training timed by
:mod:`helpers.jobs.timed_talk`) and the course's job (:mod:`helpers.jobs.classify_letters` with its
defaults), each in a fresh ``spark-submit`` process on ``local[2]``, in alternating order (ABBA), for
at least three rounds. It reports the median training time and whole-process time of each, their
ratios and the accuracies, and writes them with the machine's description to a JSON file.

Then it profiles: one more run of each with Spark's event log on, whose stages
(:mod:`helpers.lessons.timeline`) show where each one's time goes: the JVM's start, reading and scoring,
the forest's two stages per tree level, and the driver's time between them. That shows what bounds the
job's speed-up: what is left once the settings have done their part.

The talk's code runs as the talk ran it: ``spark-submit --master local[2]`` with Spark's defaults
(none of the course's settings). The job runs as the course runs it: through
:mod:`helpers.runtime.submit`. ``--job-args`` adds options to the job (``--job-args=--api=mllib``
measures the talk's path inside the course's job).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from helpers.jobs import classify_letters, timed_talk
from helpers.lessons.benchmark import OK, machine, median, run_point
from helpers.lessons.data import letter_data_path
from helpers.lessons.timeline import (
    BEST_SPLIT,
    PHASES,
    START,
    STATISTICS,
    Stage,
    latest_event_log,
    phases,
    read_event_log,
)
from helpers.runtime.java import ensure_java
from helpers.runtime.paths import OUTPUT_DIR
from helpers.runtime.submit import jobs_zip, spark_submit_path, submit_command, submit_environment

RESULTS = OUTPUT_DIR / "job-speed" / "results.json"
MASTER = "local[2]"
TALK, JOB = "talk's code", "course's job"


def talk_command(data: Path) -> list[str]:
    """spark-submit of the talk's code with Spark's defaults, its training timed."""
    return [str(spark_submit_path()), "--master", MASTER, "--py-files", str(jobs_zip()),
            timed_talk.__file__, str(data)]


def job_command(data: Path, output: Path, job_args: Sequence[str] = ()) -> list[str]:
    """The course's job, as :mod:`helpers.runtime.submit` runs it."""
    return submit_command([classify_letters.__file__, str(data), str(output), *job_args], master=MASTER)


def fresh_command(which: str, data: Path, output: Path, job_args: Sequence[str]) -> list[str]:
    """The command of one run of the talk's code or the job; the job's output folder is emptied first
    (the job refuses to overwrite results)."""
    shutil.rmtree(output, ignore_errors=True)
    return talk_command(data) if which == TALK else job_command(data, output, job_args)


def with_event_log(command: Sequence[str], folder: Path) -> list[str]:
    """``command`` (a spark-submit command) with Spark's event log written to ``folder``.

    >>> with_event_log(["spark-submit", "--master", "local[2]", "job.py"], Path("/tmp/logs"))[1:5]
    ['--conf', 'spark.eventLog.enabled=true', '--conf', 'spark.eventLog.dir=/tmp/logs']
    """
    folder.mkdir(parents=True, exist_ok=True)
    return [command[0], "--conf", "spark.eventLog.enabled=true", "--conf", f"spark.eventLog.dir={folder}",
            *command[1:]]


def _number_after(prefix: str, output: str) -> float | None:
    """The number printed after ``prefix`` on a line of ``output``.

    >>> _number_after("TRAINING SECONDS: ", "x\\nTRAINING SECONDS: 21.5\\n")
    21.5
    """
    for line in output.splitlines():
        if line.startswith(prefix):
            return float(line[len(prefix):].split()[0])
    return None


def run_once(which: str, data: Path, scratch: Path, job_args: Sequence[str]) -> dict[str, Any]:
    """One fresh-process run of the talk's code or the job: times, accuracy, peak memory."""
    output = scratch / "letters"
    command = fresh_command(which, data, output, job_args)
    load = round(os.getloadavg()[0], 2)
    run = run_point(command, env=submit_environment(master=MASTER), timeout=1200)
    accuracy = _number_after("PERCENTAGE CORRECTLY CLASSIFIED: ", run.output)
    if which == TALK:
        train = _number_after(timed_talk.TRAINING_LINE, run.output)
        train_cpu = _number_after(timed_talk.TRAINING_CPU_LINE, run.output)
    else:
        metrics_file = output / "metrics.json"
        metrics = json.loads(metrics_file.read_text()) if metrics_file.exists() else {}
        train = metrics.get("timings_seconds", {}).get("train")
        train_cpu = metrics.get("jvm_cpu_seconds", {}).get("train")
    status = run.status if train is not None or run.status != OK else "failed"
    return {"which": which, "status": status, "load_1min": load, "train_seconds": train,
            "process_seconds": round(run.seconds, 2), "train_cpu_seconds": train_cpu,
            "process_cpu_seconds": run.cpu_seconds, "accuracy": accuracy, "peak_mb": run.peak_mb,
            **({} if status == OK else {"tail": run.output[-1500:]})}


def profile_of(stages: Sequence[Stage], app_seconds: float, process_seconds: float) -> dict[str, Any]:
    """Where one run's time went: the whole process, and its training (first to last forest stage).

    >>> level = [Stage(0, 1, "mapPartitions at RandomForest.scala:1", 5.0, 6.0, 2, 2.0, 1.5, 0.1, 1.0),
    ...          Stage(0, 2, "collectAsMap at RandomForest.scala:2", 6.0, 6.5, 2, 1.0, 0.5, 0.0, 0.1),
    ...          Stage(1, 3, "mapPartitions at RandomForest.scala:1", 7.5, 8.0, 2, 1.0, 0.5, 0.0, 1.0),
    ...          Stage(1, 4, "collectAsMap at RandomForest.scala:2", 8.0, 9.0, 2, 1.0, 0.5, 0.0, 0.1)]
    >>> profile = profile_of(level, app_seconds=12.0, process_seconds=15.0)
    >>> profile["training_seconds"], profile["training"]["driver between jobs"], profile["tree_level_passes"]
    (4.0, 1.0, 2)
    """
    forest = [stage for stage in stages if stage.phase in (STATISTICS, BEST_SPLIT)]
    begin, end = (min(s.start for s in forest), max(s.end for s in forest)) if forest else (0.0, 0.0)
    during = [stage for stage in stages if stage.start >= begin and stage.end <= end]
    training = phases(during, end - begin)
    del training[START]
    return {"status": OK, "process_seconds": round(process_seconds, 2),
            "phases": phases(stages, app_seconds, start_seconds=max(0.0, process_seconds - app_seconds)),
            "training_seconds": round(end - begin, 2), "training": training,
            "tree_level_passes": sum(stage.phase == STATISTICS for stage in stages),
            "forest_task_cpu_seconds": round(sum(stage.cpu_seconds for stage in forest), 2),
            "forest_task_gc_seconds": round(sum(stage.gc_seconds for stage in forest), 2)}


def profile_once(which: str, data: Path, scratch: Path, job_args: Sequence[str]) -> dict[str, Any]:
    """One run of the talk's code or the job with the event log on, and its :func:`profile_of`."""
    output, logs = scratch / "letters", scratch / "eventlog" / which.split("'")[0]
    shutil.rmtree(logs, ignore_errors=True)
    command = fresh_command(which, data, output, job_args)
    run = run_point(with_event_log(command, logs), env=submit_environment(master=MASTER), timeout=1200)
    if run.status != OK:
        return {"status": run.status, "tail": run.output[-1500:]}
    stages, app_start, app_end = read_event_log(latest_event_log(logs))
    return profile_of(stages, app_end - app_start, run.seconds)


def compare(rounds: int = 3, *, job_args: Sequence[str] = (), results: Path = RESULTS,
            progress: bool = True, profile: bool = True) -> dict[str, Any]:
    """Run ``rounds`` rounds (ABBA order); return and write the runs and their medians and ratios."""
    from tqdm.auto import tqdm

    data, scratch = letter_data_path(), results.parent / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    before = machine(ensure_java().describe())
    runs = []
    with tqdm(total=2 * rounds + 2 * profile, disable=not progress, desc="talk vs job", unit="run") as bar:
        for round_number in range(rounds):
            order = (TALK, JOB) if round_number % 2 == 0 else (JOB, TALK)
            for which in order:
                runs.append({"round": round_number, **run_once(which, data, scratch, job_args)})
                bar.update()
        profiles = {}
        for which in (TALK, JOB) if profile else ():
            profiles[which] = profile_once(which, data, scratch, job_args)
            bar.update()
    summary = {}
    for which in (TALK, JOB):
        done = [r for r in runs if r["which"] == which and r["status"] == OK]
        summary[which] = {key: median([r[key] for r in done if r[key] is not None]) for key in
                          ("train_seconds", "process_seconds", "train_cpu_seconds", "process_cpu_seconds",
                           "accuracy")}
        summary[which]["min_accuracy"] = min((r["accuracy"] for r in done), default=None)
    talk, job = summary[TALK], summary[JOB]
    ratios = {key: (talk[key] / job[key] if talk[key] and job[key] else None)
              for key in ("train_seconds", "process_seconds", "train_cpu_seconds", "process_cpu_seconds")}
    report = {"machine": before, "load_average_after": machine()["load_average_1min"], "rounds": rounds,
              "method": "fresh spark-submit processes on local[2], alternating ABBA, medians",
              "job_args": list(job_args), "runs": runs, "summary": summary, "speed_up": ratios,
              "profile": profiles}
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(report, indent=1) + "\n")
    shutil.rmtree(scratch, ignore_errors=True)
    return report


def table(report: dict[str, Any]) -> str:
    """The medians and ratios as a small text table: wall-clock seconds, and CPU seconds."""
    keys = ("train_seconds", "process_seconds", "train_cpu_seconds", "process_cpu_seconds")
    lines = [f"{'':<14} {'train s':>8} {'process s':>10} {'train CPU s':>12} {'process CPU s':>14} "
             f"{'accuracy':>9} {'min acc.':>9}"]
    for which, row in report["summary"].items():
        numbers = " ".join(f"{row.get(k) or 0:>{w}.1f}" for k, w in zip(keys, (8, 10, 12, 14), strict=True))
        lines.append(f"{which:<14} {numbers} {row['accuracy'] or 0:>9.4f} {row['min_accuracy'] or 0:>9.4f}")
    speed = report["speed_up"]
    ratios = " ".join(f"{speed.get(k) or 0:>{w - 1}.2f}x" for k, w in zip(keys, (8, 10, 12, 14), strict=True))
    lines.append(f"{'speed-up':<14} {ratios}")
    return "\n".join(lines)


def profile_table(report: dict[str, Any]) -> str:
    """Where each one's time went (one event-logged run each): the whole process, then its training.

    >>> both = {"status": "ok", "process_seconds": 9.0, "phases": dict.fromkeys(PHASES, 1.0),
    ...         "training_seconds": 4.0, "training": dict.fromkeys(PHASES[1:], 1.0), "tree_level_passes": 4,
    ...         "forest_task_cpu_seconds": 2.0, "forest_task_gc_seconds": 0.5}
    >>> print(profile_table({"profile": {TALK: both, JOB: both}}).splitlines()[-3])
    training per tree-level pass               1.00         1.00
    """
    profiles = {which: p for which, p in report.get("profile", {}).items() if p.get("status") == OK}
    if not profiles:
        return "no profile"
    rows: list[tuple[str, Any]] = [
        ("whole process", lambda p: p["process_seconds"]),
        ("  JVM and Spark start", lambda p: p["phases"][START]),
        ("  before and after training", lambda p: p["process_seconds"] - p["phases"][START]
         - p["training_seconds"]),
        ("  training", lambda p: p["training_seconds"]),
        *((f"    {phase}", lambda p, phase=phase: p["training"][phase]) for phase in PHASES[1:]),
        ("tree-level passes", lambda p: p["tree_level_passes"]),
        ("training per tree-level pass", lambda p: p["training_seconds"] / max(1, p["tree_level_passes"])),
        ("forest tasks' CPU", lambda p: p["forest_task_cpu_seconds"]),
        ("forest tasks' GC", lambda p: p["forest_task_gc_seconds"]),
    ]
    lines = [f"{'where the time goes (s)':<34} " + " ".join(f"{which:>12}" for which in profiles)]
    for name, value in rows:
        digits = 0 if name == "tree-level passes" else 2
        lines.append(f"{name:<34} " + " ".join(f"{value(p):>12.{digits}f}" for p in profiles.values()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.lessons.job_speed [--rounds N] [--job-args=...] [--output FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.lessons.job_speed",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of one run each (at least 3)")
    parser.add_argument("--job-args", default="", help="options for the job, comma-separated")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-profile", action="store_true", help="skip the two event-logged profile runs")
    args = parser.parse_args(argv)
    if args.rounds < 3:
        parser.error("use at least 3 rounds: a median of fewer says little on a noisy machine")
    report = compare(args.rounds, job_args=[a for a in args.job_args.split(",") if a], results=args.output,
                     profile=not args.no_profile)
    print(table(report))
    print()
    print(profile_table(report))
    print(f"Results: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
