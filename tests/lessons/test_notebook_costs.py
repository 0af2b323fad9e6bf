"""helpers.lessons.notebook_costs: a real notebook executed in a fresh process, its cells timed."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from helpers.lessons.notebook_costs import chapter_notebooks, main, measure, table


def test_the_chapter_notebooks_are_all_numbered_ones_in_order_without_solutions() -> None:
    names = [path.name for path in chapter_notebooks()]
    assert names == sorted(names) and len(names) >= 8
    assert all(name[:2].isdigit() for name in names)
    assert not any("solutions" in str(path) for path in chapter_notebooks())


def test_a_notebook_is_executed_and_its_slowest_cell_found(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A tiny notebook"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("import time\ntime.sleep(0.5)"),
    ])
    path = tmp_path / "00_tiny.ipynb"
    nbformat.write(notebook, path)
    results = tmp_path / "costs" / "results.json"
    report = measure([path], results=results, progress=False)
    run = report["runs"][0]
    assert run["status"] == "ok", run.get("tail")
    assert run["slowest_cells"][0]["cell"] == 2 and run["slowest_cells"][0]["seconds"] >= 0.5
    assert run["slowest_cells"][0]["code"] == "import time"
    assert run["seconds"] >= 0.5 and run["peak_mb"]
    assert json.loads(results.read_text())["runs"][0]["notebook"] == "00_tiny.ipynb"
    assert json.loads(path.read_text()) == json.loads(nbformat.writes(notebook))  # the original untouched
    assert "00_tiny.ipynb" in table(report) and "budget 240 s" in table(report)


def test_an_unknown_notebook_number_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--only", "99"])
    assert "no chapter notebook numbered 99" in capsys.readouterr().err
