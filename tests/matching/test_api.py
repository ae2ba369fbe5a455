"""Matching API: short lists with reasons in the caller's language, decisions, opportunities,
unmet demand and notifications, with the role checks."""

from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("lexical_only")


def token_for(client, user) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def world(session):
    wigs = factories.enterprise(session, contact_email="sales@wigs.example.cn")
    other = factories.enterprise(session, contact_email="sales@other.example.cn")
    wig = factories.product(session, wigs, title_en=None, title_zh="13x4 蕾丝前头套假发 真人发 身体波浪")
    factories.product(session, other, title_zh="陶瓷刹车片", title_en="Ceramic brake pads", category="auto_parts",
                      hs_code="870830")
    buyer = factories.buyer(session, contact_email="jane@ohio.example.com")
    users = {
        "buyer": factories.user(session, "buyer", buyer_id=buyer.id),
        "other_buyer": factories.user(session, "buyer", buyer_id=factories.buyer(session).id),
        "wigs": factories.user(session, "enterprise", enterprise_id=wigs.id),
        "other": factories.user(session, "enterprise", enterprise_id=other.id),
        "operator": factories.user(session, "operator"),
    }
    session.commit()
    return {"wigs_co": wigs, "other_co": other, "wig": wig, "buyer_co": buyer, **users}


def post_demand(client, headers, text="300 pcs 13x4 lace front wigs, human hair body wave"):
    response = client.post("/api/v1/demands", json={"text": text, "quantity": 300, "category": "wigs"},
                           headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_buyer_gets_the_short_list_with_reasons_in_its_language(client, world):
    headers = token_for(client, world["buyer"])
    demand_id = post_demand(client, headers)
    english = client.get(f"/api/v1/demands/{demand_id}/matches", headers={**headers, "Accept-Language": "en"}).json()
    assert english[0]["product_id"] == world["wig"].id and english[0]["rank"] == 1
    assert english[0]["enterprise_contact"] is None
    assert any(r["code"] == "matched_terms" and r["text"].startswith("Matches:") for r in english[0]["reasons"])
    chinese = client.get(f"/api/v1/demands/{demand_id}/matches", headers={**headers, "Accept-Language": "zh-CN"}).json()
    assert any(r["text"].startswith("匹配关键词") for r in chinese[0]["reasons"])
    assert client.get(f"/api/v1/demands/{demand_id}/matches",
                      headers=token_for(client, world["other_buyer"])).status_code == 404


def test_new_demand_notifies_the_fitting_enterprise_and_accepting_shares_contacts(client, world):
    buyer = token_for(client, world["buyer"])
    wigs, other = token_for(client, world["wigs"]), token_for(client, world["other"])
    demand_id = post_demand(client, buyer)
    notes = client.get("/api/v1/notifications", headers=wigs).json()
    assert notes["unread"] == 1 and notes["items"][0]["kind"] == "demand_match"
    assert notes["items"][0]["payload"]["demand_id"] == demand_id
    assert client.get("/api/v1/notifications", headers=other).json()["total"] == 0

    opportunities = client.get("/api/v1/matching/opportunities", headers=wigs).json()
    assert [o["demand_id"] for o in opportunities] == [demand_id]
    assert opportunities[0]["buyer_contact"] is None
    match_id = client.get(f"/api/v1/demands/{demand_id}/matches", headers=buyer).json()[0]["id"]
    # the enterprise cannot accept on the buyer's behalf; another buyer does not even see the match
    decision = f"/api/v1/matches/{match_id}/decision"
    assert client.post(decision, json={"status": "accepted"}, headers=wigs).status_code == 403
    assert client.post(f"/api/v1/matches/{match_id}/decision", json={"status": "accepted"},
                       headers=token_for(client, world["other_buyer"])).status_code == 404
    accepted = client.post(f"/api/v1/matches/{match_id}/decision", json={"status": "accepted"}, headers=buyer)
    assert accepted.status_code == 200
    assert accepted.json()["enterprise_contact"]["email"] == "sales@wigs.example.cn"
    assert client.get("/api/v1/matching/opportunities", headers=wigs).json()[0]["buyer_contact"]["email"] == \
        "jane@ohio.example.com"
    kinds = [n["kind"] for n in client.get("/api/v1/notifications", headers=wigs).json()["items"]]
    assert kinds == ["match_accepted", "demand_match"]
    assert client.post("/api/v1/notifications/read", headers=wigs).json() == {"marked": 2}
    assert client.get("/api/v1/notifications", headers=wigs).json()["unread"] == 0


def test_unmatched_is_for_the_operator(client, world):
    buyer = token_for(client, world["buyer"])
    demand_id = post_demand(client, buyer, text="industrial espresso machines for cafes")
    assert client.get("/api/v1/matching/unmatched", headers=buyer).status_code == 403
    assert client.get("/api/v1/matching/unmatched", headers=token_for(client, world["wigs"])).status_code == 403
    groups = client.get("/api/v1/matching/unmatched", headers=token_for(client, world["operator"])).json()
    assert demand_id in {d["demand_id"] for g in groups for d in g["demands"]}


def test_opportunities_are_for_enterprises_and_the_operator(client, world):
    assert client.get("/api/v1/matching/opportunities", headers=token_for(client, world["buyer"])).status_code == 403
    operator = token_for(client, world["operator"])
    assert client.get("/api/v1/matching/opportunities", headers=operator).status_code == 422
    response = client.get(f"/api/v1/matching/opportunities?enterprise_id={world['wigs_co'].id}", headers=operator)
    assert response.status_code == 200
