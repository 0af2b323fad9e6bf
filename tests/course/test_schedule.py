"""helpers.course.schedule: the workshop is 3 hours, the day fits 09:00-17:00, every notebook has its time."""

import pytest

from helpers.course import schedule as sched
from helpers.course.manifest import CHAPTERS


def test_the_workshop_lasts_exactly_three_hours():
    workshop = sched.schedule("workshop")
    assert workshop.total == sched.LENGTH["workshop"] == 180
    assert workshop.end == "12:00"


def test_the_full_day_gives_every_notebook_its_day_minutes_and_fits_the_day():
    day = sched.schedule("day")
    assert day.hands_on == sum(sched.DAY_HANDS_ON.values())
    assert day.total <= sched.LENGTH["day"]
    for c in CHAPTERS:
        [block] = [b for b in day.blocks
                   if b.kind == "hands-on" and b.label.startswith(f"notebook {c.number:02d}")]
        assert block.minutes == sched.DAY_HANDS_ON[c.number]


@pytest.mark.parametrize("fmt", sched.FORMATS)
def test_blocks_follow_each_other_without_gaps_and_add_up(fmt):
    plan = sched.schedule(fmt)
    for before, after in zip(plan.blocks, plan.blocks[1:], strict=False):
        assert before.start + before.minutes == after.start
    assert plan.total == plan.talk + plan.hands_on + sum(b.minutes for b in plan.blocks if b.kind == "break")


def test_every_notebook_is_in_exactly_one_part_in_manifest_order():
    covered = [n for part in sched.PARTS for n in part.chapters]
    assert covered == [c.number for c in CHAPTERS]
    assert sched.covers_manifest() == []


@pytest.mark.parametrize("fmt", sched.FORMATS)
def test_no_format_gives_a_notebook_more_than_a_learner_alone_needs(fmt):
    for c in CHAPTERS:
        assert 0 < sched.HANDS_ON[fmt][c.number] <= c.minutes


def test_a_notebook_without_time_is_named(monkeypatch):
    monkeypatch.delitem(sched.WORKSHOP_HANDS_ON, 7)
    with pytest.raises(KeyError, match="notebook 07 has no time in the 3-hour workshop"):
        sched.schedule("workshop")
    monkeypatch.delitem(sched.DAY_HANDS_ON, 6)
    with pytest.raises(KeyError, match="notebook 06 has no time in the full day: add it to DAY_HANDS_ON"):
        sched.schedule("day")


def test_unknown_formats_and_parts_are_refused():
    with pytest.raises(ValueError, match="unknown format"):
        sched.schedule("week")
    with pytest.raises(KeyError, match="its parts are"):
        sched.part("lunch")


@pytest.mark.parametrize("key", [p.key for p in sched.PARTS])
def test_each_part_has_a_timing_note_for_both_formats(key):
    note = sched.timing_note(key)
    assert note.startswith("Timing, 3-hour workshop: ") and "\n\nFull day: " in note
