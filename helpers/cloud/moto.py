"""A local AWS emulator (moto's server) for rehearsals and tests, started and stopped by the course.

``moto_server`` answers the S3, STS, EC2, SSM and EMR APIs on 127.0.0.1; nothing it "launches"
exists (its instances have invented addresses that nothing may ever connect to). The server is a
subprocess on a free port, logging to a file, stopped by its PID when the ``with`` block ends, also
after an error. Example::

    >>> with MotoServer(log_dir=Path("logs")) as server:          # doctest: +SKIP
    ...     aws = AwsTarget("us-east-1", server.endpoint_url)
    ...     aws.client("s3").list_buckets()["Buckets"]
    []
"""

from __future__ import annotations

import atexit
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from helpers.cloud.errors import CloudError

HOST = "127.0.0.1"
_RUNNING: dict[Path, MotoServer] = {}  # servers started by this process, by log folder
# Credentials for the emulator only: moto accepts any, and these can never be real ones.
DUMMY_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def moto_server_executable() -> str:
    """The ``moto_server`` of this Python's environment (installed by ``moto[server]``)."""
    beside = Path(sys.executable).with_name("moto_server")
    found = str(beside) if beside.exists() else shutil.which("moto_server")
    if not found:
        raise CloudError("moto_server is not installed in this environment", "run `make setup`")
    return found


class MotoServer:
    """``moto_server -H 127.0.0.1 -p PORT`` as a context manager exposing ``endpoint_url``."""

    def __init__(self, log_dir: Path | str = "logs", port: int | None = None, timeout: float = 30.0):
        self.port = port or free_port()
        self.endpoint_url = f"http://{HOST}:{self.port}"
        self.log_path = Path(log_dir) / f"moto-server-{self.port}.log"
        self.timeout = timeout
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self.process.pid if self.process else None

    def start(self) -> MotoServer:
        """Start the server and wait until it answers HTTP (raises :class:`CloudError` if it does not).

        A server this process started earlier with the same log folder is stopped first (a notebook
        cell run twice gives one emulator, not two).
        """
        earlier = _RUNNING.get(self.log_path.parent)
        if earlier is not None and earlier is not self:
            earlier.stop()
        _RUNNING[self.log_path.parent] = self
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen([moto_server_executable(), "-H", HOST, "-p", str(self.port)],
                                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise CloudError(f"moto_server exited at start (code {self.process.returncode})",
                                 f"read its log: {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.endpoint_url}/moto-api/data.json", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise CloudError(f"moto_server did not answer on {self.endpoint_url} within {self.timeout:g} s",
                         f"read its log: {self.log_path}")

    def reset(self) -> None:
        """Forget every resource created so far (a clean emulator for the next rehearsal)."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=10):
            pass

    def stop(self) -> None:
        """Stop the server by its PID: terminate, then kill if it has not exited after 10 s."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if _RUNNING.get(self.log_path.parent) is self:
            del _RUNNING[self.log_path.parent]

    def __enter__(self) -> MotoServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


@atexit.register
def _stop_all() -> None:
    """Stop every emulator this process started and has not stopped (at exit)."""
    for server in list(_RUNNING.values()):
        server.stop()
