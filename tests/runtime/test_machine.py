"""helpers.runtime.machine: the one line that says which machine a timing comes from."""

from __future__ import annotations

import os
import re

import pytest

from helpers.runtime.machine import describe_machine, processor_name, spark_java


def test_the_line_names_cpus_processor_memory_and_load():
    line = describe_machine(java="Java 21")
    assert line.startswith(f"measured on {os.cpu_count()} CPUs ({processor_name()})")
    assert re.search(r" · \d+ GiB · load \d+\.\d · ", line)
    assert line.endswith(" · Java 21")


def test_without_java_the_line_ends_with_python():
    assert re.search(r"Python 3\.\d+\.\d+$", describe_machine())


@pytest.mark.spark
def test_spark_java_is_the_version_of_the_jvm_that_runs_spark(spark):
    assert re.fullmatch(r"Java (1[7-9]|2\d)(\.[\d.]+)?", spark_java(spark))
