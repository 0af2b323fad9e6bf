"""What each notebook costs to run: execute the course's notebooks one by one, time them, write a table.

``python -m helpers.lessons.notebook_costs`` executes each chapter notebook (``notebooks/NN_*.ipynb``,
not the worked solutions) in a fresh ``jupyter nbconvert --execute`` process, one after the other, as
a learner's "Run all" would, and records for each: wall-clock seconds, CPU seconds of the whole
process tree (kernel, Spark's JVMs, a local cluster's daemons; sampled, since a kernel does not wait for
its JVM), peak memory, the machine's load when it
started, and its slowest cells. The executed copies go to a temporary folder; the committed notebooks are
not touched. It prints a table, the total against the course's budget (:data:`BUDGET_SECONDS`), and
writes everything with the machine's description to a JSON file.

Like every benchmark of the course it measures; no test asserts a time. The course's home page
(``notebooks/HOME.md``) quotes ``notebooks/data/notebook-costs.json``: to refresh it, run with
``--output notebooks/data/notebook-costs.json``, then ``make generate``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from helpers.lessons.benchmark import OK, machine, run_point
from helpers.runtime.paths import OUTPUT_DIR, REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"
RESULTS = OUTPUT_DIR / "notebook-costs" / "results.json"
BUDGET_SECONDS = 240
SLOWEST_CELLS = 3


def chapter_notebooks(numbers: Sequence[str] = ()) -> list[Path]:
    """The chapter notebooks in order, or those whose number is in ``numbers`` (``["05", "07"]``).

    >>> [path.name[:2] for path in chapter_notebooks(["07", "00"])]
    ['00', '07']
    """
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    return [path for path in found if not numbers or path.name[:2] in numbers]


def execute_command(notebook: Path, output_dir: Path) -> list[str]:
    """The command that executes ``notebook`` into ``output_dir``, recording each cell's start and end.

    >>> execute_command(Path("notebooks/00_setup.ipynb"), Path("/tmp/x"))[1:5]
    ['-m', 'jupyter', 'nbconvert', '--to=notebook']
    """
    return [sys.executable, "-m", "jupyter", "nbconvert", "--to=notebook", "--execute",
            f"--output-dir={output_dir}", "--ExecutePreprocessor.timeout=1800",
            "--NotebookClient.record_timing=True", str(notebook)]


def cell_seconds(executed: dict[str, Any]) -> list[tuple[int, float, str]]:
    """Each code cell's time from nbclient's timing metadata: (index, seconds, first line), slowest first.

    >>> times = {"iopub.execute_input": "2026-01-01T00:00:00.000Z",
    ...          "shell.execute_reply": "2026-01-01T00:00:02.500Z"}
    >>> cell = {"cell_type": "code", "source": "fit()\\n", "metadata": {"execution": times}}
    >>> cell_seconds({"cells": [cell]})
    [(0, 2.5, 'fit()')]
    """
    timed = []
    for index, cell in enumerate(executed["cells"]):
        times = cell.get("metadata", {}).get("execution", {})
        if cell["cell_type"] != "code" or "iopub.execute_input" not in times:
            continue
        start, end = (datetime.fromisoformat(times[key].replace("Z", "+00:00"))
                      for key in ("iopub.execute_input", "shell.execute_reply"))
        source = "".join(cell["source"]).strip().splitlines()
        code = [line for line in source if not line.startswith("#")] or source or [""]
        timed.append((index, round((end - start).total_seconds(), 2), code[0][:60]))
    return sorted(timed, key=lambda item: -item[1])


def run_notebook(notebook: Path, scratch: Path) -> dict[str, Any]:
    """Execute one notebook in a fresh process; its times, peak memory and slowest cells."""
    load = round(os.getloadavg()[0], 2)
    env = {**os.environ, "JPY_SESSION_NAME": ""}
    run = run_point(execute_command(notebook, scratch), env=env, timeout=1800, cwd=str(REPO_ROOT))
    executed = scratch / notebook.name
    cells = cell_seconds(json.loads(executed.read_text())) if run.status == OK and executed.exists() else []
    slowest = [{"cell": i, "seconds": s, "code": code} for i, s, code in cells[:SLOWEST_CELLS]]
    return {"notebook": notebook.name, "status": run.status, "load_1min": load,
            "seconds": round(run.seconds, 1), "cpu_seconds": run.sampled_cpu_seconds, "peak_mb": run.peak_mb,
            "slowest_cells": slowest,
            **({} if run.status == OK else {"tail": run.output[-1500:]})}


def measure(notebooks: Sequence[Path], *, results: Path = RESULTS, progress: bool = True) -> dict[str, Any]:
    """Execute ``notebooks`` one after the other; return and write the report."""
    from tqdm.auto import tqdm

    from helpers.runtime.java import ensure_java

    before = machine(ensure_java().describe())
    with tempfile.TemporaryDirectory(prefix="notebook-costs-") as scratch:
        runs = [run_notebook(path, Path(scratch)) for path in tqdm(notebooks, disable=not progress,
                                                                   desc="notebooks", unit="notebook")]
    report = {"machine": before, "load_average_after": machine()["load_average_1min"],
              "method": "each notebook in a fresh `jupyter nbconvert --execute`, one after the other",
              "budget_seconds": BUDGET_SECONDS, "total_seconds": round(sum(r["seconds"] for r in runs), 1),
              "runs": runs}
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(report, indent=1) + "\n")
    return report


def table(report: dict[str, Any]) -> str:
    """One line per notebook (seconds, CPU seconds, peak memory of the tree, slowest cell), then the total.

    >>> print(table({"budget_seconds": 240, "total_seconds": 12.0, "runs": [{"notebook": "00_setup.ipynb",
    ...     "status": "ok", "seconds": 12.0, "cpu_seconds": 9.5, "peak_mb": {"driver JVM": 300.0},
    ...     "slowest_cells": [{"cell": 4, "seconds": 3.2, "code": "spark = start_spark()"}]}]}))
    notebook                     status         s   CPU s  peak MB  slowest cell
    00_setup.ipynb               ok          12.0     9.5      300  [4] 3.2 s spark = start_spark()
    all notebooks                            12.0     9.5           budget 240 s: within
    """
    lines = [f"{'notebook':<28} {'status':<8} {'s':>7} {'CPU s':>7} {'peak MB':>8}  slowest cell"]
    for run in report["runs"]:
        slowest = run["slowest_cells"][0] if run["slowest_cells"] else None
        cell = f"[{slowest['cell']}] {slowest['seconds']:.1f} s {slowest['code']}" if slowest else ""
        lines.append(f"{run['notebook']:<28} {run['status']:<8} {run['seconds']:>7.1f} "
                     f"{run['cpu_seconds'] or 0:>7.1f} {sum(run['peak_mb'].values()):>8.0f}  {cell}")
    cpu = sum(run["cpu_seconds"] or 0 for run in report["runs"])
    verdict = "within" if report["total_seconds"] <= report["budget_seconds"] else "over"
    lines.append(f"{'all notebooks':<28} {'':<8} {report['total_seconds']:>7.1f} {cpu:>7.1f} {'':>8}  "
                 f"budget {report['budget_seconds']} s: {verdict}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.lessons.notebook_costs [--only 05 07] [--output FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.lessons.notebook_costs",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=(), metavar="NN", help="notebook numbers, e.g. 05 07")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    notebooks = chapter_notebooks(args.only)
    if not notebooks:
        parser.error(f"no chapter notebook numbered {' or '.join(args.only)} in {NOTEBOOKS}")
    report = measure(notebooks, results=args.output)
    print(table(report))
    print(f"Results: {args.output}")
    return 0 if all(run["status"] == OK for run in report["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
