"""The deck's pictures, drawn at build time by the course's own figure functions, from real RDDs.

:data:`FIGURES` names each picture the deck shows (``![...](figure:NAME)`` in ``slides/deck.md``)
and how it is drawn: the stack diagram, and the diagrams of notebooks 01 and 02, drawn by the same
functions of :mod:`helpers.figures.diagrams` from the same RDDs, made by a local Spark that
:func:`render_figures` starts and stops. The scaling crossover is drawn by
:func:`helpers.figures.crossover.crossover_chart` once notebook 06's results file exists
(:func:`find_scaling_results`). Each figure is written as SVG (to reuse) and PNG (the deck embeds it).

Example::

    >>> paths = render_figures(Path("build/slides/figures"))          # doctest: +SKIP
    >>> sorted(paths)[:3]                                               # doctest: +SKIP
    ['chain', 'filter', 'map']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # the build draws into files, never on a screen

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from pyspark import SparkContext
from pyspark.sql import SparkSession

from helpers.figures.crossover import crossover_chart
from helpers.figures.diagrams import (
    chain_diagram,
    partition_diagram,
    reduce_diagram,
    transformation_diagram,
)
from helpers.figures.stack import stack_diagram
from helpers.runtime.paths import REPO_ROOT
from helpers.runtime.session import start_spark

PNG_DPI = 200  # sharp on a projector and in print
# Where the build looks for the scaling benchmark's results: the full run notebook 06 commits.
SCALING_RESULTS = ("notebooks/data/scaling-results.json",)

# The talk's three functions (notebook 02 defines them the same way).
even = lambda x: x % 2 == 0  # noqa: E731
double = lambda x: x * 2  # noqa: E731
add = lambda x, y: x + y  # noqa: E731
subtract = lambda a, b: a - b  # noqa: E731


def _numbers(sc: SparkContext) -> Any:
    """``[1, 2, 3, 4, 5]`` in 3 partitions, as notebooks 01 and 02 make it."""
    return sc.parallelize([1, 2, 3, 4, 5], 3)


def _talk_numbers(sc: SparkContext) -> Any:
    """``[1, 2, 3, 4, 5]`` in the talk's partitions ``[1, 2] [3] [4, 5]``, as notebook 02 makes it."""
    return sc.parallelize([[1, 2], [3], [4, 5]], 3).flatMap(lambda group: group)


def _chain(numbers: Any) -> Figure:
    return chain_diagram([("1 to 5", numbers), ("filter(even)", numbers.filter(even)),
                          ("map(double)", numbers.filter(even).map(double))], reduce=("reduce(add)", add))


@dataclass(frozen=True)
class FigureSpec:
    """How one figure of the deck is drawn; ``needs_spark``: its function takes a SparkContext."""

    draw: Callable[[SparkContext | None], Figure]
    needs_spark: bool = True


FIGURES: dict[str, FigureSpec] = {
    "stack": FigureSpec(lambda sc: stack_diagram(), needs_spark=False),
    "partition": FigureSpec(lambda sc: partition_diagram(_numbers(sc), source=[1, 2, 3, 4, 5])),
    "map": FigureSpec(lambda sc: transformation_diagram(_numbers(sc), _numbers(sc).map(double),
                                                        "map(double)")),
    "filter": FigureSpec(lambda sc: transformation_diagram(_numbers(sc), _numbers(sc).filter(even),
                                                           "filter(even)")),
    "reduce": FigureSpec(lambda sc: reduce_diagram(_numbers(sc), add, "reduce(add)")),
    "chain": FigureSpec(lambda sc: _chain(_numbers(sc))),
    "trace": FigureSpec(lambda sc: _chain(_talk_numbers(sc))),
    "subtract": FigureSpec(lambda sc: reduce_diagram(_numbers(sc), subtract, "reduce(subtract)")),
}


def find_scaling_results(root: Path = REPO_ROOT, patterns: Iterable[str] = SCALING_RESULTS) -> Path | None:
    """The scaling benchmark's results file, if notebook 06 has committed one (else None)."""
    for pattern in patterns:
        found = sorted(root.glob(pattern))
        if found:
            return found[0]
    return None


def read_scaling_results(path: Path) -> pd.DataFrame:
    """A scaling results file as a table with the columns ``rows``, ``tool``, ``seconds``, ``status``.

    Reads the file :mod:`helpers.lessons.scaling` writes (JSON whose ``summary`` has one row per size
    and engine: ``engine``, median ``train_seconds``, ``status``), or a CSV / JSON list of records that
    already has those columns.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "scaling-results.json"
    >>> _ = path.write_text(json.dumps({"machine": {}, "runs": [], "summary": [
    ...     {"rows": 20000, "engine": "scikit-learn", "train_seconds": 1.5, "status": "ok"},
    ...     {"rows": 20000, "engine": "Spark local[2]", "train_seconds": None, "status": "timeout"}]}))
    >>> read_scaling_results(path).to_dict("records")[1]
    {'rows': 20000, 'tool': 'Spark local[2]', 'seconds': nan, 'status': 'timeout'}
    """
    if path.suffix != ".json":
        return pd.read_csv(path)
    data = json.loads(path.read_text())
    if isinstance(data, dict) and "summary" in data:
        return pd.DataFrame([{"rows": r["rows"], "tool": r["engine"], "seconds": r["train_seconds"],
                              "status": r["status"]} for r in data["summary"]],
                            columns=["rows", "tool", "seconds", "status"]).astype({"seconds": float})
    return pd.DataFrame(data["results"] if isinstance(data, dict) else data)


def save(fig: Figure, folder: Path, name: str) -> Path:
    """Write ``fig`` as ``NAME.svg`` and ``NAME.png`` into ``folder``; returns the PNG's path."""
    folder.mkdir(parents=True, exist_ok=True)
    fig.savefig(folder / f"{name}.svg", bbox_inches="tight")
    png = folder / f"{name}.png"
    fig.savefig(png, dpi=PNG_DPI, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return png


def render_figures(folder: Path, names: Iterable[str] | None = None, *, scaling_results: Path | None = None,
                   log_dir: Path | None = None, spark: SparkSession | None = None) -> dict[str, Path]:
    """Draw the figures ``names`` (default: all, plus the crossover if results exist) into ``folder``.

    The RDD diagrams use ``spark``, else the running Spark session, else a local Spark started here
    (only if a figure needs one) and stopped before returning; a session it did not start, it leaves
    running.

    Returns:
        ``{name: path of its PNG}``.

    Raises:
        KeyError: a name that :data:`FIGURES` does not have.
    """
    wanted = list(names) if names is not None else [*FIGURES, "crossover"]
    unknown = [n for n in wanted if n not in FIGURES and n != "crossover"]
    if unknown:
        raise KeyError(f"the deck asks for figures {unknown}, which helpers/course/slide_figures.py "
                       f"does not draw; it draws {[*FIGURES, 'crossover']}")
    paths: dict[str, Path] = {}
    results = scaling_results or find_scaling_results()
    if "crossover" in wanted and results is not None:
        paths["crossover"] = save(crossover_chart(read_scaling_results(results)), folder, "crossover")
    started = None
    if spark is None and any(FIGURES[n].needs_spark for n in wanted if n in FIGURES):
        spark = SparkSession.getActiveSession() or (started := start_spark(
            "slides", conf={"spark.ui.enabled": "false"}, log_dir=log_dir, quiet=True))
    try:
        for name in (n for n in wanted if n in FIGURES):
            paths[name] = save(FIGURES[name].draw(spark.sparkContext if spark else None), folder, name)
    finally:
        if started is not None:
            started.stop()
    return paths
