"""A runaway or oversized import fails alone (issue 16): the import runs in a child process with CPU-time and
file-size limits; past one, the job fails with a message saying which, nothing of the file is saved, and the
web app serves on."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from chuhai.catalog.models import Product
from chuhai.database import session_scope
from chuhai.jobs.runner import CPU_EXCEEDED, DISK_FULL
from tests import factories
from tests.conftest import BACKEND, PASSWORD
from tests.web.test_import_api import GOOD, _run

ROWS = 40_000


def _big_csv() -> bytes:
    lines = ["sku,title_en,category,hs_code,moq,price,currency"]
    lines += [f"R-{i},Kinky Curly Wig {i},wigs,670420,10,39.90,USD" for i in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def _import_past_a_limit(settings, session, **limits) -> dict:
    from chuhai.app import create_app

    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    with TestClient(create_app(settings.model_copy(update=limits))) as client:
        token = client.post("/api/v1/auth/token", json={"email": member.email, "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        started = client.post("/api/v1/imports/products", headers=headers,
                              files={"file": ("big.csv", _big_csv(), "text/csv")})
        assert started.status_code == 202, started.text
        deadline = time.monotonic() + 120
        while True:
            assert client.get("/healthz").status_code == 200  # the web process serves throughout
            shown = client.get(f"/api/v1/imports/jobs/{started.json()['id']}", headers=headers)
            assert shown.status_code in (200, 503), shown.text  # 503: SQLite's writer lock, never a 500
            if shown.status_code == 200 and shown.json()["state"] in ("done", "failed"):
                break
            assert time.monotonic() < deadline, "the import neither finished nor failed"
            time.sleep(0.2)
        job = shown.json()
        assert client.get("/products").status_code in (200, 303)
        with session_scope(settings.database_url) as check:
            assert check.scalar(select(func.count(Product.id))) == 0, "a stopped import left rows"
        assert _run(client, headers, "products", GOOD)["state"] == "done"  # the next import runs
        return job


def test_an_import_past_its_cpu_limit_fails_with_a_clear_message(settings, session):
    job = _import_past_a_limit(settings, session, jobs_child_cpu_s=1)
    assert job["state"] == "failed" and job["error"] == CPU_EXCEEDED % {"seconds": 1}


@pytest.mark.skipif(BACKEND != "sqlite", reason="PostgreSQL writes its own files: a full disk there is the server's "
                    "(its SQLSTATE 53100 gives the same message, tests/jobs/test_runner.py)")
def test_an_import_on_a_full_disk_fails_with_a_clear_message_and_saves_nothing(settings, session):
    """The child may not write files past 1 MB (RLIMIT_FSIZE): SQLite's journal of the import's transaction
    cannot grow, as on a full disk."""
    job = _import_past_a_limit(settings, session, jobs_child_file_mb=1)
    assert job["state"] == "failed" and job["error"] == DISK_FULL % {"megabytes": 1}
    with session_scope(settings.database_url) as check:
        assert check.execute(text("PRAGMA integrity_check")).scalar() == "ok"
