"""Planning JSON API: role checks, the planner's contract output, HS suggestion, reference edits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.planning.engine.cost import COMPONENTS
from tests import factories
from tests.conftest import PASSWORD


def token_for(client, user) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def world(session):
    mine = factories.enterprise(session, export_markets=["DE"])
    theirs = factories.enterprise(session)
    wig = factories.product(session, mine, weight_kg=Decimal("0.4"), length_cm=Decimal(30), width_cm=Decimal(20),
                            height_cm=Decimal(10))
    other = factories.product(session, theirs, weight_kg=Decimal("1"), length_cm=Decimal(20), width_cm=Decimal(20),
                              height_cm=Decimal(20))
    users = {"operator": factories.user(session, "operator"),
             "member": factories.user(session, "enterprise", enterprise_id=mine.id),
             "buyer": factories.user(session, "buyer", buyer_id=factories.buyer(session).id)}
    session.commit()
    return {"mine": mine, "theirs": theirs, "wig": wig, "other": other, **users}


def test_planner_api_returns_the_contract_best_margin_first(client, world):
    headers = token_for(client, world["member"])
    response = client.post("/api/v1/planning/landed-cost", json={"product_id": world["wig"].id}, headers=headers)
    assert response.status_code == 200
    options = response.json()["options"]
    assert {o["destination"] for o in options} >= {"DE"}
    assert [o["margin_cny"] for o in options] == sorted((o["margin_cny"] for o in options), reverse=True)
    for option in options:
        assert [c["name"] for c in option["components"]] == list(COMPONENTS)
        assert round(sum(c["amount_cny"] for c in option["components"]), 2) == option["landed_cost_cny"]


def test_planner_api_names_the_bad_field(client, world):
    headers = token_for(client, world["member"])
    body = {"product_id": world["wig"].id, "options": [
        {"id": "x", "destination": "US", "channel": "amazon", "route": "rail", "customs_mode": "9810",
         "selling_price": 100, "currency": "USD"}]}
    response = client.post("/api/v1/planning/landed-cost", json=body, headers=headers)
    assert response.status_code == 422
    assert "options[0].route" in response.text


def test_planner_and_warehouse_api_check_roles(client, world):
    member = token_for(client, world["member"])
    assert client.post("/api/v1/planning/landed-cost", json={"product_id": world["other"].id},
                       headers=member).status_code == 404
    assert client.get(f"/api/v1/planning/warehouse?enterprise_id={world['theirs'].id}",
                      headers=member).status_code == 404
    buyer = token_for(client, world["buyer"])
    assert client.post("/api/v1/planning/landed-cost", json={"product_id": world["wig"].id},
                       headers=buyer).status_code == 403
    assert client.get("/api/v1/planning/warehouse", headers=buyer).status_code == 403
    operator = token_for(client, world["operator"])
    plan = client.get(f"/api/v1/planning/warehouse?enterprise_id={world['mine'].id}", headers=operator)
    assert plan.status_code == 200 and len(plan.json()["skus"]) == 1


@pytest.mark.parametrize("text, code", [("human hair lace front wig", "670420"), ("刹车片", "870830")])
def test_hs_suggest_api_and_fragment_put_the_expected_code_first(client, world, text, code):
    headers = token_for(client, world["buyer"])
    suggestions = client.get("/api/v1/hs/suggest", params={"text": text, "top": 3}, headers=headers).json()
    assert len(suggestions) == 3 and suggestions[0]["code"] == code and suggestions[0]["description"]
    assert suggestions[0]["score"] >= suggestions[1]["score"]
    fragment = client.get("/planning/hs-suggest", params={"text": text}, headers=headers)
    assert fragment.status_code == 200
    assert fragment.text.index(f'data-testid="hs-pick-{code}"') < fragment.text.index("hs-pick-", fragment.text.index(
        f'data-testid="hs-pick-{code}"') + 10)


def test_hs_pick_fills_the_field(client, world):
    headers = token_for(client, world["member"])
    fragment = client.get("/planning/hs-suggest/pick", params={"code": "670420"}, headers=headers)
    assert 'id="f-hs_code"' in fragment.text and 'value="670420"' in fragment.text and 'name="hs_code"' in fragment.text


def test_hs_suggest_needs_a_signed_in_user(client):
    assert client.get("/api/v1/hs/suggest", params={"text": "wig"}).status_code == 401


def test_reference_edit_via_api_is_operator_only_and_applies(client, world):
    member = token_for(client, world["member"])
    assert client.put("/api/v1/planning/reference/fx.EUR", json={"value": "9"}, headers=member).status_code == 403
    operator = token_for(client, world["operator"])
    assert client.put("/api/v1/planning/reference/fx.XXX", json={"value": "9"}, headers=operator).status_code == 404
    assert client.put("/api/v1/planning/reference/fx.EUR", json={"value": "-1"}, headers=operator).status_code == 422
    body = {"product_id": world["wig"].id, "options": [
        {"id": "de", "destination": "DE", "channel": "amazon", "route": "air", "customs_mode": "9810",
         "selling_price": 100, "currency": "EUR"}]}
    before = client.post("/api/v1/planning/landed-cost", json=body, headers=member).json()["options"][0]
    edit = client.put("/api/v1/planning/reference/fx.EUR", json={"value": "9.00", "note": "test"}, headers=operator)
    assert edit.status_code == 200 and edit.json()["previous_value"] == "8.22"
    after = client.post("/api/v1/planning/landed-cost", json=body, headers=member).json()["options"][0]
    assert before["selling_price_cny"] == 822 and after["selling_price_cny"] == 900
    figures = client.get("/api/v1/planning/reference", headers=member).json()["figures"]
    eur = next(f for f in figures if f["key"] == "fx.EUR")
    assert eur["value"] == "9.00" and eur["shipped_value"] == "8.22" and eur["edited_at"]


def test_the_product_forms_fragment_asks_the_question_and_learns_from_confirmed_products(client, world, session):
    headers = token_for(client, world["member"])
    fragment = client.get("/planning/hs-suggest", params={"text": "Women trousers"}, headers=headers)
    assert 'data-testid="hs-question"' in fragment.text
    question = fragment.text[fragment.text.index('data-testid="hs-question"'):]
    assert "pick?code=620462" in question and "pick?code=610462" in question  # woven and knitted candidates
    text = "招财猫摆件 树脂 店铺开业"
    assert client.get("/api/v1/hs/suggest", params={"text": text, "top": 1}, headers=headers).json()[0]["code"] \
        != "392640"
    # an imported code nobody confirmed is no evidence
    titles = {"title_zh": "树脂招财猫摆件 开业礼品", "title_en": "Resin lucky cat figurine"}
    factories.product(session, world["theirs"], hs_code="392640", **titles)
    session.commit()
    assert client.get("/api/v1/hs/suggest", params={"text": text, "top": 1}, headers=headers).json()[0]["code"] \
        != "392640"
    # the enterprise saves its product with the code: confirmed, and the next suggestion learns from it
    saved = client.post("/api/v1/products", headers=headers, json={
        "sku": "LC-1", "category": "furniture", "hs_code": "392640", **titles})
    assert saved.status_code == 201 and saved.json()["hs_code_source"] == "confirmed"
    assert client.get("/api/v1/hs/suggest", params={"text": text, "top": 1}, headers=headers).json()[0]["code"] \
        == "392640"
    # the operator corrects it: the correction is the top suggestion for a near-identical title
    operator = token_for(client, world["operator"])
    corrected = client.put(f"/api/v1/products/{saved.json()['id']}", headers=operator, json={
        "sku": "LC-1", "category": "furniture", "hs_code": "691390", **titles})
    assert corrected.status_code == 200 and corrected.json()["hs_code_source"] == "corrected"
    assert client.get("/api/v1/hs/suggest", params={"text": text, "top": 1}, headers=headers).json()[0]["code"] \
        == "691390"
