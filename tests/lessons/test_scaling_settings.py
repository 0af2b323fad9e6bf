"""helpers.lessons.scaling_settings: each variant changes one thing from the baseline."""

from __future__ import annotations

from pathlib import Path

from helpers.lessons.scaling_settings import BASELINE, VARIANTS, table, variant_command


def test_each_variant_changes_one_thing(tmp_path: Path) -> None:
    base, base_env = variant_command(BASELINE, tmp_path, 5, 4)
    assert base[base.index("--driver-memory") + 1] == "4g"
    for name in VARIANTS:
        command, env = variant_command(name, tmp_path, 5, 4)
        changed = set(command) ^ set(base)
        changed_env = {k for k in set(env) | set(base_env) if env.get(k) != base_env.get(k)}
        assert (name == BASELINE) == (not changed and not changed_env), name
    _, java21 = variant_command("Java 21", tmp_path, 5, 4)
    assert java21["JAVA_HOME"].endswith("ml-at-scale-java")
    g1, _ = variant_command("G1 collector", tmp_path, 5, 4)
    assert "spark.driver.extraJavaOptions=-XX:+UseG1GC" in g1
    assert "spark.driver.extraJavaOptions=-XX:+UseParallelGC" not in g1


def test_the_table_compares_with_the_baseline() -> None:
    summary = [{"rows": 20000, "variant": BASELINE, "status": "ok", "train_seconds": 10.0,
                "read_seconds": 2.0, "accuracy": 0.94},
               {"rows": 20000, "variant": "1 partition", "status": "ok", "train_seconds": 12.0,
                "read_seconds": 2.0, "accuracy": 0.94}]
    assert "1.20" in table(summary).splitlines()[2]
