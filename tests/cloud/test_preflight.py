"""Pre-launch checks against the local emulator: each passes on a good plan and fails with its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.cloud.errors import (
    AmiNotResolvable,
    IdentityFileProblem,
    KeyPairNotFound,
    MissingCredentials,
    UnknownInstanceType,
)
from helpers.cloud.plan import ClusterPlan
from helpers.cloud.preflight import (
    ami_of,
    check_credentials,
    check_identity_file,
    check_instance_type,
    check_key_pair,
    preflight_checks,
    report,
    resolve_ami,
)
from helpers.cloud.session import AwsTarget


def test_a_good_plan_passes_every_check_and_resolves_the_al2023_ami(aws: AwsTarget, plan: ClusterPlan):
    aws.client("ec2").create_key_pair(KeyName="mls")
    checks = preflight_checks(plan, aws)
    assert [c.name for c in checks] == ["credentials", "key pair", "identity file", "instance type",
                                        "AMI (AL2023)", "price"]
    assert all(c.ok for c in checks), report(checks)
    assert ami_of(checks).startswith("ami-")
    assert ami_of(checks) == aws.client("ssm").get_parameter(
        Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")["Parameter"]["Value"]
    assert "m5.xlarge: 4 vCPUs, 16 GiB, x86_64" in report(checks)


def test_every_failure_is_reported_at_once_with_what_to_do(aws: AwsTarget, tmp_path: Path):
    plan = ClusterPlan("mls", "eu-west-1", "m7i.large", 2, "nokey", tmp_path / "missing.pem", python="3.11")
    checks = {c.name: c for c in preflight_checks(plan, AwsTarget("eu-west-1", aws.endpoint_url))}
    assert checks["credentials"].ok and checks["instance type"].ok and checks["AMI (AL2023)"].ok
    for name, words in (("key pair", "'nokey' does not exist in region eu-west-1"),
                        ("identity file", "does not exist"),
                        ("price", "no price for m7i.large in eu-west-1")):
        assert not checks[name].ok and words in checks[name].detail and "What to do:" in checks[name].detail
    assert report(list(checks.values())).count("FIX") == 3


def test_no_credentials(aws: AwsTarget, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(MissingCredentials, match="no AWS credentials were found") as caught:
        check_credentials(AwsTarget("us-east-1", aws.endpoint_url))
    assert "aws configure" in caught.value.fix


def test_credentials_are_checked_with_sts(aws: AwsTarget):
    assert check_credentials(aws) == "arn:aws:sts::123456789012:user/moto"


def test_key_pair_must_be_in_the_plans_region(aws: AwsTarget):
    aws.client("ec2").create_key_pair(KeyName="mls")
    assert check_key_pair(aws, "mls")
    with pytest.raises(KeyPairNotFound, match="does not exist in region eu-west-1") as caught:
        check_key_pair(AwsTarget("eu-west-1", aws.endpoint_url), "mls")
    assert "aws ec2 create-key-pair --region eu-west-1 --key-name mls" in caught.value.fix


@pytest.mark.parametrize("mode", [0o400, 0o600])
def test_identity_file_with_a_private_mode_passes(tmp_path: Path, mode: int):
    key = tmp_path / "k.pem"
    key.write_text("key")
    key.chmod(mode)
    assert check_identity_file(key) == f"{mode:o}"


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o700])
def test_identity_file_readable_by_others_fails_with_the_chmod(tmp_path: Path, mode: int):
    key = tmp_path / "k.pem"
    key.write_text("key")
    key.chmod(mode)
    with pytest.raises(IdentityFileProblem, match=f"mode {mode:o}") as caught:
        check_identity_file(key)
    assert caught.value.fix == f"run: chmod 400 {key}"


def test_missing_identity_file(tmp_path: Path):
    with pytest.raises(IdentityFileProblem, match="does not exist"):
        check_identity_file(tmp_path / "nope.pem")


def test_unknown_instance_type(aws: AwsTarget):
    assert check_instance_type(aws, "m6i.2xlarge").vcpus == 8
    with pytest.raises(UnknownInstanceType, match=r"'m5\.huge'"):
        check_instance_type(aws, "m5.huge")


def test_ami_resolution_per_architecture_and_its_failure(aws: AwsTarget):
    assert resolve_ami(aws, "arm64") != resolve_ami(aws, "x86_64")
    with pytest.raises(AmiNotResolvable, match="ParameterNotFound") as caught:
        resolve_ami(aws, "sparc")
    assert "ssm:GetParameter" in caught.value.fix
