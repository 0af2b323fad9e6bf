"""helpers.figures.scaling: the scaling lab's figures are drawn from results and event-log stages."""

from __future__ import annotations

from matplotlib.figure import Figure

from helpers.figures.scaling import plot_against_rows, plot_phases, plot_speedup, plot_stages
from helpers.lessons.timeline import PHASES, Stage


def point(rows: int, engine: str, seconds: float | None, role: str, mb: float, status: str = "ok") -> dict:
    return {"rows": rows, "engine": engine, "status": status, "train_seconds": seconds,
            "peak_mb": {role: mb} if seconds else {}}


SUMMARY = [point(2000, "scikit-learn", 0.1, "driver Python", 90.0),
           point(20000, "scikit-learn", 0.8, "driver Python", 120.0),
           point(2000, "Spark local[2]", 9.0, "driver JVM", 900.0),
           point(20000, "Spark local[2]", None, "driver JVM", 0.0, "timeout")]


def test_time_and_memory_against_rows_are_log_log_with_a_line_per_engine() -> None:
    for measure in ("train_seconds", "peak_mb"):
        fig = plot_against_rows(SUMMARY, measure, title="t")
        ax = fig.axes[0]
        assert isinstance(fig, Figure) and ax.get_xscale() == ax.get_yscale() == "log"
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["scikit-learn", "Spark local[2]"]
    texts = [t.get_text() for t in plot_against_rows(SUMMARY, title="t").axes[0].texts]
    assert any("timeout" in text for text in texts)


def test_speedups_phases_and_stages_are_drawn() -> None:
    fig = plot_speedup({"Spark local[1]": 40.0, "Spark local[2]": 25.0}, title="speed")
    heights = [round(bar.get_height(), 2) for bar in fig.axes[0].patches]
    assert heights == [1.0, 1.6]
    fig = plot_phases({"job": {phase: 1.0 for phase in PHASES}}, title="phases")
    assert len(fig.axes[0].patches) == len(PHASES)
    stage = Stage(0, 1, "mapPartitions at RandomForest.scala:1", 1.0, 2.0, 2, 1.0, 0.5, 0.1, 1.0)
    assert plot_stages([stage], title="stages").axes[0].get_title() == "stages"
