"""Event pages: forms post through the service, each role sees its own view, PDFs are real PDFs."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.conftest import login, page_csrf


@pytest.fixture
def accounts(session):
    operator = factories.user(session, "operator")
    buyer = factories.buyer(session, company="Crown Beauty Hair Studio")
    factories.demand(session, buyer, category="wigs")
    buyer_user = factories.user(session, "buyer", buyer_id=buyer.id)
    other_buyer = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    enterprise = factories.enterprise(session, name_zh="青岛瑞发发制品有限公司")
    factories.product(session, enterprise, category="wigs")
    enterprise_user = factories.user(session, "enterprise", enterprise_id=enterprise.id)
    session.commit()
    return operator, buyer_user, enterprise_user, other_buyer


@pytest.fixture
def jobs_running(app):
    """The app's lifespan runs, and its job runner with it: the scheduler runs as a background job."""
    with TestClient(app):
        yield


def _scheduled(client: TestClient, path: str) -> str:
    """The schedule page once the scheduling run started from it has finished."""
    deadline = time.monotonic() + 60
    while 'data-testid="schedule-running"' in (page := client.get(path).text):
        assert time.monotonic() < deadline, "the scheduling run did not finish"
        time.sleep(0.1)
    return page


def _post(client: TestClient, path: str, data: dict, csrf_page: str = "/events"):
    return client.post(path, data={"csrf_token": page_csrf(client, csrf_page), **data}, follow_redirects=False)


def _as(app, user) -> TestClient:
    client = TestClient(app)
    assert login(client, user.email).status_code == 303
    return client


def test_event_pages_walk_the_flow(app, accounts, jobs_running):
    operator, buyer, enterprise, other_buyer = accounts
    op = _as(app, operator)
    assert op.get("/events/new").status_code == 200
    bad = _post(op, "/events/new", {"name_zh": "对接会", "name_en": "Meetings", "starts_on": "2026-12-08",
                                    "ends_on": "2026-12-07", "mode": "onsite", "venue": "胶州", "tables": "2"})
    assert bad.status_code == 422 and "alert" in bad.text
    created = _post(op, "/events/new", {"name_zh": "胶州发制品对接会", "name_en": "Jiaozhou Wig Meetings",
                                        "starts_on": "2026-12-08", "ends_on": "2026-12-08", "mode": "onsite",
                                        "venue": "胶州国际会展中心", "tables": "2", "slot_minutes": "20",
                                        "day_start": "09:00", "day_end": "10:00", "breaks": "",
                                        "min_meetings_per_buyer": "0", "categories": "wigs"})
    assert created.status_code == 303
    event_path = created.headers["location"]
    event_id = int(event_path.rsplit("/", 1)[1])

    participants = {}
    for user in (buyer, enterprise):
        client = _as(app, user)
        assert "data-testid=\"register\"" in client.get(event_path).text
        assert _post(client, f"{event_path}/register", {"representatives": "1"}).status_code == 303
        participants[user.role] = client
    page = op.get(event_path).text
    for registration_id in re.findall(r'data-testid="approve-(\d+)"', page):
        assert _post(op, f"{event_path}/registrations/{registration_id}/decision", {"approve": "1"}).status_code == 303
    assert "approve-" not in op.get(event_path).text

    buyer_page = participants["buyer"].get(event_path).text
    target = re.search(r'data-testid="request-(\d+)"', buyer_page).group(1)
    assert _post(participants["buyer"], f"{event_path}/requests",
                 {"to_registration_id": target, "priority": "3"}).status_code == 303
    request_id = re.search(r'data-testid="accept-(\d+)"', participants["enterprise"].get(event_path).text).group(1)
    assert _post(participants["enterprise"], f"{event_path}/requests/{request_id}/respond",
                 {"accept": "1"}).status_code == 303

    assert participants["buyer"].get(f"{event_path}/schedule").status_code == 403
    assert _post(op, f"{event_path}/publish", {}).status_code == 303  # nothing to publish yet: said on the page
    assert "alert bad" in op.get(f"{event_path}/schedule").text
    assert _post(op, f"{event_path}/schedule", {"time_limit": "5"}).status_code == 303
    schedule = _scheduled(op, f"{event_path}/schedule")
    # a failed or interrupted run says why on the page: show that, not the whole page, when this fails
    failed = re.search(r'data-testid="schedule-failed"[^>]*>([^<]*)', schedule)
    assert failed is None, failed.group(0)
    assert 'data-testid="meeting-count">1<' in schedule and "Crown Beauty Hair Studio" in schedule
    assert _post(op, f"{event_path}/publish", {}).status_code == 303

    agenda = participants["buyer"].get(f"/events/{event_id}/agenda", follow_redirects=True)
    assert agenda.status_code == 200 and "青岛瑞发发制品有限公司" in agenda.text
    pdf = participants["buyer"].get(str(agenda.url) + "/pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert _as(app, other_buyer).get(str(agenda.url)).status_code == 404
    tables = op.get(f"{event_path}/tables/pdf")
    assert tables.content.startswith(b"%PDF")
    assert "Crown Beauty Hair Studio" in op.get(f"{event_path}/tables/1").text + op.get(f"{event_path}/tables/2").text
    assert "checkin-" in op.get(f"{event_path}/checkin").text
    outbox = op.get("/outbox").text
    assert outbox.count("<tr data-state=") >= 5  # approvals, request received/accepted, schedule published
    assert participants["buyer"].get("/outbox").status_code == 403


def test_events_pages_in_english_and_chinese(app, accounts):
    op = _as(app, accounts[0])
    op.cookies.set("lang", "en")
    assert "Matchmaking events" in op.get("/events").text
    op.cookies.set("lang", "zh_CN")
    assert "对接会" in op.get("/events").text
