"""Outcomes of the programme on a small known set (the small demo, no demo trade): one event held in June 2026
with four meetings marked (talk, intention, signed 100,000 CNY, no-show), a thread linked to the talked meeting
(one outcome, not two) and a thread of no event. The statistics dashboard, its XLSX, the event's page and API
read the same counts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from chuhai.accounts.principal import SYSTEM
from chuhai.config import Settings
from chuhai.database import session_scope
from chuhai.demand.models import Demand
from chuhai.errors import ValidationFailed
from chuhai.events import agendas, outcomes
from chuhai.events.states import MeetingOutcome, MeetingStatus
from chuhai.stats import service
from chuhai.trade.models import Conversation, ThreadOrigin
from tests.conftest import BACKEND
from tests.stats.demo import signed_in_client, small_demo_url

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the demo copy is a SQLite file")
DAY = dt.date(2026, 6, 10)


@pytest.fixture(scope="module")
def known(template_database, tmp_path_factory):
    from chuhai.demo.events import build_event

    url = small_demo_url(template_database, tmp_path_factory)
    with session_scope(url) as session:
        session.info["audit_disabled"] = True
        event = build_event(session, "测试洽谈会", "Test talks", DAY, "胶州", "wigs", 6, 4, frozenset(), frozenset(),
                            5.0)
        meetings = [m for m in agendas.meetings(session, SYSTEM, event.id) if m.status.is_active]
        assert len(meetings) >= 5
        talk, intention, signed, absent = meetings[:4]
        other_enterprise = next(e for m in meetings if (e := m.enterprise_registration.enterprise_id)
                                != talk.enterprise_registration.enterprise_id)
        outcomes.mark_outcome(session, SYSTEM, event.id, talk.id, MeetingOutcome.TALK)
        outcomes.mark_outcome(session, SYSTEM, event.id, intention.id, MeetingOutcome.INTENTION)
        outcomes.mark_outcome(session, SYSTEM, event.id, signed.id, "signed", value=Decimal("100000"), currency="cny")
        agendas.set_meeting_status(session, SYSTEM, event.id, absent.id, MeetingStatus.NO_SHOW)
        buyer_id = talk.buyer_registration.buyer_id
        demand = session.scalars(select(Demand).where(Demand.buyer_id == buyer_id)).first()
        at = dt.datetime(2026, 6, 15, 10)
        session.add_all([
            Conversation(demand_id=demand.id, enterprise_id=talk.enterprise_registration.enterprise_id,
                         buyer_id=buyer_id, opened_by=ThreadOrigin.QUOTATION, event_id=event.id,
                         event_meeting_id=talk.id, created_at=at),
            Conversation(demand_id=demand.id, enterprise_id=other_enterprise, buyer_id=buyer_id,
                         opened_by=ThreadOrigin.QUOTATION, created_at=at),
        ])
        ids = {"event": event.id, "signed": signed.id, "absent": absent.id}
    return url, ids


@pytest.fixture(scope="module")
def app(known, tmp_path_factory):
    from chuhai.app import create_app

    return create_app(Settings(database_url=known[0], secret_key="test", warm_caches=False,
                               data_dir=tmp_path_factory.mktemp("var")))


def test_the_event_counts_each_outcome_once(known):
    url, ids = known
    with session_scope(url) as session:
        tally = outcomes.outcomes_of_event(session, SYSTEM, ids["event"])
        # talk (its mark and its linked thread are one), intention, signed; the no-show counts nothing
        assert (tally.talks, tally.intentions, tally.signed) == (3, 1, 1)
        assert tally.signed_value_cny == Decimal("100000.00") and tally.signed_value_usd > 0
        meeting = agendas.meetings(session, SYSTEM, ids["event"])
        absent = next(m for m in meeting if m.id == ids["absent"])
        assert absent.outcome is None and absent.status is MeetingStatus.NO_SHOW


def test_marking_refuses_a_signing_without_value_or_a_meeting_not_held(known):
    url, ids = known
    with session_scope(url) as session:
        with pytest.raises(ValidationFailed):
            outcomes.mark_outcome(session, SYSTEM, ids["event"], ids["signed"], MeetingOutcome.SIGNED)
        with pytest.raises(ValidationFailed):
            outcomes.mark_outcome(session, SYSTEM, ids["event"], ids["absent"], MeetingOutcome.TALK)
        session.rollback()


def test_the_statistics_add_meetings_to_trade_without_counting_twice(known):
    url, ids = known
    with session_scope(url) as session:
        figures = service.outcome_figures(session, SYSTEM, service.parse_filters("2026-01", "2026-12", None))
    total = figures["total"]
    # trade: two threads; meetings add the intention's and the signing's talks, the intention and the signing
    assert (total["talks"], total["intentions"], total["signed"]) == (4, 1, 1)
    assert total["signed_value_cny"] == Decimal("100000.00")
    june = next(m for m in figures["monthly"] if m["month"] == "2026-06")
    assert (june["talks"], june["intentions"], june["signed"]) == (4, 1, 1)
    assert sum(m["talks"] for m in figures["monthly"]) == 4
    assert [(r["key"], r["talks"], r["intentions"], r["signed"]) for r in figures["event"]] == [(ids["event"], 3, 1, 1)]
    assert sum(r["talks"] for r in figures["market"]) == sum(r["talks"] for r in figures["belt"]) == 4
    with session_scope(url) as session:
        before = service.outcome_figures(session, SYSTEM, service.parse_filters("2025-01", "2025-12", None))
    assert before["total"]["talks"] == 0 and before["event"] == []


@pytest.mark.parametrize("lang, sentence", [("en", "3 talks, 1 signed, 1 intentions"),
                                            ("zh_CN", "共举行3次洽谈，签约1个项目，达成1个合作意向")])
def test_the_event_page_reads_like_the_seeds(app, known, lang, sentence):
    _url, ids = known
    with signed_in_client(app, "operator@chuhai.demo", lang) as client:
        page = client.get(f"/events/{ids['event']}")
        checkin = client.get(f"/events/{ids['event']}/checkin")
        api = client.get(f"/api/v1/events/{ids['event']}/outcomes").json()
    assert page.status_code == 200 and sentence in page.text
    assert checkin.status_code == 200 and sentence in checkin.text
    assert f'data-testid="outcome-{ids["signed"]}"' in checkin.text
    assert (api["talks"], api["intentions"], api["signed"]) == (3, 1, 1)
    assert Decimal(api["signed_value_cny"]) == Decimal("100000.00")


def test_the_operator_marks_an_outcome_on_the_check_in_page(app, known):
    import re

    _url, ids = known
    with signed_in_client(app, "operator@chuhai.demo", "en") as client:
        page = client.get(f"/events/{ids['event']}/checkin")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.post(f"/events/{ids['event']}/meetings/{ids['signed']}/outcome",
                               data={"outcome": "signed", "value": "120,000", "currency": "CNY", "csrf_token": token},
                               follow_redirects=False)
        assert response.status_code == 303
        api = client.get(f"/api/v1/events/{ids['event']}/outcomes").json()
        assert Decimal(api["signed_value_cny"]) == Decimal("120000.00")
        client.post(f"/events/{ids['event']}/meetings/{ids['signed']}/outcome",
                    data={"outcome": "signed", "value": "100000", "currency": "CNY", "csrf_token": token})


@pytest.mark.parametrize("lang, talks", [("en", "Talks"), ("zh_CN", "洽谈")])
def test_the_dashboard_shows_the_outcomes(app, lang, talks):
    with signed_in_client(app, "operator@chuhai.demo", lang) as client:
        page = client.get("/stats?from=2026-01&to=2026-12")
    assert page.status_code == 200
    text = page.text
    assert 'data-testid="kpi-talks">4<' in text and 'data-testid="kpi-intentions">1<' in text
    assert 'data-testid="kpi-signed">1<' in text and "100,000.00" in text
    assert 'data-testid="chart-outcomes-monthly"' in text and talks in text
    assert 'data-testid="outcomes-events"' in text


def test_the_xlsx_has_the_outcomes_sheet(app, known):
    from openpyxl import load_workbook

    with signed_in_client(app, "operator@chuhai.demo", "en") as client:
        response = client.get("/stats/export.xlsx?from=2026-01&to=2026-12")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Outcomes"]
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Outcomes 2026-01 – 2026-12"
    assert rows[2][:5] == ("All", 4, 1, 1, 100000.0)
    june = next(row for row in rows if row[0] == "2026-06")
    assert june[1:4] == (4, 1, 1)
    event = next(row for row in rows if row[0] == "Test talks")
    assert event[1:5] == ("2026-06-10", 3, 1, 1)
