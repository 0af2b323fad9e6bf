"""ClusterPlan and JobFiles: what a learner may ask for, and what follows from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.cloud.errors import PlanError
from helpers.cloud.plan import NODE_PACKAGES, SPARK_VERSION, ClusterPlan, JobFiles

REPO_ROOT = Path(__file__).resolve().parents[2]


def make(**changes: object) -> ClusterPlan:
    settings = {"name": "mls", "region": "us-east-1", "instance_type": "m5.large", "workers": 2,
                "key_name": "mls", "identity_file": "/keys/mls.pem", "python": "3.11", **changes}
    return ClusterPlan(**settings)  # type: ignore[arg-type]


def test_the_cluster_runs_the_courses_spark_from_the_archive_that_keeps_old_releases():
    plan = make()
    assert plan.spark_version == SPARK_VERSION == "4.3.0"
    assert plan.spark_url == "https://archive.apache.org/dist/spark/spark-4.3.0/spark-4.3.0-bin-hadoop3.tgz"
    assert plan.nodes == 3
    assert plan.node_python == "/usr/bin/python3.11"


@pytest.mark.parametrize(("changes", "words"), [
    ({"name": "My_Cluster"}, "lower-case"),
    ({"workers": 0}, "1 to 20"),
    ({"workers": 50}, "1 to 20"),
    ({"python": "3.10"}, "Python 3.10"),
    ({"java": 11}, "java=17 or java=21"),
    ({"spark_version": "4.1.0-preview1"}, "release number"),
    ({"spark_version": "3.2.4"}, "older than the course supports"),
    ({"spark_download_source": "ftp://mirror/spark/"}, "http(s)://"),
    ({"spark_download_source": "s3://my-bucket/spark/{v}/"}, "instance_profile"),
])
def test_a_plan_that_cannot_work_is_refused_with_what_to_change(changes, words):
    with pytest.raises(PlanError) as caught:
        make(**changes)
    assert words in str(caught.value)
    assert "What to do:" in str(caught.value)


def test_an_s3_download_source_is_accepted_with_an_instance_profile():
    plan = make(spark_download_source="s3://my-bucket/spark/{v}/", instance_profile="mls-nodes")
    assert plan.spark_url == "s3://my-bucket/spark/4.3.0/spark-4.3.0-bin-hadoop3.tgz"


def test_the_identity_file_path_is_expanded():
    assert make(identity_file="~/.ssh/mls.pem").identity_file == Path.home() / ".ssh" / "mls.pem"


def test_the_nodes_get_numpy_and_findspark_at_the_versions_requirements_txt_pins():
    pins = dict(re.findall(r"^([a-z0-9_.-]+)==(\S+)$", (REPO_ROOT / "requirements.txt").read_text(), re.M))
    for package in NODE_PACKAGES:
        name, version = package.split("==")
        assert pins[name] == version, package


def test_job_files_are_staged_under_one_prefix_per_cluster():
    job = JobFiles(main="helpers/jobs/classify_letters.py", py_files="output/jobs.zip",
                   data="data/letter-recognition.data")
    assert job.s3_keys("mls") == {
        Path("helpers/jobs/classify_letters.py"): "mls/mls/job/classify_letters.py",
        Path("output/jobs.zip"): "mls/mls/job/jobs.zip",
        Path("data/letter-recognition.data"): "mls/mls/data/letter-recognition.data",
    }
    with pytest.raises(PlanError):
        JobFiles(main="a.py", py_files="b.zip", data="c", api="rdd")
