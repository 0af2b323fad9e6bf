"""Where the course keeps what it writes on this machine: JVM logs and outputs, inside the repository.

* ``logs/`` receives the JVM's log of each Spark application (``$MLS_LOG_DIR`` moves it);
* ``output/`` receives models, metrics and benchmark results.

Both are git-ignored. Paths are shown relative to the repository, so that what a notebook prints is
the same on every machine.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LOG_DIR_ENV = "MLS_LOG_DIR"
OUTPUT_DIR = REPO_ROOT / "output"


def log_path(app_name: str, log_dir: str | Path | None = None) -> Path:
    """Where the JVM's output of the application ``app_name`` goes.

    The folder is ``log_dir``, else ``$MLS_LOG_DIR``, else ``logs/`` in the repository (git-ignored);
    it is created if needed.

    >>> log_path("00_setup").name
    '00_setup.log'
    """
    folder = Path(log_dir or os.environ.get(LOG_DIR_ENV) or REPO_ROOT / "logs")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{app_name}.log"


def shown_path(path: Path) -> str:
    """A path relative to the repository when it is inside it (stable across machines).

    >>> shown_path(REPO_ROOT / "logs" / "x.log")
    'logs/x.log'
    """
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)
