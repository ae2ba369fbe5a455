"""The kinds of background work this process knows, and what a handler receives (see `chuhai.jobs`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chuhai.marks import N_

TRY_AGAIN = N_("The work could not be done now; it will be tried again.")


@dataclass
class JobContext:
    """What a handler gets: the job's identity and payload, the database, and a progress callback.

    `progress(dict)` may be called as often as the handler likes: the runner keeps the latest value in memory
    (the process that started the job shows it at once) and stores it on the row at most every few seconds
    where another connection may write during the handler's transaction (PostgreSQL)."""

    job_id: str
    kind: str
    payload: dict[str, Any]
    database_url: str
    owner_id: int | None
    attempt: int
    data_dir: str
    progress: Callable[[dict[str, Any]], None] = field(default=lambda _value: None, repr=False)


class RetryLater(Exception):
    """Raised by a handler for a transient failure (a mail server down): the job is queued again after a
    back-off while it has attempts left, else it fails with this message id and parameters."""

    def __init__(self, message: str = TRY_AGAIN, after_s: float | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message, self.params, self.after_s = message, params, after_s


@dataclass(frozen=True)
class Kind:
    """A kind of background work.

    name: unique, e.g. "imports.file" (the domain first). handler(ctx) -> a JSON-able dict (the job's result) or
    None; raising `chuhai.errors.ChuhaiError` fails the job with its message (no retry: the input is wrong);
    `RetryLater` or any other exception retries while attempts are left (`max_attempts`, back-off doubling from
    `backoff_s`). timeout_s: wall-clock seconds, then an isolated kind's child is killed and the job fails (a thread
    cannot be stopped: a kind that must be bounded runs isolated).
    isolated: run in a child process with CPU-time, address-space and file-size limits (the settings'
    `jobs_child_*`, or this kind's own `cpu_s`, `memory_mb`, `file_mb`); the handler must then be a module-level
    function and the payload JSON. every_s: periodic: the runner enqueues it (empty payload) every so many
    seconds, once per period across all processes. after(database_url, result): runs in the runner's own
    process once the job succeeded (to refresh this process's caches after an isolated child's writes)."""

    name: str
    handler: Callable[[JobContext], dict[str, Any] | None]
    timeout_s: float = 600.0
    isolated: bool = False
    max_attempts: int = 1
    backoff_s: float = 30.0
    every_s: float | None = None
    cpu_s: int | None = None
    memory_mb: int | None = None
    file_mb: int | None = None
    after: Callable[[str, dict[str, Any] | None], None] | None = None


KINDS: dict[str, Kind] = {}
_WAKE = threading.Event()


def register(kind: Kind) -> Kind:
    """Make `kind` known to this process's runner (registering the same name again replaces it)."""
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind | None:
    return KINDS.get(name)


def wake() -> None:
    """Tell this process's runner that a job was queued (it also polls the table every few seconds)."""
    _WAKE.set()


def wait_for_work(timeout: float) -> None:
    _WAKE.wait(timeout)
    _WAKE.clear()
