"""The managed alternative: the same letter job as a Spark step on Amazon EMR (``emr-spark-8.0.0``).

EMR runs Spark 4.0.2 (Python 3.11-3.13) under the release label ``emr-spark-8.0.0``. The course
starts a cluster with one step (``run_job_flow``), waits for the step with a timeout, reads the
job's ``metrics.json`` from S3 and terminates the cluster, also when something fails on the way
(:func:`emr_cluster`). The cluster also ends by itself when the step is done
(``KeepJobFlowAliveWhenNoSteps=False``). A bootstrap action installs the same Python and numpy as
on the flintrock nodes. Rehearsed against moto, whose steps never leave PENDING/RUNNING: a rehearsal
shows the request, the submitted step and the states, and times out honestly. Example::

    >>> request = job_flow_request(plan, "my-mls-bucket", run_id="20261127-1200")   # doctest: +SKIP
    >>> with emr_cluster(aws, request, estimate) as run:                          # doctest: +SKIP
    ...     wait_for_step(aws, run, timeout=1800)
    ...     metrics = read_json(aws, run.metrics_uri)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from helpers.cloud.cost import CostEstimate
from helpers.cloud.errors import EmrStepFailed, EmrStepTimeout
from helpers.cloud.flintrock import python_install_lines
from helpers.cloud.optin import guard
from helpers.cloud.plan import ClusterPlan, JobFiles, staging_prefix
from helpers.cloud.session import AwsTarget

EMR_RELEASE = "emr-spark-8.0.0"
EMR_SPARK_VERSION = "4.0.2"
BOOTSTRAP_NAME = "bootstrap-python.sh"
RUNNING_STATES = ("PENDING", "RUNNING", "CANCEL_PENDING")
FAILED_STATES = ("FAILED", "CANCELLED", "INTERRUPTED")


def bootstrap_script(plan: ClusterPlan) -> str:
    """The bootstrap action: the plan's Python with numpy on every EMR node (run as ``hadoop`` with sudo)."""
    lines = python_install_lines(plan.python, plan.node_packages, sudo="sudo ")
    header = ["#!/bin/bash", "# EMR bootstrap action of the course: PySpark's Python with numpy.",
              "set -euo pipefail"]
    return "\n".join([*header, *lines]) + "\n"


def bootstrap_key(cluster_name: str) -> str:
    """Where the bootstrap script is staged in the bucket."""
    return f"{staging_prefix(cluster_name)}emr/{BOOTSTRAP_NAME}"


def job_flow_request(plan: ClusterPlan, bucket: str, job: JobFiles, run_id: str) -> dict[str, Any]:
    """The ``run_job_flow`` arguments: the plan's shape, one Spark step running the letter job.

    The job files must be staged first under ``job.s3_keys(plan.name)``, the bootstrap script
    under :func:`bootstrap_key`. The output goes to a new folder per ``run_id``.
    """
    keys = job.s3_keys(plan.name)
    uri = {path: f"s3://{bucket}/{key}" for path, key in keys.items()}
    output = f"s3://{bucket}/{staging_prefix(plan.name)}output/{run_id}"
    step = {
        "Name": f"classify letters ({job.api})",
        "ActionOnFailure": "TERMINATE_CLUSTER",
        "HadoopJarStep": {"Jar": "command-runner.jar", "Args": [
            "spark-submit", "--deploy-mode", "cluster", "--py-files", uri[job.py_files], uri[job.main],
            uri[job.data], output, "--api", job.api]},
    }
    group = {"InstanceType": plan.instance_type, "Market": "ON_DEMAND"}
    instances: dict[str, Any] = {
        "InstanceGroups": [{**group, "Name": "master", "InstanceRole": "MASTER", "InstanceCount": 1},
                           {**group, "Name": "core", "InstanceRole": "CORE", "InstanceCount": plan.workers}],
        "KeepJobFlowAliveWhenNoSteps": False,
        "TerminationProtected": False,
    }
    if plan.key_name:
        instances["Ec2KeyName"] = plan.key_name
    return {
        "Name": f"mls-{plan.name}-{run_id}",
        "ReleaseLabel": EMR_RELEASE,
        "LogUri": f"s3://{bucket}/{staging_prefix(plan.name)}emr-logs/",
        "Applications": [{"Name": "Spark"}],
        "Instances": instances,
        "BootstrapActions": [{"Name": "python and numpy", "ScriptBootstrapAction": {
            "Path": f"s3://{bucket}/{bootstrap_key(plan.name)}", "Args": []}}],
        "Configurations": [{"Classification": "spark-defaults",
                            "Properties": {"spark.pyspark.python": plan.node_python}}],
        "Steps": [step],
        "JobFlowRole": "EMR_EC2_DefaultRole",  # created by `aws emr create-default-roles`
        "ServiceRole": "EMR_DefaultRole",
        "VisibleToAllUsers": True,
        "Tags": [{"Key": "course", "Value": "machine-learning-at-scale"}],
    }


