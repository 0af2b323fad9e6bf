"""Every notebook has the course's shape and is committed executed, clean, top to bottom.

nbval (run by the same `make test`) re-executes the notebooks and compares outputs; these tests
check what nbval does not: the structure every chapter shares, and the state it was committed in.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CHAPTERS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("[0-9][0-9]_*.ipynb"))


def code_cells(path: Path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code" and c.source.strip()]


def markdown(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


def test_the_course_has_its_chapters():
    assert [p.name[:2] for p in CHAPTERS][:1] == ["00"]
    assert len({p.name[:2] for p in CHAPTERS}) == len(CHAPTERS), "two notebooks share a number"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_a_chapter_opens_with_its_title_and_what_you_will_learn(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith(f"# {path.name[:2]} · ")
    assert "## What you will learn" in first.source
    assert re.search(r"about \d+ minutes", first.source)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_a_chapter_ends_with_recap_exercises_and_solutions(path):
    text = markdown(path)
    assert "## Recap" in text and "## Exercises" in text
    assert f"solutions/{path.name}" in text, "the exercises should link to the worked solutions"
    assert (NOTEBOOKS / "solutions" / path.name).is_file()
    assert "checks." in "\n".join(c.source for c in code_cells(path)), "exercises need self-checks"


def check_calls(path: Path) -> list[str]:
    """The exercise checks a notebook calls: ``checks.name(`` in its code cells, in order."""
    return re.findall(r"^checks\.(\w+)\(", "\n".join(c.source for c in code_cells(path)), re.MULTILINE)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_and_solutions_call_the_same_checks_each_written_once_in_its_module(path):
    module = importlib.import_module(f"helpers.course.checks_{path.name[:2]}")
    written = [name for name, f in vars(module).items() if callable(f) and hasattr(f, "hint")]
    assert f"from helpers.course import checks_{path.name[:2]} as checks" in code_cells(path)[0].source \
        or path.name.startswith("00"), "import the chapter's checks module as `checks`"
    assert check_calls(path) == check_calls(NOTEBOOKS / "solutions" / path.name) == written


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_no_notebook_shows_a_hint_or_writes_its_own_check(path):
    code = "\n".join(c.source for c in code_cells(path))
    assert "hint=" not in code and "exercises import check" not in code


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_every_solution_notebook_belongs_to_a_chapter_and_passes_its_checks(path):
    assert (NOTEBOOKS / path.name).is_file()
    outputs = "".join(o.get("text", "") for c in code_cells(path) for o in c.outputs)
    assert "Correct:" in outputs and "Not attempted yet" not in outputs


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_a_notebook_is_committed_executed_top_to_bottom_without_noise(path):
    cells = code_cells(path)
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), "re-run the notebook top to bottom, then commit"
    for cell in cells:
        kinds = {(o.output_type, o.get("name")) for o in cell.outputs}
        assert ("stream", "stderr") not in kinds, f"stderr output in:\n{cell.source}"
        assert ("error", None) not in kinds, f"an error output in:\n{cell.source}"
    assert "spark.stop()" in cells[-1].source, "the last cell should stop Spark"


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_nbval_markers_are_written_so_that_nbval_sees_them(path):
    """nbval only honours a marker that is the whole comment: `# NBVAL_IGNORE_OUTPUT`, alone on its line."""
    for cell in code_cells(path):
        for line in cell.source.splitlines():
            if "NBVAL_" in line:
                assert re.fullmatch(r"#\s*NBVAL_[A-Z_]+\s*", line.strip()), f"not seen by nbval: {line!r}"


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_links_to_other_course_files_lead_somewhere(path):
    for target in re.findall(r"\]\(([^)#\s]+)\)", markdown(path)):
        if "://" not in target:
            assert (path.parent / target).exists(), f"{path.name} links to {target}, which does not exist"


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_the_spark_application_is_named_after_the_notebook_file(path):
    """Every start_spark call names the notebook (07 also calls it with a Spark Connect address)."""
    name = path.stem + ("-solutions" if path.parent.name == "solutions" else "")
    source = "\n".join(c.source for c in code_cells(path))
    calls = re.findall(r"start_spark\(([^)]*)\)", source)
    assert calls and all(re.fullmatch(rf'"{re.escape(name)}"(, .+)?', call) for call in calls), calls
    for logged in re.findall(r"log_path\(([^)]*)\)", source):  # the log of this notebook's application
        assert logged == f'"{name}"', logged


@pytest.mark.parametrize("path", [p for p in CHAPTERS + SOLUTIONS if p != NOTEBOOKS / "00_setup.ipynb"],
                         ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_imports_are_at_the_top_of_the_notebook(path):
    """All imports sit in the first code cell (00, the set-up check, imports each tool where it checks it)."""
    for cell in code_cells(path)[1:]:
        for line in cell.source.splitlines():
            assert not re.match(r"(import|from \S+ import) ", line), f"{path.name}: {line}"
