"""Figures of a classifier's results (notebook 05): confusion matrix, error rate per class, importances.

* :func:`plot_confusion_matrix` draws the matrix as a heat map labelled with the classes;
* :func:`plot_per_class_error` draws one bar per class, its error rate from 0, the overall rate as a line;
* :func:`plot_feature_importances` draws a model's feature importances with the features' names.

Each returns a :class:`~matplotlib.figure.Figure` in the course style (:mod:`helpers.figures.style`);
its title is a keyword argument.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from helpers.figures.style import COLORS, ROLE_COLORS, new_figure


def plot_confusion_matrix(
    confusion: np.ndarray, labels: Sequence[str], *, title: str, annotate_from: int = 5
) -> Figure:
    """A heat map of the confusion matrix, each row scaled to the share of its true class.

    The colour scale is compressed (a power norm) so that the rare mistakes show next to the large
    diagonal; off-diagonal cells with at least ``annotate_from`` rows show their count.

    >>> fig = plot_confusion_matrix(scores.confusion, LETTERS, title="...")  # doctest: +SKIP
    """
    confusion = np.asarray(confusion)
    totals = confusion.sum(axis=1, keepdims=True)
    shares = np.divide(confusion, totals, out=np.zeros(confusion.shape), where=totals > 0)
    fig, ax = new_figure(title, "predicted letter", "true letter", figsize=(10, 9))
    ax.grid(False)
    image = ax.imshow(shares, cmap="Blues", norm=PowerNorm(gamma=0.35, vmin=0, vmax=1))
    ticks = range(len(labels))
    ax.set_xticks(ticks, labels)
    ax.set_yticks(ticks, labels)
    ax.tick_params(length=0)
    for t in ticks:
        for p in ticks:
            if t != p and confusion[t, p] >= annotate_from:
                ax.text(p, t, str(confusion[t, p]), ha="center", va="center", fontsize=8,
                        color=COLORS["vermillion"], fontweight="bold")
    colorbar = fig.colorbar(image, ax=ax, shrink=0.8)
    colorbar.set_label("share of the true letter's test rows")
    return fig


def plot_per_class_error(
    per_class: Mapping[str, float | None], overall: float, *, title: str, highlight: int = 3
) -> Figure:
    """One bar per class, its error rate (1 − accuracy) from 0, the ``highlight`` highest in vermillion.

    Error rates drawn from 0 keep the bars' lengths honest: a letter wrong twice as often has a bar
    twice as long. The overall error rate is a dashed line.

    Args:
        per_class: accuracy per class (e.g. ``scores.per_letter``); None for a class with no test rows.
        overall: the overall accuracy.

    >>> fig = plot_per_class_error(scores.per_letter, scores.accuracy, title="...")  # doctest: +SKIP
    """
    names = [name for name, value in per_class.items() if value is not None]
    errors = [1 - per_class[name] for name in names]
    worst = set(sorted(names, key=lambda name: (per_class[name], name))[:highlight])
    colors = [ROLE_COLORS["highlight"] if name in worst else ROLE_COLORS["muted"] for name in names]
    fig, ax = new_figure(title, "true letter", "share of its test rows classified wrong", figsize=(11, 5))
    ax.bar(names, errors, color=colors)
    ax.axhline(1 - overall, color=ROLE_COLORS["reference"], linestyle="--",
               label=f"all letters: {1 - overall:.1%}")
    ax.set_ylim(0, max(errors) * 1.1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.legend(loc="upper right")
    return fig


def plot_feature_importances(
    importances: Sequence[float],
    names: Sequence[str],
    *,
    title: str,
    descriptions: Mapping[str, str] | None = None,
) -> Figure:
    """Horizontal bars of feature importances, largest at the top, labelled with the features' names.

    Args:
        importances: one value per feature (e.g. ``model.featureImportances.toArray()``).
        names: the features' names, in the same order.
        title: what the reader should see.
        descriptions: optional longer labels, ``name -> description``.

    >>> fig = plot_feature_importances(forest.featureImportances.toArray(), FEATURE_NAMES,
    ...                                    title="...")  # doctest: +SKIP
    """
    order = np.argsort(np.asarray(importances), kind="stable")  # smallest first: drawn at the bottom
    labels = [f"{names[i]} · {descriptions[names[i]]}" if descriptions else names[i] for i in order]
    fig, ax = new_figure(title, "importance (share of the total impurity decrease)", "",
                         figsize=(10, 7))
    ax.barh(labels, [importances[i] for i in order], color=ROLE_COLORS["spark"])
    ax.grid(axis="y", visible=False)
    return fig