@dataclass(frozen=True)
class EmrRun:
    """A started EMR cluster and its step, and where the job writes its output."""

    cluster_id: str
    step_id: str
    output_uri: str

    @property
    def metrics_uri(self) -> str:
        """Where the job writes ``metrics.json``."""
        return f"{self.output_uri}/metrics.json"

    @property
    def terminate_command(self) -> str:
        """The AWS CLI command that ends the cluster (shown beside its cost)."""
        return f"aws emr terminate-clusters --cluster-ids {self.cluster_id}"


def submit_emr_step(aws: AwsTarget, request: dict[str, Any], estimate: CostEstimate, *,
                    ask: Callable[[str], str] = input) -> EmrRun:
    """Start the cluster with its step (real AWS only after the opt-in gate); returns the run."""
    guard(aws, f"start EMR cluster {request['Name']}", estimate,
          "aws emr terminate-clusters --cluster-ids <the cluster id printed next>", ask=ask)
    emr = aws.client("emr")
    cluster_id = emr.run_job_flow(**request)["JobFlowId"]
    step_id = emr.list_steps(ClusterId=cluster_id)["Steps"][0]["Id"]
    return EmrRun(cluster_id, step_id, output_of(request))


def step_args(request: dict[str, Any]) -> list[str]:
    """The command line of the request's Spark step (``spark-submit ...``)."""
    return request["Steps"][0]["HadoopJarStep"]["Args"]


def output_of(request: dict[str, Any]) -> str:
    """The job's OUTPUT argument in a request from :func:`job_flow_request` (the one before ``--api``)."""
    args = step_args(request)
    return args[args.index("--api") - 1]


def step_state(aws: AwsTarget, run: EmrRun) -> str:
    """The step's state: PENDING, RUNNING, COMPLETED, FAILED, ..."""
    step = aws.client("emr").describe_step(ClusterId=run.cluster_id, StepId=run.step_id)["Step"]
    return step["Status"]["State"]


def wait_for_step(aws: AwsTarget, run: EmrRun, timeout: float = 1800.0, poll: float = 30.0,
                  on_poll: Callable[[str, float], None] | None = None) -> str:
    """Poll until the step completes (returns ``COMPLETED``) or ``timeout`` seconds pass.

    Raises :class:`EmrStepFailed` if the step or its cluster fails, :class:`EmrStepTimeout` on timeout
    (the cluster is still there then: terminate it). ``on_poll(state, elapsed)`` reports progress.
    """
    emr, started = aws.client("emr"), time.monotonic()
    while True:
        step = emr.describe_step(ClusterId=run.cluster_id, StepId=run.step_id)["Step"]["Status"]
        state, elapsed = step["State"], time.monotonic() - started
        if on_poll:
            on_poll(state, elapsed)
        if state == "COMPLETED":
            return state
        if state in FAILED_STATES:
            details = step.get("FailureDetails", {})
            raise EmrStepFailed(f"the EMR step ended {state}: {details.get('Reason', 'no reason given')}",
                                f"read the step's log: {details.get('LogFile', 'under the cluster LogUri')}")
        cluster = emr.describe_cluster(ClusterId=run.cluster_id)["Cluster"]["Status"]
        if cluster["State"].startswith("TERMINATED"):
            reason = cluster.get("StateChangeReason", {}).get("Message", "no reason given")
            raise EmrStepFailed(f"the EMR cluster ended ({cluster['State']}) before the step did: {reason}",
                                "read the bootstrap and step logs under the cluster's LogUri")
        if elapsed >= timeout:
            raise EmrStepTimeout(f"the EMR step is still {state} after {elapsed:.0f} s",
                                 f"wait longer, or stop paying for the cluster: {run.terminate_command}")
        time.sleep(min(poll, max(timeout - elapsed, 0.0)))


def terminate(aws: AwsTarget, run: EmrRun) -> str:
    """Terminate the run's cluster; returns its state afterwards."""
    emr = aws.client("emr")
    emr.terminate_job_flows(JobFlowIds=[run.cluster_id])
    return emr.describe_cluster(ClusterId=run.cluster_id)["Cluster"]["Status"]["State"]


@contextmanager
def emr_cluster(aws: AwsTarget, request: dict[str, Any], estimate: CostEstimate, *,
                ask: Callable[[str], str] = input) -> Iterator[EmrRun]:
    """:func:`submit_emr_step`, and :func:`terminate` when the block ends, however it ends."""
    run = submit_emr_step(aws, request, estimate, ask=ask)
    try:
        yield run
    finally:
        terminate(aws, run)
