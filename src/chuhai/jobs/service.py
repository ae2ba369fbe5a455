"""The jobs' life cycle (see `chuhai.jobs`): enqueue, claim, heartbeat, finish, retry with back-off,
interrupt the jobs of a dead process, re-run. Each function takes a session and flushes, never commits."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from chuhai.database import after_commit, utcnow
from chuhai.errors import Conflict, NotFound
from chuhai.jobs import registry, repository
from chuhai.jobs.models import Job, JobState
from chuhai.marks import N_

INTERRUPTED = N_("The server stopped before this work finished; nothing of it was saved. Run it again.")
UNEXPECTED = N_("An unexpected error stopped the work; it has been logged. Try again later.")
BACKOFF_MAX_S = 3600.0


def worker_name() -> str:
    """A runner of this process as the `worker` column names it: "host:pid:token" (a process may hold several
    runners; a restarted one may get the same pid, in a container always)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def enqueue(session: Session, kind: str, payload: dict[str, Any] | None = None, *, owner_id: int | None = None,
            dedupe_key: str | None = None, run_after: datetime | None = None,
            max_attempts: int | None = None, job_id: str | None = None) -> Job:
    """Queue a job of `kind` in the caller's transaction: it runs once that commits (this process's runner is
    woken then; any other polls). With `dedupe_key`, the job already queued under that key, whatever its state,
    is returned instead: one job per key, ever (put a date or a period in the key for recurring work)."""
    if dedupe_key is not None and (existing := repository.by_dedupe_key(session, dedupe_key)) is not None:
        return existing
    known = registry.get_kind(kind)
    if max_attempts is None:
        max_attempts = known.max_attempts if known else 1
    job = Job(id=job_id or uuid.uuid4().hex[:16], kind=kind, payload=payload or {}, state=JobState.QUEUED,
              attempts=0, max_attempts=max_attempts, run_after=run_after or utcnow(), created_at=utcnow(),
              owner_id=owner_id, dedupe_key=dedupe_key)
    session.add(job)
    session.flush()
    after_commit(session, registry.wake)
    return job


def has_queued(session: Session, kind: str) -> bool:
    """Whether a job of `kind` waits to start (work that any run covers need not be queued twice)."""
    return repository.any_queued(session, kind)


def another_running(session: Session, job_id: str, kinds: Iterable[str] = ()) -> bool:
    """Whether an earlier job of the same kind (or of one of `kinds`: kinds doing the same work) is running
    (work any run covers need not run twice at once)."""
    return repository.running_before(session, job_id, kinds)


def get_job(session: Session, job_id: str, *, owner_id: int | None = None) -> Job:
    """The job, or NotFound (also when `owner_id` is given and the job is someone else's)."""
    job = repository.get(session, job_id)
    if job is None or (owner_id is not None and job.owner_id != owner_id):
        raise NotFound("No such job.")
    return job


def recent_jobs(session: Session, *, owner_id: int | None = None, kinds: Iterable[str] | None = None,
                limit: int = 20) -> list[Job]:
    return repository.recent(session, owner_id=owner_id, kinds=kinds, limit=limit)


def rerun(session: Session, job_id: str, *, owner_id: int | None = None) -> Job:
    """Queue a failed, interrupted or cancelled job again, the same row with the same payload (its handler is
    idempotent: an interrupted job saved nothing). A job still queued or running, or one that succeeded, is a
    Conflict."""
    job = get_job(session, job_id, owner_id=owner_id)
    if not job.state.can_rerun:
        raise Conflict("This job is %(state)s; only a failed, interrupted or cancelled job can be run again.",
                       state=job.state)
    repository.set_values(session, job.id, state=JobState.QUEUED, attempts=0, run_after=utcnow(), started_at=None,
                          heartbeat_at=None, finished_at=None, worker=None, progress=None, result=None,
                          error_message=None, error_params=None)
    session.flush()
    session.refresh(job)
    after_commit(session, registry.wake)
    return job


def cancel(session: Session, job_id: str, *, owner_id: int | None = None) -> Job:
    """A queued job is cancelled; a running one cannot be (Conflict)."""
    job = get_job(session, job_id, owner_id=owner_id)
    if job.state != JobState.QUEUED:
        raise Conflict("Only a queued job can be cancelled; this one is %(state)s.", state=job.state)
    repository.set_values(session, job.id, state=JobState.CANCELLED, finished_at=utcnow())
    session.flush()
    session.refresh(job)
    return job


