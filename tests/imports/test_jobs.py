"""Import jobs live in the database: another worker process shows a job's state and report, a job whose
process died is shown as interrupted, and a user sees only their own jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from chuhai.accounts.service import principal_of
from chuhai.database import utcnow
from chuhai.errors import NotFound
from chuhai.imports import jobs
from chuhai.imports.models import ImportJob
from tests import factories
from tests.conftest import BACKEND, PASSWORD
from tests.web.test_import_api import GOOD, _run


def _bearer(client, user) -> dict:
    token = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def test_another_worker_shows_the_job_and_its_report(client, session, settings):
    from chuhai.app import create_app

    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    stranger = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    finished = _run(client, _bearer(client, member), "products", GOOD)
    assert finished["state"] == "done" and finished["report"]["created"] == 2

    stored = session.get(ImportJob, finished["id"])  # what another process reads
    assert stored.state == "done" and stored.report == finished["report"] and stored.finished_at is not None
    assert finished["id"] not in jobs._LIVE
    # A second app on the same database stands for another worker process: it never ran the job.
    with TestClient(create_app(settings)) as other_worker:
        shown = other_worker.get(f"/api/v1/imports/jobs/{finished['id']}", headers=_bearer(other_worker, member))
        assert shown.status_code == 200
        assert shown.json() == {**finished, "percent": 100}
        assert other_worker.get(f"/api/v1/imports/jobs/{finished['id']}",
                                headers=_bearer(other_worker, stranger)).status_code == 404
    recent = jobs.recent_jobs(settings.database_url, principal_of(member))
    assert [job.id for job in recent] == [finished["id"]] and recent[0].report["created"] == 2


def _job(session, user, state: str, heartbeat_minutes_ago: float, **values) -> ImportJob:
    row = ImportJob(id=f"j{len(session.new)}{state[:3]}{int(heartbeat_minutes_ago)}", user_id=user.id,
                    kind="products", filename="p.csv", state=state,
                    heartbeat_at=utcnow() - timedelta(minutes=heartbeat_minutes_ago), **values)
    session.add(row)
    return row


def test_a_job_whose_process_died_is_shown_as_interrupted(session, db_url):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    silent = _job(session, member, "running", heartbeat_minutes_ago=60, done_rows=50, total_rows=100)
    beating = _job(session, member, "running", heartbeat_minutes_ago=0.1, done_rows=50, total_rows=100)
    finished = _job(session, member, "done", heartbeat_minutes_ago=60, report={"ok": True})
    session.commit()
    principal = principal_of(member)

    interrupted = jobs.interrupt_orphaned_jobs(db_url)
    states = {job.id: job for job in jobs.recent_jobs(db_url, principal)}
    assert states[finished.id].state == "done"
    assert states[silent.id].state == "interrupted" and "stopped" in states[silent.id].error
    if BACKEND == "postgresql":
        # Other workers may be running theirs: only a job without a heartbeat for 10 minutes is given up.
        assert interrupted == 1
        assert states[beating.id].state == "running" and states[beating.id].percent == 50
    else:
        # SQLite is one process: at start-up, nothing unfinished can still be running.
        assert interrupted == 2 and states[beating.id].state == "interrupted"


@pytest.mark.skipif(BACKEND != "postgresql", reason="stored progress needs a database with concurrent writers")
def test_a_silent_running_job_reads_as_interrupted_before_any_restart(session, db_url):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    silent = _job(session, member, "running", heartbeat_minutes_ago=30)
    session.commit()
    assert jobs.get_job(db_url, principal_of(member), silent.id).state == "interrupted"


def test_an_unknown_job_is_not_found(db_url, session):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    with pytest.raises(NotFound):
        jobs.get_job(db_url, principal_of(member), "nope")


def test_progress_is_stored_during_the_import_only_where_another_connection_may_write(client, session,
                                                                                      monkeypatch):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    writes: list[dict] = []
    real_update = jobs._update

    def recording_update(database_url, job_id, **values):
        writes.append(values)
        real_update(database_url, job_id, **values)

    monkeypatch.setattr(jobs, "PROGRESS_EVERY_S", 0.0)
    monkeypatch.setattr(jobs, "_update", recording_update)
    finished = _run(client, _bearer(client, member), "products", GOOD)
    assert finished["state"] == "done" and finished["report"]["created"] == 2
    during = [w for w in writes if "state" not in w]
    if BACKEND == "postgresql":  # written from a second connection while the import's transaction is open
        assert during and all("heartbeat_at" in w for w in during)
    else:  # SQLite's single writer is the import itself: writing here would wait for it
        assert during == []
    assert [w["state"] for w in writes if "state" in w] == ["running", "done"]


def test_the_job_page_says_an_interrupted_import_saved_nothing(client, session):
    from tests.conftest import login

    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    lost = _job(session, member, "interrupted", heartbeat_minutes_ago=60, error="stopped")
    session.commit()
    login(client, member.email)
    page = client.get(f"/imports/jobs/{lost.id}").text
    assert 'data-testid="import-interrupted"' in page and "请重新上传文件" in page
    assert "已中断" in client.get("/imports").text
