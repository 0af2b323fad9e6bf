"""helpers.lessons.sklearn_forest: the scikit-learn point reads files or part-file folders and scores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.lessons.sklearn_forest import letter_files, read_letter_arrays, run_point


def test_a_folder_of_part_files_reads_like_the_file(sample: Path, tmp_path: Path) -> None:
    lines = sample.read_text().splitlines(keepends=True)
    (tmp_path / "part-00001").write_text("".join(lines[1000:]))
    (tmp_path / "part-00000").write_text("".join(lines[:1000]))
    (tmp_path / "_SUCCESS").write_text("")
    features, labels = read_letter_arrays(tmp_path)
    alone, alone_labels = read_letter_arrays(sample)
    assert features.shape == (2000, 16) and (features == alone).all() and (labels == alone_labels).all()
    assert labels[0] == ord("T") - ord("A") and features.max() <= 15


def test_missing_data_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no letter data"):
        letter_files(tmp_path / "nothing")
    with pytest.raises(FileNotFoundError, match="part-"):
        letter_files(tmp_path)


def test_the_point_trains_and_scores_and_prints_one_result_line(sample: Path, python_env: dict) -> None:
    result = run_point(sample, trees=5, depth=6, cores=1)
    assert result["rows"] == {"read": 2000, "train": 1400, "test": 600} and 0.4 < result["accuracy"] < 1
    command = [sys.executable, "-m", "helpers.lessons.sklearn_forest", str(sample), "--trees", "3"]
    done = subprocess.run(command, capture_output=True, text=True, env=python_env, check=True)
    line = done.stdout.strip()
    assert line.startswith("BENCHMARK ") and json.loads(line[10:])["options"]["trees"] == 3
