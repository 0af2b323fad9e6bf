"""The generated configuration, boot script and patch, held against flintrock 2.1.0's real source."""

from __future__ import annotations

import ast
import os
import subprocess
from pathlib import Path

import pytest

from helpers.cloud.errors import FlintrockSourceError
from helpers.cloud.flintrock import boot_script, flintrock_config, write_cluster_files
from helpers.cloud.flintrock_source import (
    WHEEL_SHA256,
    FlintrockSource,
    _sha256,
    apply_patch,
    installed_source,
    remote_commands,
)
from helpers.cloud.flintrock_trace import TRACE, config_problems, download_urls, trace_problems
from helpers.cloud.moto import MotoServer
from helpers.cloud.plan import ClusterPlan

SPARK_ENV = "flintrock/templates/spark/conf/spark-env.sh"
REPO_ROOT = Path(__file__).resolve().parents[2]
PUBLIC_HOST = "ec2-203-0-113-7.compute-1.amazonaws.com"


def test_the_wheel_is_the_one_published_on_pypi(flintrock_wheel: Path):
    assert flintrock_wheel.name == "Flintrock-2.1.0-py3-none-any.whl"
    assert _sha256(flintrock_wheel) == WHEEL_SHA256


def test_the_patch_applies_to_the_pinned_source_once_and_only_there(pristine_source: FlintrockSource):
    before = pristine_source.read(SPARK_ENV)
    assert apply_patch(pristine_source.root) is True
    after = pristine_source.read(SPARK_ENV)
    assert apply_patch(pristine_source.root) is False  # idempotent: already applied
    assert pristine_source.read(SPARK_ENV) == after != before
    assert not list(pristine_source.root.rglob("*.orig")) and not list(pristine_source.root.rglob("*.rej"))
    (pristine_source.root / SPARK_ENV).write_text("# some other flintrock\n")
    with pytest.raises(FlintrockSourceError, match="does not apply"):
        apply_patch(pristine_source.root)


def test_every_remote_command_of_flintrock_is_traced_and_satisfied_on_al2023(patched_source, plan):
    assert trace_problems(patched_source, plan) == []
    found = remote_commands(patched_source)
    assert len(found) == len(TRACE) == 44
    assert any("python /tmp/setup-ephemeral-storage.py" in c.text for c in found)


@pytest.mark.parametrize(("python", "java"), [("3.12", 21), ("3.13", 17)])
def test_other_supported_pythons_and_javas_satisfy_the_trace_too(patched_source, identity_file, python, java):
    plan = ClusterPlan("mls", "us-east-1", "m5.large", 1, "mls", identity_file, python=python, java=java)
    assert trace_problems(patched_source, plan) == []


def test_the_unpatched_template_is_flagged(pristine_source, plan):
    problems = trace_problems(pristine_source, plan)
    assert len(problems) == 2 and all("spark-env.sh" in p for p in problems)


def test_a_changed_or_new_remote_command_in_flintrock_is_caught(patched_source, plan):
    core = patched_source.root / "flintrock/core.py"
    core.write_text(core.read_text().replace("python /tmp/setup-ephemeral-storage.py",
                                             "python3 /tmp/setup-ephemeral-storage.py --json"))
    services = patched_source.root / "flintrock/services.py"
    services.write_text(services.read_text().replace(
        'command="mkdir -p spark/conf",', 'command="mkdir -p spark/conf && sudo dnf install -y rsync",'))
    problems = trace_problems(patched_source, plan)
    assert any("not traced" in p and "setup_node" in p for p in problems)
    assert any("not traced" in p and "Spark.configure" in p for p in problems)
    assert any("no longer in flintrock's source" in p for p in problems)
    assert any("writes spark-env.sh" in p for p in problems)  # a FACT the course relies on


def test_a_boot_script_without_what_flintrock_needs_is_caught(patched_source, plan):
    script = boot_script(plan)
    no_python = script.replace("ln -sfn /usr/bin/python3.11 /usr/local/bin/python", "true")
    assert any("needs 'python'" in p for p in trace_problems(patched_source, plan, no_python))
    no_java_home = script.replace('echo "JAVA_HOME=$java_home" >> /etc/environment', "true")
    problems = trace_problems(patched_source, plan, no_java_home)
    assert any("JAVA_HOME in /etc/environment" in p for p in problems)
    no_tar = script.replace(" tar gzip", " gzip")
    assert any("needs 'tar'" in p for p in trace_problems(patched_source, plan, no_tar))


