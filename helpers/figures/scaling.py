"""Figures of the scaling lab (notebook 06): time and memory against rows, speed-up, where the time goes.

* :func:`plot_against_rows` draws training time (or peak memory) against the number of rows on
  log-log axes, one line per engine; points that ran out of time or memory are marked where they
  stopped;
* :func:`plot_speedup` draws Spark's training time on 1 core, 2 cores and a 2-worker cluster as
  speed-ups over 1 core;
* :func:`plot_phases` draws stacked bars of where an application's time went
  (:func:`helpers.lessons.timeline.phases`);
* :func:`plot_stages` draws each stage of an application as a bar on a time line, coloured by phase.

Each returns a :class:`~matplotlib.figure.Figure` in the course style; its title is a keyword argument.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.figure import Figure

from helpers.figures.style import COLORS, ROLE_COLORS, new_figure
from helpers.lessons.timeline import BEST_SPLIT, DRIVER, OTHER, PHASES, START, STATISTICS, Stage

ENGINE_COLORS = {
    "scikit-learn": ROLE_COLORS["reference"],
    "Spark local[1]": COLORS["sky"],
    "Spark local[2]": ROLE_COLORS["spark"],
    "Spark cluster": COLORS["vermillion"],
    "XGBoost on Spark": COLORS["purple"],
}
PHASE_COLORS = {START: COLORS["grey"], OTHER: COLORS["sky"], STATISTICS: COLORS["orange"],
                 BEST_SPLIT: COLORS["vermillion"], DRIVER: COLORS["yellow"]}
MEASURES = {"train_seconds": "training time (s)", "peak_mb": "peak memory, all processes (MB)"}


def _value(row: Mapping[str, Any], measure: str) -> float | None:
    if measure == "peak_mb":
        return sum(row["peak_mb"].values()) if row.get("peak_mb") else None
    return row.get(measure)


def plot_against_rows(summary: Sequence[Mapping[str, Any]], measure: str = "train_seconds", *,
                      title: str) -> Figure:
    """One line per engine of ``measure`` (``train_seconds`` or ``peak_mb``) against rows, log-log.

    >>> fig = plot_against_rows(results["summary"], title="...")  # doctest: +SKIP
    """
    fig, ax = new_figure(title, "rows of training and test data", MEASURES[measure])
    engines = list(dict.fromkeys(row["engine"] for row in summary))
    for engine in engines:
        rows = [r for r in summary if r["engine"] == engine]
        done = [(r["rows"], _value(r, measure)) for r in rows if _value(r, measure)]
        color = ENGINE_COLORS.get(engine, COLORS["black"])
        if done:
            ax.plot(*zip(*done, strict=True), marker="o", lw=2.5, ms=8, color=color, label=engine)
        stopped = [r for r in rows if r["status"] not in ("ok",) and not r["status"].startswith("skipped")]
        for r in stopped:
            ax.annotate(f"{engine}:\n{r['status']}", (r["rows"], done[-1][1] if done else 1),
                        xytext=(0, 18), textcoords="offset points", ha="center", fontsize=10, color=color)
            ax.plot([r["rows"]], [done[-1][1] if done else 1], marker="x", ms=12, mew=3, color=color)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.legend(loc="upper left")
    return fig


def plot_speedup(seconds: Mapping[str, float], *, title: str) -> Figure:
    """Bars of the speed-up of each setting over the first one (``{"1 core": 40.0, ...}``).

    >>> fig = plot_speedup({"1 core": 40.0, "2 cores": 25.0}, title="...")  # doctest: +SKIP
    """
    fig, ax = new_figure(title, "", "speed-up over the first (×)")
    names = list(seconds)
    base = seconds[names[0]]
    speedups = [base / seconds[name] for name in names]
    bars = ax.bar(names, speedups, color=[ENGINE_COLORS.get(n, ROLE_COLORS["spark"]) for n in names])
    labels = [f"{s:.2f}×\n({seconds[n]:.0f} s)" for s, n in zip(speedups, names, strict=True)]
    ax.bar_label(bars, labels=labels,
                 padding=3)
    ax.axhline(1, color=COLORS["black"], lw=1)
    ax.set_ylim(0, max(speedups) * 1.35)
    return fig


def plot_phases(breakdowns: Mapping[str, Mapping[str, float]], *, title: str) -> Figure:
    """Stacked horizontal bars: for each application, its seconds in each phase.

    >>> fig = plot_phases({"the job": phases(stages, 25.0)}, title="...")  # doctest: +SKIP
    """
    fig, ax = new_figure(title, "seconds", "", figsize=(10, 1.6 + 1.1 * len(breakdowns)))
    labels = list(breakdowns)
    left = [0.0] * len(labels)
    for phase in PHASES:
        widths = [breakdowns[label].get(phase, 0.0) for label in labels]
        ax.barh(labels, widths, left=left, color=PHASE_COLORS[phase], label=phase, edgecolor="white")
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.invert_yaxis()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(labels) < 3 else -0.15), ncols=3,
              fontsize=11)
    return fig


def plot_stages(stages: Sequence[Stage], *, title: str) -> Figure:
    """Each stage as a bar from its start to its end (seconds since the application started), by phase.

    >>> fig = plot_stages(read_event_log(path)[0], title="...")  # doctest: +SKIP
    """
    fig, ax = new_figure(title, "seconds since the application started", "stage (in order)",
                         figsize=(11, 5))
    for i, stage in enumerate(stages):
        ax.barh(i, stage.end - stage.start, left=stage.start, color=PHASE_COLORS[stage.phase], height=0.9)
    for phase in (OTHER, STATISTICS, BEST_SPLIT):
        ax.barh([], [], color=PHASE_COLORS[phase], label=phase)
    ax.invert_yaxis()
    ax.legend(loc="lower left")
    return fig
