"""Timings for teaching the course: a 3-hour workshop and a full day, checked against the manifest.

The deck is cut into :data:`PARTS`, in the order of the manifest. Each part has talk time (the
instructor at the slides) and hands-on time (the room in the part's notebooks). The manifest's
minutes are what a learner alone needs; a room with an instructor moves faster, and some exercises
are left for home: the **full day** gives each notebook the time in :data:`DAY_HANDS_ON`, the
**3-hour workshop** the shorter time in :data:`WORKSHOP_HANDS_ON`. :func:`schedule` lays both out
with clock times and breaks; the slides' speaker notes and the timing table are generated from it.
To re-time the course, edit the numbers here: ``tests/course/test_schedule.py`` checks that the
workshop is exactly 3 hours, that the day fits 09:00-17:00, and that every notebook of the manifest
has its time.

Example:
    >>> workshop, day = schedule("workshop"), schedule("day")
    >>> workshop.total, workshop.end
    (180, '12:00')
    >>> day.hands_on == sum(DAY_HANDS_ON.values()), day.end
    (True, '16:30')
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.course.manifest import CHAPTERS, chapter

FORMATS = {"workshop": "3-hour workshop", "day": "full day"}
START = {"workshop": 9 * 60, "day": 9 * 60}  # minutes after midnight
LENGTH = {"workshop": 180, "day": 8 * 60}  # the workshop is exactly this long; the day at most


@dataclass(frozen=True)
class Part:
    """A part of the deck: its slides, then its notebooks.

    Attributes:
        key: its name in the deck source (``<!-- mls:part spark -->``).
        title: its title, as the part's divider slide shows it.
        chapters: the notebooks it goes with, in manifest order.
        talk: minutes at the slides, ``{"workshop": ..., "day": ...}``.
        break_after: a break after the part's notebooks, ``(minutes, "coffee")`` per format, or none.
    """

    key: str
    title: str
    chapters: tuple[int, ...]
    talk: dict[str, int]
    break_after: dict[str, tuple[int, str]]


PARTS: tuple[Part, ...] = (
    Part("goals", "Goals", (), {"workshop": 5, "day": 5}, {}),
    Part("tools", "The tools and how they stack", (0,), {"workshop": 5, "day": 10}, {}),
    Part("spark", "Spark crash course", (1, 2), {"workshop": 10, "day": 15}, {"day": (15, "coffee")}),
    Part("mllib", "MLlib crash course", (3, 4), {"workshop": 10, "day": 10},
         {"workshop": (10, "break"), "day": (60, "lunch")}),
    Part("sample", "The sample problem", (5,), {"workshop": 10, "day": 10}, {}),
    Part("scaling", "Scaling", (6,), {"workshop": 5, "day": 5}, {"day": (15, "coffee")}),
    Part("cluster", "Putting it all together on a cluster", (7,), {"workshop": 10, "day": 10}, {}),
    Part("since-2016", "What changed since 2016", (), {"workshop": 5, "day": 10}, {}),
)

# Hands-on minutes of each notebook in a room with an instructor; never more than the manifest's
# minutes (a learner alone), the rest of a notebook's exercises is for home.
WORKSHOP_HANDS_ON: dict[int, int] = {0: 5, 1: 15, 2: 20, 3: 15, 4: 10, 5: 25, 6: 5, 7: 15}
DAY_HANDS_ON: dict[int, int] = {0: 10, 1: 35, 2: 40, 3: 40, 4: 35, 5: 50, 6: 30, 7: 45}
HANDS_ON: dict[str, dict[int, int]] = {"workshop": WORKSHOP_HANDS_ON, "day": DAY_HANDS_ON}


@dataclass(frozen=True)
class Block:
    """One stretch of time: ``kind`` is ``"talk"``, ``"hands-on"`` or ``"break"``."""

    part: str
    kind: str
    label: str
    start: int
    minutes: int

    @property
    def clock(self) -> str:
        """Start and end as clock times, ``09:05–09:15``."""
        return f"{_clock(self.start)}–{_clock(self.start + self.minutes)}"


@dataclass(frozen=True)
class Schedule:
    """A whole format laid out: its blocks in order, and totals."""

    format: str
    blocks: tuple[Block, ...]

    @property
    def total(self) -> int:
        """Minutes from the first block's start to the last block's end."""
        return sum(block.minutes for block in self.blocks)

    @property
    def talk(self) -> int:
        """Minutes at the slides."""
        return sum(block.minutes for block in self.blocks if block.kind == "talk")

    @property
    def hands_on(self) -> int:
        """Minutes in the notebooks."""
        return sum(block.minutes for block in self.blocks if block.kind == "hands-on")

    @property
    def end(self) -> str:
        """The clock time at which it ends."""
        return _clock(START[self.format] + self.total)

    def of_part(self, key: str) -> list[Block]:
        """The blocks of part ``key``, break included."""
        return [block for block in self.blocks if block.part == key]


def hands_on_minutes(number: int, fmt: str) -> int:
    """Minutes for notebook ``number`` in format ``fmt``.

    >>> hands_on_minutes(5, "day"), hands_on_minutes(5, "workshop")
    (50, 25)
    """
    if number not in HANDS_ON[fmt]:
        name = "DAY_HANDS_ON" if fmt == "day" else "WORKSHOP_HANDS_ON"
        raise KeyError(f"notebook {number:02d} has no time in the {FORMATS[fmt]}: "
                       f"add it to {name} in helpers/course/schedule.py")
    return HANDS_ON[fmt][number]


def schedule(fmt: str) -> Schedule:
    """Format ``fmt`` (``"workshop"`` or ``"day"``) laid out block by block, from its start time."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {sorted(FORMATS)}")
    blocks, now = [], START[fmt]
    for part in PARTS:
        items = [("talk", f"slides: {part.title}", part.talk[fmt])]
        items += [("hands-on", f"notebook {chapter(n).label}", hands_on_minutes(n, fmt))
                  for n in part.chapters]
        if fmt in part.break_after:
            minutes, name = part.break_after[fmt]
            items.append(("break", name, minutes))
        for kind, label, minutes in items:
            blocks.append(Block(part.key, kind, label, now, minutes))
            now += minutes
    return Schedule(fmt, tuple(blocks))


