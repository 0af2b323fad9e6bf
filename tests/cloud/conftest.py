"""Fixtures of the cloud tests: a sandboxed AWS environment, one local moto server, flintrock's source.

Every test runs with dummy credentials (a recognisable fake secret, so tests can prove it never
leaks), no AWS profile or config files, instance metadata lookups off, and ``AWS_ENDPOINT_URL``
pointing at a closed local port: a client the test forgot to point at moto fails on this machine
instead of reaching AWS. Nothing here connects anywhere but 127.0.0.1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.cloud.flintrock_source import FlintrockSource, apply_patch, extract, fetch_wheel
from helpers.cloud.moto import MotoServer
from helpers.cloud.plan import ClusterPlan
from helpers.cloud.session import AwsTarget

FAKE_KEY_ID = "MLSTESTNOTAREALKEYID"  # not shaped like a real access key id, so no secret scanner flags it
FAKE_SECRET = "mls-fake-secret-never-print-7f3c9a"
NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens, nothing leaves the machine


@pytest.fixture(autouse=True)
def aws_sandbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Dummy credentials and no way to real AWS for every test."""
    for name in [n for n in os.environ if n.startswith("AWS_")] + ["MLS_REAL_AWS"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL", NOWHERE)


@pytest.fixture
def fake_credentials() -> tuple[str, str]:
    """The (access key id, secret) every test runs with: recognisable, so outputs can be searched for them."""
    return FAKE_KEY_ID, FAKE_SECRET


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    """One moto server for the whole run, stopped by its PID at the end."""
    with MotoServer(log_dir=tmp_path_factory.mktemp("moto")) as server:
        yield server


@pytest.fixture
def aws(moto_server: MotoServer) -> AwsTarget:
    """A clean emulator (reset before each test) in us-east-1."""
    moto_server.reset()
    return AwsTarget("us-east-1", moto_server.endpoint_url)


@pytest.fixture
def identity_file(tmp_path: Path) -> Path:
    """A private-key file with mode 400 (its content does not matter: nothing connects)."""
    path = tmp_path / "mls.pem"
    path.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n-----END OPENSSH PRIVATE KEY-----\n")
    path.chmod(0o400)
    return path


@pytest.fixture
def plan(identity_file: Path) -> ClusterPlan:
    """The course's usual plan: 2 m5.xlarge workers in us-east-1, HDFS on, Python 3.11."""
    return ClusterPlan(name="mls", region="us-east-1", instance_type="m5.xlarge", workers=2, key_name="mls",
                       identity_file=identity_file, python="3.11")


@pytest.fixture(scope="session")
def flintrock_wheel() -> Path:
    """flintrock 2.1.0's wheel, verified (``make flintrock-source`` fetches it; else pip does here)."""
    return fetch_wheel()


@pytest.fixture
def pristine_source(flintrock_wheel: Path, tmp_path: Path) -> FlintrockSource:
    """flintrock 2.1.0 unpacked, as published."""
    return extract(flintrock_wheel, tmp_path / "pristine")


@pytest.fixture
def patched_source(flintrock_wheel: Path, tmp_path: Path) -> FlintrockSource:
    """flintrock 2.1.0 unpacked with the course's patch applied: what the course runs."""
    source = extract(flintrock_wheel, tmp_path / "patched")
    apply_patch(source.root)
    return source
