"""``python -m helpers.cloud``: the cloud layer from a terminal.

The cluster is described by options before the command; the commands are::

    check      pre-launch checks (credentials, key pair, identity file, instance type, AMI, price)
    cost       hourly and per-workshop cost, with the destroy command
    config     write flintrock's configuration, the nodes' boot script and the master's findspark program
    commands   print the whole procedure, step by step, with each step's local rehearsal
    stage      upload the job and its data to S3 (progress bars)
    launch     flintrock launch, on real AWS only, after the opt-in (MLS_REAL_AWS=1 and a typed cost)
    emr        the job as an EMR step: stage, start, wait, metrics, terminate (opt-in on real AWS)
    rehearse   all of the above that can run locally, against a local moto server (no AWS at all)

and, for maintainers (no cluster options): ``flintrock-source`` (the verified wheel the tests read)
and ``patch-flintrock`` (the course's patch, applied to ``.venv-flintrock``). Example::

    python -m helpers.cloud --name mls --region us-east-1 --instance-type m5.xlarge --workers 2 \\
        --key-name mls --identity-file ~/.ssh/mls.pem rehearse
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from helpers.cloud import commands, cost, emr, flintrock, flintrock_source, preflight, s3
from helpers.cloud.errors import CloudError
from helpers.cloud.moto import DUMMY_CREDENTIALS, MotoServer
from helpers.cloud.optin import guard, require_opt_in, require_real_aws
from helpers.cloud.plan import DRIVER_PYTHON, ClusterPlan, JobFiles
from helpers.cloud.session import AwsTarget, redact

PLAN_COMMANDS = ("check", "cost", "config", "commands", "stage", "launch", "emr", "rehearse")
JOB_DEFAULTS = {"job_main": "helpers/jobs/classify_letters.py", "py_files": "output/jobs.zip",
                "data": "data/letter-recognition.data"}


def say(text: str = "") -> None:
    """Print for the learner, with any credential from the environment masked."""
    print(redact(text), flush=True)


def build_parser() -> argparse.ArgumentParser:
    """The CLI's one argument parser (cluster options first, then the command and its options)."""
    parser = argparse.ArgumentParser(prog="python -m helpers.cloud", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    cluster = parser.add_argument_group("the cluster (needed by every command but the maintainers')")
    for option in ("--name", "--region", "--instance-type", "--key-name", "--identity-file"):
        cluster.add_argument(option)
    cluster.add_argument("--workers", type=int)
    cluster.add_argument("--python", default=DRIVER_PYTHON, help="the nodes' Python (default: this one's)")
    cluster.add_argument("--java", type=int, default=17)
    cluster.add_argument("--no-hdfs", dest="hdfs", action="store_false")
    cluster.add_argument("--instance-profile", default="")
    parser.add_argument("--endpoint-url", default=os.environ.get("AWS_ENDPOINT_URL"),
                        help="an AWS emulator's address (default: $AWS_ENDPOINT_URL; none means real AWS)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check")
    sub.add_parser("cost").add_argument("--hours", type=float, default=cost.WORKSHOP_HOURS)
    for name in ("config", "commands", "stage", "launch", "emr", "rehearse"):
        command = sub.add_parser(name)
        command.add_argument("--out", type=Path, help="the cluster's files (default output/cloud/NAME)")
        command.add_argument("--bucket", default="mls-staging-bucket")
        command.add_argument("--create-bucket", action="store_true")
        command.add_argument("--job-main", default=JOB_DEFAULTS["job_main"])
        command.add_argument("--py-files", default=JOB_DEFAULTS["py_files"])
        command.add_argument("--data", default=JOB_DEFAULTS["data"])
        command.add_argument("--api", choices=("ml", "mllib"), default="ml")
        command.add_argument("--ami", help="use this AMI instead of resolving AL2023's through SSM")
        command.add_argument("--timeout", type=float, default=1800.0, help="emr: seconds to wait")
    sub.add_parser("flintrock-source")
    sub.add_parser("patch-flintrock").add_argument("--venv", type=Path, default=Path(".venv-flintrock"))
    return parser


def plan_from(args: argparse.Namespace) -> ClusterPlan:
    """The :class:`ClusterPlan` the options describe."""
    missing = [f"--{n.replace('_', '-')}" for n in ("name", "region", "instance_type", "workers", "key_name",
                                                     "identity_file") if getattr(args, n) is None]
    if missing:
        raise CloudError(f"`{args.command}` needs the cluster options {', '.join(missing)}",
                         "give them before the command (python -m helpers.cloud --help)")
    return ClusterPlan(name=args.name, region=args.region, instance_type=args.instance_type,
                       workers=args.workers, key_name=args.key_name, identity_file=args.identity_file,
                       hdfs=args.hdfs, python=args.python, java=args.java,
                       instance_profile=args.instance_profile)


def _job(args: argparse.Namespace) -> JobFiles:
    return JobFiles(main=args.job_main, py_files=args.py_files, data=args.data, api=args.api)


def _files(plan: ClusterPlan, args: argparse.Namespace) -> flintrock.ClusterFiles:
    return flintrock.ClusterFiles(getattr(args, "out", None) or Path("output") / "cloud" / plan.name)


def _destroy(plan: ClusterPlan, args: argparse.Namespace) -> str:
    return _files(plan, args).flintrock("destroy", plan.name)


def run_check(plan: ClusterPlan, aws: AwsTarget) -> list[preflight.Check]:
    """Print the pre-launch checks; returns them."""
    say(f"Checking {plan.name} against {aws.describe()}:")
    checks = preflight.preflight_checks(plan, aws)
    say(preflight.report(checks))
    return checks


def write_files(plan: ClusterPlan, aws: AwsTarget, args: argparse.Namespace) -> flintrock.ClusterFiles:
    """Resolve the AMI (unless --ami) and write the cluster's files; prints where they are."""
    architecture = preflight.check_instance_type(aws, plan.instance_type).architecture
    ami = args.ami or preflight.resolve_ami(aws, architecture)
    files = flintrock.write_cluster_files(plan, ami, _files(plan, args).directory)
    commands.write_on_master(plan, files)
    say(f"Wrote {files.config}, {files.boot_script} and {files.on_master} (AMI {ami}).")
    return files


def stage(plan: ClusterPlan, aws: AwsTarget, args: argparse.Namespace) -> list[s3.StagedObject]:
    """Upload the job, its data and the EMR bootstrap script to the bucket (real AWS: after the opt-in)."""
    if not aws.is_local:
        require_opt_in(f"stage the job in s3://{args.bucket}")
    s3.ensure_bucket(aws, args.bucket, create=args.create_bucket)
    bootstrap = _files(plan, args).directory / emr.BOOTSTRAP_NAME
    bootstrap.parent.mkdir(parents=True, exist_ok=True)
    bootstrap.write_text(emr.bootstrap_script(plan))
    files = {**_job(args).s3_keys(plan.name), bootstrap: emr.bootstrap_key(plan.name)}
    staged = s3.stage_files(aws, args.bucket, files, progress=sys.stderr.isatty())
    for item in staged:
        say(f"staged {item.uri} ({item.size} bytes)")
    return staged


def launch(plan: ClusterPlan, aws: AwsTarget, args: argparse.Namespace) -> int:
    """Opt-in and cost first (before any AWS call), then the checks, then ``flintrock launch``."""
    if aws.is_local:
        raise CloudError("flintrock cannot launch against the local emulator: its instances are invented, "
                         "and flintrock would try to SSH into their made-up addresses",
                         "rehearse with `rehearse`; launch only against real AWS")
    require_real_aws(f"launch cluster {plan.name}", cost.cost_estimate(plan), _destroy(plan, args))
    checks = run_check(plan, aws)
    if not all(c.ok for c in checks):
        raise CloudError("the pre-launch checks failed", "fix the items marked FIX above")
    args.ami = preflight.ami_of(checks)
    files = write_files(plan, aws, args)
    command = [flintrock.FLINTROCK, "--config", str(files.config), "launch", plan.name]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        for line in process.stdout or ():
            say(line.rstrip("\n"))
    say(f"When you are done: {files.flintrock('destroy', plan.name)}")
    return process.returncode


def run_emr(plan: ClusterPlan, aws: AwsTarget, args: argparse.Namespace, poll: float = 30.0) -> str:
    """The job as an EMR step; prints each state; the cluster is terminated however it ends.

    On real AWS the opt-in and the cost confirmation come first, before anything is staged.
    """
    estimate = cost.emr_cost_estimate(plan)
    terminate_hint = "aws emr terminate-clusters --cluster-ids <the cluster id printed below>"
    guard(aws, f"run the job on EMR ({plan.nodes} x {plan.instance_type})", estimate, terminate_hint)
    stage(plan, aws, args)
    request = emr.job_flow_request(plan, args.bucket, _job(args), run_id=time.strftime("%Y%m%d-%H%M%S"))
    confirmed = f"{estimate.per_hour:.2f}"  # typed once above; not asked twice
    with emr.emr_cluster(aws, request, estimate, ask=lambda prompt: confirmed) as run:
        say(f"EMR cluster {run.cluster_id} ({emr.EMR_RELEASE}, Spark {emr.EMR_SPARK_VERSION}), "
            f"step {run.step_id}: " + " ".join(emr.step_args(request)))
        try:
            emr.wait_for_step(aws, run, timeout=args.timeout, poll=poll,
                              on_poll=lambda state, elapsed: say(f"  {elapsed:5.0f} s  step {state}"))
            say(f"metrics: {s3.read_json(aws, run.metrics_uri)}")
            return "COMPLETED"
        except CloudError as error:
            say(str(error))
            return "NOT COMPLETED"
        finally:
            say(f"Terminating {run.cluster_id} ({run.terminate_command}).")


@contextmanager
def emulator_credentials() -> Iterator[None]:
    """Dummy credentials for the emulator only, for the duration of a rehearsal (then restored)."""
    saved = {name: os.environ.get(name) for name in (*DUMMY_CREDENTIALS, "AWS_SESSION_TOKEN", "AWS_PROFILE")}
    os.environ.update(DUMMY_CREDENTIALS)
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def rehearse(plan: ClusterPlan, args: argparse.Namespace, log_dir: Path = Path("logs")) -> int:
    """Everything that can run without AWS, against a local moto server started and stopped here."""
    with emulator_credentials(), MotoServer(log_dir=log_dir) as server:
        aws = AwsTarget(plan.region, server.endpoint_url)
        say(f"Rehearsal against {aws.describe()} (moto_server, PID {server.pid}); nothing here reaches AWS.")
        aws.client("ec2").create_key_pair(KeyName=plan.key_name)  # the emulator's stand-in for your key pair
        args.create_bucket = True
        run_check(plan, aws)
        say(cost.cost_estimate(plan).summary(_destroy(plan, args)))
        write_files(plan, aws, args)
        job = _job(args)
        if all(Path(p).is_file() for p in (job.main, job.py_files, job.data)):
            state = run_emr(plan, aws, args, poll=0.5)
            say(f"EMR step: {state} (moto never runs steps: a rehearsal shows the request and the states).")
        else:
            say(f"Skipping staging and EMR: build {job.py_files} and fetch {job.data} first.")
        say(commands.render(commands.procedure(plan, job, args.bucket, _files(plan, args))))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; errors print their problem and fix and return exit status 1."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "flintrock-source":
            say(f"flintrock source: {flintrock_source.fetch_wheel()} (SHA-256 verified)")
            return 0
        if args.command == "patch-flintrock":
            source = flintrock_source.installed_source(args.venv)
            applied = flintrock_source.apply_patch(source.root)
            say(f"{flintrock.PATCH.name}: {'applied' if applied else 'already applied'} in {source.root}")
            return 0
        plan = plan_from(args)
        if args.command == "rehearse":
            args.timeout = min(args.timeout, 3.0)
            return rehearse(plan, args)
        aws = AwsTarget(plan.region, args.endpoint_url)
        if args.command == "check":
            return 0 if all(c.ok for c in run_check(plan, aws)) else 1
        if args.command == "cost":
            say(cost.cost_estimate(plan, args.hours).summary(_destroy(plan, args)))
        elif args.command == "config":
            write_files(plan, aws, args)
        elif args.command == "commands":
            say(commands.render(commands.procedure(plan, _job(args), args.bucket, _files(plan, args))))
        elif args.command == "stage":
            stage(plan, aws, args)
        elif args.command == "launch":
            return launch(plan, aws, args)
        elif args.command == "emr":
            return 0 if run_emr(plan, aws, args) == "COMPLETED" else 1
    except CloudError as error:
        say(f"error: {error}")
        return 1
    return 0
