"""Self-checks of notebook 03's exercises (linear regression), shared by the chapter and its solutions.

Each function is one exercise's check (see :mod:`helpers.course.exercises`): it takes the answer,
then what the check needs from the notebook. The reference numbers (the labels' variance, the
least-squares error, the features' spread) are computed here from the notebook's data.

Example:
    >>> more_or_less(None, features=None, labels=None)
    Not attempted yet: replace None in the cell above with your answer, run it, then run this cell again.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pyspark import RDD

from helpers.course.exercises import Condition, exercise
from helpers.lessons.data import to_arrays
from helpers.lessons.regression import holdout_rmse

# How close to the least-squares error exercise 03.2's model must come.
WITHIN = 0.01


def mse(model: Any, points: RDD) -> float:
    """Mean squared error of an MLlib model on an RDD of LabeledPoints, computed by Spark."""
    return points.map(lambda p: (p.label - model.predict(p.features)) ** 2).mean()


@exercise(hint="two passes over the labels: one for their mean, one for the mean of the squared "
               "differences from it")
def baseline_mse(parsed: RDD) -> list[Condition]:
    """03.1: the MSE of always predicting the mean label, computed with Spark."""
    _, y = to_arrays(parsed.collect())
    return [("is a number", lambda a: isinstance(a, float)),
            (f"equals the variance of the {len(y)} labels", lambda a: abs(a - np.var(y)) < 1e-9)]


@exercise(hint="section 4's plot shows which settings reach the floor: the intercept matters most, "
               "then a step of the right size")
def my_sgd_model(parsed: RDD) -> list[Condition]:
    """03.2: an SGD model within 1 % of the least-squares training error, in at most 100 iterations."""
    X, y = to_arrays(parsed.collect())
    with_ones = np.column_stack([X, np.ones(len(X))])
    floor = float(np.mean((with_ones @ np.linalg.lstsq(with_ones, y, rcond=None)[0] - y) ** 2))
    return [("is a trained MLlib linear regression model",
             lambda a: type(a).__name__ == "LinearRegressionModel" and hasattr(a, "intercept")),
            ("has an intercept", lambda a: a.intercept != 0),
            (f"reaches a training MSE within {WITHIN:.0%} of the least-squares {floor:.4f}",
             lambda a: mse(a, parsed) < floor * (1 + WITHIN))]


@exercise(hint="colStats takes an RDD of vectors (the features of each point); its variance() is "
               "per column")
def feature_std(parsed: RDD) -> list[Condition]:
    """03.3: each feature's sample standard deviation, computed with Spark's colStats."""
    X, _ = to_arrays(parsed.collect())
    return [("is a numpy array of one number per feature",
             lambda a: isinstance(a, np.ndarray) and a.shape == (X.shape[1],)),
            ("holds each feature's sample standard deviation",
             lambda a: np.allclose(a, X.std(axis=0, ddof=1))),
            ("shows features scaled to a standard deviation of about 1",
             lambda a: np.all(np.abs(a - 1) < 0.15))]


@exercise(hint="LinearRegression takes the two parameters by name; fit it on the training part only")
def ridge_model(train: Any, split_model: Any) -> list[Condition]:
    """03.4: a ridge regression (regParam 0.1, pure L2) fitted on ``train``."""
    rows = train.count()
    return [("is a fitted pyspark.ml LinearRegressionModel",
             lambda a: type(a).__name__ == "LinearRegressionModel" and hasattr(a, "coefficients")),
            ("was fitted with regParam 0.1 and elasticNetParam 0.0",
             lambda a: a.getRegParam() == 0.1 and a.getElasticNetParam() == 0.0),
            ("has smaller coefficients than the unpenalised split_model",
             lambda a: a.coefficients.norm(2) < split_model.coefficients.norm(2)),
            (f"was fitted on the {rows} rows of 'train'", lambda a: a.summary.numInstances == rows)]


@exercise(hint="think about the two things that change: a larger test set averages over more points, "
               "and a smaller training set fits its own rows more closely")
def more_or_less(features: np.ndarray, labels: np.ndarray) -> list[Condition]:
    """03.5: a prediction: with 34 test rows instead of 20, does the test RMSE beat training more often?"""
    with_20 = holdout_rmse(features, labels, test_size=20).test_beats_training
    with_34 = holdout_rmse(features, labels, test_size=34).test_beats_training
    truth = "more" if with_34 > with_20 else "less"
    return [('is "more" or "less"', lambda a: a in ("more", "less")),
            (f"matches 1,000 random splits: the test RMSE beats training in {with_20:.0%} of them with "
             f"20 test rows, {with_34:.0%} with 34", lambda a: a == truth)]
