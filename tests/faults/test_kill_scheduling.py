"""SIGKILL in the middle of a scheduling run (issue 16, faults): a real `chuhai serve` on 127.0.0.1 runs the
schedule page's scheduler as a background job; killed while the run is inside its transaction, it leaves no
meeting and the event as it was; after the restart the job reads "interrupted", and running it again schedules
the event once (a further run from the page gives the same meetings, none twice)."""

from __future__ import annotations

import re
import subprocess
import time

import httpx
from sqlalchemy import create_engine, select, text

from chuhai.database import session_scope
from chuhai.events.models import Event, EventMeeting
from chuhai.jobs.models import Job, JobState
from tests.conftest import BACKEND, PASSWORD
from tests.faults.events_world import busy_event
from tests.faults.servers import CHUHAI, environment, server


def _csrf(client: httpx.Client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _operator(base: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    signed = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": _csrf(client, "/login"),
                                         "next": "/"})
    assert signed.status_code in (200, 303), signed.text[:300]
    return client


def _start(client: httpx.Client, event_id: int) -> None:
    path = f"/events/{event_id}/schedule"
    assert client.post(path, data={"csrf_token": _csrf(client, path), "time_limit": "5"}).status_code in (200, 303)


def _schedule_job(db_url: str) -> Job | None:
    with session_scope(db_url) as session:
        return session.scalars(select(Job).where(Job.kind == "events.schedule").order_by(Job.created_at.desc())
                               .limit(1)).first()


def _meetings(db_url: str, event_id: int) -> tuple[int, str, set]:
    with session_scope(db_url) as session:
        rows = session.scalars(select(EventMeeting).where(EventMeeting.event_id == event_id)).all()
        status = session.get(Event, event_id).status
        return len(rows), str(status), {(m.slot_id, m.table_number) for m in rows}


def _wait(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, what
        time.sleep(0.05)
    return value


def _hold(db_url: str, event_id: int):
    """Another writer holds what the run must write (PostgreSQL: the event's row; SQLite: the one writer's lock),
    so the run waits inside its transaction until the kill."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level=None)
    connection = engine.connect()
    if BACKEND == "postgresql":
        connection.execute(text("BEGIN"))
        connection.execute(text("SELECT id FROM events WHERE id = :id FOR UPDATE"), {"id": event_id})
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    return engine, connection


def test_a_killed_scheduling_run_leaves_nothing_and_runs_again_once(db_url, session, tmp_path):
    # Long: one story, the kill and the restart and the re-run in order, each step checked where it happens
    operator, event_id = busy_event(session)
    email = operator.email
    env = environment(db_url, tmp_path / "var")
    assert _meetings(db_url, event_id)[:2] == (0, "open")
    with server(env, tmp_path / "serve.log") as web:
        client = _operator(web.base, email)
        holder = None
        try:
            if BACKEND == "postgresql":  # taken before: the run reads freely and waits at its first write
                holder = _hold(db_url, event_id)
            _start(client, event_id)
            job = _wait(lambda: (job := _schedule_job(db_url)) and job.state == JobState.RUNNING and job, 60,
                        "the scheduling run never started")
            if holder is None:  # SQLite: the claim itself writes, so the lock comes once the run has started
                holder = _hold(db_url, event_id)
            time.sleep(1.0)  # the child solves and reaches its writes
            assert _schedule_job(db_url).state == JobState.RUNNING
            web.kill()
        finally:
            if holder is not None:
                holder[1].rollback() if BACKEND == "postgresql" else holder[1].exec_driver_sql("ROLLBACK")
                holder[1].close()
                holder[0].dispose()
        client.close()
    time.sleep(1.0)
    assert _meetings(db_url, event_id)[:2] == (0, "open"), "a killed scheduling run left meetings"
    assert _schedule_job(db_url).state == JobState.RUNNING

    with server(env, tmp_path / "serve-2.log") as web:
        _wait(lambda: _schedule_job(db_url).state == JobState.INTERRUPTED, 60, "the run was not interrupted")
        client = _operator(web.base, email)
        page = client.get(f"/events/{event_id}/schedule").text
        assert 'data-testid="schedule-failed"' in page and 'data-state="interrupted"' in page
        assert _meetings(db_url, event_id)[:2] == (0, "open")

        rerun = subprocess.run([CHUHAI, "jobs", "rerun", job.id], env=env, capture_output=True, text=True,
                               timeout=120)
        assert rerun.returncode == 0, rerun.stderr
        done = _wait(lambda: (again := _schedule_job(db_url)).state.is_finished and again, 120, "no re-run")
        assert done.id == job.id and done.state == JobState.SUCCEEDED, (done.state, done.error_message)
        count, status, places = _meetings(db_url, event_id)
        assert count == done.result["meetings"] > 0 and status == "scheduled" and len(places) == count

        _start(client, event_id)  # once more from the page: the same event, scheduled afresh, nothing twice
        latest = _wait(lambda: (latest := _schedule_job(db_url)).id != job.id and latest.state.is_finished
                       and latest, 120, "the page's run did not finish")
        assert latest.state == JobState.SUCCEEDED
        assert _meetings(db_url, event_id)[:2] == (count, "scheduled")
        client.close()
