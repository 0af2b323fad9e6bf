"""The local emulator: started on 127.0.0.1, logged to a file, stopped by its PID."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.cloud.moto import MotoServer
from helpers.cloud.session import AwsTarget


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_server_answers_on_loopback_and_is_gone_after_the_block(tmp_path: Path):
    with MotoServer(log_dir=tmp_path) as server:
        assert server.endpoint_url.startswith("http://127.0.0.1:")
        pid = server.pid
        assert pid and _alive(pid)
        aws = AwsTarget("us-east-1", server.endpoint_url)
        assert aws.is_local
        aws.client("s3").create_bucket(Bucket="mls-probe")
        assert [b["Name"] for b in aws.client("s3").list_buckets()["Buckets"]] == ["mls-probe"]
        server.reset()
        assert aws.client("s3").list_buckets()["Buckets"] == []
    assert not _alive(pid)
    assert "GET /moto-api/data.json" in server.log_path.read_text()


def test_the_server_is_stopped_when_the_block_fails(tmp_path: Path):
    with pytest.raises(RuntimeError), MotoServer(log_dir=tmp_path) as server:
        pid = server.pid
        raise RuntimeError("a rehearsal step failed")
    assert pid and not _alive(pid)


def test_starting_again_with_the_same_log_folder_replaces_the_earlier_server(tmp_path: Path):
    """A notebook cell that starts the emulator, run twice: one emulator, not two."""
    first = MotoServer(log_dir=tmp_path).start()
    try:
        second = MotoServer(log_dir=tmp_path).start()
        assert first.process.poll() is not None and second.process.poll() is None
        second.stop()
        assert second.process.poll() is not None
    finally:
        first.stop()
