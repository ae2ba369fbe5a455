"""A job as the JSON API answers it: what a 202 returns and what its poll URL reads (see `chuhai.jobs`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from chuhai.jobs.models import Job
from chuhai.types import UtcDateTime


class JobOut(BaseModel):
    id: str
    kind: str
    state: str  # queued, running, succeeded, failed, interrupted, cancelled (chuhai.jobs.models.JobState)
    poll_url: str  # GET it until `state` is finished
    attempts: int
    created_at: UtcDateTime
    started_at: UtcDateTime | None = None
    finished_at: UtcDateTime | None = None
    progress: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    error: str | None = None  # why it failed, in the reader's language

    @classmethod
    def of(cls, job: Job, poll_url: str, error: str | None = None, **extra: Any) -> JobOut:
        """`error`: the job's error message, translated by the caller (the edge knows the reader's language)."""
        return cls(id=job.id, kind=job.kind, state=str(job.state), poll_url=poll_url, attempts=job.attempts,
                   created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at,
                   progress=job.progress, result=job.result, error=error, **extra)
