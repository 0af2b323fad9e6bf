"""helpers.course.home: the JupyterLab home page lists the course from the manifest, with working links."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

from helpers.course import home, manifest
from helpers.course.generate import stale_parts, write_all
from helpers.course.manifest import CHAPTERS
from helpers.runtime.paths import REPO_ROOT

LINK = re.compile(r"\]\(([^)\s]+)\)")


def table_rows(page: str) -> list[str]:
    return [line for line in page.splitlines() if re.match(r"\| \d\d \|", line)]


def test_the_set_up_check_comes_first_and_is_the_first_link():
    page = home.home_page()
    first_link = LINK.search(page).group(1)
    assert first_link == CHAPTERS[0].file == "00_setup.ipynb"
    assert "**Start here: [00 · Check your set-up](00_setup.ipynb)**" in page


def test_every_chapter_has_a_row_with_summary_minutes_and_slides_in_order():
    rows = table_rows(home.home_page())
    assert [row[2:4] for row in rows] == [f"{c.number:02d}" for c in CHAPTERS]
    for row, chapter in zip(rows, CHAPTERS, strict=True):
        assert chapter.summary in row and f"{chapter.minutes} min" in row
        assert all(f"*{name}*" in row for name in chapter.slides)


def test_ready_chapters_link_to_the_notebook_and_its_solutions_and_coming_ones_link_nowhere():
    for row, chapter in zip(table_rows(home.home_page()), CHAPTERS, strict=True):
        links = LINK.findall(row)
        if chapter.ready:
            assert links == [chapter.file, f"solutions/{chapter.file}"]
        else:
            assert links == [] and f"{chapter.title} *(coming)*" in row


def test_every_link_on_the_page_leads_to_a_file_of_the_repository():
    page_dir = REPO_ROOT / home.PATH.parent
    for target in LINK.findall(home.home_page()):
        assert (page_dir / target.split("#")[0]).exists(), target


def test_a_chapter_becomes_a_link_when_its_status_becomes_ready(monkeypatch, tmp_path):
    """Notebooks 06 and 07 appear on the page by themselves once they exist and the manifest says ready."""
    coming = next((c for c in CHAPTERS if not c.ready), None)
    if coming is None:
        return
    (tmp_path / "notebooks" / "solutions").mkdir(parents=True)
    (tmp_path / "notebooks" / "solutions" / coming.file).write_text("{}")
    chapters = tuple(replace(c, status=manifest.READY) if c is coming else c for c in CHAPTERS)
    monkeypatch.setattr(home, "CHAPTERS", chapters)
    row = table_rows(home.home_page(tmp_path))[coming.number]
    assert LINK.findall(row) == [coming.file, f"solutions/{coming.file}"]


def test_the_committed_page_is_current_and_a_stale_copy_is_regenerated(tmp_path):
    assert (REPO_ROOT / home.PATH).read_text() == home.home_page()
    copy = tmp_path / "repo"
    for part in ("notebooks", "helpers"):
        shutil.copytree(REPO_ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "README.md", copy / "README.md")
    (copy / home.PATH).write_text("# an old home page\n")
    assert stale_parts(copy) == [str(home.PATH)]
    assert write_all(copy) == [str(home.PATH)]
    assert (copy / home.PATH).read_text() == home.home_page(copy)


def test_the_page_says_how_long_the_cells_take_from_the_committed_measurement(tmp_path: Path) -> None:
    costs = tmp_path / "notebooks" / "data" / "notebook-costs.json"
    costs.parent.mkdir(parents=True)
    costs.write_text(json.dumps({"machine": {"cores": 2}, "total_seconds": 300.0, "runs": [
        {"notebook": "00_setup.ipynb", "seconds": 12.4},
        {"notebook": "07_to_the_cluster.ipynb", "seconds": 150.0},
        {"notebook": "05_letter_classifier.ipynb", "seconds": 137.6}]}))
    sentence = home._machine_time(tmp_path)[0]
    assert "from 12 s (00) to 2.5 min (07) on 2 cores, 5.0 min for all 3" in sentence
    assert "[data/notebook-costs.json](data/notebook-costs.json)" in sentence  # relative to notebooks/
    assert "data/notebook-costs.json" in home.home_page()  # the committed measurement is on the real page
