"""helpers.course.lab: what the set-up writes into the course's environment, and nowhere else."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from traitlets.config import Config, PyFileConfigLoader

from helpers.course import lab
from helpers.course.lab import (
    HOME_PAGE,
    LAB_SETTINGS,
    MARKER,
    configure,
    drop_cell_timing,
    lab_command,
    main,
    planned_files,
)
from helpers.runtime.paths import REPO_ROOT


def read_config(path: Path) -> Config:
    return PyFileConfigLoader(path.name, str(path.parent)).load_config()


def test_configure_writes_three_files_into_the_environment_and_then_nothing(tmp_path):
    written = configure(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "etc/ipython/ipython_kernel_config.py",
        "etc/jupyter/jupyter_server_config.d/ml-at-scale.json",
        "share/jupyter/lab/settings/overrides.json",
    ]
    assert configure(tmp_path) == []


def test_the_kernel_config_loads_the_course_start_up(tmp_path):
    configure(tmp_path)
    config = read_config(tmp_path / "etc" / "ipython" / "ipython_kernel_config.py")
    extensions = config.InteractiveShellApp.extensions
    assert extensions.get_value([]) == ["helpers.runtime.progress"]  # appended to what others load


def test_the_server_config_enables_the_extension_that_registers_the_pre_save_hook(tmp_path):
    configure(tmp_path)
    config_d = tmp_path / "etc" / "jupyter" / "jupyter_server_config.d"
    config = json.loads((config_d / "ml-at-scale.json").read_text())
    assert config == {"ServerApp": {"jpserver_extensions": {"helpers.course.lab": True}}}
    assert lab._jupyter_server_extension_points() == [{"module": "helpers.course.lab"}]
    hooks = []
    lab._load_jupyter_server_extension(SimpleNamespace(contents_manager=SimpleNamespace(
        register_pre_save_hook=hooks.append)))
    assert hooks == [drop_cell_timing]


def test_lab_settings_are_merged_into_an_existing_overrides_file(tmp_path):
    overrides = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    overrides.parent.mkdir(parents=True)
    overrides.write_text(json.dumps({
        "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
        "@jupyterlab/apputils-extension:notification": {"doNotDisturbMode": True},
    }))
    configure(tmp_path)
    settings = json.loads(overrides.read_text())
    assert settings["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert settings["@jupyterlab/apputils-extension:notification"] == {
        "doNotDisturbMode": True, "fetchNews": "false", "checkForUpdates": False}
    assert settings["@jupyterlab/docmanager-extension:plugin"] == LAB_SETTINGS[
        "@jupyterlab/docmanager-extension:plugin"]


def test_a_config_file_that_is_someone_elses_is_not_overwritten(tmp_path, capsys, monkeypatch):
    theirs = tmp_path / "etc" / "ipython" / "ipython_kernel_config.py"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("c.InteractiveShellApp.exec_lines = ['import numpy']\n")
    with pytest.raises(FileExistsError, match="merge these lines into it by hand"):
        configure(tmp_path)
    assert theirs.read_text() == "c.InteractiveShellApp.exec_lines = ['import numpy']\n"
    monkeypatch.setattr("helpers.course.lab.configure", lambda: configure(tmp_path))
    assert main(["configure"]) == 1
    assert "was not written by the course" in capsys.readouterr().err


def test_this_environment_is_configured_by_the_set_up():
    """`make setup` ran `python -m helpers.course.lab configure` for this very environment."""
    for path, text in planned_files(Path(sys.prefix)).items():
        assert path.is_file() and path.read_text() == text, f"{path} is missing or stale: run `make setup`"
    assert MARKER in (Path(sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.py").read_text()


@pytest.mark.parametrize(("path", "stripped"), [
    ("notebooks/02_map_filter_reduce.ipynb", True),
    ("notebooks/solutions/02_map_filter_reduce.ipynb", True),
    ("scratch/mine.ipynb", False),
])
def test_the_pre_save_hook_drops_cell_timing_from_the_course_notebooks_only(path, stripped):
    timing = {"iopub.execute_input": "2026-11-27T00:00:00Z", "shell.execute_reply": "2026-11-27T00:00:01Z"}
    model = {"type": "notebook", "content": {"cells": [
        {"cell_type": "code", "metadata": {"execution": dict(timing), "tags": ["x"]}},
        {"cell_type": "markdown", "metadata": {}},
    ]}}

    class Manager:
        root_dir = str(REPO_ROOT)

    drop_cell_timing(model=model, path=path, contents_manager=Manager())
    metadata = model["content"]["cells"][0]["metadata"]
    assert metadata == ({"tags": ["x"]} if stripped else {"execution": timing, "tags": ["x"]})


def test_the_pre_save_hook_leaves_other_files_alone():
    model = {"type": "file", "content": "text"}
    drop_cell_timing(model=model, path="notebooks/HOME.md", contents_manager=object())
    assert model == {"type": "file", "content": "text"}


@pytest.mark.parametrize("path", sorted((REPO_ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb")),
                         ids=lambda p: str(p.relative_to(REPO_ROOT / "notebooks")))
def test_committed_notebooks_carry_no_cell_timing(path):
    for cell in nbformat.read(path, as_version=4).cells:
        assert "execution" not in cell.metadata, (
            f"{path.name} has cell timing: re-run it with `make notebooks` (JupyterLab saves timing)")


def test_make_lab_opens_jupyterlab_on_the_home_page(monkeypatch):
    command = lab_command("/env/bin/python")
    assert command[:5] == ["/env/bin/python", "-m", "jupyterlab", f"--ServerApp.root_dir={REPO_ROOT}",
                           str(HOME_PAGE)]
    assert (REPO_ROOT / HOME_PAGE).is_file()
    monkeypatch.setattr("os.geteuid", lambda: 0)
    assert lab_command("/env/bin/python")[-1] == "--allow-root"
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    assert "--allow-root" not in lab_command("/env/bin/python")


def test_the_command_line_rejects_unknown_arguments(capsys):
    assert main(["open", "now"]) == 2
    assert "usage" in capsys.readouterr().err
