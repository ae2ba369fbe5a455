"""Data versions: one counter per kind of imported record, raised in the transaction that changes it.

Aggregates that scan a whole table (the statistics cube, the programme's monthly sales) are cached by
the web server; another process (`chuhai import`, `chuhai demo load`) cannot reach that cache, so
the server compares the counter it saw when it computed a value with the stored one instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base, utcnow
from chuhai.types import JSONType


class DataVersion(Base):
    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)  # an import kind, e.g. "order_lines"
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ImportJob(Base):
    """An import started from the page or the API: its state, progress and report, readable by every
    worker process (the upload itself is processed by the process that received it)."""

    __tablename__ = "import_jobs"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(12), default="queued")  # queued, running, done, failed, interrupted
    done_rows: Mapped[int] = mapped_column(Integer, default=0)
    total_rows: Mapped[int | None] = mapped_column(Integer)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
