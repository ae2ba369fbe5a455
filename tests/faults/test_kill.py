"""SIGKILL in the middle of background work (issue 16, faults): a real server or worker process on 127.0.0.1,
killed during an import → after the restart nothing is half-written, the job reads "interrupted", and running
it again imports the file once."""

from __future__ import annotations

import subprocess
import time

import httpx
import pytest
from sqlalchemy import func, select

from chuhai.catalog.models import Product
from chuhai.database import session_scope
from chuhai.jobs.models import Job, JobState
from tests import factories
from tests.conftest import PASSWORD
from tests.faults.servers import CHUHAI, environment, server, worker

ROWS = 40_000


def _big_csv() -> bytes:
    lines = ["sku,title_en,category,hs_code,moq,price,currency"]
    lines += [f"K-{i},Body Wave Wig {i},wigs,670420,10,45.00,USD" for i in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def _products(db_url: str) -> int:
    with session_scope(db_url) as session:
        return session.scalar(select(func.count(Product.id)))


def _job(db_url: str, job_id: str) -> Job:
    with session_scope(db_url) as session:
        return session.get(Job, job_id)


def _wait(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, what
        time.sleep(0.1)
    return value


def _shown(base: str, headers: dict, job_id: str) -> dict | None:
    """The job as the API shows it; None while the server answers 503 (SQLite: the import holds the one
    writer's lock, and the request's own bookkeeping waits for it)."""
    answer = httpx.get(f"{base}/api/v1/imports/jobs/{job_id}", headers=headers, timeout=30)
    assert answer.status_code in (200, 503), answer.text
    return answer.json() if answer.status_code == 200 else None


def _headers(base: str, email: str) -> dict:
    token = httpx.post(f"{base}/api/v1/auth/token", json={"email": email, "password": PASSWORD}, timeout=30)
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


@pytest.mark.parametrize("who_runs_it", ["serve", "jobs work"])
def test_a_killed_import_leaves_nothing_reads_interrupted_and_runs_again_once(db_url, session, tmp_path,
                                                                               who_runs_it):
    # Long: one story, the kill and the restart and the re-run in order, each step checked where it happens
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    embedded = who_runs_it == "serve"
    env = environment(db_url, tmp_path / "var", CHUHAI_JOBS_EMBEDDED="1" if embedded else "0")
    content = _big_csv()
    with server(env, tmp_path / "serve.log") as web:
        headers = _headers(web.base, member.email)
        runner = worker(env, tmp_path / "worker-1.log") if not embedded else None
        process = runner.__enter__() if runner else web
        try:
            started = httpx.post(f"{web.base}/api/v1/imports/products", headers=headers, timeout=60,
                                 files={"file": ("big.csv", content, "text/csv")})
            assert started.status_code == 202, started.text
            job_id = started.json()["id"]
            # In the middle: the child has read rows (its progress reached the runner's process) and not finished.
            if embedded:
                _wait(lambda: (_shown(web.base, headers, job_id) or {}).get("done_rows"), 120,
                      "the import never started")
            else:
                _wait(lambda: _job(db_url, job_id).state == JobState.RUNNING, 120, "the worker never took the job")
                time.sleep(1.0)
            assert _job(db_url, job_id).state == JobState.RUNNING
            process.kill()
        finally:
            if runner:
                runner.__exit__(None, None, None)
        if not embedded:
            time.sleep(2.0)  # the killed worker's child dies with it; nothing may be committed meanwhile
            assert _job(db_url, job_id).state == JobState.RUNNING and _products(db_url) == 0
    time.sleep(1.0)
    assert _products(db_url) == 0, "a killed import left rows"
    assert _job(db_url, job_id).state == JobState.RUNNING  # nobody has looked yet

    with server(env, tmp_path / "serve-2.log") as web:
        runner = worker(env, tmp_path / "worker-2.log") if not embedded else None
        if runner:
            runner.__enter__()
        try:
            headers = _headers(web.base, member.email)
            _wait(lambda: _job(db_url, job_id).state == JobState.INTERRUPTED, 60, "the job was not interrupted")
            assert _shown(web.base, headers, job_id)["state"] == "interrupted" and _products(db_url) == 0

            rerun = subprocess.run([CHUHAI, "jobs", "rerun", job_id], env=env, capture_output=True, text=True,
                                   timeout=120)
            assert rerun.returncode == 0, rerun.stderr
            done = _wait(lambda: (job := _shown(web.base, headers, job_id)) and job["state"] in ("done", "failed")
                         and job, 300, "the re-run did not finish")
            assert done["state"] == "done" and done["report"]["created"] == ROWS, done
            assert _products(db_url) == ROWS
            again = subprocess.run([CHUHAI, "jobs", "rerun", job_id], env=env, capture_output=True, text=True,
                                   timeout=120)
            assert again.returncode == 2 and "succeeded" in again.stderr  # done is done
        finally:
            if runner:
                runner.__exit__(None, None, None)
    assert _products(db_url) == ROWS
