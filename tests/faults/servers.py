"""Real `chuhai serve` and `chuhai jobs work` processes for the fault tests, on 127.0.0.1 only, each stopped (and
its children with it) however the test ends."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

CHUHAI = str(Path(sys.executable).parent / "chuhai")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "CHUHAI_DATABASE_URL": database_url, "CHUHAI_DATA_DIR": str(data_dir),
            "CHUHAI_SECRET_KEY": "fault-tests", "CHUHAI_WARM_CACHES": "0", "CHUHAI_SECURE_COOKIES": "0",
            "CHUHAI_JOBS_POLL_S": "0.2", "CHUHAI_MATCH_LEXICAL_ONLY": "1", **extra}


class Process:
    """A started command in its own process group (so that killing it leaves nothing of it behind)."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._handle = log.open("ab")
        self.popen = subprocess.Popen(args, env=env, stdout=self._handle, stderr=subprocess.STDOUT,
                                      start_new_session=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def kill(self) -> None:
        """SIGKILL the process itself, as a crash or the OOM killer would: its children are left to notice."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(10)

    def close(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(10)
        self._handle.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@contextmanager
def server(env: dict[str, str], log: Path, port: int | None = None):
    port = port or free_port()
    process = Process([CHUHAI, "serve", "--host", "127.0.0.1", "--port", str(port)], env, log)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.popen.poll() is None, process.output()
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, process.output()
            time.sleep(0.2)
        process.base = base
        yield process
    finally:
        process.close()


@contextmanager
def worker(env: dict[str, str], log: Path):
    process = Process([CHUHAI, "jobs", "work"], env, log)
    try:
        yield process
    finally:
        process.close()
