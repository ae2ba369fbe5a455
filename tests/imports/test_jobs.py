"""Import jobs are jobs of the one runner (chuhai.jobs): another worker process shows a job's state and report,
a job whose process died is shown as interrupted, and a user sees only their own jobs."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from chuhai.accounts.service import principal_of
from chuhai.database import utcnow
from chuhai.errors import NotFound
from chuhai.imports import jobs
from chuhai.jobs import runner as job_runner
from chuhai.jobs.models import Job, JobState
from chuhai.jobs.runner import Runner
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
    assert finished["done_rows"] == 2

    stored = session.get(Job, finished["id"])  # what another process reads
    assert stored.state == JobState.SUCCEEDED and stored.result == finished["report"]
    assert stored.finished_at is not None and stored.kind == jobs.IMPORT_KIND
    assert job_runner.live_progress(finished["id"]) is None
    # A second app on the same database stands for another worker process: it never ran the job.
    with TestClient(create_app(settings)) as other_worker:
        shown = other_worker.get(f"/api/v1/imports/jobs/{finished['id']}", headers=_bearer(other_worker, member))
        assert shown.status_code == 200
        assert shown.json() == {**finished, "percent": 100}
        assert other_worker.get(f"/api/v1/imports/jobs/{finished['id']}",
                                headers=_bearer(other_worker, stranger)).status_code == 404
    recent = jobs.recent_jobs(settings.database_url, principal_of(member))
    assert [job.id for job in recent] == [finished["id"]] and recent[0].report["created"] == 2


def _job(session, user, state: JobState, heartbeat_minutes_ago: float, worker: str | None = None,
         **values) -> Job:
    row = Job(id=f"j{len(session.new)}{state[:3]}{int(heartbeat_minutes_ago)}", owner_id=user.id,
              kind=jobs.IMPORT_KIND, payload={"kind": "products", "filename": "p.csv"}, state=state,
              heartbeat_at=utcnow() - timedelta(minutes=heartbeat_minutes_ago), worker=worker, **values)
    session.add(row)
    return row


def test_a_job_whose_process_died_is_shown_as_interrupted(session, db_url, settings):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    host = Runner(settings).worker.rsplit(":", 2)[0]
    progress = {"done_rows": 50, "total_rows": 100}
    killed = _job(session, member, JobState.RUNNING, 0.1, f"{host}:999999:x", progress=progress)  # pid gone
    silent = _job(session, member, JobState.RUNNING, 60, "elsewhere:7:x", progress=progress)
    beating = _job(session, member, JobState.RUNNING, 0.1, "elsewhere:8:x", progress=progress)
    finished = _job(session, member, JobState.SUCCEEDED, 60, result={"ok": True})
    session.commit()
    principal = principal_of(member)

    interrupted = Runner(settings).recover()
    states = {job.id: job for job in jobs.recent_jobs(db_url, principal)}
    assert states[finished.id].state == "done"
    assert states[killed.id].state == "interrupted" and "stopped" in states[killed.id].error
    assert states[beating.id].state == "running" and states[beating.id].percent == 50
    if BACKEND == "postgresql":
        # Another host's job is given up once it has not beaten for jobs_stale_after_s.
        assert interrupted == 2 and states[silent.id].state == "interrupted"
    else:
        # SQLite is one host: a process that is gone is seen by its pid, and nothing else is taken for dead.
        assert interrupted == 1 and states[silent.id].state == "running"


@pytest.mark.skipif(BACKEND != "postgresql", reason="stored progress needs a database with concurrent writers")
def test_a_silent_running_job_reads_as_interrupted_before_any_restart(session, db_url):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    silent = _job(session, member, JobState.RUNNING, heartbeat_minutes_ago=30, worker="elsewhere:1:x")
    session.commit()
    assert jobs.get_job(db_url, principal_of(member), silent.id).state == "interrupted"


def test_an_unknown_job_is_not_found(db_url, session):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    with pytest.raises(NotFound):
        jobs.get_job(db_url, principal_of(member), "nope")


def test_the_job_page_says_an_interrupted_import_saved_nothing(client, session):
    from tests.conftest import login

    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    lost = _job(session, member, JobState.INTERRUPTED, heartbeat_minutes_ago=60, error_message="stopped")
    session.commit()
    login(client, member.email)
    page = client.get(f"/imports/jobs/{lost.id}").text
    assert 'data-testid="import-interrupted"' in page and "请重新上传文件" in page
    assert "已中断" in client.get("/imports").text


def test_an_interrupted_import_runs_again_from_the_file_it_kept(client, session, settings):
    from tests.conftest import login, page_csrf

    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    folder = job_runner.job_files(settings.data_dir, "lostone")
    folder.mkdir(parents=True)
    (folder / jobs.UPLOAD_NAME).write_text(GOOD)
    lost = _job(session, member, JobState.INTERRUPTED, heartbeat_minutes_ago=60, error_message="stopped")
    lost.id, lost.payload = "lostone", {"kind": "products", "filename": "p.csv", "folder": str(folder),
                                        "skip_bad_rows": False, "fmt": "auto"}
    gone = _job(session, member, JobState.INTERRUPTED, heartbeat_minutes_ago=60, error_message="stopped")
    session.commit()
    login(client, member.email)
    assert 'data-testid="import-rerun"' in client.get("/imports/jobs/lostone").text
    assert 'data-testid="import-rerun"' not in client.get(f"/imports/jobs/{gone.id}").text
    again = client.post("/imports/jobs/lostone/rerun", data={"csrf_token": page_csrf(client, "/imports")},
                        follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/imports/jobs/lostone"

    headers = _bearer(TestClient(client.app), member)
    api = TestClient(client.app)
    deadline = utcnow() + timedelta(seconds=30)
    while (job := api.get("/api/v1/imports/jobs/lostone", headers=headers).json())["state"] not in ("done", "failed"):
        assert utcnow() < deadline
        time.sleep(0.05)
    assert job["state"] == "done" and job["report"]["created"] == 2 and not folder.exists()
    refused = api.post("/api/v1/imports/jobs/lostone/rerun", headers=headers)
    assert refused.status_code == 409  # done is done
    assert api.post(f"/api/v1/imports/jobs/{gone.id}/rerun", headers=headers).status_code == 409  # no file
