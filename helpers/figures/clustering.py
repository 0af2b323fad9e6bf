"""Figures of k-means (notebook 04): the elbow and silhouette plot, the contingency heat map, clusters in 2-D.

They draw what :mod:`helpers.lessons.clustering` computes, in the course style (:mod:`helpers.figures.style`);
each returns a :class:`~matplotlib.figure.Figure`, and its title is a keyword argument.

Example:
    >>> import pandas as pd
    >>> fig = plot_k_sweep(pd.DataFrame({"k": [2, 3], "cost": [9.0, 4.0], "silhouette": [0.5, 0.6]}))
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from helpers.figures.style import COLORS, ROLE_COLORS, new_figure, partition_color


def plot_k_sweep(sweep: pd.DataFrame, *, title: str = "Choosing k: cost and silhouette") -> Figure:
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


def plot_contingency(table: pd.DataFrame, *, title: str) -> Figure:
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
    *,
    title: str,
    centres: np.ndarray | None = None,
    xlabel: str = "first principal component",
    ylabel: str = "second principal component",
) -> Figure:
    """Points in 2-D coloured by cluster (colours repeat after 8 clusters), with the centres marked.

    Args:
        xy: ``n × 2`` coordinates (e.g. the first two principal components).
        clusters: ``n`` cluster numbers.
        centres: ``k × 2`` coordinates of the cluster centres, drawn as numbered markers.

    >>> fig = plot_clusters_2d(np.zeros((2, 2)), np.array([0, 1]), title="Two points")
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
