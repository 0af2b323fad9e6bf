"""The scaling benchmark: the letter forest on N rows with scikit-learn, Spark and XGBoost on Spark.

For each size N (default 20,000, 200,000 and 2,000,000 rows; the data is grown by Spark with
:mod:`helpers.jobs.grow_letters` and kept in ``output/grown/``), each engine trains the talk's
forest (50 trees, depth 16) in a fresh process, and the time, accuracy and peak memory of each
process role are recorded (:func:`helpers.lessons.benchmark.run_point`). The engines:

* ``scikit-learn``: :mod:`helpers.lessons.sklearn_forest`, all cores of this machine;
* ``Spark local[1]`` and ``Spark local[2]``: :mod:`helpers.jobs.forest_benchmark` (the course's job
  code, DataFrame path) in local mode with 1 and 2 task slots;
* ``Spark cluster``: the same on a real Spark standalone cluster, by default the course's own
  (:class:`helpers.runtime.standalone.StandaloneCluster`, as in notebook 07): a master and two workers
  with one core and :data:`EXECUTOR_MB` MB each on 127.0.0.1, started once before the first cluster
  point and stopped by PID after the last; each point's executors are fresh JVMs on the workers
  (``--cluster spark://HOST:PORT`` uses a standalone cluster you started instead);
* ``XGBoost on Spark``: :mod:`helpers.lessons.xgboost_forest`, XGBoost's random forest run by
  ``xgboost.spark`` on local[2].

Each point is repeated (``--repeats``, round robin so that a noisy minute hits every engine alike)
and the median kept; a point whose first run took over ``--long`` seconds (default 300) is not
repeated, since a few seconds of noise matter little there. Each run records the machine's load
average when it started. A point that runs out of memory or time is recorded as such, is not repeated,
and the engine is not run on larger sizes. Results go to a JSON file with the machine's description;
a table is printed. From a shell::

    python -m helpers.lessons.scaling                       # 20k, 200k, 2M rows, 3 repeats
    python -m helpers.lessons.scaling --sizes 2000,20000 --repeats 1 --engines scikit-learn,"Spark local[2]"
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from helpers.jobs import forest_benchmark, grow_letters
from helpers.jobs.forest import DEFAULT_DEPTH, DEFAULT_TREES
from helpers.jobs.forest_benchmark import RESULT_PREFIX
from helpers.lessons import sklearn_forest, xgboost_forest
from helpers.lessons.benchmark import OK, machine, median, run_point
from helpers.lessons.data import letter_data_path
from helpers.runtime.java import ensure_java
from helpers.runtime.paths import OUTPUT_DIR
from helpers.runtime.standalone import StandaloneCluster, app_settings
from helpers.runtime.submit import run_submit, submit_command, submit_environment

SKLEARN, SPARK_1, SPARK_2, CLUSTER, XGBOOST = (
    "scikit-learn", "Spark local[1]", "Spark local[2]", "Spark cluster", "XGBoost on Spark")
ENGINES = (SKLEARN, SPARK_1, SPARK_2, CLUSTER, XGBOOST)
DEFAULT_SIZES = (20_000, 200_000, 2_000_000)
ORIGINAL_ROWS = 20_000
DRIVER_MEMORY = "4g"  # the default 1g runs out of memory at 200,000 rows (measured)
EXECUTOR_MB = 3072
CLUSTER_WORKERS = 2  # one core each: the same two cores as local[2], in three JVMs instead of one
RESULTS = OUTPUT_DIR / "scaling" / "results.json"


@dataclass
class Plan:
    """What to run: sizes, engines, repeats, the time limit per point, the forest, where things go."""

    sizes: tuple[int, ...] = DEFAULT_SIZES
    engines: tuple[str, ...] = ENGINES
    repeats: int = 3
    timeout: float = 1800
    long: float = 300
    cluster: str | None = None  # a standalone master's URL; None: start the course's own cluster
    trees: int = DEFAULT_TREES
    depth: int = DEFAULT_DEPTH
    data_dir: Path = OUTPUT_DIR / "grown"
    results: Path = RESULTS
    event_logs: Path | None = None  # write each Spark point's event log here


def letter_rows(rows: int, data_dir: Path) -> Path:
    """The letter data with ``rows`` rows: the UCI file for 20,000, else grown once into ``data_dir``.

    Raises:
        RuntimeError: growing the data failed (the message has spark-submit's last lines).
    """
    if rows == ORIGINAL_ROWS:
        return letter_data_path()
    target = data_dir / f"letters-{rows}"
    if not (target / "_SUCCESS").exists():
        if target.exists():
            raise RuntimeError(f"{target} is incomplete (no _SUCCESS file): remove it and run again")
        done = run_submit([grow_letters.__file__, str(letter_data_path()), str(target), str(rows)],
                          capture=True)
        if done.returncode:
            raise RuntimeError(f"growing {rows} rows failed:\n{done.stdout[-2000:]}")
    return target


def point_command(engine: str, data: Path, plan: Plan, cluster: str | None = None
                  ) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run ``engine`` on ``data`` in a fresh process.

    ``cluster`` is the standalone master's URL for the cluster engine (default: ``plan.cluster``).
    """
    forest = ["--trees", str(plan.trees), "--depth", str(plan.depth)]
    if engine == SKLEARN:
        return [sys.executable, "-m", sklearn_forest.__name__, str(data), *forest], submit_environment()
    cluster = cluster or plan.cluster
    if engine == CLUSTER and not cluster:
        raise ValueError("the cluster engine needs a standalone master's URL (run_benchmark starts one)")
    master = {SPARK_1: "local[1]", SPARK_2: "local[2]", CLUSTER: cluster, XGBOOST: "local[2]"}[engine]
    job = xgboost_forest.__file__ if engine == XGBOOST else forest_benchmark.__file__
    memory = "2g" if engine == CLUSTER else DRIVER_MEMORY
    spark = ["--master", master, "--driver-memory", memory]
    if engine == CLUSTER:  # one executor of one core on each worker, with most of the worker's memory
        for key, value in app_settings(CLUSTER_WORKERS, f"{EXECUTOR_MB - 512}m").items():
            spark += ["--conf", f"{key}={value}"]
    if plan.event_logs is not None:
        plan.event_logs.mkdir(parents=True, exist_ok=True)
        spark += ["--conf", "spark.eventLog.enabled=true", "--conf", f"spark.eventLog.dir={plan.event_logs}"]
    partitions = ["--partitions", "1" if engine == SPARK_1 else "2"]
    return submit_command([*spark, job, str(data), *forest, *partitions], master=master), \
        submit_environment(master=master)


def result_line(output: str) -> dict[str, Any] | None:
    """The JSON a point printed after ``BENCHMARK``, or None.

    >>> result_line('noise\\nBENCHMARK {"accuracy": 0.9}\\n')
    {'accuracy': 0.9}
    """
    for line in output.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    return None


def run_benchmark(plan: Plan, *, progress: bool = True, append: bool = False) -> dict[str, Any]:
    """Run every point of ``plan`` (round robin over engines, repeats in rounds); write and return results.

    With ``append``, the runs already in the results file are kept and the new ones added (a large
    size can then be measured on its own, later). When the plan has the cluster engine and no
    ``plan.cluster``, the course's standalone cluster runs for the whole benchmark (see the module
    docstring) and is stopped by PID at the end, also when the benchmark fails or is interrupted.
    """
    if CLUSTER not in plan.engines or plan.cluster:
        return _run_points(plan, plan.cluster, progress=progress, append=append)
    with StandaloneCluster("scaling-cluster", workers=CLUSTER_WORKERS, cores_per_worker=1,
                           memory_per_worker=f"{EXECUTOR_MB}m") as cluster:
        return _run_points(plan, cluster.master_url, progress=progress, append=append)


def _run_points(plan: Plan, cluster: str | None, *, progress: bool, append: bool) -> dict[str, Any]:
    from tqdm.auto import tqdm

    previous = json.loads(plan.results.read_text()) if append and plan.results.exists() else {}
    earlier, plans = previous.get("runs", []), previous.get("plans", [])
    runs: list[dict[str, Any]] = []
    given_up: dict[str, str] = {}  # engine -> why it stopped
    bar = tqdm(total=len(plan.sizes) * len(plan.engines) * plan.repeats, disable=not progress,
               desc="scaling benchmark", unit="point")
    for rows in plan.sizes:
        data = letter_rows(rows, plan.data_dir)
        for repeat in range(plan.repeats):
            for engine in plan.engines:
                bar.set_postfix_str(f"{engine}, {rows:,} rows")
                bar.update()
                first = next((r for r in runs if r["rows"] == rows and r["engine"] == engine), None)
                if repeat and first and first.get("process_seconds", 0) > plan.long:
                    continue
                if engine in given_up:
                    if repeat == 0:
                        runs.append({"rows": rows, "engine": engine, "repeat": 0,
                                     "status": f"skipped ({given_up[engine]})"})
                    continue
                command, env = point_command(engine, data, plan, cluster)
                load = round(os.getloadavg()[0], 2)
                run = run_point(command, env=env, timeout=plan.timeout, watch_executors=engine == CLUSTER)
                found = result_line(run.output) or {}
                found["row_counts"] = found.pop("rows", None)
                status = run.status if found or run.status != OK else "failed"
                runs.append({"rows": rows, "engine": engine, "repeat": repeat, "status": status,
                             "load_1min": load, "process_seconds": round(run.seconds, 2),
                             "process_cpu_seconds": run.cpu_seconds,
                             "peak_mb": run.peak_mb, **found})
                if status != OK:
                    given_up[engine] = f"{status} at {rows:,} rows"
                    runs[-1]["output_tail"] = run.output[-1500:]
                _write(plan, plans, earlier + runs)  # after every point: an interrupted run keeps its work
    bar.close()
    return _write(plan, plans, earlier + runs)


def _write(plan: Plan, earlier_plans: list[dict[str, Any]], runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Write the results file (machine, the plans of every invocation, every run, the summary)."""
    results = {"machine": machine(ensure_java().describe()), "plans": [*earlier_plans, _plan_dict(plan)],
               "runs": runs, "summary": summarize(runs)}
    plan.results.parent.mkdir(parents=True, exist_ok=True)
    plan.results.write_text(json.dumps(results, indent=1) + "\n")
    return results


def _plan_dict(plan: Plan) -> dict[str, Any]:
    described = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(plan).items()
                 if k not in ("data_dir", "results", "event_logs")}
    if not plan.cluster:
        described["cluster"] = (f"the course's standalone cluster on 127.0.0.1: {CLUSTER_WORKERS} workers, "
                                f"1 core and {EXECUTOR_MB} MB each")
    return described


def summarize(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (rows, engine): status, the medians of the repeats that finished, how many did.

    >>> runs = [{"rows": 10, "engine": "x", "status": "ok", "train_seconds": s, "accuracy": 0.9,
    ...          "process_seconds": 2 * s, "peak_mb": {"driver JVM": 100.0}} for s in (1, 3, 2)]
    >>> summarize(runs)[0]["train_seconds"]
    2
    """
    summary = []
    for rows, engine in dict.fromkeys((r["rows"], r["engine"]) for r in runs):
        these = [r for r in runs if r["rows"] == rows and r["engine"] == engine]
        done = [r for r in these if r["status"] == OK]
        roles = sorted({role for r in done for role in r.get("peak_mb", {})})
        summary.append({
            "rows": rows, "engine": engine, "status": OK if done else these[0]["status"],
            "repeats": len(done),
            "train_seconds": median([r["train_seconds"] for r in done]),
            "process_seconds": median([r["process_seconds"] for r in done]),
            "accuracy": median([r["accuracy"] for r in done]),
            "peak_mb": {role: median([r["peak_mb"].get(role, 0.0) for r in done]) for role in roles},
        })
    return summary


def table(summary: Sequence[dict[str, Any]]) -> str:
    """The summary as a text table: runs that finished (medians are over them), times, the ratio to
    scikit-learn's time, accuracy, peak memory."""
    sklearn = {row["rows"]: row["train_seconds"] for row in summary
               if row["engine"] == SKLEARN and row["train_seconds"]}
    lines = [f"{'rows':>10}  {'engine':<17} {'runs':>4} {'train s':>8} {'x sklearn':>9} {'process s':>9} "
             f"{'accuracy':>8} {'peak MB (all processes)':>23}  status"]
    for row in summary:
        train = row["train_seconds"]
        ratio = f"{train / sklearn[row['rows']]:.1f}" if train and sklearn.get(row["rows"]) else "-"
        memory = sum(row["peak_mb"].values()) if row["peak_mb"] else None
        lines.append(
            f"{row['rows']:>10,}  {row['engine']:<17} {row.get('repeats', 0):>4} {_num(train, 1):>8} "
            f"{ratio:>9} "
            f"{_num(row['process_seconds'], 1):>9} {_num(row['accuracy'], 3):>8} {_num(memory, 0):>23}  "
            f"{row['status']}")
    return "\n".join(lines)


def _num(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.lessons.scaling [--sizes ...] [--engines ...] [--repeats N] [--timeout S]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.lessons.scaling",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="rows, comma-separated")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"comma-separated, from {', '.join(ENGINES)}")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per point")
    parser.add_argument("--long", type=float, default=300, help="do not repeat a point that took longer")
    parser.add_argument("--cluster", default=None,
                        help="a standalone master's URL for the cluster engine (default: the course's own)")
    parser.add_argument("--trees", type=int, default=DEFAULT_TREES)
    parser.add_argument("--depth", type=int, default=DEFAULT_DEPTH)
    parser.add_argument("--output", type=Path, default=RESULTS, help="the results file (JSON)")
    parser.add_argument("--append", action="store_true", help="keep the runs already in the results file")
    args = parser.parse_args(argv)
    engines = tuple(e.strip() for e in args.engines.split(","))
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s) {sorted(unknown)}; choose from {', '.join(ENGINES)}")
    plan = Plan(sizes=tuple(int(s) for s in args.sizes.split(",")), engines=engines, repeats=args.repeats,
                timeout=args.timeout, long=args.long, cluster=args.cluster, trees=args.trees,
                depth=args.depth,
                results=args.output)
    results = run_benchmark(plan, append=args.append)
    print(table(results["summary"]))
    print(f"Results: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
