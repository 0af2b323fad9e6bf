"""helpers.figures.clustering: the elbow and silhouette plot, the contingency heat map, clusters in 2-D."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.figures.clustering import plot_clusters_2d, plot_contingency, plot_k_sweep, plot_start_costs


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


def test_plot_clusters_2d_gives_each_cluster_its_own_panel_and_marks_its_centre():
    xy = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]])
    fig = plot_clusters_2d(xy, np.array([0, 0, 1]), title="t", centres=np.array([[0.5, 0.5], [5.0, 5.0]]))
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 2 and fig.get_suptitle() == "t"
    for ax, mine, label in zip(panels, (2, 1), ("0", "1"), strict=True):
        others, highlighted, _centre = ax.collections
        assert len(highlighted.get_offsets()) == mine and len(others.get_offsets()) == 3 - mine
        assert [t.get_text() for t in ax.texts] == [label]
    assert panels[0].get_title() == "cluster 0: 67% of the points"


def test_plot_start_costs_draws_every_seed_and_a_band_per_mode():
    costs = {"k-means||": np.array([[8.0, 5, 4, 3], [7, 5, 4, 3.5]]), "random": np.array([[12.0, 6, 4, 3]])}
    fig = plot_start_costs(costs, title="t", zoom_from=2)
    whole, zoom = fig.axes
    assert len(whole.lines) == 3 and len(whole.collections) == 2
    assert zoom.lines[0].get_xdata().tolist() == [2, 3]
    assert [t.get_text() for t in whole.get_legend().get_texts()] == [
        'initializationMode="k-means||", 2 seeds', 'initializationMode="random", 1 seeds']
