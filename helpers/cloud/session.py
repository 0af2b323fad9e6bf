"""Where the cloud layer's AWS calls go: real AWS, or a local emulator, and nothing in between.

An :class:`AwsTarget` is a region plus, optionally, an endpoint (the local moto server in
rehearsals and tests). Every boto3 client of the cloud layer comes from one, so a rehearsal can
never reach real AWS by accident. :func:`redact` is the last guard on text the course prints or
writes: no credential from the environment survives it. Example::

    >>> target = AwsTarget(region="us-east-1", endpoint_url="http://127.0.0.1:5000")
    >>> target.is_local
    True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlparse

import boto3
from botocore.config import Config

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Environment variables whose values are secrets (or identify them); never printed or written.
CREDENTIAL_VARIABLES = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID",
                        "AWS_SECURITY_TOKEN")
_CLIENT_CONFIG = Config(connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"})


@dataclass(frozen=True)
class AwsTarget:
    """A region and an optional endpoint; ``client("s3")`` gives a boto3 client bound to both."""

    region: str
    endpoint_url: str | None = None
    profile: str | None = None

    @classmethod
    def from_environment(cls, region: str, environ: Mapping[str, str] = os.environ) -> AwsTarget:
        """The target boto3 itself would use: ``AWS_ENDPOINT_URL`` if set, else real AWS."""
        return cls(region=region, endpoint_url=environ.get("AWS_ENDPOINT_URL") or None,
                   profile=environ.get("AWS_PROFILE") or None)

    @cached_property
    def session(self) -> boto3.Session:
        """One boto3 session (credentials are resolved by boto3, never read by the course)."""
        return boto3.Session(region_name=self.region, profile_name=self.profile)

    def client(self, service: str) -> Any:
        """A boto3 client for ``service`` in this region, at this endpoint."""
        return self.session.client(service, endpoint_url=self.endpoint_url, config=_CLIENT_CONFIG)

    @property
    def is_local(self) -> bool:
        """True when calls go to an emulator on this machine (no cost, no real resources)."""
        return bool(self.endpoint_url) and urlparse(self.endpoint_url).hostname in LOCAL_HOSTS

    def describe(self) -> str:
        """One line for the learner: where calls go.

        >>> AwsTarget("eu-west-1").describe()
        'real AWS, region eu-west-1'
        """
        where = f"the local emulator at {self.endpoint_url}" if self.is_local else "real AWS"
        return f"{where}, region {self.region}"


def secrets_in(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The credential values present in ``environ`` (at least 4 characters long)."""
    return [environ[name] for name in CREDENTIAL_VARIABLES if len(environ.get(name, "")) >= 4]


def redact(text: str, environ: Mapping[str, str] = os.environ) -> str:
    """``text`` with every credential value from ``environ`` replaced by ``***``.

    >>> redact("key=abcd1234", {"AWS_SECRET_ACCESS_KEY": "abcd1234"})
    'key=***'
    """
    for secret in sorted(secrets_in(environ), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
