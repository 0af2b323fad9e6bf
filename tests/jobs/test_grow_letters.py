"""helpers.jobs.grow_letters: N rows of jittered copies, written by Spark as part files."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from helpers.jobs.grow_letters import grow_letters
from helpers.jobs.letters import LETTERS, parse_letter_row
from helpers.jobs.one_pass import read_split_df


def lines_of(folder: Path) -> list[str]:
    return [line for part in sorted(folder.glob("part-*")) for line in part.read_text().splitlines()]


def test_grown_data_has_the_rows_asked_for_in_part_files_that_the_job_reads(
    spark: SparkSession, sample: Path, tmp_path: Path
) -> None:
    target = tmp_path / "grown"
    assert grow_letters(spark, str(sample), str(target), 5_000, partitions=3) == 2_000
    assert len(list(target.glob("part-*"))) == 3 and (target / "_SUCCESS").exists()
    lines = lines_of(target)
    assert len(lines) == 5_000
    points = [parse_letter_row(line) for line in lines]  # every row is a valid letter row
    assert {LETTERS[int(p.label)] for p in points} == {line[0] for line in sample.read_text().splitlines()}
    assert read_split_df(spark, str(target)).rows["read"] == 5_000


def test_copy_0_is_the_original_and_the_copies_are_near_it(spark: SparkSession, sample: Path,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "grown"
    grow_letters(spark, str(sample), str(target), 4_000)
    original = sample.read_text().splitlines()
    grown = lines_of(target)
    assert sorted(grown).count(original[0]) >= 1
    assert set(original) <= set(grown)
    copies = [parse_letter_row(line) for line in grown if line not in set(original)]
    assert len(copies) > 1_000  # most copies moved at least one feature
    first = {line[0] for line in original}
    assert {LETTERS[int(p.label)] for p in copies} <= first
    again = tmp_path / "again"
    grow_letters(spark, str(sample), str(again), 4_000)
    assert sorted(lines_of(again)) == sorted(grown)  # the same seed gives the same rows


def test_fewer_rows_than_the_source_keeps_its_first_rows(spark: SparkSession, sample: Path,
                                                         tmp_path: Path) -> None:
    target = tmp_path / "few"
    grow_letters(spark, str(sample), str(target), 100)
    assert sorted(lines_of(target)) == sorted(sample.read_text().splitlines()[:100])


def test_a_size_below_one_is_refused(spark: SparkSession, sample: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="rows must be 1 or more"):
        grow_letters(spark, str(sample), str(tmp_path / "none"), 0)
