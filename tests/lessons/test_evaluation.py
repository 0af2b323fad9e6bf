"""helpers.lessons.evaluation: the commonest mistakes of a confusion matrix."""

from __future__ import annotations

import numpy as np

from helpers.lessons.evaluation import ConfusedPair, most_confused_pairs

CONFUSION = np.array([
    [50, 3, 0],   # A: 3 taken for B
    [6, 40, 4],   # B: 6 taken for A, 4 for C
    [0, 4, 46],   # C: 4 taken for B
])


def test_most_confused_pairs_lists_the_commonest_mistakes_first() -> None:
    pairs = most_confused_pairs(CONFUSION, "ABC", n=3)
    assert pairs == [
        ConfusedPair("B", "A", 6, 0.12),
        ConfusedPair("B", "C", 4, 0.08),  # a tie with C -> B: the true letters' order decides
        ConfusedPair("C", "B", 4, 0.08),
    ]


def test_most_confused_pairs_ignores_the_diagonal_and_empty_cells() -> None:
    pairs = most_confused_pairs(CONFUSION, "ABC", n=10)
    assert len(pairs) == 4
    assert all(pair.true != pair.predicted and pair.count > 0 for pair in pairs)


