"""The course in JupyterLab, in a real browser: home page, live Spark progress, notebook 02 top to bottom.

JupyterLab runs from this environment (with the kernel and lab settings that `make setup` wrote) on
127.0.0.1, a free port, token auth on, over a copy of the notebooks (so that nothing it saves can
touch the repository). Debian's Chromium, driven by Playwright, opens the home page, follows its
link to notebook 00, runs it cell by cell until a cell's Spark job shows in sparkmonitor's panel, then
opens notebook 02 from the home page and runs every cell, and no cell may show an error or stderr.
Each cell's stored output is cleared first, so everything checked was produced in this browser.
The server, its kernels and their JVMs are stopped by PID at the end, also after a failure.
Screenshots for review go to output/screenshots/lab/ (git-ignored).

Costs 2.5-3.5 minutes on 2 cores (measured: 148 s on a quiet machine, 189 s at a load average of 15;
JupyterLab ~8 s, notebook 00 up to its first job 35-50 s, notebook 02 100-130 s). Skipped on a machine
without Chromium, except under CI (CI=true), where it must run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
import pytest
from playwright.sync_api import Locator, Page, expect

from helpers.course import home
from helpers.course.browser import chromium, why_no_browser
from helpers.course.lab import planned_files
from helpers.course.manifest import chapter
from helpers.runtime.paths import OUTPUT_DIR, REPO_ROOT

pytestmark = pytest.mark.spark

SCREENSHOTS = OUTPUT_DIR / "screenshots" / "lab"
CELL_TIMEOUT_MS = 300_000
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
COMM_READY = "SparkMonitor: Connection with comms established"  # sparkmonitor's console line


def require_chromium() -> None:
    reason = why_no_browser()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser check, and {reason}")
    if reason:
        pytest.skip(reason)


class JupyterLab:
    """This environment's JupyterLab on 127.0.0.1 over ``root``, with its state kept in ``state``."""

    def __init__(self, root: Path, state: Path):
        self.root, self.state = root, state
        self.token = secrets.token_hex(16)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = state / "jupyterlab.log"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> JupyterLab:
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTEST_CURRENT_TEST", "JPY_SESSION_NAME", "MLS_SPARK_MASTER")}
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        for name, folder in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                             ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                             ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython"),
                             ("MLS_LOG_DIR", "logs")):
            env[name] = str(self.state / folder)  # nothing from the user's home, nothing into it
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, cwd=self.root, stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited:\n{self.log.read_text()[-3000:]}")
            try:
                self.api("GET", "status")
                return self
            except (urllib.error.URLError, ConnectionError) as error:
                if time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"JupyterLab did not answer in 120 s:\n{self.log.read_text()[-3000:]}"
                                       ) from error
                time.sleep(0.5)

    def __exit__(self, *_: object) -> None:
        """Shut the server down (it stops its kernels, whose JVMs follow), then end any survivor by PID."""
        if self.process is None:
            return
        try:
            server = psutil.Process(self.process.pid)
            family = [server, *server.children(recursive=True)]  # kernels, and their JVMs
        except psutil.NoSuchProcess:
            family = []
        with contextlib.suppress(urllib.error.URLError, ConnectionError):
            self.api("POST", "shutdown")
        _, alive = psutil.wait_procs(family, timeout=30)
        alive += [p for p in self._orphans() if p not in alive]
        for process in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(alive, timeout=10)
        self.process.wait(timeout=10)

    def _orphans(self) -> list[psutil.Process]:
        """Processes this server's kernels started that outlived them (their environment names our logs)."""
        ours = []
        for process in psutil.process_iter():
            with contextlib.suppress(psutil.Error):
                if process.environ().get("MLS_LOG_DIR") == str(self.state / "logs"):
                    ours.append(process)
        return ours

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/lab/tree/{path}?token={self.token}"

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for kernel in self.api("GET", "kernels"):
            self.api("DELETE", f"kernels/{kernel['id']}")


