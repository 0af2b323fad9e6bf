"""Build the instructor's deck: fill ``slides/deck.md`` from the course, then Marp makes HTML and PDFs.

``python -m helpers.course.slides`` (or ``make slides``) does, in ``slides/build/``:

1. draws every figure with the course's figure functions (:mod:`helpers.course.slide_figures`);
2. expands the source's ``<!-- mls:... -->`` directives and ``{{fact}}`` placeholders into
   ``deck.md`` (:func:`expand`; the text comes from :mod:`helpers.course.slide_text`), with every
   figure embedded as a PNG ``data:`` URI, so ``deck.html`` is one file that needs no network;
3. runs Marp CLI (pinned in ``slides/package.json``) to write ``deck.html`` (presenter view: press
   ``p``), ``deck.pdf`` (one page per slide, speaker notes as PDF annotations) and ``handout.pdf``
   (two slides per A4 page, each with its speaker notes printed under it), the PDFs through
   Debian's Chromium (``--browser-path``; Marp downloads no browser).

Any HTML comment in the source that is not a directive is a speaker note. Example::

    python -m helpers.course.slides            # everything
    python -m helpers.course.slides --html     # deck.html only (needs Node, no browser)
"""

from __future__ import annotations

import argparse
import base64
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from helpers.course import slide_text
from helpers.course.browser import INSTALL_HINT, find_chromium
from helpers.course.manifest import CHAPTERS
from helpers.course.schedule import PARTS, part, timing_note
from helpers.course.slide_text import DeckSourceError
from helpers.runtime.paths import REPO_ROOT

SLIDES_DIR = REPO_ROOT / "slides"
SOURCE = SLIDES_DIR / "deck.md"
BUILD_DIR = SLIDES_DIR / "build"
MARP = SLIDES_DIR / "node_modules" / ".bin" / "marp"
MARP_CONFIG = SLIDES_DIR / "marp.config.mjs"
DIRECTIVE = re.compile(r"^<!--\s*mls:(\w+)\s*(.*?)\s*-->\s*$")
FIGURE = re.compile(r"\(figure:([\w-]+)\)")
SEPARATOR = re.compile(r"^---\s*$")
# A speaker note written over several lines (one-line comments are Marp directives such as _class).
NOTE = re.compile(r"<!--\n(.*?)\n-->", re.DOTALL)
SLIDES_PER_PAGE = 2


class BuildError(RuntimeError):
    """The deck cannot be built; the message says what is missing and how to get it."""


@dataclass(frozen=True)
class Deck:
    """What a build wrote: the expanded Markdown, the HTML, and the PDFs (None when not built)."""

    markdown: Path
    html: Path
    pdf: Path | None
    handout: Path | None
    slides: int


def slide_bodies(markdown: str) -> list[str]:
    """The slides of a Marp deck: the text between ``---`` lines, after the front matter, code fences
    respected.

    >>> len(slide_bodies("---\\nmarp: true\\n---\\n# One\\n---\\n# Two\\n```\\n---\\n```\\n"))
    2
    """
    lines = markdown.splitlines()
    if lines and SEPARATOR.match(lines[0]):  # front matter: up to the next separator
        end = next(i for i in range(1, len(lines)) if SEPARATOR.match(lines[i]))
        lines = lines[end + 1:]
    slides, current, fenced = [], [], False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        if SEPARATOR.match(line) and not fenced:
            slides.append("\n".join(current))
            current = []
        else:
            current.append(line)
    slides.append("\n".join(current))
    return slides


def check_source(markdown: str) -> list[str]:
    """What is wrong with the deck's source: parts and notebooks out of the manifest's order, slides
    that notebooks name but the deck lacks. Empty when the source is sound."""
    problems = []
    found = {"part": [], "open": []}
    for line in markdown.splitlines():
        match = DIRECTIVE.match(line)
        if match and match.group(1) in found:
            found[match.group(1)].append(match.group(2))
    parts = [p.key for p in PARTS]
    if found["part"] != parts:
        problems.append(f"the deck's <!-- mls:part --> directives are {found['part']}; they must be "
                        f"{parts}, once each, in that order (helpers/course/schedule.py)")
    chapters = [int(n) for n in found["open"] if n.isdigit()]
    if chapters != [c.number for c in CHAPTERS]:
        problems.append(f"the deck opens notebooks {found['open']}; it must open each of the manifest's, "
                        f"once, in order: {[c.number for c in CHAPTERS]}")
    headings = set(_headings(markdown))
    for c in CHAPTERS:
        missing = [title for title in c.slides if title not in headings]
        if missing:
            problems.append(f"notebook {c.number:02d}'s header names the slides {missing}, which no heading "
                            "of the deck has (see slides in helpers/course/manifest.py)")
    return problems


