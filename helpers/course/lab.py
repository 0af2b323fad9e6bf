"""The learner's JupyterLab: what the set-up writes into the course's environment, and ``make lab``.

``python -m helpers.course.lab configure`` (run by ``make setup``) writes three files into the
environment the course runs in (``sys.prefix``: ``.venv/``, or the conda environment), never into
the user's home:

* ``etc/ipython/ipython_kernel_config.py``: every kernel of the environment loads
  :mod:`helpers.runtime.progress` at start-up, which starts sparkmonitor's kernel extension in the
  notebooks JupyterLab runs (live Spark progress under each cell) and does nothing elsewhere;
* ``etc/jupyter/jupyter_server_config.d/ml-at-scale.json``: enables this module as a Jupyter server
  extension, which adds a pre-save hook, :func:`drop_cell_timing`. sparkmonitor's JupyterLab
  extension turns cell timing on; the hook keeps those timestamps out of the course's notebooks when
  they are saved, so that a notebook saved in JupyterLab commits as cleanly as one re-run by
  ``make notebooks``;
* ``share/jupyter/lab/settings/overrides.json``: Markdown files open rendered (the course's home page,
  ``notebooks/HOME.md``), and JupyterLab neither fetches news nor checks for updates (no network
  calls, no toast over the notebook).

``python -m helpers.course.lab`` (``make lab``) does the same, then opens JupyterLab on the home page,
with the repository as its root folder.

Example::

    >>> sorted(path.name for path in planned_files(Path("/env")))
    ['ipython_kernel_config.py', 'ml-at-scale.json', 'overrides.json']
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from helpers.runtime.paths import REPO_ROOT

HOME_PAGE = Path("notebooks") / "HOME.md"
NOTEBOOKS = REPO_ROOT / "notebooks"
MARKER = "Written by `python -m helpers.course.lab configure` (make setup)"

KERNEL_CONFIG = f'''\
# {MARKER}; rewritten by it.
# Every kernel of this environment loads helpers.runtime.progress when it starts. In a notebook that
# JupyterLab runs, it starts sparkmonitor's kernel extension, so that Spark jobs show their progress
# under each cell; in nbconvert, nbval or a script it does nothing.
c.InteractiveShellApp.extensions.append("helpers.runtime.progress")
'''

# Enables this module as a Jupyter server extension: it registers drop_cell_timing as a pre-save hook.
EXTENSION = "helpers.course.lab"  # not __name__, which is "__main__" under `python -m`
SERVER_CONFIG = json.dumps({"ServerApp": {"jpserver_extensions": {EXTENSION: True}}}, indent=2) + "\n"

LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def planned_files(prefix: Path) -> dict[Path, str]:
    """The files :func:`configure` writes into the environment at ``prefix``, with their contents."""
    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    return {
        prefix / "etc" / "ipython" / "ipython_kernel_config.py": KERNEL_CONFIG,
        prefix / "etc" / "jupyter" / "jupyter_server_config.d" / "ml-at-scale.json": SERVER_CONFIG,
        overrides: _merged_overrides(overrides),
    }


def _merged_overrides(path: Path) -> str:
    """overrides.json with the course's settings merged into whatever another package put there."""
    try:
        current = json.loads(path.read_text()) if path.is_file() else {}
    except json.JSONDecodeError:
        current = {}
    for plugin, values in LAB_SETTINGS.items():
        current[plugin] = {**current.get(plugin, {}), **values}
    return json.dumps(current, indent=2, sort_keys=True) + "\n"


def configure(prefix: Path | str = sys.prefix) -> list[Path]:
    """Write the course's kernel, server and JupyterLab settings into the environment at ``prefix``.

    Refuses to overwrite a kernel or server config that the course did not write. Returns the files
    that changed (none when everything is current).

    Raises:
        FileExistsError: a config file of the same name exists and is someone else's.
    """
    changed = []
    for path, text in planned_files(Path(prefix)).items():
        if path.is_file() and path.read_text() == text:
            continue
        if path.suffix == ".py" and path.is_file() and MARKER not in path.read_text():
            raise FileExistsError(f"{path} exists and was not written by the course; "
                                  f"merge these lines into it by hand:\n{text}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        changed.append(path)
    return changed


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """Jupyter server's entry point: this module is a server extension (enabled by the set-up's config)."""
    return [{"module": EXTENSION}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Register :func:`drop_cell_timing` with the server's contents manager."""
    serverapp.contents_manager.register_pre_save_hook(drop_cell_timing)


def drop_cell_timing(model: dict[str, Any], path: str, contents_manager: Any, **_: Any) -> None:
    """Jupyter's pre-save hook: drop cells' ``execution`` timestamps from the course's notebooks.

    Only notebooks inside the repository's ``notebooks/`` folder are touched.

    >>> model = {"type": "notebook", "content": {"cells": [{"metadata": {"execution": {}, "tags": []}}]}}
    >>> class Manager: root_dir = str(REPO_ROOT)
    >>> drop_cell_timing(model, "notebooks/00_setup.ipynb", Manager())
    >>> model["content"]["cells"][0]["metadata"]
    {'tags': []}
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    saved = Path(getattr(contents_manager, "root_dir", ".")) / path
    if not saved.resolve().is_relative_to(NOTEBOOKS.resolve()):
        return
    for cell in model["content"].get("cells", []):
        cell.get("metadata", {}).pop("execution", None)


def lab_command(executable: str = sys.executable) -> list[str]:
    """The command that opens JupyterLab on the course's home page (``--allow-root`` when run as root).

    The root folder is the repository (JupyterLab would take the page's folder), so that the page's
    links to the README and the slides work.
    """
    command = [executable, "-m", "jupyterlab", f"--ServerApp.root_dir={REPO_ROOT}", str(HOME_PAGE)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses root (e.g. in a container) unless told
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.course.lab [configure]``: configure the environment, then open the course."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments not in ([], ["configure"]):
        print("usage: python -m helpers.course.lab [configure]", file=sys.stderr)
        return 2
    try:
        changed = configure()
    except FileExistsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in changed:
        print(f"wrote {path}")
    if arguments:
        return 0
    os.chdir(REPO_ROOT)
    command = lab_command()
    os.execv(command[0], command)  # JupyterLab takes this process's place: Ctrl-C stops it
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
