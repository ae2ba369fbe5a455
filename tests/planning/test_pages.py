"""Planning pages: who may open them, both languages, and the planner page shows the engine's numbers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from chuhai.demand.models import OrderLine
from chuhai.planning import service
from chuhai.planning.engine.landed_cost import evaluate
from tests import factories
from tests.conftest import login, page_csrf


@pytest.fixture
def world(session):
    mine = factories.enterprise(session, export_markets=["US", "GB"], export_channels=["amazon"])
    theirs = factories.enterprise(session)
    wig = factories.product(session, mine, weight_kg=Decimal("0.4"), length_cm=Decimal(30), width_cm=Decimal(20),
                            height_cm=Decimal(10), price_tiers=[(10, Decimal("42.00"))])
    other = factories.product(session, theirs, weight_kg=Decimal("1"), length_cm=Decimal(20), width_cm=Decimal(20),
                              height_cm=Decimal(20))
    new_sku = factories.product(session, mine, sku="NEW-1", weight_kg=Decimal("0.3"), length_cm=Decimal(20),
                                width_cm=Decimal(15), height_cm=Decimal(8))
    start = dt.date(2026, 1, 5)
    for week in range(40):
        for day in (0, 3):
            session.add(OrderLine(source="test", external_ref=f"w{week}d{day}", product_id=wig.id,
                                  order_date=start + dt.timedelta(weeks=week, days=day), channel="amazon",
                                  country="US", units=3 + week % 4, unit_price=Decimal("129.00"), currency="USD"))
    users = {
        "operator": factories.user(session, "operator"),
        "member": factories.user(session, "enterprise", enterprise_id=mine.id),
        "buyer": factories.user(session, "buyer", buyer_id=factories.buyer(session).id),
    }
    session.commit()
    return {"mine": mine, "theirs": theirs, "wig": wig, "other": other, "new": new_sku, **users}


def _as(client, user, lang="en"):
    login(client, user.email)
    client.get(f"/lang/{lang}")


@pytest.mark.parametrize("lang, words", [("en", "Export planner"), ("zh_CN", "出海方案")])
def test_planner_renders_for_the_owner_in_both_languages(client, world, lang, words):
    _as(client, world["member"], lang)
    page = client.get(f"/planning/landed-cost?product_id={world['wig'].id}")
    assert page.status_code == 200
    assert words in page.text
    assert 'data-testid="planner-table"' in page.text and 'data-testid="planner-chart"' in page.text
    assert "data-option=" in page.text
    assert re.search(r'data-chart="[^"]*series[^"]*stack', page.text)  # a stacked breakdown, not an empty spec


def test_enterprise_cannot_plan_another_enterprises_product(client, world):
    _as(client, world["member"])
    assert client.get(f"/planning/landed-cost?product_id={world['other'].id}").status_code == 404
    body = {"product_id": world["other"].id}
    assert client.post("/api/v1/planning/landed-cost", json=body,
                       headers={"X-CSRF-Token": page_csrf(client)}).status_code == 404


def test_operator_plans_any_product_and_buyer_may_not(client, world):
    _as(client, world["operator"])
    assert client.get(f"/planning/landed-cost?product_id={world['other'].id}").status_code == 200
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    _as(client, world["buyer"])
    assert client.get(f"/planning/landed-cost?product_id={world['wig'].id}").status_code == 403
    assert client.get("/planning/warehouse").status_code == 403
    assert client.get("/planning/reference").status_code == 200  # read-only for everyone


def _options(html: str) -> set[str]:
    picker = html.split('data-testid="planner-product"', 1)[1].split("</select>", 1)[0]
    return set(re.findall(r'<option value="(\d+)"', picker))


def test_the_planner_product_list_is_searchable_and_says_when_it_is_cut(client, world, monkeypatch):
    _as(client, world["operator"])
    every = _options(client.get("/planning/landed-cost").text)
    assert {str(world[k].id) for k in ("wig", "other", "new")} <= every
    assert _options(client.get("/planning/landed-cost", params={"q": "new-1"}).text) == {str(world["new"].id)}
    assert "No product matches" in client.get("/planning/landed-cost", params={"q": "nothing like it"}).text
    monkeypatch.setattr(service, "PLANNER_PICK_LIMIT", 2)
    cut = client.get("/planning/landed-cost").text
    assert len(_options(cut)) == 2 and 'data-testid="planner-list-cut"' in cut
    # A product reached from its own page stays selected even when the list is cut before it.
    chosen = client.get("/planning/landed-cost", params={"product_id": world["new"].id}).text
    assert f'<option value="{world["new"].id}" selected' in chosen


def test_planner_page_shows_the_engines_result_for_the_same_input(client, world):
    _as(client, world["member"])
    wig = world["wig"]
    query = ("&o_destination=US&o_channel=amazon&o_route=air&o_customs_mode=9810&o_selling_price=129&o_currency=USD"
             "&o_destination=GB&o_channel=amazon&o_route=sea&o_customs_mode=9610&o_selling_price=99&o_currency=GBP")
    page = client.get(f"/planning/landed-cost?product_id={wig.id}{query}")
    assert page.status_code == 200
    expected = evaluate({
        "sku": {"unit_cost_cny": str((Decimal("42.00") * Decimal("7.10")).quantize(Decimal("0.01"))),
                "weight_kg": "0.4", "length_cm": "30", "width_cm": "20", "height_cm": "10", "hs_code": "670420"},
        "ship_date": dt.date.today().isoformat(),
        "options": [
            {"id": "1-US-air-9810", "destination": "US", "channel": "amazon", "route": "air", "customs_mode": "9810",
             "selling_price": "129", "currency": "USD"},
            {"id": "2-GB-sea-9610", "destination": "GB", "channel": "amazon", "route": "sea", "customs_mode": "9610",
             "selling_price": "99", "currency": "GBP"}]})
    shown_order = re.findall(r'data-option="([^"]+)"', page.text)
    assert shown_order == [r.option.id for r in expected]
    landed = re.findall(r'data-field="landed_cost">([^<]+)<', page.text)
    margins = re.findall(r'data-field="margin">([^<]+)<', page.text)
    assert [Decimal(x.replace(",", "")) for x in landed] == [r.landed_cost_cny for r in expected]
    assert [Decimal(x.replace(",", "")) for x in margins] == [r.margin_cny for r in expected]


def test_default_options_cover_top_markets_routes_and_modes(session, world):
    wig = service.plannable_product(session, service_principal(world["member"]), world["wig"].id)
    options = service.default_options(session, wig, service.unit_cost_cny(wig))
    assert {o["destination"] for o in options} == {"US", "GB"}  # sales first, then the enterprise's markets
    assert {o["route"] for o in options} == {"air", "sea", "express"}
    assert {o["customs_mode"] for o in options} == {"9610", "9810"}
    us = next(o for o in options if o["destination"] == "US")
    assert (us["selling_price"], us["currency"]) == ("129.00", "USD")  # the product's recent US price


def service_principal(user):
    from chuhai.accounts.service import principal_of

    return principal_of(user)


def test_reference_edit_is_audited_and_changes_the_next_calculation(client, session, world):
    _as(client, world["member"])
    query = "&o_destination=US&o_channel=amazon&o_route=air&o_customs_mode=9810&o_selling_price=129&o_currency=USD"
    url = f"/planning/landed-cost?product_id={world['wig'].id}{query}"
    before = re.search(r'data-component="international_freight">([^<]+)<', client.get(url).text).group(1)
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    _as(client, world["operator"])
    token = page_csrf(client, "/planning/reference")
    response = client.post("/planning/reference", data={"figure": "routes.air.US", "value": "76", "note": "Q4 peak",
                                                        "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    page = client.get("/planning/reference?group=Freight")
    assert "Q4 peak" in page.text and "routes.air.US" in page.text
    from sqlalchemy import select

    from chuhai.accounts.models import AuditLog

    session.expire_all()
    audit = session.scalars(select(AuditLog).where(AuditLog.entity == "planning_reference_edits")).all()
    assert audit and audit[-1].user_id == world["operator"].id
    after = re.search(r'data-component="international_freight">([^<]+)<', client.get(url).text).group(1)
    assert Decimal(after.replace(",", "")) == 2 * Decimal(before.replace(",", ""))  # 38 → 76 CNY per kg


def test_only_the_operator_edits_reference_data(client, world):
    _as(client, world["member"])
    page = client.get("/planning/reference")
    assert page.status_code == 200 and 'name="value"' not in page.text
    response = client.post("/planning/reference", data={"figure": "fx.USD", "value": "1",
                                                        "csrf_token": page_csrf(client)})
    assert response.status_code == 403


@pytest.mark.parametrize("lang, words", [("en", "Recommended shipments"), ("zh_CN", "建议发货")])
def test_warehouse_plan_renders_with_a_forecast(client, world, lang, words):
    _as(client, world["member"], lang)
    page = client.get("/planning/warehouse")
    assert page.status_code == 200 and words in page.text
    assert 'data-testid="warehouse-chart"' in page.text
    assert f'data-sku="{world["wig"].id}"' in page.text and f'data-sku="{world["new"].id}"' in page.text


def test_warehouse_of_another_enterprise_is_not_found_and_operator_picks_one(client, world):
    _as(client, world["member"])
    assert client.get(f"/planning/warehouse?enterprise_id={world['theirs'].id}").status_code == 404
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    _as(client, world["operator"])
    page = client.get("/planning/warehouse")
    assert page.status_code == 200 and 'data-testid="warehouse-enterprise"' in page.text
    page = client.get(f"/planning/warehouse?enterprise_id={world['mine'].id}")
    assert 'data-testid="warehouse-table"' in page.text


def test_on_hand_entry_is_stored_and_used(client, world):
    _as(client, world["member"])
    token = page_csrf(client, "/planning/warehouse")
    response = client.post("/planning/warehouse/stock", data={"product_id": world["wig"].id, "on_hand": "900",
                                                              "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    plan = client.get("/api/v1/planning/warehouse").json()
    wig = next(s for s in plan["skus"] if s["product_id"] == str(world["wig"].id))
    assert wig["on_hand"] == 900 and wig["on_hand_entered"] is True
    assert wig["slow_mover"] is True  # 900 units is years of this SKU's sales
    other = client.post("/planning/warehouse/stock", data={"product_id": world["other"].id, "on_hand": "5",
                                                           "csrf_token": token}, follow_redirects=False)
    assert other.status_code == 404


def test_new_sku_gets_a_test_batch(client, world):
    _as(client, world["member"])
    plan = client.get("/api/v1/planning/warehouse").json()
    new = next(s for s in plan["skus"] if s["product_id"] == str(world["new"].id))
    assert new["action"] == "test_batch" and 30 <= new["order_quantity"] <= 50
    assert len(new["forecast_weekly"]) == 12


def test_product_detail_links_to_the_planner_for_its_owner(client, world):
    _as(client, world["member"])
    assert f"/planning/landed-cost?product_id={world['wig'].id}" in client.get(f"/products/{world['wig'].id}").text


def test_missing_dimensions_are_asked_for_and_can_be_entered(client, session, world):
    bare = factories.product(session, world["mine"], sku="BARE-1")
    session.commit()
    _as(client, world["member"])
    page = client.get(f"/planning/landed-cost?product_id={bare.id}")
    assert page.status_code == 200 and 'data-testid="planner-error"' in page.text and "data-option=" not in page.text
    filled = client.get(f"/planning/landed-cost?product_id={bare.id}&weight_kg=0.5&length_cm=30&width_cm=20"
                        "&height_cm=10")
    assert "data-option=" in filled.text and 'data-testid="planner-error"' not in filled.text