def _headings(markdown: str) -> list[str]:
    r"""The text of every Markdown heading outside code blocks.

    >>> _headings("# One\n```\n# a comment\n```\n### Two")
    ['One', 'Two']
    """
    found, fenced = [], False
    for line in markdown.splitlines():
        fenced ^= line.startswith("```")
        if not fenced and re.match(r"#{1,6} ", line):
            found.append(line.lstrip("#").strip())
    return found


def expand(markdown: str, figures: dict[str, Path]) -> str:
    """The source with every directive, figure reference and ``{{fact}}`` filled in from the course.

    Raises:
        DeckSourceError: the source asks for something the course does not have (an unknown
            directive, figure, notebook cell, step or fact), or :func:`check_source` found problems.
    """
    problems = check_source(markdown)
    if problems:
        raise DeckSourceError("slides/deck.md:\n- " + "\n- ".join(problems))
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        match = None if fenced else DIRECTIVE.match(line)
        out.append(_directive(match.group(1), match.group(2), figures) if match else line)
    text = FIGURE.sub(lambda m: f"({_data_uri(m.group(1), figures)})", "\n".join(out) + "\n")
    text = NOTE.sub(lambda m: "<!--\n" + reflow(m.group(1)) + "\n-->", text)
    return slide_text.fill_facts(text, slide_text.facts())


