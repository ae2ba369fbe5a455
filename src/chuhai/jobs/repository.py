"""Queries of the jobs table (see `chuhai.jobs`): the claim is the one that must be atomic across processes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from chuhai.database import utcnow
from chuhai.jobs.models import UNFINISHED, Job, JobState


def get(session: Session, job_id: str) -> Job | None:
    return session.get(Job, job_id)


def by_dedupe_key(session: Session, key: str) -> Job | None:
    return session.scalar(select(Job).where(Job.dedupe_key == key))


def recent(session: Session, *, owner_id: int | None = None, kinds: Iterable[str] | None = None,
           states: Iterable[JobState] | None = None, limit: int = 20) -> list[Job]:
    query = select(Job)
    if owner_id is not None:
        query = query.where(Job.owner_id == owner_id)
    if kinds is not None:
        query = query.where(Job.kind.in_(list(kinds)))
    if states is not None:
        query = query.where(Job.state.in_(list(states)))
    return list(session.scalars(query.order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)))


def count_unfinished(session: Session, kind: str, *, owner_id: int | None = None,
                     heartbeat_after: datetime | None = None) -> int:
    """Queued or running jobs of `kind` (of one owner, or of everyone); with `heartbeat_after`, a running job
    counts only if its process beat since then (one whose process died stops counting)."""
    query = select(func.count()).select_from(Job).where(Job.kind == kind, Job.state.in_(UNFINISHED))
    if owner_id is not None:
        query = query.where(Job.owner_id == owner_id)
    if heartbeat_after is not None:
        query = query.where((Job.state == JobState.QUEUED) | (Job.heartbeat_at >= heartbeat_after))
    return session.scalar(query) or 0


def any_queued(session: Session, kind: str) -> bool:
    return session.scalar(select(Job.id).where(Job.kind == kind, Job.state == JobState.QUEUED).limit(1)) is not None


def running_before(session: Session, job_id: str, kinds: Iterable[str] = ()) -> bool:
    """Whether another job of this job's kind (or of `kinds`) was queued earlier and is running now."""
    job = session.get(Job, job_id)
    if job is None:
        return False
    return session.scalar(select(Job.id).where(Job.kind.in_({job.kind, *kinds}), Job.state == JobState.RUNNING,
                                               Job.id != job.id, Job.created_at <= job.created_at)
                          .limit(1)) is not None


def claim(session: Session, kinds: list[str], worker: str) -> Job | None:
    """Take the next due queued job of one of `kinds` for `worker`, atomically across processes: PostgreSQL
    locks the row (FOR UPDATE SKIP LOCKED: two workers never wait on, nor take, the same row); SQLite has one
    writer at a time and the UPDATE only succeeds while the row is still queued."""
    now = utcnow()
    due = (select(Job.id).where(Job.state == JobState.QUEUED, Job.run_after <= now, Job.kind.in_(kinds))
           .order_by(Job.run_after, Job.created_at).limit(1))
    postgres = session.get_bind().dialect.name == "postgresql"
    for _ in range(5):
        job_id = session.scalar(due.with_for_update(skip_locked=True) if postgres else due)
        if job_id is None:
            return None
        taken = session.execute(
            update(Job).where(Job.id == job_id, Job.state == JobState.QUEUED)
            .values(state=JobState.RUNNING, attempts=Job.attempts + 1, started_at=now, heartbeat_at=now,
                    finished_at=None, worker=worker))
        if taken.rowcount == 1:
            session.flush()
            return session.get(Job, job_id, populate_existing=True)
    return None


def set_values(session: Session, job_id: str, *, only_running: bool = False, **values) -> bool:
    query = update(Job).where(Job.id == job_id)
    if only_running:
        query = query.where(Job.state == JobState.RUNNING)
    return (session.execute(query.values(**values)).rowcount or 0) == 1


def beat(session: Session, job_ids: list[str]) -> None:
    session.execute(update(Job).where(Job.id.in_(job_ids), Job.state == JobState.RUNNING)
                    .values(heartbeat_at=utcnow()))


def running(session: Session) -> list[Job]:
    return list(session.scalars(select(Job).where(Job.state == JobState.RUNNING)))


def interrupt(session: Session, job_ids: list[str], message: str) -> int:
    if not job_ids:
        return 0
    result = session.execute(update(Job).where(Job.id.in_(job_ids), Job.state == JobState.RUNNING)
                             .values(state=JobState.INTERRUPTED, finished_at=utcnow(), error_message=message,
                                     error_params={}))
    return result.rowcount or 0


def finished_before(session: Session, cutoff: datetime, *, key_prefix: str | None = None,
                    states: Iterable[JobState] | None = None, limit: int = 500) -> list[str]:
    """Finished jobs (of these states; with a dedupe key starting with `key_prefix`) that ended before `cutoff`."""
    states = list(states) if states is not None else [state for state in JobState if state.is_finished]
    query = select(Job.id).where(Job.state.in_(states), Job.finished_at < cutoff)
    if key_prefix is not None:
        query = query.where(Job.dedupe_key.startswith(key_prefix, autoescape=True))
    return list(session.scalars(query.limit(limit)))


def delete_jobs(session: Session, job_ids: list[str]) -> int:
    return session.execute(delete(Job).where(Job.id.in_(job_ids))).rowcount or 0
