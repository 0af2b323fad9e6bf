"""Checks before anything is launched, each failure saying what to fix.

:func:`preflight_checks` runs every check for a plan and returns one :class:`Check` per item, passed or
not, so a learner sees everything that is wrong at once; the single checks raise the specific
:mod:`helpers.cloud.errors` error. Nothing here creates or changes anything in AWS. Example
(against the local emulator; see :mod:`helpers.cloud.moto`)::

    >>> checks = preflight_checks(plan, AwsTarget("us-east-1", server.endpoint_url))   # doctest: +SKIP
    >>> print(report(checks))                                                    # doctest: +SKIP
    ok    credentials     arn:aws:sts::123456789012:user/moto
    ...
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from helpers.cloud.cost import instance_price
from helpers.cloud.errors import (
    AmiNotResolvable,
    CloudError,
    IdentityFileProblem,
    KeyPairNotFound,
    MissingCredentials,
    UnknownInstanceType,
)
from helpers.cloud.plan import ClusterPlan
from helpers.cloud.session import AwsTarget

# AWS's public SSM parameter for the latest Amazon Linux 2023 AMI ({arch}: x86_64 or arm64).
AL2023_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-{arch}"


@dataclass(frozen=True)
class Check:
    """One item of the pre-launch checks: its name, whether it passed, what was found or what to fix."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class InstanceType:
    """What EC2 says about an instance type."""

    name: str
    vcpus: int
    memory_gib: float
    architecture: str


def _code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def check_credentials(aws: AwsTarget) -> str:
    """The ARN the credentials belong to (STS GetCallerIdentity); :class:`MissingCredentials` if none work."""
    fix = ("configure credentials outside the course: `aws configure` or `aws sso login`, or set AWS_PROFILE "
           "(never put keys in a notebook or a file of the repository)")
    try:
        return aws.client("sts").get_caller_identity()["Arn"]
    except NoCredentialsError as error:
        raise MissingCredentials("no AWS credentials were found", fix) from error
    except ClientError as error:
        raise MissingCredentials(f"AWS rejected the credentials ({_code(error)})", fix) from error
    except BotoCoreError as error:
        raise MissingCredentials(f"AWS could not be reached to check the credentials: {error}",
                                 f"check the network (target: {aws.describe()})") from error


def check_key_pair(aws: AwsTarget, key_name: str) -> str:
    """The key pair's fingerprint; :class:`KeyPairNotFound` if ``key_name`` is not in the region."""
    try:
        pairs = aws.client("ec2").describe_key_pairs(KeyNames=[key_name])["KeyPairs"]
    except ClientError as error:
        if _code(error) != "InvalidKeyPair.NotFound":
            raise
        pairs = []
    if not pairs:
        raise KeyPairNotFound(
            f"key pair {key_name!r} does not exist in region {aws.region} (key pairs belong to one region)",
            f"create it there (EC2 console > Key pairs, or `aws ec2 create-key-pair --region {aws.region} "
            f"--key-name {key_name}`), import your public key there, or use the region where it is")
    return pairs[0].get("KeyFingerprint", "")


def check_identity_file(path: Path) -> str:
    """The file's mode (``400`` or ``600``); :class:`IdentityFileProblem` if missing or too open."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise IdentityFileProblem(f"the identity file {path} does not exist",
                                  "give the path of the private key (.pem) you downloaded when you created "
                                  "the key pair")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode not in (0o400, 0o600):
        raise IdentityFileProblem(f"the identity file {path} has mode {mode:o}: SSH refuses keys others "
                                  "can read",
                                  f"run: chmod 400 {path}")
    return f"{mode:o}"


def check_instance_type(aws: AwsTarget, instance_type: str) -> InstanceType:
    """vCPUs, memory and architecture; :class:`UnknownInstanceType` if EC2 does not offer the type."""
    try:
        found = aws.client("ec2").describe_instance_types(InstanceTypes=[instance_type])["InstanceTypes"]
    except ClientError as error:
        if _code(error) not in ("InvalidInstanceType", "InvalidParameterValue"):
            raise
        found = []
    if not found:
        raise UnknownInstanceType(f"EC2 does not know the instance type {instance_type!r} in {aws.region}",
                                  "check the spelling; the course's price table lists m5, m6i and m7i "
                                  "large / xlarge / 2xlarge")
    info = found[0]
    memory = info["MemoryInfo"]["SizeInMiB"] / 1024
    return InstanceType(instance_type, info["VCpuInfo"]["DefaultVCpus"], memory,
                        info["ProcessorInfo"]["SupportedArchitectures"][0])


def resolve_ami(aws: AwsTarget, architecture: str = "x86_64") -> str:
    """The latest Amazon Linux 2023 AMI in the region, from AWS's public SSM parameter.

    Raises :class:`AmiNotResolvable` if the parameter or the image it names cannot be read.
    """
    name = AL2023_PARAMETER.format(arch=architecture)
    try:
        ami = aws.client("ssm").get_parameter(Name=name)["Parameter"]["Value"]
        images = aws.client("ec2").describe_images(ImageIds=[ami])["Images"]
    except ClientError as error:
        raise AmiNotResolvable(f"the Amazon Linux 2023 AMI could not be resolved in {aws.region} "
                               f"({_code(error)} reading {name})",
                               "check that the region name is right and that your credentials may call "
                               "ssm:GetParameter and ec2:DescribeImages") from error
    if not images:
        raise AmiNotResolvable(f"the SSM parameter {name} names {ami}, which EC2 does not show in "
                               f"{aws.region}", "try again in a few minutes (a new AMI may be on its way)")
    return ami


def _run(name: str, check: Callable[[], Any], describe: Callable[[Any], str] = str) -> tuple[Check, Any]:
    try:
        value = check()
    except CloudError as error:
        return Check(name, False, str(error)), None
    return Check(name, True, describe(value)), value


def preflight_checks(plan: ClusterPlan, aws: AwsTarget) -> list[Check]:
    """Every pre-launch check for ``plan``; the AMI check also reports the resolved AMI id."""
    checks = []
    for name, check in (("credentials", lambda: check_credentials(aws)),
                        ("key pair", lambda: check_key_pair(aws, plan.key_name)),
                        ("identity file", lambda: check_identity_file(plan.identity_file))):
        checks.append(_run(name, check)[0])
    result, instance = _run("instance type", lambda: check_instance_type(aws, plan.instance_type),
                            lambda i: f"{i.name}: {i.vcpus} vCPUs, {i.memory_gib:g} GiB, {i.architecture}")
    checks.append(result)
    architecture = instance.architecture if instance else "x86_64"
    checks.append(_run("AMI (AL2023)", lambda: resolve_ami(aws, architecture))[0])
    checks.append(_run("price", lambda: instance_price(plan.region, plan.instance_type),
                       lambda p: f"${p.ec2}/hour per instance (price table)")[0])
    return checks


def report(checks: list[Check]) -> str:
    """The checks as a short table: ``ok`` / ``FIX`` and what was found or what to do."""
    return "\n".join(f"{'ok' if c.ok else 'FIX':<5} {c.name:<15} {c.detail}" for c in checks)


def ami_of(checks: list[Check]) -> str | None:
    """The AMI id found by :func:`preflight_checks`, or None if that check failed."""
    return next((c.detail for c in checks if c.name == "AMI (AL2023)" and c.ok), None)
