"""Look at a classifier's results: where it is right, where it is wrong, and what it relies on.

* :func:`most_confused_pairs` lists the commonest mistakes of a confusion matrix ("H taken for K");
* :func:`plot_confusion_matrix` draws the matrix as a heat map labelled with the classes;
* :func:`plot_per_class_accuracy` draws one bar per class, the overall accuracy as a line;
* :func:`plot_feature_importances` draws a model's feature importances with the features' names.

All figures use the course style (:mod:`helpers.plots`).

Example:
    >>> import numpy as np
    >>> confusion = np.array([[8, 2], [1, 9]])
    >>> most_confused_pairs(confusion, "AB", n=1)
    [ConfusedPair(true='A', predicted='B', count=2, share=0.2)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from matplotlib.colors import PowerNorm

from helpers.plots import COLORS, ROLE_COLORS, new_figure


class ConfusedPair(NamedTuple):
    """One kind of mistake: ``count`` test rows of class ``true`` were predicted as ``predicted``.

    ``share`` is the fraction of the true class's rows that went that way.
    """

    true: str
    predicted: str
    count: int
    share: float


def most_confused_pairs(confusion: np.ndarray, labels: Sequence[str], n: int = 5) -> list[ConfusedPair]:
    """The ``n`` commonest mistakes, most frequent first (ties in the order of the labels).

    Args:
        confusion: square counts; row = true class, column = predicted class.
        labels: the classes' names, in the order of the rows.
        n: how many mistakes to list.

    >>> most_confused_pairs(np.array([[5, 1, 0], [3, 4, 0], [0, 3, 2]]), "ABC", n=2)
    [ConfusedPair(true='B', predicted='A', count=3, share=0.429), ConfusedPair(true='C', \
predicted='B', count=3, share=0.6)]
    """
    confusion = np.asarray(confusion)
    totals = confusion.sum(axis=1)
    mistakes = [
        (-int(confusion[t, p]), t, p)
        for t in range(len(labels)) for p in range(len(labels))
        if t != p and confusion[t, p] > 0
    ]
    return [
        ConfusedPair(labels[t], labels[p], -negative, round(float(-negative / totals[t]), 3))
        for negative, t, p in sorted(mistakes)[:n]
    ]


def plot_confusion_matrix(
    confusion: np.ndarray, labels: Sequence[str], *, title: str, annotate_from: int = 5
) -> tuple[Any, Any]:
    """A heat map of the confusion matrix, each row scaled to the share of its true class.

    The colour scale is compressed (a power norm) so that the rare mistakes show next to the large
    diagonal; off-diagonal cells with at least ``annotate_from`` rows show their count.

    >>> fig, ax = plot_confusion_matrix(scores.confusion, LETTERS, title="...")  # doctest: +SKIP
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
    return fig, ax


def plot_per_class_accuracy(
    per_class: Mapping[str, float | None], overall: float, *, title: str, highlight: int = 3
) -> tuple[Any, Any]:
    """One bar per class (its accuracy; the ``highlight`` lowest in red, others grey), and the overall line.

    >>> fig, ax = plot_per_class_accuracy(scores.per_letter, scores.accuracy, title="...")  # doctest: +SKIP
    """
    names = [name for name, value in per_class.items() if value is not None]
    values = [per_class[name] for name in names]
    worst = set(sorted(names, key=lambda name: (per_class[name], name))[:highlight])
    colors = [ROLE_COLORS["highlight"] if name in worst else ROLE_COLORS["muted"] for name in names]
    fig, ax = new_figure(title, "true letter", "accuracy on the test set", figsize=(11, 5))
    ax.bar(names, values, color=colors)
    ax.axhline(overall, color=ROLE_COLORS["reference"], linestyle="--",
               label=f"all letters: {overall:.3f}")
    ax.set_ylim(min(0.5, min(values) - 0.05), 1.0)
    ax.legend(loc="lower right")
    return fig, ax


def plot_feature_importances(
    importances: Sequence[float],
    names: Sequence[str],
    *,
    title: str,
    descriptions: Mapping[str, str] | None = None,
) -> tuple[Any, Any]:
    """Horizontal bars of feature importances, largest at the top, labelled with the features' names.

    Args:
        importances: one value per feature (e.g. ``model.featureImportances.toArray()``).
        names: the features' names, in the same order.
        title: what the reader should see.
        descriptions: optional longer labels, ``name -> description``.

    >>> fig, ax = plot_feature_importances(forest.featureImportances.toArray(), FEATURE_NAMES,
    ...                                    title="...")  # doctest: +SKIP
    """
    order = np.argsort(np.asarray(importances), kind="stable")  # smallest first: drawn at the bottom
    labels = [f"{names[i]} · {descriptions[names[i]]}" if descriptions else names[i] for i in order]
    fig, ax = new_figure(title, "importance (share of the total impurity decrease)", "",
                         figsize=(10, 7))
    ax.barh(labels, [importances[i] for i in order], color=ROLE_COLORS["spark"])
    ax.grid(axis="y", visible=False)
    return fig, ax
