"""helpers.regression: the lpsa parser, and the numpy replica of Spark's LinearRegressionWithSGD."""

import warnings

import numpy as np
import pytest
from pyspark.mllib.regression import LinearRegressionWithSGD

from helpers.lessons.data import sample_data_path, to_arrays
from helpers.lessons.regression import LPSA_FEATURES, parse_lpsa_row, sgd_trace

FIRST_ROW = (
    "-0.4307829,-1.63735562648104 -2.00621178480549 -1.86242597251066 -1.02470580167082 "
    "-0.522940888712441 -0.863171185425945 -1.04215728919298 -0.864466507337306"
)


@pytest.fixture(scope="module")
def lpsa(spark):
    """The 67 rows of lpsa.data as an RDD of LabeledPoints in 2 partitions, and as numpy arrays."""
    path = sample_data_path("mllib/ridge-data/lpsa.data")
    points = spark.sparkContext.textFile(str(path), minPartitions=2).map(parse_lpsa_row).cache()
    features, labels = to_arrays(points.collect())
    yield points, features, labels
    points.unpersist()


def spark_sgd(points, **kwargs):
    """LinearRegressionWithSGD.train's weights (intercept last, when there is one), warning silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        model = LinearRegressionWithSGD.train(points, **kwargs)
    weights = model.weights.toArray()
    return np.append(weights, model.intercept) if kwargs.get("intercept") else weights


def test_parse_lpsa_row_reads_label_and_eight_features():
    point = parse_lpsa_row(FIRST_ROW + "\n")
    assert point.label == pytest.approx(-0.4307829)
    assert len(point.features) == len(LPSA_FEATURES) == 8
    assert point.features[0] == pytest.approx(-1.63735562648104)
    assert point.features[7] == pytest.approx(-0.864466507337306)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("-0.43 -1.6 -2.0", "no comma"),
        ("-0.43,-1.6 -2.0", "expected 8 features, found 2"),
        ("abc,1 2 3 4 5 6 7 8", "could not convert"),
        ("1.0,1 2 3 x 5 6 7 8", "could not convert"),
    ],
)
def test_parse_lpsa_row_rejects_malformed_rows_and_quotes_them(row, reason):
    with pytest.raises(ValueError, match=reason) as error:
        parse_lpsa_row(row)
    assert repr(row) in str(error.value)


def test_the_shipped_file_has_67_standardised_rows(lpsa):
    _, features, labels = lpsa
    assert features.shape == (67, 8)
    assert np.all(np.abs(features.mean(axis=0)) < 0.15)
    assert np.all(np.abs(features.std(axis=0) - 1) < 0.15)
    assert labels.mean() == pytest.approx(2.4523, abs=1e-4)


@pytest.mark.parametrize(
    "settings",
    [
        {"iterations": 100, "step": 1e-8},  # the talk's call: converges after 2 iterations
        {"iterations": 7, "step": 1.0},  # stopped by the iteration count
        {"iterations": 100, "step": 1.0, "intercept": True},  # stopped by the convergence test
        {"iterations": 30, "step": 0.5, "intercept": True, "convergenceTol": 0.0},
    ],
)
def test_sgd_trace_ends_where_spark_ends(lpsa, settings):
    points, features, labels = lpsa
    trace = sgd_trace(
        features, labels, step=settings["step"], iterations=settings["iterations"],
        intercept=settings.get("intercept", False),
        convergence_tol=settings.get("convergenceTol", 0.001),
    )
    np.testing.assert_allclose(trace.weights[-1], spark_sgd(points, **settings), rtol=1e-9, atol=1e-15)


def test_sgd_trace_of_the_talks_call_stops_after_two_iterations_having_learned_nothing(lpsa):
    _, features, labels = lpsa
    trace = sgd_trace(features, labels, step=1e-8, iterations=100)
    assert trace.iterations == 2 and trace.converged and not trace.diverged
    assert np.abs(trace.weights[-1]).max() < 1e-7
    assert trace.mse[0] == pytest.approx(np.mean(labels**2))
    assert trace.final_mse == pytest.approx(trace.mse[0], rel=1e-6)


def test_sgd_trace_with_intercept_approaches_least_squares(lpsa):
    _, features, labels = lpsa
    trace = sgd_trace(features, labels, step=1.0, iterations=300, intercept=True, convergence_tol=0.0)
    with_ones = np.column_stack([features, np.ones(len(features))])
    exact = np.linalg.lstsq(with_ones, labels, rcond=None)[0]
    np.testing.assert_allclose(trace.weights[-1], exact, atol=2e-3)
    assert trace.mse.shape == (301,)
    assert np.all(np.diff(trace.mse[10:]) <= 1e-12)  # once the step has shrunk, every iteration helps


def test_sgd_trace_step_shrinks_so_a_too_large_step_overshoots_then_recovers(lpsa):
    _, features, labels = lpsa
    trace = sgd_trace(features, labels, step=3.0, iterations=100, intercept=True)
    assert trace.mse.max() > 1e6 * trace.mse[0]  # the first steps overshoot further and further
    assert trace.converged and trace.final_mse == pytest.approx(0.4392, abs=1e-4)


def test_sgd_trace_reports_divergence_without_warnings(lpsa):
    _, features, labels = lpsa
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        too_large = sgd_trace(features * 100, labels, step=1.0, iterations=100)
        overflowing = sgd_trace(features * 100, labels, step=0.01, iterations=100)
    for trace in (too_large, overflowing):
        assert trace.diverged and not trace.converged
        assert trace.iterations < 100
        assert not np.isfinite(trace.final_mse)
        assert np.all(np.isfinite(trace.mse[:-1]))