def test_every_configuration_key_is_an_option_of_flintrock_launch(patched_source, plan):
    config = flintrock_config(plan, "ami-0123456789abcdef0", "boot.yaml")
    assert config_problems(patched_source, config) == []
    config["launch"]["num-workers"] = config["launch"].pop("num-slaves")
    del config["providers"]["ec2"]["ami"]
    problems = config_problems(patched_source, config)
    assert any("--num-workers" in p and "ignore it silently" in p for p in problems)
    assert any("requires --ec2-ami" in p for p in problems)


def test_flintrocks_own_functions_build_the_archive_urls(patched_source, plan):
    spark, hadoop = download_urls(patched_source, flintrock_config(plan, "ami-1", "boot.yaml"))
    assert spark == plan.spark_url == (
        "https://archive.apache.org/dist/spark/spark-4.3.0/spark-4.3.0-bin-hadoop3.tgz")
    assert hadoop == "https://archive.apache.org/dist/hadoop/common/hadoop-3.5.0/hadoop-3.5.0.tar.gz"


def _render_spark_env(source: FlintrockSource, tmp_path: Path) -> Path:
    """spark-env.sh as flintrock fills it in (str.format with its template mapping's keys)."""
    mapping = next(n for n in ast.walk(ast.parse(source.read("flintrock/core.py")))
                   if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "template_mapping")
    keys = [k.value for k in mapping.value.keys]
    rendered = tmp_path / "spark-env.sh"
    rendered.write_text(source.read(SPARK_ENV).format(**{k: f"<{k}>" for k in keys}))
    return rendered


def _stub_imds_curl(folder: Path) -> None:
    """A `curl` that answers like an IMDSv2-only metadata service (nothing leaves the machine)."""
    folder.mkdir()
    (folder / "curl").write_text(f"""#!/bin/bash
args="$*"
if [[ "$args" == *"-X PUT"* && "$args" == *"/latest/api/token"* ]]; then echo -n TOKEN123; exit 0; fi
if [[ "$args" == *"X-aws-ec2-metadata-token: TOKEN123"* ]]; then echo -n {PUBLIC_HOST}; exit 0; fi
if [[ "$args" == *"--fail"* ]]; then exit 22; fi
echo '<?xml version="1.0"?><!DOCTYPE html><html><head><title>401 - Unauthorized</title></head></html>'
""")
    (folder / "curl").chmod(0o755)


@pytest.mark.parametrize("patched", [True, False])
def test_spark_env_on_an_imdsv2_node(pristine_source: FlintrockSource, tmp_path: Path, patched: bool):
    if patched:
        apply_patch(pristine_source.root)
    rendered = _render_spark_env(pristine_source, tmp_path)
    _stub_imds_curl(tmp_path / "bin")
    shown = subprocess.run(
        ["bash", "-c", f'. {rendered}; echo "$SPARK_PUBLIC_DNS|$PYSPARK_PYTHON|${{imds_token-unset}}"'],
        env={**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}",
             "PYSPARK_PYTHON": "/usr/bin/python3.11"},  # as /etc/environment gives it to every SSH session
        capture_output=True, text=True, check=True).stdout.strip()
    if patched:
        assert shown == f"{PUBLIC_HOST}|/usr/bin/python3.11|unset"
    else:  # flintrock 2.1.0 as published: an error page as host name, and AL2023's Python 3.9
        assert "401 - Unauthorized" in shown and shown.endswith("|python3|unset")


def test_the_installed_flintrock_is_patched_and_reads_the_generated_configuration(plan, tmp_path):
    venv = REPO_ROOT / ".venv-flintrock"
    if not (venv / ".installed").exists():
        pytest.skip("run `make flintrock` (make test does) to check the installed flintrock")
    assert trace_problems(installed_source(venv), plan) == []
    files = write_cluster_files(plan, "ami-0123456789abcdef0", tmp_path / "files")
    with MotoServer(log_dir=tmp_path) as server:  # only `describe`: it lists clusters, connects to no node
        result = subprocess.run([str(venv / "bin" / "flintrock"), "--config", str(files.config), "describe"],
                                env={**os.environ, "AWS_ENDPOINT_URL": server.endpoint_url},
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Found 0 clusters in region us-east-1." in result.stdout
