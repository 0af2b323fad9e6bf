"""Staging in S3 against the local emulator: buckets, uploads with progress, reading results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.cloud.errors import BucketError
from helpers.cloud.s3 import ensure_bucket, read_json, stage_files
from helpers.cloud.session import AwsTarget


def test_a_missing_bucket_is_an_error_unless_the_course_may_create_it(aws: AwsTarget):
    with pytest.raises(BucketError, match="does not exist") as caught:
        ensure_bucket(aws, "mls-test-bucket")
    assert "aws s3 mb s3://mls-test-bucket --region us-east-1" in caught.value.fix
    ensure_bucket(aws, "mls-test-bucket", create=True)
    ensure_bucket(aws, "mls-test-bucket")
    assert [b["Name"] for b in aws.client("s3").list_buckets()["Buckets"]] == ["mls-test-bucket"]


def test_a_bucket_in_another_region_is_refused(aws: AwsTarget):
    ensure_bucket(AwsTarget("eu-west-1", aws.endpoint_url), "mls-ireland", create=True)
    with pytest.raises(BucketError, match="is in eu-west-1, the cluster in us-east-1"):
        ensure_bucket(aws, "mls-ireland")


def test_files_are_uploaded_byte_for_byte_with_a_progress_bar(aws: AwsTarget, tmp_path: Path, capsys):
    ensure_bucket(aws, "mls-test-bucket", create=True)
    data = tmp_path / "letter-recognition.data"
    data.write_bytes(b"T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8\n" * 2000)
    job = tmp_path / "classify_letters.py"
    job.write_text("print('hello')\n")
    staged = stage_files(aws, "mls-test-bucket", {data: "mls/mls/data/letter-recognition.data",
                                                   job: "mls/mls/job/classify_letters.py"})
    assert [(s.uri, s.size) for s in staged] == [
        ("s3://mls-test-bucket/mls/mls/data/letter-recognition.data", 72000),
        ("s3://mls-test-bucket/mls/mls/job/classify_letters.py", 15)]
    body = aws.client("s3").get_object(Bucket="mls-test-bucket", Key=staged[0].key)["Body"].read()
    assert body == data.read_bytes()
    progress = capsys.readouterr().err
    assert "letter-recognition.data: 100%" in progress and "72.0k/72.0k" in progress


def test_staging_a_missing_file_says_so(aws: AwsTarget, tmp_path: Path):
    ensure_bucket(aws, "mls-test-bucket", create=True)
    with pytest.raises(BucketError, match="does not exist, so it cannot be staged"):
        stage_files(aws, "mls-test-bucket", {tmp_path / "jobs.zip": "k"}, progress=False)


def test_uploading_into_a_missing_bucket_fails_with_a_bucket_error(aws: AwsTarget, tmp_path: Path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(BucketError, match="failed"):
        stage_files(aws, "no-such-bucket-here", {tmp_path / "f": "k"}, progress=False)


def test_results_are_read_back_as_json(aws: AwsTarget):
    ensure_bucket(aws, "mls-test-bucket", create=True)
    aws.client("s3").put_object(Bucket="mls-test-bucket", Key="out/metrics.json",
                                Body=json.dumps({"accuracy": 0.9477}).encode())
    assert read_json(aws, "s3://mls-test-bucket/out/metrics.json") == {"accuracy": 0.9477}
    with pytest.raises(BucketError, match="NoSuchKey"):
        read_json(aws, "s3://mls-test-bucket/out/missing.json")
