"""helpers.runtime.progress: sparkmonitor wired in only in JupyterLab, silent everywhere else.

The unit tests fake the kernel; two tests start a real IPython kernel of this environment (no JVM,
about 3 s each) the way JupyterLab and nbval do, so the IPython config that the set-up writes is
exercised too. The browser test (tests/course/test_lab_in_a_browser.py) watches a real job arrive
in the panel.
"""

from __future__ import annotations

import os
import sys
import types
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

from helpers.course.lab import planned_files
from helpers.runtime import progress
from helpers.runtime.progress import LISTENER, LiveProgress, listener_jar, live_progress, notebook_frontend

KERNEL_CONFIG = next(p for p in planned_files(Path(sys.prefix)) if p.name == "ipython_kernel_config.py")


@pytest.fixture
def fresh_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A process in which the kernel extension never ran."""
    for name in ("extension", "reason", "tried", "noted"):
        monkeypatch.setattr(progress._State, name, getattr(progress._State, name))
    progress._State.extension, progress._State.reason = None, None
    progress._State.tried, progress._State.noted = False, False
    yield


@pytest.fixture
def in_jupyterlab(monkeypatch: pytest.MonkeyPatch, fresh_state: None) -> types.SimpleNamespace:
    """Pretend this process is a notebook kernel that a Jupyter server started."""
    shell = types.SimpleNamespace(kernel=object(), user_ns={})
    monkeypatch.setenv(progress.SESSION_ENV, "notebooks/00_setup.ipynb")
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
    return shell


def connect_frontend(monkeypatch: pytest.MonkeyPatch, closed: bool = False) -> None:
    comm = types.SimpleNamespace(_closed=closed)
    monkeypatch.setattr(progress._State, "extension", types.SimpleNamespace(
        monitor=types.SimpleNamespace(comm=comm)))


def test_the_listener_jar_matches_the_installed_spark_and_scala():
    jar = listener_jar()
    assert jar is not None and jar.is_file()
    assert jar.name == "listener_spark4_2.13.jar"


def test_outside_jupyterlab_nothing_is_wired_in_and_nothing_is_said(fresh_state, monkeypatch):
    monkeypatch.delenv(progress.SESSION_ENV, raising=False)
    assert not notebook_frontend()
    assert live_progress() == LiveProgress()


def test_a_connected_panel_gets_the_listener_and_its_jar(in_jupyterlab, monkeypatch):
    connect_frontend(monkeypatch)
    live = live_progress()
    jar = str(listener_jar())
    assert live.settings == {"spark.extraListeners": LISTENER, "spark.driver.extraClassPath": jar}
    assert live.note is None


def test_the_listener_joins_listeners_and_class_path_that_are_already_set(in_jupyterlab, monkeypatch):
    connect_frontend(monkeypatch)
    jar = str(listener_jar())
    mine = {"spark.driver.extraClassPath": "/opt/mine.jar", "spark.app.name": "x"}
    settings = live_progress().added_to(mine)
    assert settings == {"spark.driver.extraClassPath": f"/opt/mine.jar{os.pathsep}{jar}",
                        "spark.extraListeners": LISTENER, "spark.app.name": "x"}
    assert LiveProgress().added_to({"a": "b"}) == {"a": "b"}


def test_a_closed_comm_is_no_frontend(in_jupyterlab, monkeypatch):
    connect_frontend(monkeypatch, closed=True)
    progress._State.tried = True
    assert live_progress().settings == {}


def test_in_jupyterlab_without_the_course_start_up_it_says_why_once(in_jupyterlab):
    first, second = live_progress(), live_progress()
    assert first.settings == {} and "Live Spark progress under cells is off" in first.note
    assert "make setup" in first.note and "restart the kernel" in first.note
    assert second == LiveProgress()


def test_a_panel_that_never_connected_is_named_as_the_reason(in_jupyterlab):
    progress._State.tried = True
    assert "sparkmonitor extension has not connected" in live_progress().note


def test_a_failed_import_is_kept_and_said(in_jupyterlab, monkeypatch):
    monkeypatch.setitem(sys.modules, "sparkmonitor", None)  # makes `from sparkmonitor import ...` fail
    progress.load_ipython_extension(in_jupyterlab)
    assert progress._State.extension is None
    assert "sparkmonitor cannot be imported" in live_progress().note


def test_the_extension_does_nothing_outside_a_jupyter_server_kernel(fresh_state, monkeypatch):
    monkeypatch.delenv(progress.SESSION_ENV, raising=False)
    progress.load_ipython_extension(types.SimpleNamespace(kernel=object(), user_ns={}))
    assert not progress._State.tried and progress._State.extension is None


# --- A real kernel of this environment, started the way JupyterLab and nbval start one ------------

PROBE = """\
from helpers.runtime import progress
print(progress._State.extension is not None, progress.frontend_connected(), "conf" in dir(),
      sorted(progress.live_progress().settings))
"""


def run_in_kernel(client, code: str) -> str:
    out: list[str] = []
    reply = client.execute_interactive(code, timeout=60, output_hook=_collect(out))
    assert reply["content"]["status"] == "ok", out
    return "".join(out)


def _collect(into: list[str]):
    def hook(message):
        if message["msg_type"] == "stream":
            into.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            into.append("\n".join(message["content"]["traceback"]))
    return hook


@pytest.fixture
def kernel_env(tmp_path: Path, python_env: dict[str, str]) -> dict[str, str]:
    assert KERNEL_CONFIG.is_file(), "run `make setup` (python -m helpers.course.lab configure) first"
    python_env.pop(progress.SESSION_ENV, None)
    python_env.update(IPYTHONDIR=str(tmp_path / "ipython"), MLS_LOG_DIR=str(tmp_path / "logs"))
    return python_env


def test_a_headless_kernel_loads_the_course_start_up_but_starts_no_monitor(kernel_env):
    manager, client = start_new_kernel(kernel_name="python3", env=kernel_env)
    try:
        assert run_in_kernel(client, PROBE) == "False False False []\n"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_jupyterlab_kernel_starts_the_monitor_and_wires_it_once_the_panel_connects(kernel_env, tmp_path):
    kernel_env[progress.SESSION_ENV] = "notebooks/00_setup.ipynb"
    manager, client = start_new_kernel(kernel_name="python3", env=kernel_env)
    try:
        note = "from helpers.runtime import progress\nprint(progress.live_progress().note)"
        assert "sparkmonitor extension has not connected" in run_in_kernel(client, note)
        assert run_in_kernel(client, note) == "None\n"  # said once
        assert run_in_kernel(client, PROBE) == "True False False []\n"
        # What sparkmonitor's JupyterLab extension does when the notebook's kernel is ready:
        opening = {"comm_id": uuid.uuid4().hex, "target_name": "SparkMonitor",
                   "data": {"msgtype": "openfromfrontend"}}
        client.shell_channel.send(client.session.msg("comm_open", opening))
        out = run_in_kernel(client, PROBE)
        assert out == "True True False ['spark.driver.extraClassPath', 'spark.extraListeners']\n"
        assert "Starting Kernel Extension" in (tmp_path / "logs" / "sparkmonitor.log").read_text()
        # Its socket thread must not hold the kernel's shutdown (a restart in JupyterLab) for seconds.
        daemon = "print(progress._State.extension.monitor.scalaSocket.daemon)"
        assert run_in_kernel(client, daemon) == "True\n"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
