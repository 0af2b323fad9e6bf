"""The deck, built for real and opened in headless Chromium: it works on a projector with no network.

Builds the deck once (Spark draws the diagrams, Marp writes the HTML and the PDFs; about a minute on
2 cores), then, in Debian's Chromium driven by Playwright: every slide renders with its content
inside the slide, no request leaves the machine, no image is missing, no console error, as many
slides as the source has, and the presenter view opens with the notes. Saves a PNG of each slide into
``slides/build/review/`` for a person to look at. Skips, saying why, where Node/Marp or Chromium is
missing; under CI (``CI=true``) that is a failure instead, since ``.ci/run`` installs both.
"""

from __future__ import annotations

import math
import os
import shutil

import pytest
from pypdf import PdfReader

from helpers.course import slides
from helpers.course.browser import chromium, why_no_browser

pytestmark = pytest.mark.spark  # the build starts a local Spark for the diagrams
REVIEW = slides.BUILD_DIR / "review"
SOURCE_SLIDES = len(slides.slide_bodies(slides.SOURCE.read_text()))


def missing_tools() -> str | None:
    """What the deck's build and browser check need and this machine lacks."""
    if shutil.which("node") is None:
        return "Node.js is not installed (https://nodejs.org): the deck needs it, the notebooks do not"
    if not slides.MARP.exists():
        return "Marp CLI is not installed: run `make slides` (or `cd slides && npm ci`)"
    return why_no_browser()


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    reason = missing_tools()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must check the deck in a browser, but {reason} (.ci/run installs it)")
        pytest.skip(reason)
    return slides.build(tmp_path_factory.mktemp("deck"))


@pytest.fixture(scope="module")
def browser(deck):
    with chromium() as launched:
        yield launched


def open_page(browser, url, requests, errors):
    """A 1280x720 page that records every request and console error, and lets nothing off the machine."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else route.abort())
    page.goto(url)
    page.wait_for_load_state("load")
    return page


OVERFLOW = """section => {
  const box = section.getBoundingClientRect();
  return [...section.children].filter(el => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && (r.bottom > box.bottom + 1 || r.right > box.right + 1);
  }).map(el => el.tagName + ': ' + el.textContent.slice(0, 60));
}"""


def test_every_slide_renders_offline_with_nothing_missing_or_cut_off(deck, browser):
    requests, errors = [], []
    page = open_page(browser, deck.html.as_uri(), requests, errors)
    sections = page.locator("svg[data-marpit-svg] > foreignObject > section")
    assert sections.count() == SOURCE_SLIDES == deck.slides

    broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
                           ".map(i => i.alt || i.src.slice(0, 40))")
    assert broken == []
    assert page.evaluate("document.images.length") == slides.SOURCE.read_text().count("(figure:") + (
        "crossover" in {p.stem for p in (deck.markdown.parent / "figures").glob("*.png")})

    shutil.rmtree(REVIEW, ignore_errors=True)
    REVIEW.mkdir(parents=True)
    page.add_style_tag(content=".bespoke-marp-osc { display: none !important; }")  # hover controls
    for number in range(1, SOURCE_SLIDES + 1):
        page.goto(f"{deck.html.as_uri()}#{number}")
        active = page.locator("svg.bespoke-marp-active > foreignObject > section")
        active.wait_for(state="visible")
        assert active.get_attribute("id") == str(number)
        assert active.inner_text().strip() or active.locator("img").count(), f"slide {number} is empty"
        assert active.evaluate(OVERFLOW) == [], f"slide {number} has content outside the slide"
        page.screenshot(path=REVIEW / f"slide-{number:02d}.png")

    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert errors == []


def test_the_presenter_view_opens_with_the_notes_and_the_next_slide(deck, browser):
    requests, errors = [], []
    page = open_page(browser, f"{deck.html.as_uri()}?view=presenter", requests, errors)
    page.locator(".bespoke-marp-presenter-container").wait_for(state="visible")
    notes = page.locator(".bespoke-marp-presenter-note-container")
    assert "presenter view" in notes.inner_text().lower()  # the first slide's note mentions it
    assert page.locator(".bespoke-marp-presenter-next-container").is_visible()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash === '#2'")
    assert "Timing, 3-hour workshop" in notes.inner_text()
    page.screenshot(path=REVIEW / "presenter-view.png")
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert errors == []


def test_the_pdf_has_a_page_per_slide_with_the_notes_attached(deck):
    pdf = PdfReader(deck.pdf)
    assert len(pdf.pages) == SOURCE_SLIDES
    noted = [page for page in pdf.pages if any(a.get_object().get("/Subtype") == "/Text"
                                                for a in page.get("/Annots") or [])]
    assert len(noted) >= len(slides.PARTS)  # at least every part's timing note


def test_the_handout_prints_two_slides_per_page_with_their_notes(deck):
    pdf = PdfReader(deck.handout)
    assert len(pdf.pages) == math.ceil(SOURCE_SLIDES / slides.SLIDES_PER_PAGE)
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    text = "".join(page.extract_text() for page in pdf.pages)
    assert text.count("Timing, 3-hour workshop") == len(slides.PARTS)
