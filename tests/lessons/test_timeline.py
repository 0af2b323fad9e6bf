"""helpers.lessons.timeline: an event log read into stages, and an application's time into phases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import zstandard

from helpers.lessons.timeline import (
    BEST_SPLIT,
    DRIVER,
    OTHER,
    STATISTICS,
    busy_seconds,
    latest_event_log,
    phases,
    read_event_log,
)

T0 = 1_000_000  # milliseconds


def event_log(stages: list[tuple[int, str, float, float]]) -> list[dict]:
    """A minimal Spark event log: application start and end, one job, its stages and one task each."""
    events = [{"Event": "SparkListenerApplicationStart", "Timestamp": T0},
              {"Event": "SparkListenerJobStart", "Job ID": 0, "Stage IDs": [s[0] for s in stages]}]
    for stage_id, name, start, end in stages:
        events.append({"Event": "SparkListenerTaskEnd", "Stage ID": stage_id, "Task Metrics": {
            "Executor Run Time": 900, "Executor CPU Time": 5e8, "JVM GC Time": 100,
            "Shuffle Write Metrics": {"Shuffle Bytes Written": 2**20},
            "Shuffle Read Metrics": {"Remote Bytes Read": 0, "Local Bytes Read": 2**20}}})
        events.append({"Event": "SparkListenerStageCompleted", "Stage Info": {
            "Stage ID": stage_id, "Stage Name": name, "Number of Tasks": 1,
            "Submission Time": T0 + start * 1000, "Completion Time": T0 + end * 1000}})
    events.append({"Event": "SparkListenerApplicationEnd", "Timestamp": T0 + 10_000})
    return events


STAGES = [(0, "count at NativeMethodAccessorImpl.java:0", 1.0, 2.0),
          (1, "mapPartitions at RandomForest.scala:699", 3.0, 4.0),
          (2, "collectAsMap at RandomForest.scala:734", 4.0, 4.5),
          (3, "mapPartitions at RandomForest.scala:699", 5.0, 6.0)]


@pytest.mark.parametrize("compressed", [False, True])
def test_an_event_log_is_read_plain_or_zstd_compressed(tmp_path: Path, compressed: bool) -> None:
    text = "\n".join(json.dumps(e) for e in event_log(STAGES)).encode()
    folder = tmp_path / "eventlog_v2_local-1"
    folder.mkdir()
    path = folder / ("events_1_local-1.zstd" if compressed else "events_1_local-1")
    path.write_bytes(zstandard.ZstdCompressor().compress(text) if compressed else text)
    stages, start, end = read_event_log(latest_event_log(tmp_path))
    assert end - start == 10.0
    assert [s.phase for s in stages] == [OTHER, STATISTICS, BEST_SPLIT, STATISTICS]
    assert stages[1].start == 3.0 and stages[1].run_seconds == 0.9 and stages[1].shuffle_mb == 2.0


def test_phases_add_up_to_the_applications_time(tmp_path: Path) -> None:
    path = tmp_path / "app-1"
    path.write_text("\n".join(json.dumps(e) for e in event_log(STAGES)))
    stages, start, end = read_event_log(path)
    spent = phases(stages, end - start, start_seconds=2.5)
    assert spent[STATISTICS] == 2.0 and spent[BEST_SPLIT] == 0.5 and spent[OTHER] == 1.0
    assert spent[DRIVER] == 10.0 - 3.5
    assert sum(spent.values()) == pytest.approx(10.0 + 2.5)


def test_overlapping_intervals_count_once_and_a_folder_without_logs_says_so(tmp_path: Path) -> None:
    assert busy_seconds([(0, 1), (0.5, 2), (3, 4)]) == 3.0
    with pytest.raises(FileNotFoundError, match=r"spark\.eventLog\.enabled"):
        latest_event_log(tmp_path)
    (tmp_path / "app-2").write_text(json.dumps({"Event": "SparkListenerLogStart"}))
    with pytest.raises(ValueError, match="not a Spark event log"):
        read_event_log(tmp_path / "app-2")
