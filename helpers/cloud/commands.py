"""The whole procedure on a flintrock cluster, as the commands a learner runs, in order.

:func:`procedure` gives one :class:`Step` per stage: check, cost, configuration, launch, node
set-up, staging (S3, then the nodes, then HDFS at the path the job reads), spark-submit against the
cluster's master, fetching ``metrics.json``, Python with findspark on the master, Spark Connect
(start on the master bound to 127.0.0.1, SSH tunnel, client, stop) and destroy. Each step says what
it does and what plays its part in the local rehearsal. The commands hold no credential: AWS
access comes from the learner's own AWS configuration. Example::

    >>> steps = procedure(plan, job, bucket="my-mls-bucket", files=ClusterFiles(Path("output/cloud/mls")))
    ...                                                                  # doctest: +SKIP
    >>> [s.name for s in steps][:4]                                      # doctest: +SKIP
    ['check', 'cost', 'config', 'launch']
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from helpers.cloud.cost import WORKSHOP_HOURS, instance_price
from helpers.cloud.errors import PriceUnknown
from helpers.cloud.flintrock import FLINTROCK, ClusterFiles
from helpers.cloud.plan import HDFS_DATA_PATH, HDFS_OUTPUT_PATH, ClusterPlan, JobFiles, staging_prefix

CLI = "python -m helpers.cloud"
CONNECT_PORT = 15002
UI_PORT = 4040
_HOST = "MASTER_HOST_OF_THE_CLUSTER"  # stands for "$MASTER_HOST" (set by the `master` step) until joined
SPARK_ENV = '. "$HOME/spark/conf/spark-env.sh"'  # flintrock's file: SPARK_MASTER_HOST, PYSPARK_PYTHON
HDFS = '"$HOME/hadoop/bin/hdfs"'  # flintrock's Hadoop (the /usr/local/bin link cannot find its libexec)


@dataclass(frozen=True)
class Step:
    """One step: a name, the shell command, what it does, and its part in the local rehearsal."""

    name: str
    command: str
    purpose: str
    rehearsal: str


def plan_arguments(plan: ClusterPlan) -> list[str]:
    """The CLI options that describe ``plan`` (``python -m helpers.cloud OPTIONS COMMAND``).

    >>> from helpers.cloud.plan import ClusterPlan
    >>> plan = ClusterPlan("mls", "us-east-1", "m5.large", 2, "mls", "/k.pem", hdfs=False, python="3.11")
    >>> plan_arguments(plan)[-3:]
    ['--python', '3.11', '--no-hdfs']
    """
    args = ["--name", plan.name, "--region", plan.region, "--instance-type", plan.instance_type,
            "--workers", str(plan.workers), "--key-name", plan.key_name,
            "--identity-file", str(plan.identity_file), "--python", plan.python]
    if plan.java != 17:
        args += ["--java", str(plan.java)]
    if not plan.hdfs:
        args.append("--no-hdfs")
    if plan.instance_profile:
        args += ["--instance-profile", plan.instance_profile]
    return args


def connect_cores(plan: ClusterPlan) -> int:
    """``spark.cores.max`` for the Connect server: half the workers' cores, so jobs still get some."""
    try:
        vcpus = instance_price(plan.region, plan.instance_type).vcpus
    except PriceUnknown:
        vcpus = 2
    return max(1, plan.workers * vcpus // 2)


def findspark_snippet(plan: ClusterPlan) -> str:
    """A Python program for the master: findspark finds flintrock's Spark (``SPARK_HOME=$HOME/spark``)."""
    data = f"hdfs://{HDFS_DATA_PATH}" if plan.hdfs else f"file:///home/{plan.user}/data/letter-recognition.data"
    return f'''"""Run on the cluster's master: Python finds the cluster's Spark with findspark."""
import os

import findspark

findspark.init()  # SPARK_HOME (set by the command that runs this) is the Spark flintrock installed
from pyspark.sql import SparkSession  # noqa: E402  (importable only after findspark.init)

spark = (SparkSession.builder.master(f"spark://{{os.environ['SPARK_MASTER_HOST']}}:7077")
         .appName("findspark-on-the-master").config("spark.cores.max", "2").getOrCreate())
rows = spark.read.csv("{data}").count()
print(f"Spark {{spark.version}} from {{os.environ['SPARK_HOME']}} read {{rows}} rows")
spark.stop()
'''


def _join(*args: str) -> str:
    """A shell command line in which the master's address is the shell variable MASTER_HOST."""
    return shlex.join(args).replace(_HOST, '"$MASTER_HOST"')


def _ssh(plan: ClusterPlan, remote: str) -> str:
    return _join("ssh", "-i", str(plan.identity_file), "-o", "StrictHostKeyChecking=accept-new",
                 f"{plan.user}@{_HOST}", remote)


def write_on_master(plan: ClusterPlan, files: ClusterFiles) -> Path:
    """Write :func:`findspark_snippet` where the ``findspark`` step sends it from."""
    files.directory.mkdir(parents=True, exist_ok=True)
    files.on_master.write_text(findspark_snippet(plan))
    return files.on_master


def procedure(plan: ClusterPlan, job: JobFiles, bucket: str, files: ClusterFiles,
              flintrock: str = FLINTROCK) -> list[Step]:
    """The ordered steps to run ``job`` on the flintrock cluster of ``plan`` and take it down again."""
    def fr(*args: str) -> str:
        return files.flintrock(*args, flintrock=flintrock)

    def on_nodes(remote: str, master_only: bool = True) -> str:
        return fr("run-command", *(["--master-only"] if master_only else []), plan.name, "--", remote)

    options = shlex.join(plan_arguments(plan))
    home, py = f"/home/{plan.user}", plan.node_python
    data_input = f"hdfs://{HDFS_DATA_PATH}" if plan.hdfs else f"file://{home}/data/{job.data.name}"
    output = f"hdfs://{HDFS_OUTPUT_PATH}" if plan.hdfs else f"file://{home}/output/letters"
    keys = job.s3_keys(plan.name)
    if plan.instance_profile:
        pulls = " && ".join(f"aws s3 cp {shlex.quote(f's3://{bucket}/{keys[p]}')} {home}/{folder}/"
                            for p, folder in ((job.main, "job"), (job.py_files, "job"), (job.data, "data")))
        to_nodes = on_nodes(pulls, master_only=plan.hdfs)
        how = "each node pulls the files from S3 (its instance profile may read the bucket)"
    else:
        to_nodes = "\n".join([fr("copy-file", "--master-only", plan.name, str(job.main), f"{home}/job/"),
                              fr("copy-file", "--master-only", plan.name, str(job.py_files), f"{home}/job/"),
                              fr("copy-file", *(["--master-only"] if plan.hdfs else []), plan.name,
                                 str(job.data), f"{home}/data/")])
        how = "flintrock copies the files over SSH (no instance profile, so the nodes cannot read S3)"
    submit = (f"set -e; {SPARK_ENV}; cd {home}/job; \"$HOME/spark/bin/spark-submit\" "
              f"--master \"spark://$SPARK_MASTER_HOST:7077\" --py-files {job.py_files.name} {job.main.name} "
              f"{data_input} {output} --api {job.api}")
    metrics = files.directory / "metrics.json"
    fetch = (_ssh(plan, f"{HDFS} dfs -cat {HDFS_OUTPUT_PATH}/metrics.json") + f" > {metrics}"
             if plan.hdfs else _join("scp", "-i", str(plan.identity_file),
                                     f"{plan.user}@{_HOST}:{home}/output/letters/metrics.json", str(metrics)))
    connect = (f'{SPARK_ENV} && export SPARK_HOME="$HOME/spark" && '
               '"$SPARK_HOME/sbin/start-connect-server.sh" --master "spark://$SPARK_MASTER_HOST:7077" '
               "--conf spark.connect.grpc.binding.address=127.0.0.1 "
               f"--conf spark.cores.max={connect_cores(plan)}")
    local_submit = (f"spark-submit --master spark://127.0.0.1:7077 --py-files {job.py_files} {job.main} "
                    f"{job.data} output/letters --api {job.api}")
    steps = [
        Step("check", f"{CLI} {options} check",
             "credentials, key pair in the region, identity file mode, instance type, AL2023 AMI, price",
             f"the same checks against the local emulator: {CLI} {options} rehearse"),
        Step("cost", f"{CLI} {options} cost --hours {WORKSHOP_HOURS:g}",
             "hourly and per-workshop cost from the dated price table, with the destroy command",
             "nothing: the local cluster costs nothing"),
        Step("config", f"{CLI} {options} config --out {files.directory}",
             f"writes {files.config.name} (flintrock) and {files.boot_script.name} (the nodes' boot script)",
             "the same files, written against the local emulator's AMI"),
        Step("launch", fr("launch", plan.name),
             f"starts {plan.nodes} instances, installs Spark {plan.spark_version}"
             f"{' and HDFS' if plan.hdfs else ''} (or: {CLI} {options} launch, which shows the cost "
             "and asks first)",
             "a standalone cluster on this machine: a master and workers on 127.0.0.1"),
        Step("master", f"MASTER_HOST=\"$({fr('describe', plan.name, '--master-hostname-only')})\"",
             "the master's public host name, for the ssh commands below", "MASTER_HOST=127.0.0.1"),
        Step("node-setup", on_nodes(f'mkdir -p {home}/job {home}/data && {py} -c "import numpy, findspark" '
                                    "&& java -version", master_only=False),
             f"on every node: checks the boot script's Python {plan.python} with numpy and Java {plan.java}, "
             "makes the job and data folders", f"your venv already has Python {plan.python} with numpy"),
        Step("stage-s3", f"{CLI} {options} stage --bucket {bucket} --job-main {job.main} "
                         f"--py-files {job.py_files} --data {job.data}",
             f"uploads the job and data to s3://{bucket}/{staging_prefix(plan.name)} with a progress bar",
             "the same upload into the local emulator's S3"),
        Step("to-nodes", to_nodes, how, "nothing: the files are already on this machine"),
    ]
    if plan.hdfs:
        steps.append(Step("hdfs-put", on_nodes(
            f"{HDFS} dfs -mkdir -p {Path(HDFS_DATA_PATH).parent} && "
            f"{HDFS} dfs -put -f {home}/data/{job.data.name} {HDFS_DATA_PATH}"),
            f"puts the data into HDFS at {HDFS_DATA_PATH}, the path the job reads ({data_input})",
            "nothing: there is no HDFS on a laptop; the local job reads the file from disk"))
    steps += [
        Step("submit", _ssh(plan, submit),
             "runs the job on the master in client mode against the cluster's own master URL",
             local_submit),
        Step("fetch-metrics", fetch, f"copies the job's metrics.json to {metrics}",
             "output/letters/metrics.json is already local"),
        Step("findspark",
             _ssh(plan, f"{SPARK_ENV} && SPARK_HOME=$HOME/spark {py} -") + f" < {files.on_master}",
             "runs a Python program on the master that finds the cluster's Spark with findspark",
             "findspark.init() with SPARK_HOME pointing at a Spark folder"),
        Step("connect-start", on_nodes(connect),
             f"starts the Spark Connect server on the master, bound to 127.0.0.1, with "
             f"spark.cores.max={connect_cores(plan)} so other jobs keep cores",
             "start-connect-server.sh --master spark://127.0.0.1:7077 on this machine"),
        Step("tunnel", _join("ssh", "-N", "-L", f"{CONNECT_PORT}:localhost:{CONNECT_PORT}", "-L",
                             f"{UI_PORT}:localhost:{UI_PORT}", "-i", str(plan.identity_file),
                             f"{plan.user}@{_HOST}"),
             f"forwards Connect ({CONNECT_PORT}) and the server's Spark UI ({UI_PORT}) through SSH; "
             "leave it running in its own terminal", "nothing: the local server is on 127.0.0.1 already"),
        Step("connect-client", "python -c " + shlex.quote(
            f'from pyspark.sql import SparkSession; spark = SparkSession.builder.remote("sc://localhost:'
            f'{CONNECT_PORT}").getOrCreate(); print(spark.read.csv("{data_input}").count())'),
             "a DataFrame query from the laptop, run on the cluster (paths resolve on the cluster)",
             f"the same with sc://127.0.0.1:{CONNECT_PORT}"),
        Step("connect-stop", on_nodes('"$HOME/spark/sbin/stop-connect-server.sh"'),
             "stops the Connect server before the cluster goes", "stop-connect-server.sh on this machine"),
        Step("destroy", fr("destroy", plan.name),
             "terminates every instance of the cluster: the spending stops",
             "stop the local master and workers"),
    ]
    return steps


def render(steps: list[Step]) -> str:
    """The steps as a numbered list a learner can read and copy from."""
    blocks = []
    for number, step in enumerate(steps, 1):
        blocks.append(f"{number:>2}. {step.name}: {step.purpose}\n"
                      + "".join(f"      $ {line}\n" for line in step.command.splitlines())
                      + f"      rehearsal: {step.rehearsal}")
    return "\n".join(blocks)
