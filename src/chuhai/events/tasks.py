"""The events' background job kind (see `chuhai.jobs`): a scheduling run started from the schedule page, solved
in a child process with CPU-time and memory limits, its meetings written in one transaction (a run killed
mid-way writes nothing and reads "interrupted"; running it again schedules the event once, as a fresh run)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from chuhai.accounts import audit
from chuhai.accounts.models import User
from chuhai.accounts.service import principal_of
from chuhai.database import session_scope
from chuhai.errors import NotFound
from chuhai.events import scheduling
from chuhai.jobs import service as jobs
from chuhai.jobs.models import UNFINISHED, Job
from chuhai.jobs.registry import JobContext, Kind, register

SCHEDULE_KIND = "events.schedule"


def run_schedule(ctx: JobContext) -> dict[str, Any]:
    audit.install()  # a fresh process: the audit log's hook, as the app and the CLI install it
    payload = ctx.payload
    with session_scope(ctx.database_url) as session:
        user = session.get(User, ctx.owner_id) if ctx.owner_id is not None else None
        if user is None:
            raise NotFound("The account that started this scheduling run is gone.")
        actor = principal_of(user)
        session.info["actor_id"] = actor.user_id
        result = scheduling.schedule(session, actor, payload["event_id"], from_slot_id=payload.get("from_slot_id"),
                                     time_limit=float(payload.get("time_limit", 10.0)))
        return {"event_id": payload["event_id"], "meetings": result.meetings,
                "changed": len(result.changed_registrations)}


def start_schedule(session: Session, owner_id: int, event_id: int, *, from_slot_id: int | None,
                   time_limit: float) -> Job:
    """Queue a scheduling run of the event, in the caller's transaction; while one is queued or running, that
    one is returned instead (two runs of one event would undo each other)."""
    running = latest_schedule(session, event_id)
    if running is not None and running.state in UNFINISHED:
        return running
    return jobs.enqueue(session, SCHEDULE_KIND, {"event_id": event_id, "from_slot_id": from_slot_id,
                                                 "time_limit": time_limit}, owner_id=owner_id)


def schedule_job(session: Session, event_id: int, job_id: str) -> Job:
    """A scheduling run of the event (NotFound for any other job: another kind, or another event's run)."""
    job = jobs.get_job(session, job_id[:32])
    if job.kind != SCHEDULE_KIND or (job.payload or {}).get("event_id") != event_id:
        raise NotFound("No such job.")
    return job


def latest_schedule(session: Session, event_id: int) -> Job | None:
    """The event's latest scheduling run (among the recent runs of every event)."""
    for job in jobs.recent_jobs(session, kinds=[SCHEDULE_KIND], limit=50):
        if (job.payload or {}).get("event_id") == event_id:
            return job
    return None


register(Kind(SCHEDULE_KIND, run_schedule, isolated=True, timeout_s=600))
