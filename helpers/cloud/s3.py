"""Staging the job and its data in S3 (with a progress bar), and fetching results back.

S3 is where both ways to the cloud meet: EMR reads the job from it, and a flintrock cluster with
an instance profile pulls it from there. Bucket problems (missing, someone else's, another region)
raise :class:`~helpers.cloud.errors.BucketError` with what to do. Example::

    >>> ensure_bucket(aws, "my-mls-bucket", create=True)                  # doctest: +SKIP
    >>> staged = stage_files(aws, "my-mls-bucket", job.s3_keys("mls"))    # doctest: +SKIP
    >>> staged[0].uri                                                     # doctest: +SKIP
    's3://my-mls-bucket/mls/mls/job/classify_letters.py'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boto3.exceptions import S3UploadFailedError
from botocore.exceptions import ClientError
from tqdm.auto import tqdm

from helpers.cloud.errors import BucketError
from helpers.cloud.session import AwsTarget


@dataclass(frozen=True)
class StagedObject:
    """A file now in S3: its URI and size in bytes."""

    bucket: str
    key: str
    size: int

    @property
    def uri(self) -> str:
        """``s3://bucket/key``."""
        return f"s3://{self.bucket}/{self.key}"


def _status(error: ClientError) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


def ensure_bucket(aws: AwsTarget, bucket: str, create: bool = False) -> None:
    """Check that ``bucket`` is usable in ``aws.region``; create it there if asked to and missing."""
    s3 = aws.client("s3")
    try:
        response = s3.head_bucket(Bucket=bucket)
    except ClientError as error:
        if _status(error) == 403:
            raise BucketError(f"bucket {bucket!r} exists but your credentials may not use it (another "
                              "account's?)", "bucket names are global: choose your own, e.g. with your "
                              "account id in it") from error
        if _status(error) != 404:
            raise BucketError(f"bucket {bucket!r} could not be checked: {error}",
                              "check the name and your network") from error
        if not create:
            raise BucketError(f"bucket {bucket!r} does not exist",
                              f"create it in {aws.region} (`aws s3 mb s3://{bucket} --region {aws.region}`), "
                              "or ask the course to create it (create=True / --create-bucket)") from error
        options = {} if aws.region == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": aws.region}}
        s3.create_bucket(Bucket=bucket, **options)
        return
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    region = response.get("BucketRegion") or headers.get("x-amz-bucket-region")
    if region and region != aws.region:
        raise BucketError(f"bucket {bucket!r} is in {region}, the cluster in {aws.region}: "
                          "every read would cross regions (slower, and billed)",
                          f"use a bucket in {aws.region}, or plan the cluster in {region}")


def stage_files(aws: AwsTarget, bucket: str, files: Mapping[Path, str],
                progress: bool = True) -> list[StagedObject]:
    """Upload each local file to its key, with one progress bar per file, and check its size in S3."""
    s3 = aws.client("s3")
    staged = []
    for path, key in files.items():
        path = Path(path)
        if not path.is_file():
            raise BucketError(f"{path} does not exist, so it cannot be staged", "build or download it first")
        size = path.stat().st_size
        with tqdm(total=size, unit="B", unit_scale=True, desc=path.name, disable=not progress) as bar:
            try:
                s3.upload_file(str(path), bucket, key, Callback=bar.update)
            except (ClientError, S3UploadFailedError) as error:
                raise BucketError(f"uploading {path.name} to s3://{bucket}/{key} failed ({error})",
                                  "check that the bucket exists and that you may write to it") from error
        stored = s3.head_object(Bucket=bucket, Key=key)["ContentLength"]
        if stored != size:
            raise BucketError(f"s3://{bucket}/{key} has {stored} bytes, the local file {size}",
                              "stage it again")
        staged.append(StagedObject(bucket, key, size))
    return staged


def read_json(aws: AwsTarget, uri: str) -> Any:
    """The JSON document at ``s3://bucket/key`` (for example the job's ``metrics.json``)."""
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    try:
        body = aws.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as error:
        raise BucketError(f"{uri} could not be read ({error.response.get('Error', {}).get('Code')})",
                          "check that the job finished and wrote its output there") from error
    return json.loads(body)
