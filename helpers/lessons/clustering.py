"""k-means on Spark: choosing k, and comparing clusters with known classes.

The figures of these results are in :mod:`helpers.figures.clustering`.


* :func:`parse_vector` reads a line of space-separated numbers (``mllib/kmeans_data.txt``).
* :func:`k_sweep` fits ``pyspark.ml.clustering.KMeans`` for several k and returns, for each, the
  cost (within-cluster sum of squared distances) and the silhouette score (``ClusteringEvaluator``).
* :func:`contingency_table` counts, with Spark, how many points of each class fall in each cluster;
  :func:`purity` summarises it.
* :func:`lloyd_costs` repeats, with numpy on the driver, the iterations of ``pyspark.mllib``'s k-means
  from given starting centres and records the cost after each one (Spark keeps no such history), so
  notebook 04 can compare starts over many seeds without training a model per iteration.

Example:
    >>> sweep = k_sweep(letters_df, [2, 4, 8], seed=1)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from pyspark.ml.clustering import KMeans
from pyspark.ml.evaluation import ClusteringEvaluator
from pyspark.sql import DataFrame


def parse_vector(line: str) -> np.ndarray:
    """Parse a line of space-separated numbers into a numpy vector.

    Raises:
        ValueError: the line is empty or holds something that is not a number (the message quotes it).

    >>> parse_vector("0.1 0.2 9.0")
    array([0.1, 0.2, 9. ])
    """
    try:
        values = [float(value) for value in line.split()]
    except ValueError as error:
        raise ValueError(f"not a line of numbers ({error}): {line.strip()[:60]!r}") from None
    if not values:
        raise ValueError("an empty line is not a point")
    return np.array(values)


def k_sweep(
    df: DataFrame,
    ks: Sequence[int],
    *,
    seed: int = 1,
    max_iter: int = 20,
    features_col: str = "features",
) -> pd.DataFrame:
    """Fit k-means for each k and measure cost and silhouette: the numbers behind choosing k.

    Args:
        df: a DataFrame with a vector column ``features_col``; cache it, it is read many times.
        ks: the numbers of clusters to try.
        seed: the seed of every fit (k-means|| initialisation), so the sweep is reproducible.
        max_iter: the maximum number of k-means iterations per fit.

    Returns:
        One row per k: ``k``; ``cost``, the sum of squared distances from each point to its cluster's
        centre (Spark's ``summary.trainingCost``: it always falls as k grows); ``silhouette``, the mean
        silhouette (squared Euclidean), from -1 to 1, higher when clusters are tight and well apart;
        ``iterations``, how many iterations the fit ran.

    >>> k_sweep(points_df, [2, 3, 4])  # doctest: +SKIP
       k   cost  silhouette  iterations
    0  2  ...
    """
    evaluator = ClusteringEvaluator(featuresCol=features_col)
    rows = []
    for k in ks:
        model = KMeans(k=k, seed=seed, maxIter=max_iter, featuresCol=features_col).fit(df)
        rows.append({
            "k": k,
            "cost": model.summary.trainingCost,
            "silhouette": evaluator.evaluate(model.transform(df)),
            "iterations": model.summary.numIter,
        })
    return pd.DataFrame(rows)


def contingency_table(
    predictions: DataFrame,
    cluster_col: str = "prediction",
    label_col: str = "label",
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count, with Spark, the points of each label in each cluster.

    Args:
        predictions: a DataFrame with a cluster column and a label column (e.g. a KMeans model's
            ``transform`` of data that also has the true classes).
        labels: the columns' order (default: the labels found, sorted); missing ones count 0.

    Returns:
        A table with one row per cluster (sorted) and one column per label.

    >>> contingency_table(model.transform(letters_df), label_col="letter")  # doctest: +SKIP
    """
    counts = predictions.groupBy(cluster_col, label_col).count().collect()
    table = pd.DataFrame(
        [(row[cluster_col], row[label_col], row["count"]) for row in counts],
        columns=["cluster", "label", "count"],
    ).pivot(index="cluster", columns="label", values="count")
    columns = list(labels) if labels is not None else sorted(table.columns)
    table = table.reindex(columns=columns).fillna(0).astype(int).sort_index()
    table.columns.name = label_col
    return table


def purity(table: pd.DataFrame) -> float:
    """The fraction of points whose cluster's most common label is their own label.

    Each cluster "votes" for its most common label; purity counts the points that agree. It is 1
    when every cluster holds one label only, and it can only rise as k grows (k = number of points
    gives 1), so compare purities at the same k.

    >>> purity(pd.DataFrame([[8, 2], [1, 9]]))
    0.85
    """
    return float(table.to_numpy().max(axis=1).sum() / table.to_numpy().sum())


def lloyd_costs(
    points: np.ndarray, centres: np.ndarray, iterations: int, epsilon: float = 1e-4
) -> np.ndarray:
    """The cost of k-means after 0, 1, ..., ``iterations`` iterations from ``centres``, as Spark runs them.

    Each iteration of ``pyspark.mllib.clustering.KMeans`` (Lloyd's algorithm) assigns every point to
    its nearest centre and moves each centre to the mean of its points; a centre with no points stays
    where it is; the run stops early once every centre moved by at most ``epsilon`` (Spark's default
    1e-4). The cost is the sum of squared distances from each point to its nearest centre, what
    ``KMeansModel.computeCost`` returns. After an early stop the cost stays the same.

    Args:
        points: ``n × d`` array (it must fit in the driver's memory: the letter data's 20,000 × 16 do).
        centres: ``k × d`` starting centres, e.g. ``KMeans.train(..., maxIterations=0).clusterCenters``.
        iterations: Spark's ``maxIterations``.
        epsilon: Spark's ``epsilon``.

    Returns:
        ``iterations + 1`` costs: before the first iteration, then after each.

    >>> points = np.array([[0.0], [1.0], [10.0], [11.0]])
    >>> lloyd_costs(points, np.array([[0.0], [1.0]]), iterations=2).round(2).tolist()
    [181.0, 21.56, 1.0]
    """
    points = np.asarray(points, dtype=float)
    centres = np.array(centres, dtype=float)
    costs = []
    converged = False
    for iteration in range(iterations + 1):
        # Distances from the differences, as Spark computes them: rows of the letter data repeat, so
        # some points are exactly as far from two centres, and the first centre must win, as in Spark.
        distances = np.stack([np.sum((points - centre) ** 2, axis=1) for centre in centres], axis=1)
        nearest = distances.argmin(axis=1)
        costs.append(float(distances[np.arange(len(points)), nearest].sum()))
        if iteration == iterations or converged:
            break
        counts = np.bincount(nearest, minlength=len(centres))
        sums = np.stack([np.bincount(nearest, weights=column, minlength=len(centres)) for column in points.T],
                        axis=1)
        moved = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres)
        converged = bool(np.all(np.sum((moved - centres) ** 2, axis=1) <= epsilon**2))
        centres = moved
    return np.array(costs + [costs[-1]] * (iterations + 1 - len(costs)))
