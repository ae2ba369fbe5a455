"""Job kinds for the runner's tests: module-level handlers, importable by an isolated child process."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sqlalchemy.exc import OperationalError

from chuhai.errors import ValidationFailed
from chuhai.jobs.registry import JobContext, Kind, RetryLater, register

CALLS: list[str] = []


def echo(ctx: JobContext) -> dict:
    for done in range(3):
        ctx.progress({"done": done + 1, "total": 3})
    CALLS.append(ctx.job_id)
    return {"echo": ctx.payload, "attempt": ctx.attempt}


def refuse(ctx: JobContext) -> None:
    raise ValidationFailed("Unknown import kind %(kind)s.", kind="x")


def flaky(ctx: JobContext) -> dict:
    if ctx.attempt < 2:
        raise RetryLater(after_s=0)
    return {"attempt": ctx.attempt}


def burn(ctx: JobContext) -> None:
    while True:
        pass


def hog(ctx: JobContext) -> None:
    blocks = []
    while True:
        blocks.append(bytearray(64 << 20))


def scribble(ctx: JobContext) -> None:
    path = Path(ctx.data_dir) / f"scribble-{ctx.job_id}"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for _ in range(1000):
            handle.write(b"x" * (1 << 20))


class _DiskFull(Exception):
    sqlstate = "53100"  # what psycopg's DiskFull carries


def server_disk_full(ctx: JobContext) -> None:
    raise OperationalError("INSERT INTO products …", {}, _DiskFull("could not extend file: No space left"))


def slow_progress(ctx: JobContext) -> dict:
    for done in range(1, 31):
        ctx.progress({"done": done})
        time.sleep(0.1)
    return {"done": 30}


def sleep(ctx: JobContext) -> None:
    time.sleep(float(ctx.payload.get("seconds", 60)))


def ping(ctx: JobContext) -> dict:
    return {"at": time.time()}


def warmth(ctx: JobContext) -> dict:
    """What the child found done before it ran anything: the fork server's warm-up (chuhai.jobs.forkserver)."""
    from sqlalchemy import inspect

    from chuhai.accounts.models import User

    return {"mappers_configured": inspect(User).configured,
            "driver_loaded": "sqlalchemy.dialects.postgresql.psycopg" in sys.modules}


def register_all() -> None:
    register(Kind("test.echo", echo))
    register(Kind("test.echo_isolated", echo, isolated=True))
    register(Kind("test.refuse", refuse, isolated=True))
    register(Kind("test.flaky", flaky, max_attempts=3, backoff_s=0))
    register(Kind("test.burn", burn, isolated=True, cpu_s=1))
    register(Kind("test.hog", hog, isolated=True, memory_mb=600))
    register(Kind("test.scribble", scribble, isolated=True, file_mb=2))
    register(Kind("test.sleep", sleep, isolated=True, timeout_s=1))
    register(Kind("test.server_disk_full", server_disk_full, isolated=True))
    register(Kind("test.slow_progress", slow_progress))
    register(Kind("test.sleep_long", sleep, isolated=True, timeout_s=120))
    register(Kind("test.warmth", warmth, isolated=True))
