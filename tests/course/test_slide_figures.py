"""helpers.course.slide_figures: the deck's figures, drawn by the course's figure functions."""

import json

import pytest
from PIL import Image

from helpers.course import slide_figures
from helpers.course.slide_figures import FIGURES, find_scaling_results, read_scaling_results, render_figures

POINTS = [(20_000, "scikit-learn", 0.3), (20_000, "Spark local[2]", 20.0),
          (2_000_000, "scikit-learn", 90.0), (2_000_000, "Spark local[2]", 60.0)]
RESULTS = [{"rows": rows, "tool": tool, "seconds": seconds, "status": "ok"} for rows, tool, seconds in POINTS]


@pytest.mark.parametrize("form", ["csv", "json-list", "json-object"])
def test_scaling_results_are_read_from_csv_or_json(tmp_path, form):
    if form == "csv":
        path = tmp_path / "scaling.csv"
        path.write_text("rows,tool,seconds,status\n" + "".join(
            f"{r['rows']},{r['tool']},{r['seconds']},ok\n" for r in RESULTS))
    else:
        path = tmp_path / "scaling.json"
        path.write_text(json.dumps(RESULTS if form == "json-list" else {"machine": {}, "results": RESULTS}))
    table = read_scaling_results(path)
    assert list(table["seconds"]) == [r["seconds"] for r in RESULTS]


def test_the_benchmark_s_results_file_is_read_from_its_summary(tmp_path):
    summary = [{"rows": rows, "engine": tool, "train_seconds": seconds, "status": "ok", "repeats": 3,
                "accuracy": 0.9, "peak_mb": {"driver JVM": 900.0}} for rows, tool, seconds in POINTS]
    summary.append({"rows": 2_000_000, "engine": "Spark local[1]", "train_seconds": None,
                    "status": "timeout", "repeats": 0, "accuracy": None, "peak_mb": {}})
    path = tmp_path / "scaling-results.json"
    path.write_text(json.dumps({"machine": {"cores": 2}, "plans": [], "runs": [], "summary": summary}))
    table = read_scaling_results(path)
    assert list(table.columns) == ["rows", "tool", "seconds", "status"]
    assert table.iloc[:4].to_dict("records") == RESULTS
    assert table.iloc[4]["status"] == "timeout" and table["seconds"].isna().sum() == 1
    paths = render_figures(tmp_path / "out", ["crossover"], scaling_results=path)
    assert paths["crossover"].exists()


def test_the_results_file_is_found_where_notebook_06_commits_it(tmp_path):
    assert find_scaling_results(tmp_path) is None
    (tmp_path / "notebooks" / "data").mkdir(parents=True)
    (tmp_path / "notebooks" / "data" / "scaling-results.json").write_text("{}")
    assert find_scaling_results(tmp_path) == tmp_path / "notebooks" / "data" / "scaling-results.json"


def test_the_committed_full_run_draws_the_crossover():
    path = find_scaling_results()
    assert path is not None and path.name == "scaling-results.json"
    table = read_scaling_results(path)
    assert {"scikit-learn", "Spark local[2]"} <= set(table["tool"])
    assert (table["status"] == "ok").any()


def test_the_crossover_is_drawn_from_results_without_spark(tmp_path):
    results = tmp_path / "scaling.json"
    results.write_text(json.dumps(RESULTS))
    paths = render_figures(tmp_path / "out", ["crossover", "stack"], scaling_results=results)
    assert sorted(paths) == ["crossover", "stack"]
    for path in paths.values():
        assert path.with_suffix(".svg").exists()
        assert Image.open(path).width > 1000  # sharp enough for a projector


def test_an_unknown_figure_lists_the_ones_there_are(tmp_path):
    with pytest.raises(KeyError, match="'partition'"):
        render_figures(tmp_path, ["fireworks"])


def test_the_rdd_diagrams_show_spark_s_partitions_and_leave_its_session_running(spark, tmp_path):
    figures = {name: spec for name, spec in FIGURES.items() if spec.needs_spark}
    drawn = {name: spec.draw(spark.sparkContext) for name, spec in figures.items()}
    labels = {t.get_gid(): t.get_text() for t in drawn["partition"].axes[0].texts if t.get_gid()}
    assert [labels[f"partition/{i}:label"] for i in range(3)] == ["[1]", "[2, 3]", "[4, 5]"]
    assert drawn["trace"].axes[0].get_title().endswith("= 12")
    assert drawn["subtract"].axes[0].get_title().startswith("reduce(subtract)")
    paths = render_figures(tmp_path, ["partition"])  # finds the running session, does not stop it
    assert paths["partition"].exists()
    assert spark.sparkContext.parallelize([1, 2]).count() == 2
    assert slide_figures.SparkSession.getActiveSession() is spark
