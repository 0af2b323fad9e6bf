"""helpers.figures.evaluation: the confusion matrix, error rate per class and feature importance charts."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from helpers.figures.evaluation import (
    plot_confusion_matrix,
    plot_feature_importances,
    plot_per_class_error,
)
from helpers.figures.style import ROLE_COLORS

CONFUSION = np.array([
    [50, 3, 0],   # A: 3 taken for B
    [6, 40, 4],   # B: 6 taken for A, 4 for C
    [0, 4, 46],   # C: 4 taken for B
])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_confusion_matrix_labels_rows_and_columns_and_annotates_big_mistakes() -> None:
    ax = plot_confusion_matrix(CONFUSION, "ABC", title="Mostly right", annotate_from=4).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "C"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    assert sorted(t.get_text() for t in ax.texts) == ["4", "4", "6"]
    shares = ax.images[0].get_array()
    assert shares[1, 0] == pytest.approx(6 / 50)  # rows are scaled to the true class's total
    assert ax.get_title() == "Mostly right"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted letter", "true letter")


def test_plot_per_class_error_draws_error_rates_from_0_and_highlights_the_worst() -> None:
    per_class = {"A": 0.9, "B": 0.5, "C": 0.95, "D": None}
    ax = plot_per_class_error(per_class, 0.8, title="B is hard", highlight=1).axes[0]
    bars = ax.patches
    assert len(bars) == 3  # D has no test rows: no bar
    assert [bar.get_height() for bar in bars] == pytest.approx([0.1, 0.5, 0.05])
    assert [to_hex(bar.get_facecolor()) for bar in bars] == [
        ROLE_COLORS["muted"].lower(), ROLE_COLORS["highlight"].lower(), ROLE_COLORS["muted"].lower()]
    assert ax.get_ylim()[0] == 0
    assert ax.lines[0].get_ydata()[0] == pytest.approx(0.2)
    assert "20.0%" in ax.get_legend().get_texts()[0].get_text()


def test_plot_feature_importances_sorts_the_bars_and_names_them() -> None:
    fig = plot_feature_importances([0.1, 0.6, 0.3], ["width", "x-ege", "onpix"], title="Edges first",
                                   descriptions={"width": "w", "x-ege": "edges", "onpix": "pixels"})
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["width · w", "onpix · pixels", "x-ege · edges"]  # largest at the top
    assert [bar.get_width() for bar in ax.patches] == [0.1, 0.3, 0.6]
