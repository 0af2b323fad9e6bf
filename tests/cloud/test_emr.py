"""The job as an EMR step, rehearsed against moto (whose steps never leave PENDING/RUNNING)."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from helpers.cloud.cost import emr_cost_estimate
from helpers.cloud.emr import (
    EMR_RELEASE,
    EmrRun,
    bootstrap_script,
    emr_cluster,
    job_flow_request,
    step_args,
    submit_emr_step,
    terminate,
    wait_for_step,
)
from helpers.cloud.errors import EmrStepFailed, EmrStepTimeout, RealAwsRefused
from helpers.cloud.plan import ClusterPlan, JobFiles
from helpers.cloud.s3 import ensure_bucket, read_json
from helpers.cloud.session import AwsTarget

JOB = JobFiles(main="helpers/jobs/classify_letters.py", py_files="output/jobs.zip",
               data="data/letter-recognition.data")
BUCKET = "mls-test-bucket"


def never_asked(prompt: str) -> str:
    raise AssertionError("a rehearsal must not ask for the opt-in")


def test_the_request_runs_the_job_in_cluster_mode_on_spark_4(plan: ClusterPlan):
    request = job_flow_request(plan, BUCKET, JOB, run_id="20261127-120000")
    assert request["ReleaseLabel"] == EMR_RELEASE == "emr-spark-8.0.0"
    assert step_args(request) == [
        "spark-submit", "--deploy-mode", "cluster", "--py-files", f"s3://{BUCKET}/mls/mls/job/jobs.zip",
        f"s3://{BUCKET}/mls/mls/job/classify_letters.py", f"s3://{BUCKET}/mls/mls/data/letter-recognition.data",
        f"s3://{BUCKET}/mls/mls/output/20261127-120000", "--api", "ml"]
    groups = {g["InstanceRole"]: (g["InstanceType"], g["InstanceCount"])
              for g in request["Instances"]["InstanceGroups"]}
    assert groups == {"MASTER": ("m5.xlarge", 1), "CORE": ("m5.xlarge", 2)}
    assert request["Instances"]["KeepJobFlowAliveWhenNoSteps"] is False
    assert request["Configurations"][0]["Properties"] == {"spark.pyspark.python": "/usr/bin/python3.11"}
    assert request["BootstrapActions"][0]["ScriptBootstrapAction"]["Path"] == (
        f"s3://{BUCKET}/mls/mls/emr/bootstrap-python.sh")


def test_the_bootstrap_script_installs_the_nodes_python_with_numpy(plan: ClusterPlan):
    script = bootstrap_script(plan)
    assert "sudo dnf install -y -q python3.11 python3.11-pip" in script
    assert "sudo /usr/bin/python3.11 -m pip install --quiet --root-user-action=ignore numpy==2.4.6" in script
    assert subprocess.run(["bash", "-n"], input=script, text=True).returncode == 0


def test_the_step_is_submitted_as_asked_and_its_state_is_reported_honestly(aws: AwsTarget, plan: ClusterPlan):
    request = job_flow_request(plan, BUCKET, JOB, run_id="r1")
    run = submit_emr_step(aws, request, emr_cost_estimate(plan), ask=never_asked)
    emr = aws.client("emr")
    cluster = emr.describe_cluster(ClusterId=run.cluster_id)["Cluster"]
    assert cluster["ReleaseLabel"] == "emr-spark-8.0.0"
    [step] = emr.list_steps(ClusterId=run.cluster_id)["Steps"]
    assert step["Id"] == run.step_id and step["Config"]["Args"] == step_args(request)
    seen: list[str] = []
    with pytest.raises(EmrStepTimeout, match=r"still (PENDING|RUNNING) after") as caught:
        wait_for_step(aws, run, timeout=1.0, poll=0.25, on_poll=lambda state, elapsed: seen.append(state))
    assert f"aws emr terminate-clusters --cluster-ids {run.cluster_id}" in caught.value.fix
    assert seen and set(seen) <= {"PENDING", "RUNNING"}  # moto never runs the step
    assert terminate(aws, run) == "TERMINATED"


def test_the_cluster_is_terminated_when_the_block_fails(aws: AwsTarget, plan: ClusterPlan):
    with pytest.raises(KeyboardInterrupt), emr_cluster(aws, job_flow_request(plan, BUCKET, JOB, "r2"),
                                                       emr_cost_estimate(plan), ask=never_asked) as run:
        raise KeyboardInterrupt
    state = aws.client("emr").describe_cluster(ClusterId=run.cluster_id)["Cluster"]["Status"]["State"]
    assert state == "TERMINATED"


def test_real_aws_is_refused_before_any_call_without_the_opt_in(plan: ClusterPlan):
    real = AwsTarget("us-east-1")  # no endpoint: real AWS; the gate stops it before any client is made
    with pytest.raises(RealAwsRefused, match="start EMR cluster"):
        submit_emr_step(real, job_flow_request(plan, BUCKET, JOB, "r3"), emr_cost_estimate(plan),
                        ask=never_asked)


def test_the_metrics_the_job_writes_are_read_from_the_runs_output(aws: AwsTarget, plan: ClusterPlan):
    request = job_flow_request(plan, BUCKET, JOB, run_id="r4")
    run = submit_emr_step(aws, request, emr_cost_estimate(plan), ask=never_asked)
    ensure_bucket(aws, BUCKET, create=True)
    # moto runs no Spark: the test writes what the job would write at the step's OUTPUT.
    key = run.metrics_uri.removeprefix(f"s3://{BUCKET}/")
    aws.client("s3").put_object(Bucket=BUCKET, Key=key, Body=json.dumps({"accuracy": 0.9477}).encode())
    assert run.metrics_uri == f"s3://{BUCKET}/mls/mls/output/r4/metrics.json"
    assert read_json(aws, run.metrics_uri) == {"accuracy": 0.9477}
    terminate(aws, run)


class ScriptedEmr:
    """Stands in for EMR's describe calls where moto cannot go (completed and failed steps)."""

    def __init__(self, states: list[str], failure: dict[str, str] | None = None):
        self.states, self.failure = states, failure or {}

    def describe_step(self, **_: Any) -> dict[str, Any]:
        state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
        return {"Step": {"Status": {"State": state, "FailureDetails": self.failure}}}

    def describe_cluster(self, **_: Any) -> dict[str, Any]:
        return {"Cluster": {"Status": {"State": "RUNNING"}}}


class ScriptedTarget(AwsTarget):
    def client(self, service: str) -> Any:
        return self.__dict__["scripted"]


def _target(emr: ScriptedEmr) -> ScriptedTarget:
    target = ScriptedTarget("us-east-1", "http://127.0.0.1:9")
    target.__dict__["scripted"] = emr
    return target


def test_waiting_returns_when_the_step_completes():
    run = EmrRun("j-1", "s-1", "s3://b/out")
    emr = ScriptedEmr(["PENDING", "RUNNING", "COMPLETED"])
    assert wait_for_step(_target(emr), run, timeout=5, poll=0) == "COMPLETED"


def test_a_failed_step_says_why_and_where_its_log_is():
    emr = ScriptedEmr(["RUNNING", "FAILED"], {"Reason": "exit code 1", "LogFile": "s3://b/logs/stderr.gz"})
    with pytest.raises(EmrStepFailed, match="ended FAILED: exit code 1") as caught:
        wait_for_step(_target(emr), EmrRun("j-1", "s-1", "s3://b/out"), timeout=5, poll=0)
    assert "s3://b/logs/stderr.gz" in caught.value.fix
