"""helpers.jobs.talk_classify_letters is the talk's code, quoted faithfully; timed_talk times its training."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import helpers.jobs.talk_classify_letters as talk
from helpers.jobs.timed_talk import timed

REPO = Path(__file__).resolve().parents[2]
# The talk's text sits in shared/seed/ beside the repository (CI: ../shared; a worktree: ../../shared).
TALK = next((p / "shared" / "seed" / "talk.md" for p in (REPO.parent, REPO.parent.parent)
             if (p / "shared" / "seed" / "talk.md").exists()), REPO.parent / "shared" / "seed" / "talk.md")


def code_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.skipif(not TALK.exists(), reason="the talk's text (shared/seed/talk.md) is not beside the repo")
def test_every_line_of_the_talks_code_slides_is_in_the_copy_except_the_hdfs_path() -> None:
    slides = TALK.read_text()
    blocks = re.findall(r"### Our Code[^\n]*\n\s*```[a-zA-Z ]*\n(.*?)```", slides, re.DOTALL)
    assert len(blocks) == 3
    quoted = code_lines(Path(talk.__file__).read_text())
    for line in code_lines("\n".join(blocks)):
        if "hdfs:///data/letter-recognition.data" in line:
            assert 'raw_data = sc.textFile(sys.argv[1])' in quoted
        else:
            assert line in quoted, f"the copy lacks the talk's line {line!r}"


def test_timed_records_each_call_even_when_it_fails() -> None:
    spent: list[float] = []

    def boom() -> None:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        timed(boom, spent)()
    assert len(spent) == 1 and spent[0] >= 0
