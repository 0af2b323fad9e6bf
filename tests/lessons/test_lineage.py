"""helpers.lessons.lineage: lineage that does not depend on the Java version, and the tasks of each stage."""

from __future__ import annotations

import pytest

from helpers.lessons.lineage import lineage, strip_call_sites, tasks_per_stage

# The same RDD's line as Java 17 and Java 21 print it (reflection frames differ between the two).
JAVA_17 = "(3) MapPartitionsRDD[38] at coalesce at NativeMethodAccessorImpl.java:0 []"
JAVA_21 = "(3) MapPartitionsRDD[38] at coalesce at <unknown>:0 []"


def test_call_sites_of_java_17_and_21_are_removed_alike():
    assert strip_call_sites(JAVA_17) == strip_call_sites(JAVA_21) == "(3) MapPartitionsRDD[38] at coalesce"


def test_names_and_storage_levels_are_kept():
    text = (" |  /data/letters.data MapPartitionsRDD[3] at textFile at <unknown>:0 []\n"
            " |  PythonRDD[2] at RDD at PythonRDD.scala:59 [Memory Serialized 1x Replicated]")
    assert strip_call_sites(text) == (" |  /data/letters.data MapPartitionsRDD[3] at textFile\n"
                                      " |  PythonRDD[2] at RDD [Memory Serialized 1x Replicated]")


@pytest.fixture
def sc(spark):
    return spark.sparkContext


def test_lineage_of_a_real_rdd_names_every_step_and_no_jvm_source(sc, tmp_path):
    data = tmp_path / "numbers.txt"
    data.write_text("\n".join(str(i) for i in range(100)))
    text = lineage(sc.textFile(str(data), 4).repartition(3), {str(data): data.name})
    assert ".java:" not in text and "<unknown>" not in text and ".scala:" not in text
    assert str(tmp_path) not in text and "numbers.txt HadoopRDD" in text
    assert text.startswith("(3) MapPartitionsRDD") and "ShuffledRDD" in text and "+-(4)" in text


def test_tasks_per_stage_counts_one_task_per_partition_and_a_stage_per_shuffle(sc):
    numbers = sc.parallelize(range(100), 4)
    assert tasks_per_stage(sc, lambda: numbers.count()) == [4]
    assert tasks_per_stage(sc, lambda: numbers.repartition(3).count()) == [4, 3]
    assert tasks_per_stage(sc, lambda: numbers.coalesce(2).repartition(3).count()) == [2, 3]


def test_stages_skipped_because_their_shuffle_output_exists_are_not_counted(sc):
    shuffled = sc.parallelize(range(100), 4).repartition(3)
    assert tasks_per_stage(sc, shuffled.count) == [4, 3]
    assert tasks_per_stage(sc, shuffled.count) == [3]  # the map side's shuffle files are reused


def test_the_job_group_is_cleared_afterwards(sc):
    tasks_per_stage(sc, lambda: sc.parallelize([1]).count())
    assert sc.getLocalProperty("spark.jobGroup.id") is None
