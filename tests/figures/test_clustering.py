"""helpers.figures.clustering: the elbow and silhouette plot, the contingency heat map, clusters in 2-D."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from helpers.figures.clustering import plot_clusters_2d, plot_contingency, plot_k_sweep
from helpers.figures.style import partition_color


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_k_sweep_draws_cost_and_silhouette_against_k():
    sweep = pd.DataFrame({"k": [2, 3, 4], "cost": [9.0, 4.0, 3.0], "silhouette": [0.5, 0.7, 0.6]})
    fig = plot_k_sweep(sweep, title="Pick 3")
    cost_ax, silhouette_ax = fig.axes
    assert cost_ax.lines[0].get_ydata().tolist() == [9.0, 4.0, 3.0]
    assert silhouette_ax.lines[0].get_ydata().tolist() == [0.5, 0.7, 0.6]
    assert cost_ax.get_xticks().tolist() == [2, 3, 4]
    assert fig.get_suptitle() == "Pick 3"


def test_plot_contingency_orders_rows_by_majority_label_and_names_them():
    table = pd.DataFrame([[0, 5], [4, 1]], index=[0, 1], columns=pd.Index(["A", "B"], name="letter"))
    fig = plot_contingency(table, title="t")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1 (A)", "0 (B)"]
    np.testing.assert_allclose(ax.images[0].get_array(), [[0.8, 0.2], [0.0, 1.0]])
    assert ax.get_ylabel() == "cluster (its most common letter)"


def test_plot_clusters_2d_colours_each_cluster_and_marks_centres():
    xy = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]])
    fig = plot_clusters_2d(xy, np.array([0, 0, 1]), title="t", centres=np.array([[0.5, 0.5], [5.0, 5.0]]))
    ax = fig.axes[0]
    points = ax.collections[:2]
    assert [len(c.get_offsets()) for c in points] == [2, 1]
    assert [to_hex(c.get_facecolor()[0]) for c in points] == [partition_color(0).lower(),
                                                              partition_color(1).lower()]
    assert [t.get_text() for t in ax.texts] == ["0", "1"]
