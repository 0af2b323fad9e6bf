"""helpers.lessons.scaling: the benchmark at a tiny size runs, writes its results file, and reads back."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import psutil
import pytest

from helpers.lessons.scaling import (
    CLUSTER,
    SKLEARN,
    SPARK_2,
    Plan,
    point_command,
    result_line,
    run_benchmark,
    summarize,
    table,
)


def _daemons_logging_to(folder_name: str) -> list[int]:
    """PIDs of Spark daemons whose log folder (``SPARK_LOG_DIR``) is ``logs/<folder_name>``."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        with contextlib.suppress(psutil.Error):
            if "org.apache.spark.deploy" in " ".join(process.info["cmdline"] or ()) and \
                    process.environ().get("SPARK_LOG_DIR", "").endswith(f"/{folder_name}"):
                found.append(process.pid)
    return found


@pytest.mark.spark
def test_a_tiny_benchmark_runs_each_engine_and_writes_its_results(sample: Path, tmp_path: Path) -> None:
    """Three engines, one tiny size, one repeat: ~50 s (two spark-submits, a standalone cluster)."""
    grown = tmp_path / "grown"
    grown.mkdir()
    (grown / "letters-2000").mkdir()  # the sample as if grown: a folder of part files
    (grown / "letters-2000" / "part-00000").write_text(sample.read_text())
    (grown / "letters-2000" / "_SUCCESS").write_text("")
    plan = Plan(sizes=(2000,), engines=(SKLEARN, SPARK_2, CLUSTER), repeats=1, trees=3, depth=4,
                data_dir=grown, results=tmp_path / "results.json", event_logs=tmp_path / "logs")
    results = run_benchmark(plan, progress=False)
    on_disk = json.loads((tmp_path / "results.json").read_text())
    assert on_disk["summary"] == results["summary"] and on_disk["machine"]["cores"] >= 1
    rows = {row["engine"]: row for row in results["summary"]}
    assert set(rows) == {SKLEARN, SPARK_2, CLUSTER} and all(row["status"] == "ok" for row in rows.values())
    assert all(0.2 < row["accuracy"] <= 1 for row in rows.values())
    assert rows[SPARK_2]["peak_mb"]["driver JVM"] > 100 and rows[SKLEARN]["peak_mb"]["driver Python"] > 20
    run = next(r for r in results["runs"] if r["engine"] == SPARK_2)
    assert run["row_counts"]["read"] == 2000 and run["train_seconds"] > 0
    assert list((tmp_path / "logs").iterdir()), "the Spark point wrote its event log"
    assert "2,000" in table(results["summary"])
    # the cluster point ran its executors on the course's standalone cluster, stopped when it was done
    assert rows[CLUSTER]["peak_mb"]["executor JVMs"] > 100
    assert "standalone cluster" in results["plans"][-1]["cluster"]
    assert _daemons_logging_to("scaling-cluster") == []


def test_a_point_that_failed_is_recorded_and_its_engine_not_run_again(tmp_path: Path) -> None:
    runs = [{"rows": 10, "engine": "x", "repeat": 0, "status": "timeout"},
            {"rows": 100, "engine": "x", "repeat": 0, "status": "skipped (timeout at 10 rows)"}]
    summary = summarize(runs)
    assert [row["status"] for row in summary] == ["timeout", "skipped (timeout at 10 rows)"]
    assert summary[0]["train_seconds"] is None and "timeout" in table(summary)


def test_each_engine_runs_in_its_own_kind_of_process(tmp_path: Path) -> None:
    plan = Plan(cluster="spark://127.0.0.1:7077")
    sklearn, _ = point_command(SKLEARN, tmp_path, plan)
    spark, env = point_command(SPARK_2, tmp_path, plan)
    cluster, _ = point_command(CLUSTER, tmp_path, plan)
    assert sklearn[1:3] == ["-m", "helpers.lessons.sklearn_forest"]
    assert spark[0].endswith("spark-submit") and "local[2]" in spark and "--driver-memory" in spark
    assert "spark://127.0.0.1:7077" in cluster and "spark.cores.max=2" in cluster and "PYSPARK_PYTHON" in env
    with pytest.raises(ValueError, match="standalone master"):
        point_command(CLUSTER, tmp_path, Plan())  # no URL: run_benchmark starts the course's cluster
    assert result_line('BENCHMARK {"a": 1}') == {"a": 1} and result_line("nothing") is None
