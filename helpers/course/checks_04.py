"""Self-checks of notebook 04's exercises (k-means clustering), shared by the chapter and its solutions.

Each function is one exercise's check (see :mod:`helpers.course.exercises`): it takes the answer,
then what the check needs from the notebook (the features, the contingency tables, the sweep).

Example:
    >>> silhouette_26(None, sweep=None)
    Not attempted yet: replace None in the cell above with your answer, run it, then run this cell again.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from pyspark import RDD

from helpers.course.exercises import Condition, exercise
from helpers.jobs.letters import LETTERS
from helpers.lessons.clustering import purity

# Exercise 04.1's random starts: these seeds, k = 26, 10 iterations.
SEEDS = (0, 1, 2)
ITERATIONS = 10


@exercise(hint="train one model per seed and keep them in a list; min() takes a key= function")
def best_of_three(features: RDD, seeds: Sequence[int] = SEEDS, iterations: int = ITERATIONS,
                  ) -> list[Condition]:
    """04.1: the lowest-cost of the random-start k-means models for seeds 0, 1 and 2 (what ``runs`` did)."""
    from pyspark.mllib.clustering import KMeans

    costs = [KMeans.train(features, 26, maxIterations=iterations, initializationMode="random", seed=seed)
             .computeCost(features) for seed in seeds]
    best = min(costs)
    return [("is an MLlib KMeansModel with 26 centres",
             lambda a: type(a).__name__ == "KMeansModel" and a.k == 26),
            (f"has the lowest cost of the {len(seeds)} seeds' models ({best:,.0f}; the others "
             f"{', '.join(f'{c:,.0f}' for c in sorted(costs)[1:])})",
             lambda a: abs(a.computeCost(features) - best) <= 1e-9 * best)]


@exercise(hint="transform adds a prediction column; group by it and count; collect() returns Rows, "
               "and row['count'] reads a column that has a method's name")
def cluster_sizes(table_8: pd.DataFrame) -> list[Condition]:
    """04.2: the number of images in each of the 8 clusters, as a dict."""
    total = int(table_8.to_numpy().sum())
    return [("is a dict with one entry per cluster, 0 to 7",
             lambda a: isinstance(a, dict) and sorted(a) == list(range(8))),
            (f"counts all {total:,} images", lambda a: sum(a.values()) == total),
            ("matches the 8-cluster contingency table",
             lambda a: all(a[c] == table_8.loc[c].sum() for c in range(8)))]


@exercise(hint="ClusteringEvaluator reads the features and prediction columns by default")
def silhouette_26(sweep: pd.DataFrame) -> list[Condition]:
    """04.3: the silhouette score of the 26-cluster model's predictions."""
    expected = sweep.set_index("k").loc[26, "silhouette"]
    return [("is a number between -1 and 1", lambda a: isinstance(a, float) and -1 <= a <= 1),
            ("matches the sweep's silhouette for k = 26 (same k, seed and iterations)",
             lambda a: abs(a - expected) < 1e-9)]


@exercise(hint="a cluster's winning letter is the column of its largest count (idxmax); a letter's share "
               "counts its images in the clusters it wins, out of all its images")
def letter_share(table_26: pd.DataFrame) -> list[Condition]:
    """04.4: for each letter, the share of its images in clusters that the letter wins."""
    losers = set(LETTERS) - set(table_26.idxmax(axis=1))
    return [("is a pandas Series with one share, between 0 and 1, per letter",
             lambda a: isinstance(a, pd.Series) and sorted(a.index) == list(LETTERS)
             and a.between(0, 1).all()),
            ("is 0 exactly for the letters that win no cluster", lambda a: set(a.index[a == 0]) == losers),
            ("adds up, weighted by the letters' counts, to the purity of table_26",
             lambda a: abs((a * table_26.sum()).sum() / table_26.to_numpy().sum() - purity(table_26)) < 1e-9)]
