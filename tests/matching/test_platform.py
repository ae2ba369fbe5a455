"""Matching pages: the short list on the demand page (htmx fragment), acceptance and contacts,
opportunities, unmet demand, notifications, and `chuhai match reindex`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from chuhai.config import get_settings
from chuhai.matching import index_store
from tests import factories
from tests.conftest import login, page_csrf

pytestmark = pytest.mark.usefixtures("lexical_only")


@pytest.fixture
def world(session):
    wigs = factories.enterprise(session, contact_email="sales@wigs.example.cn", contact_phone="+86 532 1111")
    other = factories.enterprise(session, contact_email="sales@other.example.cn")
    wig = factories.product(session, wigs, title_en=None, title_zh="13x4 蕾丝前头套假发 真人发 身体波浪")
    buyer = factories.buyer(session, contact_email="jane@ohio.example.com", company="Ohio Beauty")
    demand = factories.demand(session, buyer, text="13x4 lace front wigs human hair body wave, 300 pcs")
    users = {
        "buyer": factories.user(session, "buyer", buyer_id=buyer.id),
        "other_buyer": factories.user(session, "buyer", buyer_id=factories.buyer(session).id),
        "wigs": factories.user(session, "enterprise", enterprise_id=wigs.id),
        "other": factories.user(session, "enterprise", enterprise_id=other.id),
        "operator": factories.user(session, "operator"),
    }
    session.commit()
    return {"wigs_co": wigs, "other_co": other, "wig": wig, "buyer_co": buyer, "demand": demand, **users}


def test_demand_page_loads_the_short_list_with_reasons_in_the_users_language(client, world):
    login(client, world["buyer"].email)
    demand_id = world["demand"].id
    assert f'hx-get="/matching/demands/{demand_id}/matches"' in client.get(f"/demands/{demand_id}").text
    chinese = client.get(f"/matching/demands/{demand_id}/matches").text
    assert 'data-testid="match-row"' in chinese and "匹配关键词" in chinese and "13x4 蕾丝前头套假发" in chinese
    client.cookies.set("lang", "en")
    english = client.get(f"/matching/demands/{demand_id}/matches").text
    assert "Matches:" in english and "匹配关键词" not in english
    assert "sales@wigs.example.cn" not in english


def test_another_buyer_sees_neither_the_demand_nor_its_matches(client, world):
    login(client, world["other_buyer"].email)
    assert client.get(f"/matching/demands/{world['demand'].id}/matches").status_code == 404


def test_accepting_shares_contacts_both_ways_and_a_third_party_stays_blocked(client, world):
    demand_id, wigs = world["demand"].id, world["wigs_co"]
    login(client, world["wigs"].email)
    assert "jane@ohio.example.com" not in client.get(f"/demands/{demand_id}").text
    login(client, world["buyer"].email)
    assert "sales@wigs.example.cn" not in client.get(f"/enterprises/{wigs.id}").text
    fragment = client.get(f"/matching/demands/{demand_id}/matches").text
    assert 'data-testid="accept-match-1"' in fragment
    from sqlalchemy import select

    from chuhai.database import new_session
    from chuhai.matching.models import DemandMatch

    with new_session(client.app.state.database_url) as s:
        match_id = s.scalar(select(DemandMatch.id).where(DemandMatch.demand_id == demand_id, DemandMatch.rank == 1))
    response = client.post(f"/matching/matches/{match_id}/decision",
                           data={"status": "accepted", "csrf_token": page_csrf(client, f"/demands/{demand_id}")},
                           follow_redirects=False)
    assert response.status_code == 303
    assert 'data-testid="enterprise-contacts"' in client.get(f"/matching/demands/{demand_id}/matches").text
    assert "sales@wigs.example.cn" in client.get(f"/enterprises/{wigs.id}").text
    login(client, world["wigs"].email)
    assert "jane@ohio.example.com" in client.get(f"/demands/{demand_id}").text
    login(client, world["other"].email)
    assert "jane@ohio.example.com" not in client.get(f"/demands/{demand_id}").text
    login(client, world["other_buyer"].email)
    assert "sales@wigs.example.cn" not in client.get(f"/enterprises/{wigs.id}").text


def test_opportunities_unmatched_and_notification_pages(client, world, session):
    login(client, world["buyer"].email)
    csrf = page_csrf(client, "/demands/new")
    response = client.post("/demands/new", data={"text": "HD lace front wig human hair 13x4 body wave",
                                                 "quantity": "200", "currency": "USD", "csrf_token": csrf},
                           follow_redirects=False)
    assert response.status_code == 303
    login(client, world["wigs"].email)
    assert "✉ 1" in client.get("/notifications/badge").text
    notes = client.get("/notifications").text
    assert 'data-kind="demand_match"' in notes
    opportunities = client.get("/matching/opportunities").text
    assert opportunities.count('data-testid="opportunity-row"') == 2
    assert client.get("/matching/unmatched").status_code == 403
    login(client, world["other"].email)
    assert "✉ 0" in client.get("/notifications/badge").text
    assert 'data-testid="opportunity-row"' not in client.get("/matching/opportunities").text
    login(client, world["buyer"].email)
    assert client.get("/matching/opportunities").status_code == 403
    login(client, world["operator"].email)
    factories.demand(session, world["buyer_co"], text="industrial espresso machines", category="appliances")
    session.commit()
    unmatched = client.get("/matching/unmatched").text
    assert "industrial espresso machines" in unmatched and "13x4 lace front" not in unmatched


def test_reindex_builds_the_index_on_disk_from_the_database(world, db_url, session):
    from chuhai.matching.cli import app

    result = CliRunner().invoke(app, ["reindex", "--database-url", db_url, "--lexical-only", "--rematch"])
    assert result.exit_code == 0, result.output
    assert "1 products indexed (lexical-only)" in result.output
    directory = get_settings().data_dir / "match-index"
    state = json.loads((directory / index_store.STATE_FILE).read_text())
    assert state["products"] == 1 and state["mode"] == "lexical"
    from chuhai.matching.engine.match_index import MatchIndex

    assert MatchIndex.load(directory, embedder=None, mmap=True).product_ids() == [str(world["wig"].id)]
    from sqlalchemy import select

    from chuhai.matching.models import DemandMatch

    assert session.scalars(select(DemandMatch.product_id)).all() == [world["wig"].id]
