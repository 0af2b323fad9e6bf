"""helpers.figures.crossover: where a tool overtakes scikit-learn, and the chart that shows it."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.figures.crossover import crossover_chart, crossover_rows, measured


def results(**extra):
    table = pd.DataFrame({
        "rows": [20_000, 200_000, 2_000_000] * 3,
        "tool": ["scikit-learn"] * 3 + ["Spark local[2]"] * 3 + ["XGBoost on Spark"] * 3,
        "seconds": [0.3, 5.0, 90.0, 25.0, 40.0, 70.0, 30.0, 60.0, 120.0],
    })
    return table.assign(**extra)


def test_the_crossover_is_the_first_size_at_which_a_tool_is_faster():
    assert crossover_rows(results()) == {"Spark local[2]": 2_000_000, "XGBoost on Spark": None}


def test_points_that_did_not_finish_are_left_out():
    status = ["ok"] * 5 + ["out of memory"] + ["ok"] * 3
    assert crossover_rows(results(status=status)) == {"Spark local[2]": None, "XGBoost on Spark": None}
    assert len(measured(results(status=status))) == 8


def test_repeats_are_reduced_to_their_median():
    table = pd.concat([results(), results().assign(seconds=lambda t: t.seconds * 3),
                       results().assign(seconds=lambda t: t.seconds * 2)])
    assert measured(table).set_index(["tool", "rows"]).loc[("scikit-learn", 20_000), "seconds"] == 0.6


def test_a_results_table_without_the_needed_columns_says_which_are_missing():
    with pytest.raises(ValueError, match=r"\['seconds'\]"):
        measured(results().drop(columns="seconds"))


def test_the_chart_says_where_spark_overtakes_and_rings_that_point():
    fig = crossover_chart(results())
    ax = fig.axes[0]
    assert ax.get_title() == "Spark overtakes scikit-learn from 2,000,000 rows"
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert len(ax.lines) == 3
    rings = [c for c in ax.collections if len(c.get_offsets())]
    assert [tuple(c.get_offsets()[0]) for c in rings] == [(2_000_000, 70.0)]
    plt.close(fig)


def test_the_chart_says_so_when_nothing_overtakes():
    fig = crossover_chart(results().query("rows < 1e6"))
    assert fig.axes[0].get_title() == "scikit-learn stays faster at every size measured here"
    plt.close(fig)
