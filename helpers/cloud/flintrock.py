"""flintrock 2.1.0 on Amazon Linux 2023: the configuration file and the nodes' boot script.

flintrock 2.1.0 was written for Amazon Linux 2. On Amazon Linux 2023 (AL2023) four of its
steps go wrong; the course fixes each where it can be fixed:

* ``python /tmp/setup-ephemeral-storage.py`` and ``python /tmp/download-package.py``: AL2023 has no
  ``python`` command. *Boot script*: links ``/usr/local/bin/python`` to the nodes' Python.
* ``sudo yum install -y python3`` gives AL2023's system Python 3.9; pyspark 4.3 needs 3.11+.
  *Boot script*: installs ``python3.X`` (the driver's minor version) with numpy and findspark.
* Java: flintrock installs ``temurin-N-jdk`` from an Adoptium repository keyed on ``$releasever``
  (not published for AL2023) unless ``java -version`` already reports the configured major version.
  *Boot script*: installs Amazon Corretto N from AL2023's own repository, so flintrock skips its step;
  and writes ``JAVA_HOME`` to ``/etc/environment``, as flintrock's own Java step would have.
* ``spark-env.sh`` reads the public host name from the instance metadata service without a token
  (AL2023 requires IMDSv2 tokens: the answer is an HTML error page) and sets
  ``PYSPARK_PYTHON="python3"`` (3.9 on AL2023). No boot script can reach a file flintrock writes
  later, so these two lines are *patched* in flintrock's template, in its own environment
  (``flintrock-2.1.0-al2023.patch``, applied by ``make flintrock``): IMDSv2 with a token, and
  ``PYSPARK_PYTHON`` taken from ``/etc/environment``, which the boot script fills.

The boot script is cloud-config ``bootcmd``: cloud-init runs it in its network stage, which systemd
orders before sshd, and before ec2-user's key is installed, so it has finished before flintrock's
first SSH command. ``helpers.cloud.flintrock_trace`` holds all this against flintrock's source.
Example::

    >>> from helpers.cloud.plan import ClusterPlan
    >>> plan = ClusterPlan(name="mls", region="us-east-1", instance_type="m5.xlarge", workers=2,
    ...                    key_name="mls", identity_file="/keys/mls.pem", python="3.11")
    >>> config = flintrock_config(plan, ami="ami-0123456789abcdef0", boot_script_path="boot.yaml")
    >>> config["services"]["spark"]["version"], config["launch"]["java-version"]
    ('4.3.0', 17)
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers.cloud.plan import ClusterPlan

FLINTROCK_VERSION = "2.1.0"
# flintrock lives in its own environment (it pins boto3 1.29 / botocore 1.32): `make flintrock`.
FLINTROCK = ".venv-flintrock/bin/flintrock"
PATCH = Path(__file__).with_name("flintrock-2.1.0-al2023.patch")
READY_MARKER = "/var/lib/mls-node-ready"


def corretto_package(java: int) -> str:
    """AL2023's package for Java ``java`` (headless: the nodes need no GUI libraries).

    >>> corretto_package(17)
    'java-17-amazon-corretto-headless'
    """
    return f"java-{java}-amazon-corretto-headless"


def python_install_lines(python: str, packages: tuple[str, ...], sudo: str = "") -> list[str]:
    """Shell lines that install ``python3.X`` with pip and ``packages`` on AL2023 (used on EMR too).

    >>> python_install_lines("3.11", ("numpy==2.4.6",), sudo="sudo ")[1]
    'sudo /usr/bin/python3.11 -m pip install --quiet --root-user-action=ignore numpy==2.4.6'
    """
    return [
        f"{sudo}dnf install -y -q python{python} python{python}-pip",
        f"{sudo}/usr/bin/python{python} -m pip install --quiet --root-user-action=ignore "
        + " ".join(shlex.quote(p) for p in packages),
    ]


def boot_script(plan: ClusterPlan) -> str:
    """The nodes' boot script (cloud-config), passed to flintrock as ``ec2-user-data``.

    It runs on every boot (``bootcmd``); the installs run once, guarded by a marker file.
    """
    python = plan.node_python
    installs = [
        f"dnf install -y -q {corretto_package(plan.java)} tar gzip",
        *python_install_lines(plan.python, plan.node_packages),
    ]
    script = "\n".join([
        "set -eu",
        f"if [ ! -e {READY_MARKER} ]; then",
        *(f"  {line}" for line in installs),
        "fi",
        "# flintrock 2.1.0 runs `python /tmp/...py`; AL2023 has no `python` command.",
        f"ln -sfn {python} /usr/local/bin/python",
        "# Every SSH session reads /etc/environment (flintrock relies on it for JAVA_HOME).",
        'java_home="$(dirname "$(dirname "$(readlink -f /usr/bin/java)")")"',
        "sed -i '/^JAVA_HOME=/d; /^PYSPARK_PYTHON=/d' /etc/environment",
        'echo "JAVA_HOME=$java_home" >> /etc/environment',
        f'echo "PYSPARK_PYTHON={python}" >> /etc/environment',
        f"touch {READY_MARKER}",
    ])
    header = (
        "#cloud-config\n"
        f"# Boot script of the course's flintrock {FLINTROCK_VERSION} nodes on Amazon Linux 2023"
        f" (cluster {plan.name}).\n"
        "# bootcmd runs in cloud-init's network stage, before sshd starts, so it is done before\n"
        "# flintrock's first SSH command. Written by helpers.cloud.flintrock.boot_script.\n"
    )
    # A literal block keeps the script readable in the file the learner opens.
    return header + "bootcmd:\n  - |\n" + "".join(f"    {line}\n" for line in script.splitlines())


def flintrock_config(plan: ClusterPlan, ami: str, boot_script_path: Path | str) -> dict[str, Any]:
    """flintrock's configuration for ``plan`` as a dictionary (see :func:`flintrock_config_yaml`)."""
    ec2: dict[str, Any] = {
        "key-name": plan.key_name,
        "identity-file": str(plan.identity_file),
        "instance-type": plan.instance_type,
        "region": plan.region,
        "ami": ami,
        "user": plan.user,
        "user-data": str(boot_script_path),
        "tenancy": "default",
        "ebs-optimized": False,
        # A node that shuts itself down is gone, not stopped-and-still-billed for its volume.
        "instance-initiated-shutdown-behavior": "terminate",
        "tags": ["course,machine-learning-at-scale"],
    }
    if plan.instance_profile:
        ec2["instance-profile-name"] = plan.instance_profile
    return {
        "services": {
            "spark": {"version": plan.spark_version, "download-source": plan.spark_download_source},
            # flintrock derives Spark's package name from the HDFS version even without HDFS.
            "hdfs": {"version": plan.hadoop_version, "download-source": plan.hadoop_download_source},
        },
        "provider": "ec2",
        "providers": {"ec2": ec2},
        "launch": {"num-slaves": plan.workers, "install-hdfs": plan.hdfs, "install-spark": True,
                   "java-version": plan.java},
        "debug": False,
    }


