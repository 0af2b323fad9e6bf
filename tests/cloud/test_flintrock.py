"""flintrock's configuration and the nodes' boot script, as generated for a plan."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from helpers.cloud.flintrock import (
    READY_MARKER,
    ClusterFiles,
    boot_script,
    flintrock_config,
    flintrock_config_yaml,
    write_cluster_files,
)
from helpers.cloud.plan import ClusterPlan


def test_the_configuration_holds_the_plan_and_the_courses_choices(plan: ClusterPlan):
    config = yaml.safe_load(flintrock_config_yaml(plan, "ami-0123456789abcdef0", "/files/boot.yaml"))
    assert config["services"]["spark"] == {"version": "4.3.0",
                                           "download-source": "https://archive.apache.org/dist/spark/spark-{v}/"}
    assert config["services"]["hdfs"]["version"] == "3.5.0"
    ec2 = config["providers"]["ec2"]
    assert (ec2["key-name"], ec2["identity-file"], ec2["instance-type"], ec2["region"]) == (
        "mls", str(plan.identity_file), "m5.xlarge", "us-east-1")
    assert (ec2["ami"], ec2["user"], ec2["user-data"]) == (
        "ami-0123456789abcdef0", "ec2-user", "/files/boot.yaml")
    assert config["launch"] == {"num-slaves": 2, "install-hdfs": True, "install-spark": True,
                                "java-version": 17}


def test_hdfs_off_and_an_instance_profile_reach_the_configuration(identity_file: Path):
    plan = ClusterPlan("mls", "us-east-1", "m5.large", 1, "mls", identity_file, hdfs=False, python="3.12",
                       java=21, instance_profile="mls-nodes")
    config = flintrock_config(plan, "ami-1", "boot.yaml")
    assert config["launch"]["install-hdfs"] is False
    assert config["launch"]["java-version"] == 21
    assert config["providers"]["ec2"]["instance-profile-name"] == "mls-nodes"


def test_the_boot_script_is_cloud_config_whose_bootcmd_installs_what_the_nodes_need(plan: ClusterPlan):
    text = boot_script(plan)
    assert text.startswith("#cloud-config\n")
    document = yaml.safe_load(text)
    assert list(document) == ["bootcmd"]
    script = document["bootcmd"][0]
    assert "dnf install -y -q java-17-amazon-corretto-headless tar gzip" in script
    assert "dnf install -y -q python3.11 python3.11-pip" in script
    assert ("/usr/bin/python3.11 -m pip install --quiet --root-user-action=ignore "
            "numpy==2.4.6 findspark==2.0.1") in script
    assert "ln -sfn /usr/bin/python3.11 /usr/local/bin/python" in script
    assert subprocess.run(["bash", "-n"], input=script, text=True).returncode == 0


def _sandboxed(script: str, root: Path) -> str:
    """The boot script with its absolute paths moved under ``root`` (nothing outside is touched)."""
    for path in ("/etc/environment", READY_MARKER, "/usr/local/bin/python", "/usr/bin/python3.11",
                 "/usr/bin/java"):
        script = script.replace(path, f"{root}{path}")
    return script


def test_the_boot_script_installs_once_and_leaves_one_line_per_variable_on_every_boot(plan: ClusterPlan,
                                                                                    tmp_path: Path):
    root, stubs, calls = tmp_path / "node", tmp_path / "stubs", tmp_path / "calls.log"
    for folder in ("etc", "var/lib", "usr/local/bin", "usr/bin", "usr/lib/jvm/java-17-amazon-corretto/bin"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "etc/environment").write_text("LANG=C.UTF-8\nJAVA_HOME=/old/java\n")
    java = root / "usr/lib/jvm/java-17-amazon-corretto/bin/java"
    java.write_text("#!/bin/sh\n")
    (root / "usr/bin/java").symlink_to(java)
    stubs.mkdir()
    for program in ("dnf", "python3.11"):  # record the call instead of installing anything
        stub = stubs / program
        stub.write_text(f'#!/bin/sh\necho "{program} $*" >> {calls}\n')
        stub.chmod(0o755)
    (root / "usr/bin/python3.11").symlink_to(stubs / "python3.11")
    script = yaml.safe_load(_sandboxed(boot_script(plan), root))["bootcmd"][0]
    env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}"}
    for _ in range(2):  # a first boot, then a reboot
        subprocess.run(["sh", "-c", script], env=env, check=True)
    assert calls.read_text().count("dnf install") == 2  # both installs, on the first boot only
    assert calls.read_text().count("-m pip install") == 1
    assert (root / "etc/environment").read_text().splitlines() == [
        "LANG=C.UTF-8", f"JAVA_HOME={root}/usr/lib/jvm/java-17-amazon-corretto",
        f"PYSPARK_PYTHON={root}/usr/bin/python3.11"]
    assert os.readlink(root / "usr/local/bin/python") == f"{root}/usr/bin/python3.11"


def test_the_files_are_written_where_flintrock_and_the_procedure_expect_them(plan: ClusterPlan,
                                                                            tmp_path: Path):
    files = write_cluster_files(plan, "ami-0123456789abcdef0", tmp_path / "cloud" / "mls")
    config = yaml.safe_load(files.config.read_text())
    assert Path(config["providers"]["ec2"]["user-data"]) == files.boot_script.resolve()
    assert files.boot_script.read_text() == boot_script(plan)
    assert files.flintrock("destroy", "mls") == (
        f".venv-flintrock/bin/flintrock --config {tmp_path}/cloud/mls/flintrock.yaml destroy mls")
    assert ClusterFiles(tmp_path).on_master == tmp_path / "on_master.py"
