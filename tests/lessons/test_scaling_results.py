"""helpers.lessons.scaling_results: crossover, growth, speed-ups and the README table from a summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.lessons.scaling_results import (
    crossover,
    extrapolated_crossover,
    growth,
    load_results,
    markdown_table,
    rows_reaching,
    seconds,
    speedups,
)

COMMITTED = Path(__file__).resolve().parents[2] / "notebooks" / "data" / "scaling-results.json"


def row(rows: int, engine: str, train: float | None, status: str = "ok") -> dict:
    return {"rows": rows, "engine": engine, "status": status, "train_seconds": train,
            "accuracy": 0.9 if train else None, "process_seconds": train and train + 5,
            "peak_mb": {"driver JVM": 900.0} if train else {}}


SUMMARY = [row(10**4, "scikit-learn", 1.0), row(10**4, "Spark local[2]", 20.0),
           row(10**6, "scikit-learn", 100.0), row(10**6, "Spark local[2]", 80.0),
           row(10**6, "Spark local[1]", None, "timeout")]


def test_the_crossover_is_the_first_size_where_spark_is_faster() -> None:
    assert crossover(SUMMARY) == 10**6
    assert crossover(SUMMARY[:2]) is None


def test_growth_is_the_log_log_slope() -> None:
    assert growth(SUMMARY, "scikit-learn") == pytest.approx(1.0)
    assert growth(SUMMARY, "Spark local[1]") is None
    assert growth(SUMMARY, "scikit-learn", "peak_mb") == 0.0  # the same 900 MB at both sizes


def test_memory_is_extrapolated_along_its_log_log_line() -> None:
    summary = [row(10**4, "scikit-learn", 1.0), row(10**6, "scikit-learn", 100.0)]
    summary[1]["peak_mb"] = {"driver Python": 9_000.0}  # 10x the memory for 100x the rows: slope 0.5
    assert rows_reaching(summary, "scikit-learn", 90_000.0) == 10**8
    assert rows_reaching(SUMMARY, "scikit-learn", 90_000.0) is None  # memory that does not grow


def test_speedups_and_seconds_skip_what_did_not_finish() -> None:
    assert speedups(SUMMARY, 10**6, ["Spark local[1]", "Spark local[2]"]) == {"Spark local[2]": 80.0}
    assert seconds(SUMMARY, "scikit-learn", 10**4) == 1.0


def test_the_readme_table_has_a_line_per_size_with_ratios_and_failures() -> None:
    text = markdown_table(SUMMARY, ["scikit-learn", "Spark local[2]", "Spark local[1]"])
    lines = text.splitlines()
    assert len(lines) == 4 and "| 10,000 | 1.0 | 20.0 · 20× | not run |" in lines[2]
    assert "timeout" in lines[3]


@pytest.mark.skipif(not COMMITTED.exists(), reason="no committed full run yet")
def test_the_committed_full_run_has_every_engine_at_the_smallest_size() -> None:
    results = load_results(COMMITTED)
    first = min(r["rows"] for r in results["summary"])
    engines = {r["engine"] for r in results["summary"] if r["rows"] == first and r["status"] == "ok"}
    assert {"scikit-learn", "Spark local[2]"} <= engines
    assert results["machine"]["cores"] >= 1 and json.dumps(results)


def test_the_crossover_is_extrapolated_along_the_measured_slopes() -> None:
    slow = [row(10**4, "scikit-learn", 1.0), row(10**6, "scikit-learn", 100.0),
            row(10**4, "Spark local[2]", 100.0), row(10**6, "Spark local[2]", 1000.0)]
    assert extrapolated_crossover(slow) == 10**8
    assert extrapolated_crossover(SUMMARY) == 10**6  # already faster there
    slow[3]["train_seconds"] = 10_000.0  # Spark growing as fast as scikit-learn: never
    assert extrapolated_crossover(slow) is None
