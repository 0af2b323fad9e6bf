"""helpers.course.generate and the manifest: every generated part is current, and says where it comes from."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from helpers.course.generate import (
    chapter_footer,
    chapter_header,
    main,
    readme_table,
    stale_parts,
    write_all,
)
from helpers.course.manifest import CHAPTERS, chapter, neighbours

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_generated_part_is_up_to_date():
    stale = stale_parts()
    assert not stale, f"out of date: {stale}. Run `make generate` (python -m helpers.course.generate)."


def test_the_manifest_lists_each_notebook_once_in_order_and_the_ready_ones_exist():
    numbers = [c.number for c in CHAPTERS]
    assert numbers == list(range(len(CHAPTERS)))
    for c in CHAPTERS:
        assert c.file.startswith(f"{c.number:02d}_") and c.file.endswith(".ipynb")
        assert (REPO_ROOT / "notebooks" / c.file).is_file() == c.ready, c.file
    on_disk = sorted(p.name for p in (REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert on_disk == [c.file for c in CHAPTERS if c.ready]


def test_a_header_names_the_chapter_its_time_and_its_neighbours():
    header = chapter_header(chapter(1))
    assert header.startswith("# 01 · RDDs and partitions\n")
    assert f"notebook 1 of {len(CHAPTERS)}" in header and f"about {chapter(1).minutes} minutes" in header
    assert "[00 · Check your set-up](00_setup.ipynb)" in header
    assert "(02_map_filter_reduce.ipynb)" in header.replace("\n", " ")
    assert neighbours(0)[0] is None and "previous" not in chapter_header(chapter(0))


def test_a_notebook_that_does_not_exist_yet_is_named_but_not_linked():
    coming = next((c for c in CHAPTERS if not c.ready), None)
    if coming is None:
        return
    before = chapter(coming.number - 1)
    assert chapter_footer(before) == (f"Next: {coming.label} (coming soon). "
                                      "Until then, back to the [course home](HOME.md).")
    assert f"{coming.title} *(coming)*" in readme_table()


def test_the_readme_table_has_a_row_per_chapter_with_its_minutes():
    rows = readme_table().splitlines()[2:]
    assert len(rows) == len(CHAPTERS)
    for row, c in zip(rows, CHAPTERS, strict=True):
        assert row.startswith(f"| {c.number:02d} | ")
        if c.ready:
            assert f" | {c.minutes} min | " in row


def test_regenerating_a_copy_repairs_a_stale_header(tmp_path):
    copy = tmp_path / "repo"
    for part in ("notebooks", "helpers"):
        shutil.copytree(REPO_ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "README.md", copy / "README.md")
    path = copy / "notebooks" / "01_rdds_and_partitions.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("about", "roughly", 1)
    nbformat.write(nb, path)
    assert stale_parts(copy) == ["notebooks/01_rdds_and_partitions.ipynb"]
    assert write_all(copy) == ["notebooks/01_rdds_and_partitions.ipynb"]
    assert stale_parts(copy) == []


def test_check_mode_exits_0_when_current_and_names_the_command(capsys):
    assert main(["--check"]) == 0
    assert main(["--bogus"]) == 2