# ----- the runner's bookkeeping (each in a short transaction of its own) ----------------------------------

def claim(session: Session, kinds: Iterable[str], worker: str | None = None) -> Job | None:
    return repository.claim(session, sorted(kinds), worker or worker_name())


def heartbeat(session: Session, job_ids: list[str]) -> None:
    if job_ids:
        repository.beat(session, job_ids)


def store_progress(session: Session, job_id: str, progress: dict[str, Any]) -> None:
    repository.set_values(session, job_id, only_running=True, progress=progress, heartbeat_at=utcnow())


def succeed(session: Session, job_id: str, result: dict[str, Any] | None,
            progress: dict[str, Any] | None = None) -> bool:
    """False when the job was no longer running (interrupted meanwhile by another process)."""
    values: dict[str, Any] = {"state": JobState.SUCCEEDED, "result": result, "finished_at": utcnow(),
                              "heartbeat_at": utcnow(), "error_message": None, "error_params": None}
    if progress is not None:
        values["progress"] = progress
    return repository.set_values(session, job_id, only_running=True, **values)


def fail(session: Session, job: Job, message: str, params: dict[str, Any] | None = None, *, retry: bool = False,
         backoff_s: float = 30.0, after_s: float | None = None) -> JobState:
    """Record a failure: queued again after a back-off (doubling from `backoff_s` with each attempt, at most an
    hour, or `after_s`) when `retry` and attempts are left, else failed. Returns the new state."""
    params = {name: str(value) if not isinstance(value, int | float | str | bool | None) else value
              for name, value in (params or {}).items()}
    if retry and job.attempts < job.max_attempts:
        delay = after_s if after_s is not None else min(BACKOFF_MAX_S, backoff_s * 2 ** max(0, job.attempts - 1))
        repository.set_values(session, job.id, only_running=True, state=JobState.QUEUED,
                              run_after=utcnow() + timedelta(seconds=delay), error_message=message,
                              error_params=params, worker=None)
        return JobState.QUEUED
    repository.set_values(session, job.id, only_running=True, state=JobState.FAILED, finished_at=utcnow(),
                          heartbeat_at=utcnow(), error_message=message, error_params=params)
    return JobState.FAILED


def interrupt_dead(session: Session, *, stale_after: timedelta | None, live_workers: Iterable[str] = ()) -> int:
    """Running jobs whose runner is gone become "interrupted": those of a runner on this host whose process no
    longer exists, or of this process but not one of its `live_workers` (an earlier process with the same pid),
    and, where `stale_after` is given (databases where heartbeats can be written while work runs: PostgreSQL),
    any without a heartbeat for that long. Returns how many."""
    host, keep = socket.gethostname(), set(live_workers)
    cutoff = utcnow() - stale_after if stale_after is not None else None
    dead = []
    for job in repository.running(session):
        if job.worker in keep:
            continue
        on_host, pid, _token = [*(job.worker or "").rsplit(":", 2), "", "", ""][:3]
        gone = on_host == host and pid.isdigit() and (int(pid) == os.getpid() or not _pid_alive(int(pid)))
        silent = cutoff is not None and (job.heartbeat_at or job.started_at or job.created_at) < cutoff
        if gone or silent:
            dead.append(job.id)
    return repository.interrupt(session, dead, INTERRUPTED)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process with that number
        return True
    return True


PERIODIC_KEY_PREFIX = "every:"
PERIODIC_KEPT = timedelta(days=1)


def prune(session: Session, older_than: timedelta) -> list[str]:
    """Forget finished jobs older than `older_than`, and periodic runs that succeeded over a day ago (one every
    few seconds would pile up); returns their ids (their files are the caller's)."""
    ids = repository.finished_before(session, utcnow() - older_than)
    ids += repository.finished_before(session, utcnow() - PERIODIC_KEPT, key_prefix=PERIODIC_KEY_PREFIX,
                                      states=[JobState.SUCCEEDED])
    ids = list(dict.fromkeys(ids))
    repository.delete_jobs(session, ids)
    return ids
