"""The scaling crossover: training time against data size for each tool, on logarithmic axes.

Reads a scaling benchmark's results as a table with one row per measured point: ``rows`` (data
size), ``tool`` (e.g. ``"scikit-learn"``, ``"Spark local[2]"``), ``seconds`` (training time), and
optionally ``status`` (``"ok"``, ``"timeout"``, ``"out of memory"``; only ``ok`` points are drawn).
:func:`crossover_rows` finds, for each tool, the smallest size from which it is faster than the
reference tool (scikit-learn); :func:`crossover_chart` draws the lines and marks that point.

Example:
    >>> import pandas as pd
    >>> results = pd.DataFrame({"rows": [1e4, 1e5, 1e6] * 2,
    ...                         "tool": ["scikit-learn"] * 3 + ["Spark"] * 3,
    ...                         "seconds": [0.3, 4, 60, 20, 25, 40]})
    >>> crossover_rows(results)
    {'Spark': 1000000}
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from helpers.figures.style import ROLE_COLORS, new_figure, partition_color

REFERENCE = "scikit-learn"
COLUMNS = ("rows", "tool", "seconds")


def measured(results: pd.DataFrame) -> pd.DataFrame:
    """The points that finished (status ``ok`` or no status), with the required columns checked.

    Raises:
        ValueError: a required column is missing (the message names the columns a results file needs).
    """
    missing = [c for c in COLUMNS if c not in results.columns]
    if missing:
        raise ValueError(f"scaling results lack the columns {missing}: a results file needs "
                         f"{list(COLUMNS)} (and may have 'status')")
    ok = results if "status" not in results.columns else results[results["status"].fillna("ok") == "ok"]
    return ok.groupby(["tool", "rows"], as_index=False)["seconds"].median()


def crossover_rows(results: pd.DataFrame, reference: str = REFERENCE) -> dict[str, int | None]:
    """For each tool but ``reference``: the smallest measured size at which it trains faster, or None."""
    points = measured(results)
    base = points[points["tool"] == reference].set_index("rows")["seconds"]
    found: dict[str, int | None] = {}
    for tool, group in points[points["tool"] != reference].groupby("tool", sort=False):
        faster = [int(rows) for rows, seconds in zip(group["rows"], group["seconds"], strict=True)
                  if rows in base.index and seconds < base[rows]]
        found[str(tool)] = min(faster) if faster else None
    return found


def crossover_chart(results: pd.DataFrame, *, title: str = "", reference: str = REFERENCE) -> Figure:
    """Training time against rows, one line per tool, log-log; each tool's crossover point ringed."""
    points = measured(results)
    crossings = crossover_rows(results, reference)
    if not title:
        first = [rows for rows in crossings.values() if rows]
        title = (f"Spark overtakes {reference} from {min(first):,} rows" if first
                 else f"{reference} stays faster at every size measured here")
    fig, ax = new_figure(title, "rows of training data", "training time (s)", figsize=(10, 5.5))
    for i, (tool, group) in enumerate(points.groupby("tool", sort=False)):
        color = ROLE_COLORS["reference"] if tool == reference else partition_color(i + 1)
        ax.plot(group["rows"], group["seconds"], marker="o", color=color, label=str(tool), linewidth=2)
        rows = crossings.get(str(tool))
        if rows:
            seconds = group.set_index("rows")["seconds"][rows]
            ax.scatter([rows], [seconds], s=300, facecolors="none", edgecolors=ROLE_COLORS["highlight"],
                       linewidths=2, zorder=5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.legend()
    return fig
