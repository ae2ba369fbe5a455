"""The schedule page's scheduler runs as a background job (chuhai.jobs, in a child process): the page shows it
running, then its meetings, or why it stopped; one run of an event at a time."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from chuhai.accounts.service import principal_of
from chuhai.events import service, tasks
from chuhai.events.schemas import EventIn
from chuhai.jobs.models import JobState
from tests import factories
from tests.conftest import login, page_csrf
from tests.events.test_pages import _scheduled


def _event(session):
    operator = factories.user(session, "operator")
    event = service.create_event(session, principal_of(operator), EventIn(
        name_zh="对接会", name_en="Meetings", starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 8), venue="胶州",
        tables=2, slot_minutes=20, day_start="09:00", day_end="10:00", categories=["wigs"]))
    session.commit()
    return operator, event


def test_a_failed_run_says_why_on_the_schedule_page(app, session):
    operator, event = _event(session)
    with TestClient(app) as client:
        login(client, operator.email)
        path = f"/events/{event.id}/schedule"
        started = client.post(path, data={"csrf_token": page_csrf(client, path), "time_limit": "2"},
                              follow_redirects=False)
        assert started.status_code == 303
        page = _scheduled(client, path)
    assert 'data-testid="schedule-failed"' in page and 'data-state="failed"' in page
    assert "活动需要有审核通过的采购商和企业才能排程。" in page  # the job's reason, in the reader's language
    assert 'data-testid="meeting-count">0<' in page


def test_one_run_of_an_event_at_a_time(session):
    operator, event = _event(session)
    first = tasks.start_schedule(session, operator.id, event.id, from_slot_id=None, time_limit=5)
    again = tasks.start_schedule(session, operator.id, event.id, from_slot_id=None, time_limit=5)
    assert again.id == first.id and first.state == JobState.QUEUED
    assert tasks.latest_schedule(session, event.id).id == first.id
    assert tasks.latest_schedule(session, event.id + 1) is None
