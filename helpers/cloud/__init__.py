"""The course's cloud layer: from the laptop to a flintrock cluster on AWS, or to Amazon EMR.

Notebook 07 shows each step in a call or two; ``python -m helpers.cloud`` does the same from a
terminal. Nothing here reaches real AWS unless the learner opts in (``MLS_REAL_AWS=1`` and a typed
confirmation of the cost); rehearsals and tests talk to a local moto server on 127.0.0.1.

Modules:
    plan              ClusterPlan (the few parameters a learner chooses), JobFiles, paths on the cluster
    flintrock         flintrock 2.1.0's configuration and the nodes' boot script for Amazon Linux 2023
    flintrock_source  flintrock's pinned wheel, the course's patch to it, the commands it runs on nodes
    flintrock_trace   every remote command of flintrock 2.1.0, traced, and checks against its source
    preflight         checks before launch (credentials, key pair, identity file, instance type, AMI)
    cost              hourly and per-workshop cost from the dated price table prices.yaml
    commands          the whole procedure as ordered shell commands, with each step's local rehearsal
    s3                staging the job and data in S3 with a progress bar, reading results back
    emr               the same job as a Spark step on EMR (emr-spark-8.0.0): start, wait, metrics, stop
    optin             the gate in front of real AWS
    session           AwsTarget (region + optional emulator endpoint) and credential redaction
    moto              the local AWS emulator, started and stopped by PID
    errors            the errors, each with what went wrong and what to do
    cli               python -m helpers.cloud

Example::

    >>> from helpers.cloud import ClusterPlan, cost_estimate
    >>> plan = ClusterPlan(name="mls", region="us-east-1", instance_type="m5.xlarge", workers=2,
    ...                    key_name="mls", identity_file="~/.ssh/mls.pem", python="3.11")
    >>> round(cost_estimate(plan, hours=3).per_hour, 2)
    0.59
"""

from helpers.cloud.commands import Step, findspark_snippet, procedure, render
from helpers.cloud.cost import CostEstimate, cost_estimate, emr_cost_estimate
from helpers.cloud.emr import EmrRun, emr_cluster, job_flow_request, submit_emr_step, terminate, wait_for_step
from helpers.cloud.flintrock import ClusterFiles, boot_script, flintrock_config_yaml, write_cluster_files
from helpers.cloud.moto import MotoServer
from helpers.cloud.plan import ClusterPlan, JobFiles
from helpers.cloud.preflight import Check, preflight_checks, report, resolve_ami
from helpers.cloud.s3 import ensure_bucket, read_json, stage_files
from helpers.cloud.session import AwsTarget, redact

__all__ = [
    "AwsTarget", "Check", "ClusterFiles", "ClusterPlan", "CostEstimate", "EmrRun", "JobFiles", "MotoServer",
    "Step", "boot_script", "cost_estimate", "emr_cluster", "emr_cost_estimate", "ensure_bucket",
    "findspark_snippet", "flintrock_config_yaml", "job_flow_request", "preflight_checks", "procedure",
    "read_json",
    "redact", "render", "report", "resolve_ami", "stage_files", "submit_emr_step", "terminate",
    "wait_for_step", "write_cluster_files",
]
