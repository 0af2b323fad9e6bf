"""Read a classifier's mistakes: the commonest confusions of a confusion matrix ("H taken for K").

The figures of a classifier's results are in :mod:`helpers.figures.evaluation`.

Example:
    >>> import numpy as np
    >>> confusion = np.array([[8, 2], [1, 9]])
    >>> most_confused_pairs(confusion, "AB", n=1)
    [ConfusedPair(true='A', predicted='B', count=2, share=0.2)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np


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
