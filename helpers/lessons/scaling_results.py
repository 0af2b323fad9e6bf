"""Reading a scaling benchmark's results: the crossover, how time grows, speed-ups, the README table.

The functions take the ``summary`` list of a results file of :mod:`helpers.lessons.scaling` (one row
per size and engine, with median times, accuracy and peak memory per process role).

Example:
    >>> summary = [{"rows": n, "engine": e, "status": "ok", "train_seconds": t, "accuracy": 0.9,
    ...             "process_seconds": t + 5, "peak_mb": {"driver JVM": 500.0}}
    ...            for n, e, t in [(10**4, "scikit-learn", 1), (10**5, "scikit-learn", 10),
    ...                            (10**4, "Spark local[2]", 20), (10**5, "Spark local[2]", 40)]]
    >>> crossover(summary) is None, round(growth(summary, "scikit-learn"), 2)
    (True, 1.0)
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

Summary = Sequence[Mapping[str, Any]]
REFERENCE = "scikit-learn"


def load_results(path: str | Path) -> dict[str, Any]:
    """A results file (JSON) of the scaling benchmark, or of the settings or job-speed benchmark."""
    return json.loads(Path(path).read_text())


def seconds(summary: Summary, engine: str, rows: int, key: str = "train_seconds") -> float | None:
    """The median ``key`` of ``engine`` at ``rows`` rows, or None if it did not finish."""
    return next((r[key] for r in summary if r["engine"] == engine and r["rows"] == rows), None)


def crossover(summary: Summary, engine: str = "Spark local[2]") -> int | None:
    """The smallest size at which ``engine`` trained faster than scikit-learn, or None if it never did."""
    for rows in sorted({r["rows"] for r in summary}):
        mine, reference = seconds(summary, engine, rows), seconds(summary, REFERENCE, rows)
        if mine and reference and mine < reference:
            return rows
    return None


def _measure(row: Mapping[str, Any], key: str) -> float | None:
    """``row[key]``; for ``peak_mb``, the peak memory of all the point's processes together."""
    if key == "peak_mb":
        return sum(row["peak_mb"].values()) if row.get("peak_mb") else None
    return row.get(key)


def _finished(summary: Summary, engine: str, key: str) -> list[tuple[int, float]]:
    return sorted((r["rows"], _measure(r, key)) for r in summary
                  if r["engine"] == engine and r.get("status") in (None, "ok") and _measure(r, key))


def growth(summary: Summary, engine: str, key: str = "train_seconds") -> float | None:
    """How ``key`` (training time, or ``peak_mb``) grows with rows: the slope of log(value) against
    log(rows), first to last finished size.

    1.0 means time proportional to the rows; 0.5 means ten times the rows cost about three times
    the time. None with fewer than two finished sizes.
    """
    done = _finished(summary, engine, key)
    if len(done) < 2:
        return None
    (n0, t0), (n1, t1) = done[0], done[-1]
    return math.log(t1 / t0) / math.log(n1 / n0)


def rows_reaching(summary: Summary, engine: str, target: float, key: str = "peak_mb",
                  slope: float | None = None) -> int | None:
    """The rows at which ``engine``'s ``key`` would reach ``target``, extrapolated from its largest
    finished size along the log-log line of :func:`growth`, or of ``slope`` if given (``slope=1``:
    in proportion to the rows). None if it does not grow.

    >>> summary = [{"rows": n, "engine": "x", "status": "ok", "peak_mb": {"driver": mb}}
    ...            for n, mb in [(1_000, 100.0), (100_000, 1_000.0)]]
    >>> rows_reaching(summary, "x", 10_000.0)  # memory grows like rows ** 0.5
    10000000
    >>> rows_reaching(summary, "x", 10_000.0, slope=1.0)  # ... or in proportion to the rows
    1000000
    """
    slope = growth(summary, engine, key) if slope is None else slope
    if not slope or slope <= 0:
        return None
    rows, value = _finished(summary, engine, key)[-1]
    return round(rows * (target / value) ** (1 / slope))


def extrapolated_crossover(summary: Summary, engine: str = "Spark local[2]") -> int | None:
    """Where ``engine``'s and scikit-learn's training-time lines would cross if both kept the log-log
    slopes measured (:func:`growth`), from the largest size both finished; None if they never would.

    >>> summary = [{"rows": n, "engine": e, "status": "ok", "train_seconds": t}
    ...            for n, e, t in [(10**4, "scikit-learn", 1), (10**6, "scikit-learn", 100),
    ...                            (10**4, "Spark local[2]", 100), (10**6, "Spark local[2]", 1000)]]
    >>> extrapolated_crossover(summary)  # 10x slower at 10**6, and gaining 10x per 100x rows
    100000000
    """
    mine, reference = growth(summary, engine), growth(summary, REFERENCE)
    both = [rows for rows, _ in _finished(summary, engine, "train_seconds")
            if seconds(summary, REFERENCE, rows)]
    if mine is None or reference is None or not both or reference <= mine:
        return None
    rows = max(both)
    gap = seconds(summary, engine, rows) / seconds(summary, REFERENCE, rows)
    if gap <= 1:
        return rows
    return round(rows * gap ** (1 / (reference - mine)))


def speedups(summary: Summary, rows: int, engines: Sequence[str]) -> dict[str, float]:
    """``{engine: training seconds}`` at ``rows`` for the engines that finished, in the given order."""
    found = {engine: seconds(summary, engine, rows) for engine in engines}
    return {engine: value for engine, value in found.items() if value}


def markdown_table(summary: Summary, engines: Sequence[str]) -> str:
    """The README's table: per size, each engine's training time, its ratio to scikit-learn's,
    accuracy and peak memory (all its processes together)."""
    header = ["rows"] + [f"{engine} (s)" for engine in engines[:1]] + [
        f"{engine}: s · × sklearn" for engine in engines[1:]] + ["accuracy (sklearn / others)",
                                                                  "peak MB (sklearn / others)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for rows in sorted({r["rows"] for r in summary}):
        row = {r["engine"]: r for r in summary if r["rows"] == rows}
        reference = seconds(summary, engines[0], rows)
        first = _fmt(reference) if reference else row.get(engines[0], {}).get("status", "not run")
        cells = [f"{rows:,}", first]
        for engine in engines[1:]:
            mine = row.get(engine)
            if mine is None:
                cells.append("not run")
            elif mine["train_seconds"]:
                ratio = f" · {mine['train_seconds'] / reference:.0f}×" if reference else ""
                cells.append(f"{_fmt(mine['train_seconds'])}{ratio}")
            else:
                cells.append(mine["status"])
        accuracy = [_fmt(row[e]["accuracy"], 3) if e in row and row[e]["accuracy"] else "-" for e in engines]
        memory = [f"{sum(row[e]['peak_mb'].values()):,.0f}" if e in row and row[e]["peak_mb"] else "-"
                  for e in engines]
        lines.append("| " + " | ".join([*cells, " / ".join(accuracy), " / ".join(memory)]) + " |")
    return "\n".join(lines)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"
