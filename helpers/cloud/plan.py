"""What the course runs in the cloud: the cluster plan, the job's files, and where they go.

A :class:`ClusterPlan` holds the few parameters a learner chooses (name, region, instance type,
number of workers, key pair, identity file, HDFS on or off); everything else (Spark version, Java,
the nodes' Python) follows the course, so the cluster runs what the laptop ran. Example::

    >>> plan = ClusterPlan(name="mls", region="us-east-1", instance_type="m5.xlarge", workers=2,
    ...                    key_name="mls", identity_file="~/.ssh/mls.pem", python="3.11")
    >>> plan.nodes, plan.spark_version, plan.spark_url.rsplit("/", 1)[-1]
    (3, '4.3.0', 'spark-4.3.0-bin-hadoop3.tgz')
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from helpers.cloud.errors import PlanError

# The Spark on the cluster is the Spark of the course's pyspark, so a job behaves the same in both.
SPARK_VERSION = importlib.metadata.version("pyspark")
# HDFS at the version of the Hadoop client jars inside pyspark 4.3 (hadoop-client-api-3.5.0.jar).
HADOOP_VERSION = "3.5.0"
# Apache's archive keeps every release; the mirrors that flintrock uses by default drop old ones.
SPARK_ARCHIVE = "https://archive.apache.org/dist/spark/spark-{v}/"
HADOOP_ARCHIVE = "https://archive.apache.org/dist/hadoop/common/hadoop-{v}/"
# Amazon Linux 2023 packages these Pythons as python3.X (its own python3 stays 3.9); pyspark 4.3
# needs 3.11 or newer.
AL2023_PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# Spark 4 runs on Java 17 and 21; AL2023 packages both as Amazon Corretto.
JAVA_VERSIONS = (17, 21)
# The Python packages every node gets, at the versions pinned in requirements.txt.
NODE_PACKAGES = ("numpy==2.4.6", "findspark==2.0.1")
# The driver's Python: the nodes get the same minor version (PySpark refuses a mismatch).
DRIVER_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
MAX_WORKERS = 20

# Where the job reads its data and writes its results on the cluster: one path each, used by the
# `hdfs dfs -put`, the spark-submit arguments and the metrics download alike.
HDFS_DATA_PATH = "/data/letter-recognition.data"
HDFS_OUTPUT_PATH = "/output/letters"

_NAME = re.compile(r"[a-z][a-z0-9-]{0,38}[a-z0-9]")
_VERSION = re.compile(r"\d+\.\d+\.\d+")


@dataclass(frozen=True)
class ClusterPlan:
    """The cluster a learner asks for; checked when created (:class:`PlanError` says what to change).

    ``instance_profile`` is optional: with one (an IAM instance profile that can read the bucket),
    the nodes pull the job from S3 themselves; without, the files go up with ``flintrock copy-file``.
    """

    name: str
    region: str
    instance_type: str
    workers: int
    key_name: str
    identity_file: Path | str
    hdfs: bool = True
    python: str = DRIVER_PYTHON
    java: int = 17
    spark_version: str = SPARK_VERSION
    hadoop_version: str = HADOOP_VERSION
    spark_download_source: str = SPARK_ARCHIVE
    hadoop_download_source: str = HADOOP_ARCHIVE
    instance_profile: str = ""
    user: str = "ec2-user"
    node_packages: tuple[str, ...] = field(default=NODE_PACKAGES)

    def __post_init__(self) -> None:
        object.__setattr__(self, "identity_file", Path(self.identity_file).expanduser())
        if not _NAME.fullmatch(self.name):
            raise PlanError(f"cluster name {self.name!r} is not usable by flintrock and EC2",
                            "use 2-40 lower-case letters, digits and dashes, starting with a letter")
        if not 1 <= self.workers <= MAX_WORKERS:
            raise PlanError(f"{self.workers} workers asked for", f"choose 1 to {MAX_WORKERS} workers")
        if self.python not in AL2023_PYTHONS:
            raise PlanError(f"Python {self.python} is not one Amazon Linux 2023 offers for PySpark 4",
                            f"run the driver on Python {' / '.join(AL2023_PYTHONS)} (python= in the plan)")
        if self.java not in JAVA_VERSIONS:
            raise PlanError(f"Java {self.java} does not run Spark 4", "use java=17 or java=21")
        for version in (self.spark_version, self.hadoop_version):
            if not _VERSION.fullmatch(version):
                raise PlanError(f"version {version!r} is not a release number like 4.3.0",
                                "use a released version (previews are not downloadable by flintrock)")
        if tuple(map(int, self.spark_version.split("."))) < (3, 3, 0):
            raise PlanError(f"Spark {self.spark_version} is older than the course supports",
                            f"use the course's Spark, {SPARK_VERSION}")
        for source in (self.spark_download_source, self.hadoop_download_source):
            if "{v}" not in source or not source.startswith(("https://", "http://", "s3://")):
                raise PlanError(f"download source {source!r} is not an http(s):// or s3:// URL with {{v}}",
                                f"use e.g. {SPARK_ARCHIVE} or s3://your-bucket/spark/{{v}}/")
            if source.startswith("s3://") and not self.instance_profile:
                raise PlanError("an s3:// download source needs the nodes to read S3",
                                "set instance_profile to an IAM instance profile that can read it")

    @property
    def nodes(self) -> int:
        """Instances in the cluster: one master and the workers."""
        return self.workers + 1

    @property
    def spark_url(self) -> str:
        """The Spark package the nodes download (named as flintrock names it for Spark >= 3.3)."""
        base = self.spark_download_source.format(v=self.spark_version).rstrip("/")
        return f"{base}/spark-{self.spark_version}-bin-hadoop3.tgz"

    @property
    def node_python(self) -> str:
        """The nodes' Python executable for PySpark, e.g. ``/usr/bin/python3.11``."""
        return f"/usr/bin/python{self.python}"


@dataclass(frozen=True)
class JobFiles:
    """The job as shipped: the main file, the zip for ``--py-files``, and the data it reads.

    >>> job = JobFiles(main="helpers/jobs/classify_letters.py", py_files="output/jobs.zip",
    ...                data="data/letter-recognition.data")
    >>> sorted(job.s3_keys("mls").values())
    ['mls/mls/data/letter-recognition.data', 'mls/mls/job/classify_letters.py', 'mls/mls/job/jobs.zip']
    """

    main: Path | str
    py_files: Path | str
    data: Path | str
    api: str = "ml"

    def __post_init__(self) -> None:
        for name in ("main", "py_files", "data"):
            object.__setattr__(self, name, Path(getattr(self, name)))
        if self.api not in ("ml", "mllib"):
            raise PlanError(f"job API {self.api!r} is not one the letter job has", "use 'ml' or 'mllib'")

    def s3_keys(self, cluster_name: str) -> dict[Path, str]:
        """Each local file and the S3 key it is staged under (``mls/<cluster>/{job,data}/<file>``)."""
        prefix = staging_prefix(cluster_name)
        return {
            self.main: f"{prefix}job/{self.main.name}",
            self.py_files: f"{prefix}job/{self.py_files.name}",
            self.data: f"{prefix}data/{self.data.name}",
        }


def staging_prefix(cluster_name: str) -> str:
    """The S3 prefix under which one cluster's files are staged.

    >>> staging_prefix("mls")
    'mls/mls/'
    """
    return f"mls/{cluster_name}/"
