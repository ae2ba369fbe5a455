"""The events JSON API: the whole flow with bearer tokens, and its role checks."""

from __future__ import annotations

import time

import pytest

from tests import factories
from tests.conftest import PASSWORD


def token_for(client, user) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def finished_job(client, url: str, headers: dict[str, str]) -> dict:
    """Poll a job's URL until it is no longer queued or running (the client's app runs the job runner)."""
    deadline = time.monotonic() + 60
    while (job := client.get(url, headers=headers).json())["state"] in {"queued", "running"}:
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.1)
    return job


@pytest.fixture
def people(session, client):
    operator = factories.user(session, "operator")
    buyers, enterprises = [], []
    for _ in range(2):
        buyer = factories.buyer(session)
        factories.demand(session, buyer, category="wigs")
        buyers.append(factories.user(session, "buyer", buyer_id=buyer.id))
        enterprise = factories.enterprise(session)
        factories.product(session, enterprise, category="wigs")
        enterprises.append(factories.user(session, "enterprise", enterprise_id=enterprise.id))
    session.commit()
    return {"operator": token_for(client, operator), "buyers": [token_for(client, u) for u in buyers],
            "enterprises": [token_for(client, u) for u in enterprises]}


EVENT = {"name_zh": "平度假睫毛海外采购对接会", "name_en": "Pingdu Eyelash Buyers Meeting", "starts_on": "2026-12-10",
         "ends_on": "2026-12-10", "mode": "online", "tables": 3, "slot_minutes": 30, "day_start": "14:00",
         "day_end": "16:00", "breaks": ["15:00-15:30"]}


def test_event_flow_over_the_api(client, people):
    op, buyers, enterprises = people["operator"], people["buyers"], people["enterprises"]
    assert client.post("/api/v1/events", json=EVENT, headers=buyers[0]).status_code == 403
    created = client.post("/api/v1/events", json=EVENT, headers=op)
    assert created.status_code == 201, created.text
    event = created.json()
    assert [s["starts_at"][11:16] for s in event["slots"]] == ["14:00", "14:30", "15:30"]
    base = f"/api/v1/events/{event['id']}"

    regs = {}
    for name, headers in [("b0", buyers[0]), ("b1", buyers[1]), ("e0", enterprises[0]), ("e1", enterprises[1])]:
        response = client.post(f"{base}/registrations", json={"representatives": 1}, headers=headers)
        assert response.status_code == 201, response.text
        regs[name] = response.json()["id"]
    assert client.post(f"{base}/registrations/{regs['b0']}/decision", json={"approve": True},
                       headers=enterprises[0]).status_code == 403
    for registration_id in regs.values():
        decided = client.post(f"{base}/registrations/{registration_id}/decision", json={"approve": True}, headers=op)
        assert decided.json()["status"] == "approved"

    suggestions = client.get(f"{base}/suggestions", headers=buyers[0]).json()
    assert {s["registration_id"] for s in suggestions} == {regs["e0"], regs["e1"]}
    sent = client.post(f"{base}/requests", json={"to_registration_id": regs["e0"], "priority": 3}, headers=buyers[0])
    assert sent.status_code == 201 and sent.json()["mutual"] is False
    assert client.post(f"{base}/requests/{sent.json()['id']}/response", json={"accept": True},
                       headers=enterprises[1]).status_code == 404
    accepted = client.post(f"{base}/requests/{sent.json()['id']}/response", json={"accept": True},
                           headers=enterprises[0])
    assert accepted.json()["status"] == "accepted"
    client.post(f"{base}/requests", json={"to_registration_id": regs["e1"]}, headers=buyers[1])
    mutual = client.post(f"{base}/requests", json={"to_registration_id": regs["b1"]}, headers=enterprises[1])
    assert mutual.json()["mutual"] is True

    started = client.post(f"{base}/schedule", json={"time_limit": 5}, headers=op)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["state"] in {"queued", "running"} and job["poll_url"] == f"{base}/schedule/jobs/{job['id']}"
    assert client.post(f"{base}/schedule", json={"time_limit": 5}, headers=op).json()["id"] == job["id"]
    assert client.get(job["poll_url"], headers=buyers[0]).status_code == 403
    job = finished_job(client, job["poll_url"], op)
    assert job["state"] == "succeeded", job
    body = job["schedule"]
    assert body["meetings"] == 2 and body["status"] == "scheduled" and body["gap"] == 0
    assert client.get(f"/api/v1/events/{event['id'] + 1}/schedule/jobs/{job['id']}", headers=op).status_code == 404
    assert client.post(f"{base}/publish", headers=op).json()["status"] == "published"

    own = client.get(f"{base}/agenda/{regs['b0']}", headers=buyers[0])
    assert own.status_code == 200 and [m["enterprise_registration_id"] for m in own.json()] == [regs["e0"]]
    assert client.get(f"{base}/agenda/{regs['b0']}", headers=buyers[1]).status_code == 404
    pdf = client.get(f"{base}/agenda/{regs['b0']}/pdf", headers=buyers[0])
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    assert client.get(f"{base}/meetings", headers=buyers[0]).status_code == 403
    meetings = client.get(f"{base}/meetings", headers=op).json()
    assert len(meetings) == 2
    confirmed = client.post(f"{base}/meetings/{meetings[0]['id']}/status", json={"status": "confirmed"}, headers=op)
    assert confirmed.json()["fixed"] is True
    assert client.post(f"{base}/registrations/{regs['b0']}/check-in", headers=op).json()["checked_in_at"]

    outbox = client.get("/api/v1/events/outbox", headers=op).json()
    assert {"registration_approved", "request_received", "request_accepted", "schedule_published"} <= {
        m["kind"] for m in outbox}
    assert client.get("/api/v1/events/outbox", headers=buyers[0]).status_code == 403


def test_a_scheduling_run_that_fails_says_why(client, people):
    op = dict(people["operator"], **{"Accept-Language": "en"})
    event = client.post("/api/v1/events", json=EVENT, headers=op).json()
    started = client.post(f"/api/v1/events/{event['id']}/schedule", json={"time_limit": 2}, headers=op)
    assert started.status_code == 202, started.text
    job = finished_job(client, started.json()["poll_url"], op)
    assert job["state"] == "failed" and job["schedule"] is None
    assert job["error"] and "approved" in job["error"]  # the solver's reason, translated: nobody is approved yet
    closed = client.post(f"/api/v1/events/{event['id']}/close", headers=op)
    assert closed.status_code == 200, closed.text
    assert client.post(f"/api/v1/events/{event['id']}/schedule", json={}, headers=op).status_code == 409


def test_bad_event_input_is_rejected(client, people):
    bad = dict(EVENT, ends_on="2026-12-01")
    response = client.post("/api/v1/events", json=bad, headers=people["operator"])
    assert response.status_code == 422
    onsite_without_venue = dict(EVENT, mode="onsite", venue=None)
    assert client.post("/api/v1/events", json=onsite_without_venue, headers=people["operator"]).status_code == 422
    no_slot = dict(EVENT, day_start="14:00", day_end="14:10")
    assert client.post("/api/v1/events", json=no_slot, headers=people["operator"]).status_code == 422


def test_signed_out_callers_get_nothing(client):
    assert client.get("/api/v1/events").status_code == 401
