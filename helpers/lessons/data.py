"""The course's data sets: the UCI letter-recognition file, and the sample files that pyspark ships.

* :func:`letter_data_path` returns the path of ``letter-recognition.data``, downloading it from UCI
  when it is missing. The download shows a progress bar, is verified by its sha256 checksum and is
  written atomically (a failed or corrupt download leaves nothing behind; see data/README.md).
* :func:`to_arrays` turns collected labelled points into numpy arrays (for numpy and scikit-learn).
* :func:`sample_data_path` finds the small sample sets inside the pyspark package
  (``mllib/ridge-data/lpsa.data``, ``mllib/kmeans_data.txt``, ...).

Parsing the letter rows is the job's business: :mod:`helpers.jobs.letters`.

Run ``python -m helpers.lessons.data`` to fetch and verify the letter data from the command line.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pooch
import requests
from pyspark.mllib.regression import LabeledPoint

from helpers.runtime.paths import REPO_ROOT

LETTER_DATA_FILE = "letter-recognition.data"
LETTER_DATA_URL = (
    "https://archive.ics.uci.edu/ml/machine-learning-databases/letter-recognition/"
    "letter-recognition.data"
)
LETTER_DATA_SHA256 = "2b89f3602cf768d3c8355267d2f13f2417809e101fc2b5ceee10db19a60de6e2"

# Overrides, for a copy already on disk, another mirror, or another data folder.
LETTER_DATA_ENV = "MLS_LETTER_DATA"
LETTER_DATA_URL_ENV = "MLS_LETTER_DATA_URL"
DATA_DIR_ENV = "MLS_DATA_DIR"

DATA_DIR = REPO_ROOT / "data"


class DataError(RuntimeError):
    """A data set could not be found, downloaded or verified; the message says what to do."""


def letter_data_path(
    path: str | Path | None = None,
    *,
    url: str | None = None,
    data_dir: str | Path | None = None,
    progress: bool = True,
) -> Path:
    """Return the path of the letter-recognition data, downloading and verifying it if needed.

    Args:
        path: use this file instead (also ``$MLS_LETTER_DATA``). It must exist; it is not
            checksum-verified, so it may be a sample or a variant of the data.
        url: where to download from; default ``$MLS_LETTER_DATA_URL`` or UCI's address.
        data_dir: where the download is kept; default ``$MLS_DATA_DIR`` or ``data/``.
        progress: show a progress bar while downloading.

    Raises:
        DataError: the override does not exist, the download failed, or the downloaded file does
            not match the checksum. Nothing partial is left in the data folder.

    >>> letter_data_path()  # doctest: +SKIP
    PosixPath('/.../data/letter-recognition.data')
    """
    override = path or os.environ.get(LETTER_DATA_ENV)
    if override:
        chosen = Path(override).expanduser()
        if not chosen.is_file():
            raise DataError(
                f"The letter data file {chosen} does not exist. Check the path given "
                f"(argument or ${LETTER_DATA_ENV}), or leave it unset to download the data."
            )
        return chosen

    folder = Path(data_dir or os.environ.get(DATA_DIR_ENV) or DATA_DIR)
    source = url or os.environ.get(LETTER_DATA_URL_ENV) or LETTER_DATA_URL
    target = folder / LETTER_DATA_FILE
    if not target.exists():
        print(f"Downloading the letter-recognition data from {source} ...", file=sys.stderr)
    pooch.get_logger().setLevel(logging.WARNING)
    try:
        fetched = pooch.retrieve(
            url=source,
            known_hash=f"sha256:{LETTER_DATA_SHA256}",
            fname=LETTER_DATA_FILE,
            path=folder,
            progressbar=progress,
        )
    except requests.RequestException as error:
        raise DataError(
            f"Could not download the letter data from {source}: {error}.\n"
            "Check your internet connection and try again, or download the file by hand "
            f"and put it at {target} (or set ${LETTER_DATA_ENV} to its path)."
        ) from error
    except ValueError as error:  # pooch: the checksum did not match
        raise DataError(
            f"The letter data downloaded from {source} is corrupt or truncated: its sha256 "
            f"does not match {LETTER_DATA_SHA256}. It was not saved. Try again; if this "
            f"keeps happening, the file at that address has changed.\n({error})"
        ) from error
    return Path(fetched)


def sample_data_path(name: str) -> Path:
    """Return the path of a sample data file shipped inside the pyspark package.

    Args:
        name: the path below pyspark's ``data/`` folder, e.g. ``"mllib/ridge-data/lpsa.data"``
            or ``"mllib/kmeans_data.txt"``.

    >>> sample_data_path("mllib/kmeans_data.txt").name
    'kmeans_data.txt'
    """
    import pyspark

    root = Path(pyspark.__file__).parent / "data"
    path = root / name
    if not path.is_file():
        shipped = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        raise DataError(
            f"pyspark {pyspark.__version__} ships no sample file {name!r}. "
            f"Some it ships: {', '.join(shipped[:12])}, ..."
        )
    return path


def to_arrays(points: Iterable[LabeledPoint]) -> tuple[np.ndarray, np.ndarray]:
    """The features (one row per point) and labels of labelled points, as numpy arrays.

    >>> X, y = to_arrays([LabeledPoint(1.0, [2.0, 3.0]), LabeledPoint(4.0, [5.0, 6.0])])
    >>> X.shape, y.tolist()
    ((2, 2), [1.0, 4.0])
    """
    points = list(points)
    features = np.array([point.features.toArray() for point in points], dtype=float)
    labels = np.array([point.label for point in points], dtype=float)
    return features, labels


def main() -> int:
    """Fetch and verify the letter data; print where it is."""
    try:
        path = letter_data_path()
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Letter data: {path} (sha256 verified)" if not os.environ.get(LETTER_DATA_ENV)
          else f"Letter data: {path} (from ${LETTER_DATA_ENV}, not verified)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
