"""Linear regression on the prostate-cancer data that ships with pyspark: parsing, and SGD made visible.

* :func:`parse_lpsa_row` turns one row of ``mllib/ridge-data/lpsa.data`` into a ``LabeledPoint``.
* :func:`sgd_trace` repeats, with numpy on the driver, exactly what
  ``pyspark.mllib.regression.LinearRegressionWithSGD.train`` computes with ``miniBatchFraction=1.0``,
  and records the training error after every iteration. Spark keeps that history inside the JVM
  (it only logs the last ten values), so this is how notebook 03 plots it without training a
  hundred models; ``tests/test_regression.py`` checks that it agrees with Spark's weights.

The data: 67 men of the prostate-cancer study of Stamey et al. (1989), the training part of the
data set used in *The Elements of Statistical Learning*. The label is ``lpsa`` (log of the
prostate-specific antigen); the 8 features are standardised (about mean 0, standard deviation 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyspark.mllib.regression import LabeledPoint

LPSA_FEATURES = (
    "lcavol",  # log cancer volume
    "lweight",  # log prostate weight
    "age",  # age in years
    "lbph",  # log amount of benign prostatic hyperplasia
    "svi",  # seminal vesicle invasion (0/1)
    "lcp",  # log capsular penetration
    "gleason",  # Gleason score
    "pgg45",  # percentage of Gleason scores 4 or 5
)


def parse_lpsa_row(line: str) -> LabeledPoint:
    """Parse one row of ``lpsa.data``: the label, a comma, then 8 space-separated features.

    Raises:
        ValueError: the row has no comma, a number that is not a number, or not 8 features;
            the message quotes the row.

    >>> parse_lpsa_row("2.5,0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8")
    LabeledPoint(2.5, [0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8])
    """
    label_text, comma, features_text = line.strip().partition(",")
    try:
        if not comma:
            raise ValueError("there is no comma between the label and the features")
        label = float(label_text)
        features = [float(value) for value in features_text.split()]
        if len(features) != len(LPSA_FEATURES):
            raise ValueError(f"expected {len(LPSA_FEATURES)} features, found {len(features)}")
    except ValueError as error:
        raise ValueError(f"not a row of lpsa.data ({error}): {line.strip()[:60]!r}") from None
    return LabeledPoint(label, features)


@dataclass(frozen=True)
class SGDTrace:
    """The path of gradient descent: weights and training error before and after each iteration.

    Attributes:
        weights: one row per state, ``weights[0]`` the starting point, ``weights[i]`` after
            iteration ``i``; with an intercept its last column is the intercept.
        mse: the training mean squared error of each row of ``weights``.
        iterations: how many iterations ran (fewer than asked when the run converged or diverged).
        converged: Spark's convergence test stopped the run early.
        diverged: the training error overflowed (the step was too large), so the run stopped.
    """

    weights: np.ndarray
    mse: np.ndarray
    iterations: int
    converged: bool
    diverged: bool

    @property
    def final_mse(self) -> float:
        """The training error of the final weights."""
        return float(self.mse[-1])


def sgd_trace(
    features: np.ndarray,
    labels: np.ndarray,
    *,
    step: float,
    iterations: int = 100,
    intercept: bool = False,
    convergence_tol: float = 0.001,
) -> SGDTrace:
    """Run Spark's ``LinearRegressionWithSGD`` update rule with numpy and record every iteration.

    With ``miniBatchFraction=1.0`` (the default) Spark's "SGD" uses every row in every iteration,
    so it is plain gradient descent on ``(1/2n)·||Xw - y||²`` and its result is deterministic:

    * the weights start at 0 (with ``intercept=True`` Spark appends a column of 1.0 to the
      features, and the intercept's weight starts at 1.0);
    * iteration ``i`` (from 1) moves the weights by ``-(step / sqrt(i)) * gradient``, where the
      gradient is ``X.T @ (X @ w - y) / n``: the step shrinks as the iterations go on;
    * from the second iteration on, Spark stops when the weights moved by less than
      ``convergence_tol * max(||w||, 1)`` in one iteration (``convergence_tol=0`` turns that off).

    Args:
        features: ``n × d`` matrix, one row per point.
        labels: ``n`` labels.
        step: Spark's ``step`` argument.
        iterations: Spark's ``iterations`` argument (the maximum).
        intercept: Spark's ``intercept`` argument.
        convergence_tol: Spark's ``convergenceTol`` argument.

    >>> X, y = np.array([[1.0], [2.0]]), np.array([2.0, 4.0])
    >>> trace = sgd_trace(X, y, step=1.0, iterations=50)
    >>> round(float(trace.weights[-1, 0]), 3), trace.converged
    (2.0, True)
    """
    X = np.asarray(features, dtype=float)
    y = np.asarray(labels, dtype=float)
    if intercept:
        X = np.column_stack([X, np.ones(len(X))])
    weights = np.zeros(X.shape[1])
    if intercept:
        weights[-1] = 1.0
    path = [weights]
    converged = diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(1, iterations + 1):
            gradient = X.T @ (X @ weights - y) / len(y)
            previous, weights = weights, weights - step / np.sqrt(i) * gradient
            path.append(weights)
            if not np.isfinite(np.sum((X @ weights - y) ** 2)):  # overflowed: the step is too large
                diverged = True
                break
            moved = np.linalg.norm(weights - previous)
            if i > 1 and moved < convergence_tol * max(np.linalg.norm(weights), 1.0):
                converged = True
                break
        path_array = np.array(path)
        mse = np.mean((path_array @ X.T - y) ** 2, axis=1)
    return SGDTrace(path_array, mse, len(path) - 1, converged, diverged)


@dataclass(frozen=True)
class HoldoutScores:
    """Training and test RMSE of least-squares fits over many random train/test splits.

    Attributes:
        train_rmse: one training RMSE per split.
        test_rmse: one test RMSE per split, on the rows that split held out.
    """

    train_rmse: np.ndarray
    test_rmse: np.ndarray

    @property
    def test_beats_training(self) -> float:
        """The share of the splits whose test RMSE is below their training RMSE."""
        return float(np.mean(self.test_rmse < self.train_rmse))


def holdout_rmse(
    features: np.ndarray, labels: np.ndarray, *, test_size: int, splits: int = 1000, seed: int = 0
) -> HoldoutScores:
    """Fit least squares with an intercept on many random splits, and score each on its held-out rows.

    The fit is the exact least-squares solution, what ``pyspark.ml``'s ``LinearRegression`` computes by
    default (notebook 03 shows they agree), so thousands of splits take a fraction of a second.

    Args:
        features: ``n × d`` matrix, one row per point.
        labels: ``n`` labels.
        test_size: how many rows each split holds out.
        splits: how many random splits.
        seed: the seed of the random generator, so the splits are the same every time.

    >>> rng = np.random.default_rng(1)
    >>> X = rng.normal(size=(40, 2))
    >>> y = X @ [1.0, -2.0] + rng.normal(scale=0.5, size=40)
    >>> scores = holdout_rmse(X, y, test_size=10, splits=200)
    >>> bool(scores.train_rmse.mean() < scores.test_rmse.mean())
    True
    """
    X = np.column_stack([np.asarray(features, dtype=float), np.ones(len(features))])
    y = np.asarray(labels, dtype=float)
    if not 0 < test_size < len(y) - X.shape[1]:
        raise ValueError(f"test_size must leave more training rows than coefficients: got {test_size} "
                         f"of {len(y)} rows for {X.shape[1]} coefficients")
    rng = np.random.default_rng(seed)
    train_rmse, test_rmse = np.empty(splits), np.empty(splits)
    for i in range(splits):
        order = rng.permutation(len(y))
        test, train = order[:test_size], order[test_size:]
        weights = np.linalg.lstsq(X[train], y[train], rcond=None)[0]
        train_rmse[i] = np.sqrt(np.mean((X[train] @ weights - y[train]) ** 2))
        test_rmse[i] = np.sqrt(np.mean((X[test] @ weights - y[test]) ** 2))
    return HoldoutScores(train_rmse, test_rmse)