@dataclass
class Browser:
    """A page in Chromium, with the browser console's lines kept (sparkmonitor reports there)."""

    page: Page
    console: list[str] = field(default_factory=list)

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLab]:
    require_chromium()
    for path, text in planned_files(Path(sys.prefix)).items():
        assert path.is_file() and path.read_text() == text, f"{path} is missing or stale: run `make setup`"
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(REPO_ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(REPO_ROOT / "slides", root / "slides")
    shutil.copy(REPO_ROOT / "README.md", root / "README.md")
    with JupyterLab(root, tmp_path_factory.mktemp("lab-state")) as server:
        assert "helpers.course.lab | extension was successfully loaded" in server.log.read_text()
        yield server


@pytest.fixture(scope="module")
def browser(lab: JupyterLab) -> Iterator[Browser]:
    with chromium() as launched:
        page = launched.new_page(viewport={"width": 1400, "height": 900})
        session = Browser(page)
        page.on("console", lambda message: session.console.append(message.text))
        try:
            yield session
        finally:
            session.shot("last")


def open_from_home(browser: Browser, lab: JupyterLab, link_text: str) -> Locator:
    """Open the home page, click the link with this text, wait until the notebook's kernel is ready."""
    page = browser.page
    page.goto(lab.url(home.PATH.as_posix()))
    link = page.locator(".jp-RenderedMarkdown a", has_text=link_text).first
    link.wait_for(timeout=120_000)
    comms_before = browser.console.count(COMM_READY)
    link.click()
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.wait_for(timeout=60_000)
    deadline = time.monotonic() + 120
    while browser.console.count(COMM_READY) == comms_before:  # the kernel is up and the panel connected
        assert time.monotonic() < deadline, "sparkmonitor did not connect to the kernel in 120 s"
        page.wait_for_timeout(250)
    panel.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Edit").click()
    page.locator(".lm-Menu-itemLabel", has_text="Clear Outputs of All Cells").click()
    return panel


@dataclass
class Ran:
    """A code cell run in the browser: its source, its output text, its errors, and its Spark jobs."""

    cell: Locator
    source: str
    output: str
    errors: list[str]
    jobs: list[str]


def run_cells(browser: Browser, panel: Locator, notebook: Path, stop_at_first_job: bool = False) -> list[Ran]:
    """Run the notebook's code cells in order, each selected and run with Shift+Enter as a learner does.

    The cells are known from the file (the page may still be adding cells to the DOM when it opens).
    """
    page = browser.page
    cells = nbformat.read(notebook, as_version=4).cells
    rendered = panel.locator(".jp-Cell")
    expect(rendered).to_have_count(len(cells), timeout=60_000)
    ran = []
    for index, source in ((i, c.source) for i, c in enumerate(cells) if c.cell_type == "code"):
        cell = rendered.nth(index)
        cell.locator(".jp-InputPrompt").first.click()
        page.keyboard.press("Escape")
        page.keyboard.press("Shift+Enter")
        expect(cell.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[\d+\]"), timeout=CELL_TIMEOUT_MS)
        page.wait_for_timeout(300)  # sparkmonitor draws its panel from messages that may trail the reply
        ran.append(Ran(
            cell=cell,
            source=source,
            output="\n".join(cell.locator(".jp-OutputArea-output").all_inner_texts()),
            errors=cell.locator(STDERR).all_inner_texts(),
            jobs=cell.locator(".sparkMonitorCellRoot:visible .jobrow").all_inner_texts(),
        ))
        if stop_at_first_job and ran[-1].jobs:
            break
    return ran


def start_up_link(panel: Locator) -> str:
    """The address that the start-up line links to (JupyterLab turns the printed URL into a link)."""
    line = panel.locator(".jp-OutputArea-output", has_text=re.compile(r"Spark 4\.3\.0 on local\[2\] · "))
    link = line.locator("a").first
    assert link.get_attribute("target") == "_blank"
    return link.get_attribute("href")


def test_home_page_leads_to_notebook_00_whose_spark_job_shows_live_under_its_cell(browser, lab):
    first = chapter(0)
    panel = open_from_home(browser, lab, first.label)
    assert panel.locator(".jp-Cell").first.inner_text().startswith(first.label)
    browser.shot("home-then-00")

    ran = run_cells(browser, panel, lab.root / "notebooks" / first.file, stop_at_first_job=True)
    assert ran and ran[-1].jobs, f"no Spark job appeared in sparkmonitor's panel; ran:\n{ran}"
    assert [r for r in ran if r.errors] == []
    assert re.search(r"COMPLETED", ran[-1].jobs[0]), ran[-1].jobs
    assert re.fullmatch(r"http://127\.0\.0\.1:40\d\d/?", start_up_link(panel))
    assert not any("Live Spark progress under cells is off" in r.output for r in ran)
    ran[-1].cell.scroll_into_view_if_needed()
    browser.shot("00-spark-job-in-sparkmonitor")


def test_notebook_02_runs_top_to_bottom_in_jupyterlab_without_an_error(browser, lab):
    lab.shut_down_kernels()  # notebook 00's Spark: one JVM at a time on a small machine
    second = chapter(2)
    panel = open_from_home(browser, lab, second.title)
    ran = run_cells(browser, panel, lab.root / "notebooks" / second.file)
    browser.shot("02-top-to-bottom")
    failed = [f"{r.source}\n--> {r.errors}" for r in ran if r.errors]
    assert failed == [], "\n\n".join(failed)
    assert "spark.stop()" in ran[-1].source
    assert sum(len(r.jobs) for r in ran) >= 3, "sparkmonitor showed (almost) no jobs for notebook 02"
    assert start_up_link(panel).startswith("http://127.0.0.1:40")
