"""Self-checks of notebook 05's exercises (The letter classifier), shared by the chapter and its solutions.

Each function is one exercise's check (see :mod:`helpers.course.exercises`): it takes the answer,
then what the check needs from the notebook: the split, the 50-tree forest's scores, the broken
file. The reference results are computed here from those, never copied from a stored output.

Example:
    >>> hardest_letter(None, scores_10_trees=None)
    Not attempted yet: replace None in the cell above with your answer, run it, then run this cell again.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pyspark import RDD

from helpers.course.exercises import Condition, exercise
from helpers.jobs.forest import predict_mllib, train_mllib
from helpers.jobs.letters import LETTERS, MalformedRowError, Scores, parse_letter_row, score


@exercise(hint="the same three calls as sections 4 and 5 (train_mllib, predict_mllib, score), with fewer "
               "trees")
def scores_10_trees(train: RDD, test: RDD, seed: int) -> list[Condition]:
    """05.1: the Scores of a 10-tree forest (depth 16, the notebook's seed) on the notebook's test rows."""
    test_rows = test.count()
    reference = score(predict_mllib(train_mllib(train, num_trees=10, max_depth=16, seed=seed), test))
    return [("is the Scores of score(...)", lambda a: isinstance(a, Scores)),
            (f"scores all {test_rows:,} test rows", lambda a: a.test_rows == test_rows),
            (f"is the score of 10 trees of depth 16 with seed {seed} (accuracy {reference.accuracy:.3f})",
             lambda a: np.array_equal(a.confusion, reference.confusion))]


@exercise(hint="per_letter is a dict from letter to accuracy; min() with key= compares the values")
def hardest_letter(scores_10_trees: Scores) -> list[Condition]:
    """05.2: the letter the 10-tree forest gets right least often."""
    per_letter = scores_10_trees.per_letter
    return [("is one capital letter", lambda a: isinstance(a, str) and len(a) == 1 and a in LETTERS),
            ("has the lowest per-letter accuracy of the 10-tree forest",
             lambda a: per_letter[a] == min(v for v in per_letter.values() if v is not None))]


@exercise(hint="add the confusion matrix to its transpose and blank the diagonal (np.fill_diagonal); "
               "np.unravel_index turns argmax's position into a (row, column) pair")
def confused_pair(scores_10_trees: Scores) -> list[Condition]:
    """05.3: the pair of letters the 10-tree forest confuses most, both directions together."""
    confusion = scores_10_trees.confusion

    def both_directions(pair: str) -> int:
        i, j = LETTERS.index(pair[0]), LETTERS.index(pair[1])
        return int(confusion[i, j] + confusion[j, i])

    most = max(both_directions(x + y) for x in LETTERS for y in LETTERS if x < y)
    return [("is two different letters in alphabetical order",
             lambda a: isinstance(a, str) and len(a) == 2 and a[0] < a[1] and set(a) <= set(LETTERS)),
            (f"is a pair with the most mistakes in both directions ({most})",
             lambda a: both_directions(a) == most)]


@exercise(hint="load_letters has an argument that decides what happens to a malformed row")
def broken_data(broken_path: str | Path) -> list[Condition]:
    """05.4: the broken copy of the data loaded with its malformed rows skipped and counted."""
    lines = Path(broken_path).read_text().splitlines()
    bad = []
    for number, line in enumerate(lines, start=1):
        try:
            parse_letter_row(line, number)
        except MalformedRowError:
            bad.append(number)
    return [("is the LetterData that load_letters returns", lambda a: type(a).__name__ == "LetterData"),
            (f"read all {len(lines):,} rows", lambda a: a.rows_read == len(lines)),
            (f"skipped the {len(bad)} broken ones and kept the {len(lines) - len(bad):,} others",
             lambda a: a.malformed == len(bad) and a.points.count() == len(lines) - len(bad)),
            (f"reports line {bad[0]} as the first broken one" if bad else "reports no broken row",
             lambda a: (a.first_malformed or "").startswith(f"line {bad[0]}:") if bad
             else a.first_malformed is None)]
