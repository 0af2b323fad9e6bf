"""The procedure's commands, and findspark on a Spark laid out like the cluster's."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import py4j
import pyspark

from helpers.cloud.commands import connect_cores, findspark_snippet, procedure, render
from helpers.cloud.flintrock import ClusterFiles
from helpers.cloud.plan import HDFS_DATA_PATH, ClusterPlan, JobFiles

JOB = JobFiles(main="helpers/jobs/classify_letters.py", py_files="output/jobs.zip",
               data="data/letter-recognition.data")
FILES = ClusterFiles(Path("output/cloud/mls"))
FLINTROCK = ".venv-flintrock/bin/flintrock --config output/cloud/mls/flintrock.yaml"


def steps_of(plan: ClusterPlan) -> dict[str, str]:
    return {step.name: step.command for step in procedure(plan, JOB, "my-mls-bucket", FILES)}


def test_the_procedure_runs_from_checks_to_destroy_with_connect_stopped_before(plan: ClusterPlan):
    assert list(steps_of(plan)) == [
        "check", "cost", "config", "launch", "master", "node-setup", "stage-s3", "to-nodes", "hdfs-put",
        "submit", "fetch-metrics", "findspark", "connect-start", "tunnel", "connect-client", "connect-stop",
        "destroy"]
    commands = steps_of(plan)
    assert commands["launch"] == f"{FLINTROCK} launch mls"
    assert commands["destroy"] == f"{FLINTROCK} destroy mls"
    assert commands["node-setup"].startswith(f"{FLINTROCK} run-command mls -- ")


def test_hdfs_put_writes_the_one_path_the_job_reads(plan: ClusterPlan):
    commands = steps_of(plan)
    assert commands["hdfs-put"].endswith(
        f'dfs -put -f /home/ec2-user/data/letter-recognition.data {HDFS_DATA_PATH}\'')
    assert (f"--py-files jobs.zip classify_letters.py hdfs://{HDFS_DATA_PATH} hdfs:///output/letters --api ml"
            in commands["submit"])
    assert '--master "spark://$SPARK_MASTER_HOST:7077"' in commands["submit"]
    assert commands["fetch-metrics"].endswith(
        "'\"$HOME/hadoop/bin/hdfs\" dfs -cat /output/letters/metrics.json' > output/cloud/mls/metrics.json")


def test_spark_connect_on_the_master_bound_to_localhost_through_a_tunnel(plan: ClusterPlan):
    commands = steps_of(plan)
    assert commands["connect-start"].startswith(f"{FLINTROCK} run-command --master-only mls -- ")
    assert ('"$SPARK_HOME/sbin/start-connect-server.sh" --master "spark://$SPARK_MASTER_HOST:7077" --conf '
            "spark.connect.grpc.binding.address=127.0.0.1 --conf spark.cores.max=4"
            ) in commands["connect-start"]
    assert connect_cores(plan) == 4  # half of 2 workers x 4 vCPUs
    assert commands["tunnel"] == ("ssh -N -L 15002:localhost:15002 -L 4040:localhost:4040 "
                                  f'-i {plan.identity_file} ec2-user@"$MASTER_HOST"')
    assert commands["connect-stop"].endswith("""-- '"$HOME/spark/sbin/stop-connect-server.sh"'""")


def test_without_hdfs_the_data_goes_to_every_node_and_paths_are_local(identity_file: Path):
    plan = ClusterPlan("mls", "us-east-1", "m5.large", 2, "mls", identity_file, hdfs=False, python="3.11")
    commands = steps_of(plan)
    assert "hdfs-put" not in commands
    data_copy = commands["to-nodes"].splitlines()[-1]
    assert data_copy == f"{FLINTROCK} copy-file mls data/letter-recognition.data /home/ec2-user/data/"
    assert "file:///home/ec2-user/data/letter-recognition.data file:///home/ec2-user/output/letters" in (
        commands["submit"])
    assert commands["fetch-metrics"].startswith(f"scp -i {identity_file} ")


def test_with_an_instance_profile_the_nodes_pull_from_s3(identity_file: Path):
    plan = ClusterPlan("mls", "us-east-1", "m5.large", 2, "mls", identity_file, python="3.11",
                       instance_profile="mls-nodes")
    to_nodes = steps_of(plan)["to-nodes"]
    assert "aws s3 cp s3://my-mls-bucket/mls/mls/data/letter-recognition.data /home/ec2-user/data/" in (
        to_nodes)
    assert to_nodes.startswith(f"{FLINTROCK} run-command --master-only mls -- ")


def test_every_shell_command_parses(plan: ClusterPlan):
    for step in procedure(plan, JOB, "my-mls-bucket", FILES):
        result = subprocess.run(["bash", "-n"], input=step.command, text=True, capture_output=True)
        assert result.returncode == 0, (step.name, result.stderr)
    text = render(procedure(plan, JOB, "my-mls-bucket", FILES))
    assert text.startswith(" 1. check:") and "17. destroy:" in text and "rehearsal:" in text


def test_the_master_program_initialises_findspark_before_importing_pyspark(plan: ClusterPlan):
    tree = ast.parse(findspark_snippet(plan))
    lines = {ast.unparse(n): n.lineno for n in tree.body}
    assert lines["findspark.init()"] < lines["from pyspark.sql import SparkSession"]
    assert f"hdfs://{HDFS_DATA_PATH}" in findspark_snippet(plan)


def cluster_like_spark_home(root: Path) -> Path:
    """A SPARK_HOME laid out like the release flintrock installs: bin/, jars/, python/pyspark,
    python/lib/py4j-*-src.zip (made from the pip pyspark folder and the installed py4j)."""
    spark = root / "spark"
    (spark / "python" / "lib").mkdir(parents=True)
    package = Path(pyspark.__file__).parent
    for folder in ("bin", "jars"):
        (spark / folder).symlink_to(package / folder)
    (spark / "python" / "pyspark").symlink_to(package)
    py4j_dir = Path(py4j.__file__).parent
    name = f"py4j-{importlib.metadata.version('py4j')}-src.zip"
    with zipfile.ZipFile(spark / "python" / "lib" / name, "w") as z:
        for file in py4j_dir.rglob("*.py"):
            z.write(file, Path("py4j") / file.relative_to(py4j_dir))
    return spark


def test_findspark_finds_a_spark_home_laid_out_like_the_clusters(tmp_path: Path):
    spark_home = cluster_like_spark_home(tmp_path)
    probe = ("import findspark; findspark.init(); import pyspark, py4j; "
             "print(findspark.find()); print(pyspark.__file__); print(py4j.__file__)")
    env = {**os.environ, "SPARK_HOME": str(spark_home)}
    found, pyspark_file, py4j_file = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert found == str(spark_home)
    assert pyspark_file == str(spark_home / "python" / "pyspark" / "__init__.py")
    assert py4j_file.startswith(str(spark_home / "python" / "lib" / "py4j-")) and ".zip" in py4j_file
