"""helpers.course.slides: the deck's source is sound and expands fully, without Spark or a browser."""

import base64

import pytest

from helpers.course import slides
from helpers.course.manifest import CHAPTERS
from helpers.course.schedule import PARTS
from helpers.course.slide_figures import FIGURES
from helpers.course.slide_text import DeckSourceError

SOURCE = slides.SOURCE.read_text()
# A 1x1 PNG stands in for every figure: expanding the source needs files, not Spark.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
                       "AAAABJRU5ErkJggg==")


@pytest.fixture
def figures(tmp_path):
    paths = {}
    for name in [*FIGURES, "crossover"]:
        paths[name] = tmp_path / f"{name}.png"
        paths[name].write_bytes(PNG)
    return paths


def test_the_source_has_no_problems():
    assert slides.check_source(SOURCE) == []


def test_notebook_headers_name_slides_that_the_deck_has():
    headings = set(slides._headings(SOURCE))
    for c in CHAPTERS:
        assert set(c.slides) <= headings, c.file


def test_parts_out_of_order_are_reported():
    swapped = SOURCE.replace("mls:part spark", "mls:part SWAP").replace("mls:part mllib", "mls:part spark")
    swapped = swapped.replace("mls:part SWAP", "mls:part mllib")
    [problem] = slides.check_source(swapped)
    assert "mls:part" in problem and "in that order" in problem


def test_a_missing_hands_on_slide_is_reported():
    problems = slides.check_source(SOURCE.replace("<!-- mls:open 4 -->", ""))
    assert any("it must open each of the manifest's" in p for p in problems)


def test_expanding_leaves_no_directive_placeholder_or_figure_reference(figures):
    text = slides.expand(SOURCE, figures)
    assert "mls:" not in text and "{{" not in text and "(figure:" not in text
    assert text.count("data:image/png;base64,") == SOURCE.count("(figure:") + 1  # the crossover slide


def test_expanding_keeps_the_slide_count(figures):
    assert len(slides.slide_bodies(slides.expand(SOURCE, figures))) == len(slides.slide_bodies(SOURCE))


def test_each_part_s_timing_becomes_a_speaker_note(figures):
    text = slides.expand(SOURCE, figures)
    assert text.count("<!--\n") >= len(PARTS)
    assert text.count("Timing, 3-hour workshop:") == len(PARTS)


def test_without_scaling_results_the_slide_says_what_will_appear(figures):
    del figures["crossover"]
    text = slides.expand(SOURCE, figures)
    assert "*No results yet.*" in text


def test_unknown_directives_and_figures_are_refused(figures):
    with pytest.raises(DeckSourceError, match="unknown directive"):
        slides.expand(SOURCE + "\n<!-- mls:fireworks -->\n", figures)
    with pytest.raises(DeckSourceError, match="figure:nowhere"):
        slides.expand(SOURCE + "\n![](figure:nowhere)\n", figures)


def test_slides_are_split_at_separators_outside_code_and_front_matter():
    deck = "---\nmarp: true\n---\n# A\n\n---\n\n```\n---\n```\n\n---\n# C\n"
    assert [body.strip() for body in slides.slide_bodies(deck)] == ["# A", "```\n---\n```", "# C"]


def test_the_handout_puts_two_slides_and_their_notes_on_each_page(tmp_path):
    pages = []
    for i in range(3):
        pages.append(tmp_path / f"slide.{i:03d}.png")
        pages[-1].write_bytes(PNG)
    markdown = slides.handout_markdown(pages, ["first <note>", "", "third"])
    assert [body.count('<div class="slide">') for body in slides.slide_bodies(markdown)] == [2, 1]
    assert "first &lt;note&gt;" in markdown and "<b>2.</b> —" in markdown


def test_a_missing_marp_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(slides, "MARP", tmp_path / "marp")
    with pytest.raises(slides.BuildError, match="npm ci"):
        slides.marp("deck.md")
