"""Imports through the JSON API: the job reports row-level errors, writes nothing on error, and is idempotent."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from chuhai.catalog.models import Product
from tests import factories
from tests.conftest import PASSWORD

GOOD = "sku,title_en,category,hs_code,moq,price,currency\nW-1,Body Wave Wig,wigs,670420,10,45.00,USD\n" \
       "W-2,Kinky Curly Wig,wigs,670420,10,39.90,USD\n"
BAD = GOOD + "W-3,Broken Wig,wigs,6704XX,10,39.90,USD\n"


def _run(client, headers, kind: str, content: str, **form) -> dict:
    started = client.post(f"/api/v1/imports/{kind}", headers=headers,
                          files={"file": ("products.csv", content.encode(), "text/csv")}, data=form)
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    deadline = time.time() + 30
    while time.time() < deadline:
        job = client.get(f"/api/v1/imports/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("import job did not finish")


def test_bad_file_imports_nothing_then_good_file_imports_once(client, session):
    enterprise = factories.enterprise(session)
    member = factories.user(session, "enterprise", enterprise_id=enterprise.id)
    session.commit()
    token = client.post("/api/v1/auth/token", json={"email": member.email, "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}

    rejected = _run(client, headers, "products", BAD)
    assert rejected["state"] == "done" and rejected["report"]["ok"] is False
    error = rejected["report"]["errors"][0]
    assert error["row"] == 4 and error["column"] == "hs_code"
    assert session.scalar(select(func.count(Product.id))) == 0

    first = _run(client, headers, "products", GOOD)
    assert first["report"]["created"] == 2
    again = _run(client, headers, "products", GOOD)
    assert again["report"]["created"] == 0 and again["report"]["updated"] == 0 and again["report"]["unchanged"] == 2
    session.expire_all()
    assert session.scalar(select(func.count(Product.id))) == 2


def test_buyer_may_not_import_products(client, session):
    buyer_user = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    session.commit()
    token = client.post("/api/v1/auth/token", json={"email": buyer_user.email, "password": PASSWORD}).json()
    response = client.post("/api/v1/imports/products", headers={"Authorization": f"Bearer {token['access_token']}"},
                           files={"file": ("p.csv", GOOD.encode(), "text/csv")})
    assert response.status_code == 403
