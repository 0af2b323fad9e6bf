"""Figures of k-means (notebook 04): choosing k, the contingency heat map, clusters in 2-D, starts compared.

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
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from helpers.figures.style import COLORS, ROLE_COLORS, new_figure


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
    ncols: int = 4,
) -> Figure:
    """Points in 2-D, one small panel per cluster: its points in colour over all the others in grey.

    One panel per cluster, instead of one colour per cluster in a single plot, keeps clusters apart
    however many there are and wherever they lie, and shows how much each overlaps the rest.

    Args:
        xy: ``n × 2`` coordinates (e.g. the first two principal components).
        clusters: ``n`` cluster numbers.
        centres: ``k × 2`` coordinates of the cluster centres, drawn as numbered markers.
        ncols: panels per row.

    >>> fig = plot_clusters_2d(np.zeros((2, 2)), np.array([0, 1]), title="Two points")
    """
    ids = np.unique(clusters)
    nrows = -(-len(ids) // ncols)
    fig, axes = new_figure(title, ncols=ncols, nrows=nrows, figsize=(3.0 * ncols, 2.9 * nrows + 0.8))
    panels = np.atleast_1d(axes).ravel()
    for ax, cluster in zip(panels, ids, strict=False):
        mine = clusters == cluster
        ax.scatter(xy[~mine, 0], xy[~mine, 1], s=3, color=COLORS["grey"], alpha=0.15, linewidths=0)
        ax.scatter(xy[mine, 0], xy[mine, 1], s=4, color=ROLE_COLORS["reference"], alpha=0.6, linewidths=0)
        if centres is not None:
            x, y = centres[int(cluster)]
            ax.scatter(x, y, s=230, color="white", edgecolor=COLORS["black"], linewidth=2, zorder=3)
            ax.text(x, y, str(cluster), ha="center", va="center", fontsize=10, fontweight="bold", zorder=4)
        ax.set_title(f"cluster {cluster}: {mine.mean():.0%} of the points", fontsize=12)
        ax.tick_params(labelsize=9)
    for ax in panels[len(ids):]:
        ax.set_visible(False)
    fig.supxlabel(xlabel, fontsize=13)
    fig.supylabel(ylabel, fontsize=13)
    for ax in panels:
        ax.set_xlabel("")
        ax.set_ylabel("")
    return fig


def plot_start_costs(costs: dict[str, np.ndarray], *, title: str, zoom_from: int = 5) -> Figure:
    """k-means' cost against iterations for several seeds of each initialisation mode: lines and a band.

    Args:
        costs: ``{mode: array}``, one row per seed, one column per iteration (from 0, the start), e.g.
            from :func:`helpers.lessons.clustering.lloyd_costs`.
        title: what the reader should see.
        zoom_from: the right panel shows iterations from this one on, on their own scale.

    >>> fig = plot_start_costs({"random": np.array([[9.0, 5.0, 4.0]])}, title="t", zoom_from=1)
    """
    fig, axes = new_figure(title, xlabel="k-means iterations", ncols=2, figsize=(13, 5))
    for ax, first in zip(axes, (0, zoom_from), strict=True):
        for (mode, runs), color in zip(costs.items(), (ROLE_COLORS["spark"], ROLE_COLORS["reference"]),
                                       strict=False):
            iterations = np.arange(runs.shape[1])[first:]
            shown = runs[:, first:]
            ax.fill_between(iterations, shown.min(axis=0), shown.max(axis=0), color=color, alpha=0.2)
            for i, run in enumerate(shown):
                ax.plot(iterations, run, color=color, linewidth=1.2,
                        label=f'initializationMode="{mode}", {len(runs)} seeds' if i == 0 else None)
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0].set_ylabel("cost (sum of squared distances)")
    axes[0].set_title("from the start", fontsize=12)
    axes[1].set_title(f"from iteration {zoom_from} on (zoomed)", fontsize=12)
    axes[0].legend(fontsize=10)
    return fig
