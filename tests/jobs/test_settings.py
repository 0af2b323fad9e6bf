"""helpers.jobs.settings: the one Spark configuration, and the one master parser."""

from __future__ import annotations

import pytest

from helpers.jobs.settings import MasterError, course_conf, parse_master, session_conf


@pytest.mark.parametrize(("url", "kind", "here"), [
    ("local", "local", True),
    ("local[2]", "local", True),
    ("local[*]", "local", True),
    ("local[4, 3]", "local", True),
    ("local-cluster[2, 1, 1024]", "local-cluster", True),
    ("spark://127.0.0.1:7077", "standalone", True),
    ("spark://localhost:7077", "standalone", True),
    ("spark://[::1]:7077", "standalone", True),
    ("spark://10.0.0.5:7077", "standalone", False),
    ("spark://localhost.example.com:7077", "standalone", False),  # a host name, not loopback
    ("spark://127.0.0.1:7077,10.0.0.6:7077", "standalone", False),  # a standby master elsewhere
    ("sc://127.0.0.1:15002", "connect", True),
    ("sc://localhost:15002/;token=abc", "connect", True),
    ("sc://spark.example.com:15002", "connect", False),
    ("k8s://https://127.0.0.1:6443", "k8s", False),  # the API server is local, the executors are pods
    ("yarn", "yarn", False),
])
def test_parse_master_knows_each_form_and_whether_it_stays_on_this_machine(url, kind, here):
    master = parse_master(url)
    assert (master.kind, master.on_this_machine) == (kind, here)


def test_parse_master_reads_hosts_and_the_first_port():
    assert parse_master("spark://10.0.0.5:7077,10.0.0.6:7078").hosts == ("10.0.0.5", "10.0.0.6")
    assert parse_master("spark://10.0.0.5:7077").port == 7077
    assert parse_master("sc://127.0.0.1:15002").is_connect


@pytest.mark.parametrize("url", ["spark://", "local[two]", "mesos://zk:2181", "127.0.0.1:7077", ""])
def test_a_url_spark_would_not_accept_is_refused_with_the_accepted_forms(url):
    with pytest.raises(MasterError, match=r"local\[N\].*spark://HOST:PORT|names no host"):
        parse_master(url)


def test_the_course_settings_fix_partitions_time_zone_progress_log_level_and_garbage_collector():
    conf = course_conf(partitions=3)
    assert conf == {
        "spark.default.parallelism": "3", "spark.sql.shuffle.partitions": "3",
        "spark.sql.session.timeZone": "UTC", "spark.ui.showConsoleProgress": "false",
        "spark.log.level": "WARN", "spark.driver.extraJavaOptions": "-XX:+UseParallelGC",
    }


def test_only_a_master_on_this_machine_binds_the_driver_to_loopback():
    assert course_conf("local[2]")["spark.driver.bindAddress"] == "127.0.0.1"
    assert course_conf("spark://127.0.0.1:7077")["spark.driver.host"] == "127.0.0.1"
    assert "spark.driver.host" not in course_conf("spark://10.0.0.5:7077")
    assert "spark.driver.host" not in course_conf()  # a job under spark-submit does not know its master


def test_a_connect_session_gets_only_the_settings_a_running_session_accepts():
    assert set(session_conf()) <= set(course_conf())
    assert "spark.default.parallelism" not in session_conf()
