"""helpers.course.slide_text: the deck's text comes from the manifest, helpers/, notebooks and the cloud."""

import ast
import inspect
import re

import numpy as np
import pytest

from helpers.cloud import emr
from helpers.cloud.commands import procedure
from helpers.course import slide_text
from helpers.course.manifest import CHAPTERS, chapter
from helpers.course.slide_text import DeckSourceError
from helpers.jobs import forest
from helpers.lessons.data import letter_data_path, sample_data_path
from helpers.runtime.paths import REPO_ROOT


def test_the_agenda_has_one_row_per_notebook_in_order():
    rows = slide_text.agenda().splitlines()[2:]
    assert [row.split("|")[1].strip() for row in rows] == [f"{c.number:02d}" for c in CHAPTERS]
    for c, row in zip(CHAPTERS, rows, strict=True):
        assert c.title in row and f"| {c.minutes} |" in row
        assert ("being written" in row) == (not c.ready)


@pytest.mark.parametrize("number", [c.number for c in CHAPTERS])
def test_each_hands_on_slide_names_the_file_to_open(number):
    text = slide_text.open_notebook(number)
    assert f"`notebooks/{chapter(number).file}`" in text
    assert ("being written" in text) == (not chapter(number).ready)


def test_a_notebook_the_manifest_lacks_is_named():
    with pytest.raises(DeckSourceError, match="mls:open 99"):
        slide_text.open_notebook(99)


def test_code_from_helpers_is_the_function_as_it_runs_without_its_docstring():
    block = slide_text.helpers_code("helpers/jobs/forest.py:train_mllib")
    code = block.removeprefix("```python\n").removesuffix("\n```")
    function = ast.parse(code).body[0]
    assert ast.get_docstring(function) is None
    source = inspect.getsource(forest.train_mllib)
    docstring = ast.parse(source).body[0].body[0]
    lines = source.splitlines()
    del lines[docstring.lineno - 1: docstring.end_lineno]
    assert code == "\n".join(lines)


@pytest.mark.parametrize("spec", ["helpers/jobs/forest.py:no_such_function", "helpers/nothing.py:f",
                                  "helpers/jobs/forest.py"])
def test_code_that_does_not_exist_is_refused_with_the_spec(spec):
    with pytest.raises(DeckSourceError, match=re.escape(spec)):
        slide_text.helpers_code(spec)


def test_a_notebook_cell_is_found_by_its_text_and_a_missing_one_is_named():
    assert "numbers.glom().collect()" in slide_text.notebook_code(2, "even = lambda x")
    with pytest.raises(DeckSourceError, match=r"no code cell of notebooks/02_map_filter_reduce\.ipynb"):
        slide_text.notebook_code(2, "this text is in no cell")


def test_abbreviated_commands_expand_back_to_the_cloud_layer_s_procedure_exactly():
    example, job, bucket, files = slide_text._example()
    for step in procedure(example, job, bucket, files):
        shown = slide_text.cluster_commands([step.name]).splitlines()[2:-1]
        assert [slide_text.expand_abbreviations(line) for line in shown] == step.command.splitlines()


def test_the_plan_block_defines_what_the_abbreviations_stand_for():
    block = slide_text.abbreviations_block()
    plan_line = next(line for line in block.splitlines() if line.startswith("PLAN="))
    assert "--identity-file ~/.ssh/mls.pem" in plan_line and "--workers 2" in plan_line
    assert f"FLINTROCK='{slide_text._procedure()[1]['$FLINTROCK']}'" in block


def test_an_unknown_step_lists_the_procedure_s_steps():
    with pytest.raises(DeckSourceError, match="'launch'"):
        slide_text.cluster_commands(["launch", "take-off"])


def test_the_emr_step_is_the_request_s_spark_submit():
    example, job, bucket, _ = slide_text._example()
    args = emr.step_args(emr.job_flow_request(example, bucket, job, run_id="RUN-ID"))
    shown = slide_text.emr_step().removeprefix("```bash\n").removesuffix("\n```")
    assert shown.replace(" \\\n    ", " ").split() == args


def test_facts_are_read_from_the_course_and_unknown_ones_refused():
    facts = slide_text.facts()
    assert facts["emr_release"] == emr.EMR_RELEASE
    assert float(facts["talk_sgd_mse"]) > 4 * float(facts["mean_mse"])  # the talk's step learns nothing
    assert float(facts["fixed_sgd_mse"]) < float(facts["mean_mse"])
    assert "unexpected keyword argument 'runs'" in facts["runs_error"]
    with pytest.raises(DeckSourceError, match="no_such_fact"):
        slide_text.fill_facts("{{ no_such_fact }}", facts)


def test_the_our_data_slide_shows_the_first_rows_of_the_real_file():
    deck = (REPO_ROOT / "slides" / "deck.md").read_text()
    slide = deck.split("## Our Data", 1)[1]
    shown = slide.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    with open(letter_data_path()) as data:
        assert shown == [next(data).strip() for _ in shown]


def test_lesson_numbers_match_a_direct_computation():
    facts = slide_text.lesson_facts()
    rows = sample_data_path("mllib/ridge-data/lpsa.data").read_text().splitlines()
    labels = np.array([float(line.split(",")[0]) for line in rows if line])
    assert facts["mean_mse"] == f"{labels.var():.2f}"