def part(key: str) -> Part:
    """The part called ``key``.

    Raises:
        KeyError: no part has that key (the message lists the keys).
    """
    for candidate in PARTS:
        if candidate.key == key:
            return candidate
    raise KeyError(f"the deck has no part {key!r}; its parts are {[p.key for p in PARTS]}")


def timing_note(key: str) -> str:
    """The speaker-note paragraphs with part ``key``'s times in both formats.

    >>> print(timing_note("spark"))  # doctest: +NORMALIZE_WHITESPACE
    Timing, 3-hour workshop: 09:15–10:00 (slides 10 min; notebook 01 15 min, 02 20 min).
    <BLANKLINE>
    Full day: 09:25–10:55 (slides 15 min; notebook 01 35 min, 02 40 min), then coffee 15 min.
    """
    lines = []
    for fmt, name in FORMATS.items():
        blocks = schedule(fmt).of_part(key)
        work = [b for b in blocks if b.kind != "break"]
        span = f"{_clock(work[0].start)}–{_clock(work[-1].start + work[-1].minutes)}"
        talk = sum(b.minutes for b in work if b.kind == "talk")
        notebooks = [f"{b.label.split()[1]} {b.minutes} min" for b in work if b.kind == "hands-on"]
        detail = f"slides {talk} min" + (f"; notebook {', '.join(notebooks)}" if notebooks else "")
        pause = "".join(f", then {b.label} {b.minutes} min" for b in blocks if b.kind == "break")
        lines.append(f"{name[0].upper() + name[1:]}: {span} ({detail}){pause}.")
    return "Timing, " + lines[0] + "\n\n" + lines[1]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def covers_manifest() -> list[int]:
    """Notebooks of the manifest that no part of the deck covers (should be none).

    >>> covers_manifest()
    []
    """
    covered = {n for p in PARTS for n in p.chapters}
    return [c.number for c in CHAPTERS if c.number not in covered]
