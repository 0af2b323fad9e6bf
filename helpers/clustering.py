"""k-means on Spark, made visible: choosing k, comparing clusters with known classes, and the pictures.

* :func:`parse_vector` reads a line of space-separated numbers (``mllib/kmeans_data.txt``).
* :func:`k_sweep` fits ``pyspark.ml.clustering.KMeans`` for several k and returns, for each, the
  cost (within-cluster sum of squared distances) and the silhouette score (``ClusteringEvaluator``);
  :func:`plot_k_sweep` draws the elbow plot and the silhouette side by side.
* :func:`contingency_table` counts, with Spark, how many points of each class fall in each cluster;
  :func:`purity` summarises it; :func:`plot_contingency` draws it as a heat map.
* :func:`plot_clusters_2d` draws points projected to 2-D (e.g. by PCA), coloured by cluster.

Example:
    >>> sweep = k_sweep(letters_df, [2, 4, 8], seed=1)  # doctest: +SKIP
    >>> fig = plot_k_sweep(sweep)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter
from pyspark.ml.clustering import KMeans
from pyspark.ml.evaluation import ClusteringEvaluator
from pyspark.sql import DataFrame

from helpers.plots import COLORS, ROLE_COLORS, new_figure, partition_color


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


def plot_k_sweep(sweep: pd.DataFrame, title: str = "Choosing k: cost and silhouette") -> Figure:
    """The elbow plot (cost against k) beside the silhouette score against k, from :func:`k_sweep`.

    >>> fig = plot_k_sweep(pd.DataFrame({"k": [2, 3], "cost": [9.0, 4.0], "silhouette": [0.5, 0.6]}))
    """
    fig, (cost_ax, silhouette_ax) = new_figure(title, xlabel="number of clusters k", ncols=2,
                                               figsize=(12, 4.8))
    cost_ax.plot(sweep["k"], sweep["cost"], marker="o", color=ROLE_COLORS["spark"])
    cost_ax.set_ylabel("cost (sum of squared distances)")
    cost_ax.set_title("Elbow plot: look for a bend")
    silhouette_ax.plot(sweep["k"], sweep["silhouette"], marker="o", color=ROLE_COLORS["spark"])
    silhouette_ax.set_ylabel("silhouette score")
    silhouette_ax.set_title("Silhouette: higher is better")
    cost_ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    for ax in (cost_ax, silhouette_ax):
        ax.set_xticks(list(sweep["k"]))
    return fig


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


def plot_contingency(table: pd.DataFrame, title: str) -> Figure:
    """The contingency table as a heat map: rows are clusters, columns labels, colour the share of the row.

    Rows are ordered by their most common label, so that clusters of the same label sit together,
    and each row is labelled with its cluster number and that label.
    """
    shares = table.div(table.sum(axis=1), axis=0)
    order = shares.idxmax(axis=1).sort_values(kind="stable").index
    shares = shares.loc[order]
    label_name = table.columns.name or "label"
    fig, ax = new_figure(title, xlabel=label_name, ylabel=f"cluster (its most common {label_name})",
                         figsize=(12, 0.3 * len(shares) + 2.5))
    colormap = LinearSegmentedColormap.from_list("share", ["#FFFFFF", COLORS["blue"]])
    image = ax.imshow(shares.to_numpy(), cmap=colormap, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(shares.columns)), [str(c) for c in shares.columns])
    ax.set_yticks(range(len(shares)), [f"{c} ({shares.loc[c].idxmax()})" for c in shares.index])
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="share of the cluster's points")
    return fig


def plot_clusters_2d(
    xy: np.ndarray,
    clusters: np.ndarray,
    title: str,
    *,
    centres: np.ndarray | None = None,
    xlabel: str = "first principal component",
    ylabel: str = "second principal component",
) -> Figure:
    """Points in 2-D coloured by cluster (colours repeat after 8 clusters), with the centres marked.

    Args:
        xy: ``n × 2`` coordinates (e.g. the first two principal components).
        clusters: ``n`` cluster numbers.
        centres: ``k × 2`` coordinates of the cluster centres, drawn as numbered markers.

    >>> fig = plot_clusters_2d(np.zeros((2, 2)), np.array([0, 1]), "Two points")
    """
    fig, ax = new_figure(title, xlabel, ylabel, figsize=(9, 7))
    for cluster in np.unique(clusters):
        mine = clusters == cluster
        ax.scatter(xy[mine, 0], xy[mine, 1], s=6, alpha=0.5, color=partition_color(int(cluster)),
                   label=f"cluster {cluster}")
    if centres is not None:
        for cluster, (x, y) in enumerate(centres):
            ax.scatter(x, y, s=260, color="white", edgecolor=partition_color(cluster), linewidth=2.5,
                       zorder=3)
            ax.text(x, y, str(cluster), ha="center", va="center", fontsize=10, fontweight="bold", zorder=4)
    ax.legend(markerscale=3, loc="upper right", fontsize=10, ncols=2)
    return fig
