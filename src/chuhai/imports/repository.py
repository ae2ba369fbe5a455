"""Queries of the imports domain: the data-version counters (see `chuhai.imports.models`); import jobs are jobs
of `chuhai.jobs`."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from chuhai.database import get_engine, utcnow
from chuhai.imports.models import DataVersion


def _raise(name: str):
    return update(DataVersion).where(DataVersion.name == name).values(version=DataVersion.version + 1,
                                                                      changed_at=utcnow())


def bump_data_version(session: Session, name: str) -> None:
    """Raise the counter of `name` in the caller's transaction (visible to others when it commits)."""
    result = session.execute(_raise(name))
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


def raise_data_versions(engine: Engine, names: tuple[str, ...]) -> None:
    """Raise the counters of `names` in a short transaction of their own (after the caller's committed): a
    counter raised inside a long transaction keeps its row locked until that commits, and every other writer
    of it waits."""
    with engine.begin() as connection:
        for name in sorted(names):  # always in one order: two callers never wait for each other's row
            connection.execute(_raise(name))


def data_versions(session: Session, names: tuple[str, ...]) -> tuple[int, ...]:
    """The counters of `names` as the caller's session sees them (0 for a name never counted)."""
    rows = dict(session.execute(select(DataVersion.name, DataVersion.version).where(DataVersion.name.in_(names))).all())
    return tuple(rows.get(name, 0) for name in names)
