"""One point of the scaling benchmark with scikit-learn: the same forest on N rows, on one machine.

``python -m helpers.lessons.sklearn_forest INPUT`` reads the letter rows (a file, or a folder of the
part files that :mod:`helpers.jobs.grow_letters` writes) with pandas, splits them 70/30 with a seed,
grows scikit-learn's ``RandomForestClassifier`` with the talk's hyper-parameters (50 trees, depth 16,
``sqrt`` of the features tried at each split, gini) on all cores, scores it on the test rows, and
prints one line ``BENCHMARK {json}`` with the times, accuracy and row counts, like
:mod:`helpers.jobs.forest_benchmark` does for Spark.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

from helpers.jobs.forest import DEFAULT_DEPTH, DEFAULT_TREES
from helpers.jobs.forest_benchmark import print_result
from helpers.jobs.letters import DEFAULT_SEED, FEATURE_NAMES, TEST_FRACTION


def letter_files(path: str | Path) -> list[Path]:
    """The data files at ``path``: the file itself, or a folder's ``part-*`` files in order.

    Raises:
        FileNotFoundError: there is no such file or folder, or the folder has no part file.
    """
    path = Path(path)
    files = sorted(path.glob("part-*")) if path.is_dir() else [path] if path.exists() else []
    if not files:
        raise FileNotFoundError(f"no letter data at {path}: give a file or a folder of part-* files")
    return files


def read_letter_arrays(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """The features (an n x 16 array of small integers) and labels (0 = A) of the letter rows.

    >>> features, labels = read_letter_arrays("data/letter-recognition.data")  # doctest: +SKIP
    >>> features.shape, labels[:3]  # doctest: +SKIP
    ((20000, 16), array([19,  8,  3]))
    """
    names = ["letter", *FEATURE_NAMES]
    parts = [pd.read_csv(f, header=None, names=names, dtype={"letter": str}) for f in letter_files(path)]
    frame = pd.concat(parts, ignore_index=True)
    labels = frame.pop("letter").str.strip().map(ord).to_numpy() - ord("A")
    return frame.to_numpy(dtype=np.uint8), labels


def run_point(path: str | Path, *, trees: int = DEFAULT_TREES, depth: int = DEFAULT_DEPTH,
              seed: int = DEFAULT_SEED, cores: int = -1) -> dict[str, Any]:
    """Read, split, fit and score once; the times (seconds), accuracy and row counts."""
    clock = time.perf_counter()
    features, labels = read_letter_arrays(path)
    x_train, x_test, y_train, y_test = train_test_split(features, labels, test_size=TEST_FRACTION,
                                                        random_state=seed)
    read = time.perf_counter() - clock
    forest = RandomForestClassifier(n_estimators=trees, max_depth=depth, max_features="sqrt",
                                    criterion="gini", n_jobs=cores, random_state=seed)
    clock = time.perf_counter()
    forest.fit(x_train, y_train)
    trained = time.perf_counter() - clock
    clock = time.perf_counter()
    accuracy = float((forest.predict(x_test) == y_test).mean())
    scored = time.perf_counter() - clock
    return {"read_seconds": read, "train_seconds": trained, "score_seconds": scored, "accuracy": accuracy,
            "rows": {"read": len(labels), "train": len(y_train), "test": len(y_test)}}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.lessons.sklearn_forest INPUT [--cores N] [--trees N] [--depth N]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.lessons.sklearn_forest")
    parser.add_argument("input")
    parser.add_argument("--cores", type=int, default=-1, help="scikit-learn's n_jobs (-1: all cores)")
    parser.add_argument("--trees", type=int, default=DEFAULT_TREES)
    parser.add_argument("--depth", type=int, default=DEFAULT_DEPTH)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    result = run_point(args.input, trees=args.trees, depth=args.depth, seed=args.seed, cores=args.cores)
    print_result({**result, "options": vars(args)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
