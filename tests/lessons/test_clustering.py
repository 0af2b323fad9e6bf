"""helpers.lessons.clustering: parsing, the k sweep, contingency tables and purity."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from pyspark.ml.clustering import KMeans
from pyspark.ml.linalg import Vectors

from helpers.lessons.clustering import contingency_table, k_sweep, lloyd_costs, parse_vector, purity
from helpers.lessons.data import sample_data_path


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




def test_lloyd_costs_repeats_spark_s_iterations_exactly(spark):
    """The numpy replica and mllib's KMeans agree after every iteration, repeated rows (ties) included."""
    from pyspark.mllib.clustering import KMeans as RDDKMeans

    rng = np.random.default_rng(3)
    points = rng.integers(0, 6, size=(400, 3)).astype(float)  # small integers: many repeated rows
    features = spark.sparkContext.parallelize(list(points), 2).cache()
    start = RDDKMeans.train(features, 7, maxIterations=0, initializationMode="random", seed=5)
    costs = lloyd_costs(points, np.array(start.clusterCenters), iterations=4)
    model = start
    for iteration in range(1, 5):
        model = RDDKMeans.train(features, 7, maxIterations=1, initialModel=model)
        assert costs[iteration] == pytest.approx(model.computeCost(features), rel=1e-12), iteration
    assert costs[0] == pytest.approx(start.computeCost(features), rel=1e-12)


def test_lloyd_costs_keeps_an_empty_cluster_s_centre_and_stops_when_nothing_moves():
    points = np.array([[0.0], [0.0], [10.0]])
    costs = lloyd_costs(points, np.array([[0.0], [10.0], [99.0]]), iterations=5)
    assert costs.tolist() == [0.0] * 6
