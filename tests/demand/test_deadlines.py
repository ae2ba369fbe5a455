"""A demand past its deadline: suppliers no longer see it (lists, dashboard, opportunities); the
operator and the buyer still do, flagged "past deadline"."""

from __future__ import annotations

import datetime as dt

import pytest

from chuhai.config import get_settings
from tests import factories
from tests.conftest import PASSWORD, login, page_csrf


@pytest.fixture
def demands(session):
    today = dt.date.today()
    maker = factories.enterprise(session)
    factories.product(session, maker, title_en=None, title_zh="13x4 蕾丝前头套假发 真人发 身体波浪")
    buyer = factories.buyer(session, company="Ohio Beauty")
    made = {
        "current": factories.demand(session, buyer, text="current lace front wigs 13x4 body wave",
                                    deadline=today + dt.timedelta(days=10)),
        "due_today": factories.demand(session, buyer, text="due today lace front wigs 13x4 body wave",
                                      deadline=today),
        "open_ended": factories.demand(session, buyer, text="open-ended lace front wigs 13x4 body wave"),
        "expired": factories.demand(session, buyer, text="expired lace front wigs 13x4 body wave",
                                    deadline=today - dt.timedelta(days=1)),
    }
    users = {
        "maker": factories.user(session, "enterprise", enterprise_id=maker.id),
        "provider": factories.user(session, "provider"),
        "buyer": factories.user(session, "buyer", buyer_id=buyer.id),
        "operator": factories.user(session, "operator"),
    }
    session.commit()
    return {**made, **users}


def _shown(html: str) -> set[str]:
    return {name for name in ("current", "due today", "open-ended", "expired") if f"{name} lace front" in html}


def test_suppliers_see_only_demands_they_can_still_answer(client, demands):
    for who in ("maker", "provider"):
        login(client, demands[who].email)
        assert _shown(client.get("/demands").text) == {"current", "due today", "open-ended"}, who
    login(client, demands["maker"].email)
    assert _shown(client.get("/").text) == {"current", "due today", "open-ended"}


def test_the_operator_and_the_buyer_see_every_demand_with_the_expired_one_flagged(client, demands):
    for who in ("operator", "buyer"):
        login(client, demands[who].email)
        listing = client.get("/demands").text
        assert _shown(listing) == {"current", "due today", "open-ended", "expired"}, who
        assert listing.count('data-testid="past-deadline"') == 1, who
        assert 'data-testid="past-deadline"' in client.get(f"/demands/{demands['expired'].id}").text
        assert 'data-testid="past-deadline"' not in client.get(f"/demands/{demands['due_today'].id}").text


def test_opportunities_leave_out_demands_past_their_deadline(client, demands, monkeypatch, request):
    monkeypatch.setenv("CHUHAI_MATCH_LEXICAL_ONLY", "1")
    get_settings.cache_clear()  # the platform reads CHUHAI_MATCH_LEXICAL_ONLY through its settings
    request.addfinalizer(get_settings.cache_clear)
    login(client, demands["maker"].email)
    opportunities = client.get("/matching/opportunities").text
    assert _shown(opportunities) == {"current", "due today", "open-ended"}


def test_a_new_deadline_in_the_past_is_refused_in_the_readers_language(client, demands):
    # The API with a bearer token (asked for before the cookie sign-in: cookie-borne API writes need CSRF).
    token = client.post("/api/v1/auth/token", json={"email": demands["buyer"].email, "password": PASSWORD})
    login(client, demands["buyer"].email)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    form = {"text": "lace front wigs", "quantity": "10", "currency": "USD", "deadline": yesterday}
    refused = client.post("/demands/new", data={**form, "csrf_token": page_csrf(client, "/demands/new")})
    assert refused.status_code == 422 and "截止日期已过" in refused.text
    response = client.post("/api/v1/demands", json={"text": "lace front wigs", "deadline": yesterday},
                           headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert response.status_code == 422 and response.json()["error"]["details"] == {"field": "deadline"}
    # Editing an expired demand without touching its deadline still works.
    expired = demands["expired"]
    edit = client.post(f"/demands/{expired.id}/edit", data={
        "text": "expired lace front wigs, now 20 pieces", "quantity": "20", "currency": "USD",
        "deadline": expired.deadline.isoformat(), "csrf_token": page_csrf(client, f"/demands/{expired.id}/edit")},
        follow_redirects=False)
    assert edit.status_code == 303


def test_the_feedback_report_offers_only_demands_that_can_still_be_answered(session, demands):
    from chuhai.insight.service import open_demands

    offered = {d["text"].split(" lace")[0] for d in open_demands(session, ["wigs"])}
    assert offered == {"current", "due today", "open-ended"}
