"""The `jobs` table: one row per piece of background work, whatever its kind (see `chuhai.jobs`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base, utcnow
from chuhai.marks import N_
from chuhai.types import JSONType, StrEnumType


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # its process died (killed, restarted) before it finished: nothing of it was kept
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def is_finished(self) -> bool:
        return self not in (JobState.QUEUED, JobState.RUNNING)

    @property
    def can_rerun(self) -> bool:
        """Failed, interrupted or cancelled work may be queued again (its handler is idempotent)."""
        return self in (JobState.FAILED, JobState.INTERRUPTED, JobState.CANCELLED)


_STATE_LABELS = {JobState.QUEUED: N_("Queued"), JobState.RUNNING: N_("Running"),
                 JobState.SUCCEEDED: N_("Succeeded"), JobState.FAILED: N_("Failed"),
                 JobState.INTERRUPTED: N_("Interrupted"), JobState.CANCELLED: N_("Cancelled")}
UNFINISHED = (JobState.QUEUED, JobState.RUNNING)


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_run_after", "state", "run_after"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    state: Mapped[JobState] = mapped_column(StrEnumType(JobState, 12), default=JobState.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=1)
    # Not claimed before this instant (a retry's back-off).
    run_after: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The process running it, "host:pid": a restart on the same host knows at once that it is gone.
    worker: Mapped[str | None] = mapped_column(String(120))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # A failure as a message id (English, translated at the edge) and its parameters.
    error_message: Mapped[str | None] = mapped_column(Text)
    error_params: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # One job per key, ever: enqueueing the same key again returns the existing job.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
