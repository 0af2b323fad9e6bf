"""helpers.clustering: parsing, the k sweep, contingency tables, purity and the cluster pictures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from pyspark.ml.clustering import KMeans
from pyspark.ml.linalg import Vectors

from helpers.clustering import (
    contingency_table,
    k_sweep,
    parse_vector,
    plot_clusters_2d,
    plot_contingency,
    plot_k_sweep,
    purity,
)
from helpers.data import sample_data_path
from helpers.plots import partition_color


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def blobs(spark):
    """300 points in 3 tight, well-separated 2-D blobs of 100 (labelled a, b, c), in 2 partitions."""
    rng = np.random.default_rng(0)
    centres = {"a": (0.0, 0.0), "b": (10.0, 0.0), "c": (0.0, 10.0)}
    rows = [(name, Vectors.dense(rng.normal(centre, 0.5)))
            for name, centre in centres.items() for _ in range(100)]
    df = spark.createDataFrame(rows, ["blob", "features"]).repartition(2).cache()
    yield df
    df.unpersist()


def test_parse_vector_reads_the_shipped_kmeans_sample():
    with open(sample_data_path("mllib/kmeans_data.txt")) as lines:
        points = [parse_vector(line) for line in lines]
    assert len(points) == 6
    np.testing.assert_array_equal(points[4], [9.1, 9.1, 9.1])


@pytest.mark.parametrize(("line", "reason"), [("1.0 x 2.0", "not a line of numbers"), ("  \n", "empty")])
def test_parse_vector_rejects_what_is_not_a_point(line, reason):
    with pytest.raises(ValueError, match=reason):
        parse_vector(line)


def test_k_sweep_finds_the_three_blobs(blobs):
    sweep = k_sweep(blobs, [2, 3, 4, 5], seed=1, max_iter=20)
    assert list(sweep.columns) == ["k", "cost", "silhouette", "iterations"]
    assert sweep["k"].tolist() == [2, 3, 4, 5]
    assert sweep["cost"].is_monotonic_decreasing
    assert sweep.loc[sweep["silhouette"].idxmax(), "k"] == 3
    assert sweep.set_index("k").loc[3, "silhouette"] > 0.8
    assert sweep.set_index("k").loc[3, "cost"] == pytest.approx(300 * 2 * 0.25, rel=0.25)


def test_k_sweep_is_reproducible_with_a_seed(blobs):
    first = k_sweep(blobs, [4], seed=7)
    again = k_sweep(blobs, [4], seed=7)
    pd.testing.assert_frame_equal(first, again)


def test_contingency_table_counts_labels_per_cluster(spark):
    predictions = spark.createDataFrame(
        [(0, "a"), (0, "a"), (0, "b"), (1, "b"), (2, "c"), (2, "c")], ["prediction", "blob"])
    table = contingency_table(predictions, label_col="blob", labels=["a", "b", "c", "d"])
    assert table.index.tolist() == [0, 1, 2]
    assert table.columns.tolist() == ["a", "b", "c", "d"]
    assert table.to_numpy().tolist() == [[2, 1, 0, 0], [0, 1, 0, 0], [0, 0, 2, 0]]
    assert table.columns.name == "blob"


def test_contingency_of_kmeans_on_blobs_is_pure(blobs):
    predictions = KMeans(k=3, seed=1).fit(blobs).transform(blobs)
    table = contingency_table(predictions, label_col="blob")
    assert sorted(table.max(axis=1)) == [100, 100, 100]
    assert purity(table) == 1.0


def test_purity_is_the_share_of_points_agreeing_with_their_clusters_majority():
    assert purity(pd.DataFrame([[8, 2], [1, 9]])) == pytest.approx(17 / 20)
    assert purity(pd.DataFrame([[5, 5, 10]])) == pytest.approx(0.5)  # one cluster: the largest class


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
    fig = plot_contingency(table, "t")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1 (A)", "0 (B)"]
    np.testing.assert_allclose(ax.images[0].get_array(), [[0.8, 0.2], [0.0, 1.0]])
    assert ax.get_ylabel() == "cluster (its most common letter)"


def test_plot_clusters_2d_colours_each_cluster_and_marks_centres():
    xy = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]])
    fig = plot_clusters_2d(xy, np.array([0, 0, 1]), "t", centres=np.array([[0.5, 0.5], [5.0, 5.0]]))
    ax = fig.axes[0]
    points = ax.collections[:2]
    assert [len(c.get_offsets()) for c in points] == [2, 1]
    assert [to_hex(c.get_facecolor()[0]) for c in points] == [partition_color(0).lower(),
                                                              partition_color(1).lower()]
    assert [t.get_text() for t in ax.texts] == ["0", "1"]
