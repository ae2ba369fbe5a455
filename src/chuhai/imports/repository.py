"""Queries of the imports domain: the data-version counters and the import jobs (see `chuhai.imports.models`)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from chuhai.database import get_engine, utcnow
from chuhai.imports.models import DataVersion, ImportJob


def bump_data_version(session: Session, name: str) -> None:
    """Raise the counter of `name` in the caller's transaction (visible to others when it commits)."""
    result = session.execute(update(DataVersion).where(DataVersion.name == name)
                             .values(version=DataVersion.version + 1, changed_at=utcnow()))
    if result.rowcount == 0:  # the migration seeds the import kinds; anything else starts here
        session.add(DataVersion(name=name, version=1, changed_at=utcnow()))
    session.flush()


class DataStamp(NamedTuple):
    version: int  # 0: never changed since the database was created
    changed_at: datetime | None


def data_stamp(url: str, name: str) -> DataStamp:
    """The committed counter of `name` in the database at `url`, and when it last moved: one
    primary-key lookup, cheap enough to run on every page that shows a cached aggregate."""
    with get_engine(url).connect() as connection:
        row = connection.execute(select(DataVersion.version, DataVersion.changed_at)
                                 .where(DataVersion.name == name)).first()
    if row is None or not row.version:
        return DataStamp(0, None)
    return DataStamp(row.version, row.changed_at)


def data_version(url: str, name: str) -> int:
    return data_stamp(url, name).version


def import_job(session: Session, job_id: str) -> ImportJob | None:
    return session.get(ImportJob, job_id)


def recent_import_jobs(session: Session, user_id: int | None, limit: int = 10) -> list[ImportJob]:
    return list(session.scalars(select(ImportJob).where(ImportJob.user_id == user_id)
                                .order_by(ImportJob.started_at.desc(), ImportJob.id.desc()).limit(limit)))


def running_import_jobs(session: Session, user_id: int | None = None, heartbeat_after: datetime | None = None) -> int:
    """How many jobs are queued or running (of one user, or of everyone), counting only those with a heartbeat
    since `heartbeat_after` when it is given (a job whose process died stops counting)."""
    query = select(func.count()).select_from(ImportJob).where(ImportJob.state.in_(("queued", "running")))
    if user_id is not None:
        query = query.where(ImportJob.user_id == user_id)
    if heartbeat_after is not None:
        query = query.where(ImportJob.heartbeat_at >= heartbeat_after)
    return session.scalar(query) or 0


def update_import_job(session: Session, job_id: str, **values) -> None:
    session.execute(update(ImportJob).where(ImportJob.id == job_id).values(**values))


def interrupt_unfinished_import_jobs(session: Session, heartbeat_before: datetime | None = None) -> int:
    """Queued or running jobs whose process is gone (no heartbeat since `heartbeat_before`; all of them
    when None) become "interrupted". Returns how many."""
    query = update(ImportJob).where(ImportJob.state.in_(("queued", "running")))
    if heartbeat_before is not None:
        query = query.where(ImportJob.heartbeat_at < heartbeat_before)
    result = session.execute(query.values(state="interrupted", finished_at=utcnow(),
                                          error="The server stopped before this import finished."))
    return result.rowcount or 0