def flintrock_config_yaml(plan: ClusterPlan, ami: str, boot_script_path: Path | str) -> str:
    """flintrock's configuration file for ``plan``, for ``flintrock --config FILE launch NAME``.

    ``ami`` comes from :func:`helpers.cloud.preflight.resolve_ami`; ``boot_script_path`` is where
    :func:`boot_script` was written (flintrock reads it at launch).
    """
    header = (f"# flintrock {FLINTROCK_VERSION} configuration for cluster {plan.name}: Spark "
              f"{plan.spark_version} on Amazon Linux 2023 ({ami}), Java {plan.java}, Python {plan.python}.\n"
              "# Written by helpers.cloud.flintrock; run it with .venv-flintrock's flintrock (patched).\n")
    return header + yaml.safe_dump(flintrock_config(plan, ami, boot_script_path), sort_keys=False)


@dataclass(frozen=True)
class ClusterFiles:
    """The files the course writes for one cluster: flintrock's config and the nodes' boot script."""

    directory: Path

    @property
    def config(self) -> Path:
        """flintrock's configuration file."""
        return self.directory / "flintrock.yaml"

    @property
    def boot_script(self) -> Path:
        """The boot script (cloud-config) that flintrock passes as EC2 user data."""
        return self.directory / "boot.yaml"

    @property
    def on_master(self) -> Path:
        """The Python program the procedure runs on the master (findspark)."""
        return self.directory / "on_master.py"

    def flintrock(self, *args: str, flintrock: str = FLINTROCK) -> str:
        """A flintrock command line using this configuration.

        >>> ClusterFiles(Path("output/cloud/mls")).flintrock("destroy", "mls")
        '.venv-flintrock/bin/flintrock --config output/cloud/mls/flintrock.yaml destroy mls'
        """
        return shlex.join([flintrock, "--config", str(self.config), *args])


def write_cluster_files(plan: ClusterPlan, ami: str, directory: Path | str) -> ClusterFiles:
    """Write flintrock's configuration and the boot script for ``plan`` into ``directory``."""
    files = ClusterFiles(Path(directory))
    files.directory.mkdir(parents=True, exist_ok=True)
    files.boot_script.write_text(boot_script(plan))
    files.config.write_text(flintrock_config_yaml(plan, ami, files.boot_script.resolve()))
    return files