def reflow(note: str) -> str:
    r"""A speaker note's paragraphs as one line each (the presenter view keeps line breaks).

    >>> reflow("one\ntwo\n\nthree")
    'one two\n\nthree'
    """
    paragraphs = re.split(r"\n\s*\n", note.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def _directive(name: str, argument: str, figures: dict[str, Path]) -> str:
    """The Markdown that one ``<!-- mls:NAME ARGUMENT -->`` line stands for."""
    words = argument.split()
    if name == "agenda":
        return slide_text.agenda()
    if name == "timings":
        return slide_text.timings()
    if name == "part":
        return slide_text.note(f"{part(argument).title}. {timing_note(argument)}")
    if name == "open":
        return slide_text.open_notebook(int(argument))
    if name == "code":
        return slide_text.helpers_code(argument)
    if name == "cell":
        return slide_text.notebook_code(int(words[0]), argument.split(maxsplit=1)[1])
    if name == "commands":
        return slide_text.cluster_commands(words)
    if name == "emr":
        return slide_text.emr_step()
    if name == "plan":
        return slide_text.abbreviations_block()
    if name == "scaling":
        return ("![w:1000](figure:crossover)" if "crossover" in figures else
                "*No results yet.* When notebook 06 commits its full run "
                "(`notebooks/data/scaling-results.json`), "
                "`make slides` draws the measured crossover here.")
    raise DeckSourceError(f"<!-- mls:{name} {argument} -->: unknown directive; known: agenda, timings, "
                          "part, open, code, cell, commands, plan, emr, scaling")


def _data_uri(name: str, figures: dict[str, Path]) -> str:
    if name not in figures:
        raise DeckSourceError(f"(figure:{name}) in the deck: no such figure was drawn; "
                              f"drawn: {sorted(figures)}")
    return "data:image/png;base64," + base64.b64encode(figures[name].read_bytes()).decode()


def marp(*args: str | Path) -> None:
    """Run the pinned Marp CLI with the course's configuration; a failure quotes Marp's own message."""
    if not MARP.exists():
        raise BuildError("Marp CLI is not installed: run `make slides` (it runs `npm ci` in slides/), or "
                         "`cd slides && npm ci`. It needs Node.js 18 or newer (https://nodejs.org).")
    done = subprocess.run([str(MARP), "--config-file", str(MARP_CONFIG), *map(str, args)],
                          capture_output=True, text=True, cwd=SLIDES_DIR)
    if done.returncode != 0:
        raise BuildError(f"Marp failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def handout_markdown(pages: list[Path], notes: list[str]) -> str:
    """A Marp deck of A4 pages, each with :data:`SLIDES_PER_PAGE` slide pictures and their notes."""
    blocks = []
    for number, (image, note) in enumerate(zip(pages, notes, strict=True), start=1):
        uri = "data:image/png;base64," + base64.b64encode(image.read_bytes()).decode()
        text = " ".join(note.split()) or "—"
        blocks.append(f'<div class="slide">\n\n![slide {number}]({uri})\n\n'
                      f"<p><b>{number}.</b> {_escape(text)}</p>\n\n</div>")
    pages_md = ["\n\n".join(blocks[i:i + SLIDES_PER_PAGE]) for i in range(0, len(blocks), SLIDES_PER_PAGE)]
    front = "---\nmarp: true\ntheme: handout\nsize: a4\npaginate: true\nhtml: true\n---\n\n"
    return front + "\n\n---\n\n".join(pages_md) + "\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build(out: Path = BUILD_DIR, *, pdf: bool = True, scaling_results: Path | None = None) -> Deck:
    """Build the deck into ``out``; see the module docstring. ``pdf=False``: HTML only (no browser)."""
    from helpers.course.slide_figures import find_scaling_results, render_figures

    out = out.resolve()  # Marp runs in slides/
    browser = find_chromium() if pdf else None
    if pdf and browser is None:
        raise BuildError(f"no Chromium for the PDFs: {INSTALL_HINT}; or build the HTML only with --html")
    out.mkdir(parents=True, exist_ok=True)
    results = scaling_results or find_scaling_results()
    figures = render_figures(out / "figures", scaling_results=results, log_dir=out / "logs")
    markdown = out / "deck.md"
    markdown.write_text(expand(SOURCE.read_text(), figures))
    html = out / "deck.html"
    marp(markdown, "--bespoke.progress", "-o", html)
    count = len(slide_bodies(markdown.read_text()))
    if not pdf:
        return Deck(markdown, html, None, None, count)
    web = ["--browser-path", str(browser), "--browser-timeout", "120"]
    marp(markdown, "--pdf", "--pdf-notes", "--pdf-outlines", *web, "-o", out / "deck.pdf")
    pages_dir = out / "pages"
    shutil.rmtree(pages_dir, ignore_errors=True)
    marp(markdown, "--images", "png", *web, "-o", pages_dir / "slide.png")
    marp(markdown, "--notes", "-o", out / "notes.txt")
    notes = (out / "notes.txt").read_text().split("\n\n---\n\n")
    pages = sorted(pages_dir.glob("slide.*.png"))
    if len(pages) != count or len(notes) != count:
        raise BuildError(f"Marp made {len(pages)} slide pictures and {len(notes)} notes for {count} slides")
    handout_md = out / "handout.md"
    handout_md.write_text(handout_markdown(pages, notes))
    marp(handout_md, "--html", "--pdf", *web, "-o", out / "handout.pdf")
    return Deck(markdown, html, out / "deck.pdf", out / "handout.pdf", count)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.course.slides``: build the deck; errors say what to install or fix."""
    parser = argparse.ArgumentParser(prog="python -m helpers.course.slides",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--html", action="store_true", help="build deck.html only (no browser needed)")
    parser.add_argument("--out", type=Path, default=BUILD_DIR, help=f"build folder (default {BUILD_DIR})")
    parser.add_argument("--scaling-results", type=Path, help="the scaling benchmark's results file "
                        "(default: the first of slide_figures.SCALING_RESULTS that exists)")
    args = parser.parse_args(argv)
    try:
        deck = build(args.out, pdf=not args.html, scaling_results=args.scaling_results)
    except (BuildError, DeckSourceError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{deck.slides} slides: {deck.html}")
    for path in (deck.pdf, deck.handout):
        if path:
            print(f"  {path}")
    print("Present: open deck.html in a browser, press p for the presenter view (notes, timer, next slide).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
