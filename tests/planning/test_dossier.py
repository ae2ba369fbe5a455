"""The export dossier (出海方案书): who may download it, what the PDF says in both languages, and that its
numbers are the engines' numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from chuhai.accounts.service import principal_of
from chuhai.demand.models import OrderLine
from chuhai.markets.service import country_name
from chuhai.matching import index_store
from chuhai.matching import repository as matching_repository
from chuhai.matching import service as matching_service
from chuhai.planning import dossier as dossier_module
from chuhai.planning import service
from chuhai.planning.dossier import export_dossier
from tests import factories
from tests.conftest import login, page_csrf


@pytest.fixture
def world(session):
    belt = factories.belt(session, name_zh="青岛即墨发制品产业带", name_en="Jimo hair products belt")
    mine = factories.enterprise(session, export_markets=["US", "GB"], export_channels=["amazon"], belt_id=belt.id,
                                certifications=["ISO 9001"])
    theirs = factories.enterprise(session)
    wig = factories.product(session, mine, sku="QD-WIG-001", weight_kg=Decimal("0.4"), length_cm=Decimal(30),
                            width_cm=Decimal(20), height_cm=Decimal(10), price_tiers=[(10, Decimal("42.00"))])
    bare = factories.product(session, mine, sku="QD-BARE-002")  # no weight, no dimensions, no sales
    other = factories.product(session, theirs, weight_kg=Decimal("1"), length_cm=Decimal(20), width_cm=Decimal(20),
                              height_cm=Decimal(20))
    start = dt.date(2026, 1, 5)
    for week in range(30):
        session.add(OrderLine(source="test", external_ref=f"us{week}", product_id=wig.id,
                              order_date=start + dt.timedelta(weeks=week), channel="amazon", country="US",
                              units=4, unit_price=Decimal("129.00"), currency="USD"))
        if week % 3 == 0:
            session.add(OrderLine(source="test", external_ref=f"gb{week}", product_id=wig.id,
                                  order_date=start + dt.timedelta(weeks=week, days=1), channel="amazon",
                                  country="GB", units=2, unit_price=Decimal("99.00"), currency="GBP"))
    # More than 12 months before its latest sale: not part of "where it sells".
    session.add(OrderLine(source="test", external_ref="old-fr", product_id=wig.id, order_date=dt.date(2024, 6, 3),
                          channel="amazon", country="FR", units=500, unit_price=Decimal("110.00"), currency="EUR"))
    wanted = factories.demand(session, text="Need 300 pcs 13x4 lace front wigs, human hair, body wave, for salons",
                              quantity=300, destination_country="US", deadline=dt.date.today() + dt.timedelta(days=40))
    users = {
        "operator": factories.user(session, "operator"),
        "member": factories.user(session, "enterprise", enterprise_id=mine.id),
        "stranger": factories.user(session, "enterprise", enterprise_id=theirs.id),
        "buyer": factories.user(session, "buyer", buyer_id=factories.buyer(session).id),
    }
    session.commit()
    return {"mine": mine, "wig": wig, "bare": bare, "other": other, "demand": wanted, **users}


def _as(client, user, lang="en"):
    login(client, user.email)
    client.get(f"/lang/{lang}")


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _pdf(client, product_id: int):
    response = client.get(f"/planning/products/{product_id}/dossier.pdf")
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return response, pdf_text(response.content)


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("lang, own, foreign", [
    ("zh_CN", ["出海方案书", "产品概况", "出口方案", "销售市场", "海外仓", "美国", "英国", "青岛即墨发制品产业带"],
     ["Product facts", "Where it sells"]),
    ("en", ["Export dossier", "Product facts", "Export options", "Where it sells", "Overseas warehouse",
            "United States", "United Kingdom", "Jimo hair products belt"], ["产品概况", "销售市场"]),
])
def test_the_owner_downloads_the_dossier_in_the_ui_language(client, world, lang, own, foreign):
    _as(client, world["member"], lang)
    response, text = _pdf(client, world["wig"].id)
    assert response.headers["content-disposition"] == f'attachment; filename="chuhai-dossier-QD-WIG-001-{lang}.pdf"'
    flat = re.sub(r"\s+", " ", text)
    assert "QD-WIG-001" in flat and "670420" in flat
    assert all(word in flat for word in own), [word for word in own if word not in flat]
    assert not any(word in flat for word in foreign)
    assert len(re.findall(rb"/Subtype\s*/Image", response.content)) >= 2  # the cost and the sales charts


def test_only_the_owner_and_the_operator_get_the_dossier(client, world):
    _as(client, world["stranger"])
    assert client.get(f"/planning/products/{world['wig'].id}/dossier.pdf").status_code == 404
    assert client.get("/planning/products/999999/dossier.pdf").status_code == 404
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    _as(client, world["buyer"])
    assert client.get(f"/planning/products/{world['wig'].id}/dossier.pdf").status_code == 403
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    _as(client, world["operator"])
    _pdf(client, world["other"].id)


def test_the_best_option_is_the_engines_best_for_the_planner_defaults(client, session, world):
    wig = service.plannable_product(session, principal_of(world["member"]), world["wig"].id)
    sku = service.sku_values(wig)
    expected, _request = service.run_planner(session, sku, service.default_options(session, wig, sku["unit_cost_cny"]))
    best = expected[0]

    data = export_dossier(session, principal_of(world["member"]), wig.id)["options"]
    assert [r["id"] for r in data["results"]] == [r.option.id for r in expected]
    assert data["results"][0]["margin_cny"] == best.margin_cny
    assert data["results"][0]["landed_cost_cny"] == best.landed_cost_cny

    _as(client, world["member"], "en")
    _response, text = _pdf(client, wig.id)
    shown = re.search(r"Best option: (.+?), margin ([\d,.-]+) CNY per unit \(([\d.,-]+)%\)", re.sub(r"\s+", " ", text))
    assert shown, text[:2000]
    assert Decimal(shown.group(2).replace(",", "")) == best.margin_cny
    assert Decimal(shown.group(3).replace(",", "")) == best.margin_pct
    assert shown.group(1).startswith(country_name(best.option.destination, "en"))
    assert shown.group(1).endswith(best.option.customs_mode)


def test_a_product_without_weight_or_dimensions_still_gets_a_dossier_naming_them(client, session, world):
    data = export_dossier(session, principal_of(world["member"]), world["bare"].id)["options"]
    assert data["missing"] == ["weight_kg", "length_cm", "width_cm", "height_cm"] and data["results"] == []
    _as(client, world["member"], "en")
    _response, text = _pdf(client, world["bare"].id)
    flat = re.sub(r"\s+", " ", text)
    assert "Fill in the product's Weight (kg), Length (cm), Width (cm), Height (cm)" in flat
    assert "Best option" not in flat
    client.get("/lang/zh_CN")
    _response, text = _pdf(client, world["bare"].id)
    assert "重量（千克）" in text and "高（厘米）" in text


def test_where_it_sells_counts_the_last_twelve_months_in_usd_and_says_when_there_are_no_sales(session, world):
    member = principal_of(world["member"])
    sales = export_dossier(session, member, world["wig"].id)["sales"]
    by_country = {c["country"]: c for c in sales["countries"]}
    assert list(by_country) == ["US", "GB"]  # by revenue; FR sold only more than 12 months before the last sale
    assert by_country["US"]["units"] == 120 and by_country["US"]["revenue_usd"] == Decimal("15480.00")
    assert by_country["GB"]["units"] == 20
    assert Decimal("99") * Decimal("1.1") < by_country["GB"]["avg_price_usd"] < Decimal("99") * Decimal("1.5")
    assert sales["period"][1] == dt.date(2026, 1, 5) + dt.timedelta(weeks=29)

    none = export_dossier(session, member, world["bare"].id)
    assert none["sales"]["countries"] == [] and none["sales"]["note"] == dossier_module.NO_SALES
    assert none["product"]["sku"] == "QD-BARE-002" and none["options"]["results"] == []


def test_open_demands_come_from_stored_or_live_reverse_search_and_their_absence_is_said(client, session, world,
                                                                                     monkeypatch):
    member = principal_of(world["member"])
    demands = export_dossier(session, member, world["wig"].id)["demands"]
    assert demands["source"] == "matching" and demands["note"] is None
    item = next(d for d in demands["items"] if d["ref"] == world["demand"].ref)
    assert item["destination"] == "US" and item["quantity"] == 300 and item["reasons_en"] and item["reasons_zh"]
    assert item["reasons_zh"] != item["reasons_en"]

    matching_service.store_fits(session, products=[world["wig"].id])  # what writing the product through a flow does
    session.commit()

    def broken(*_args, **_kwargs):
        raise RuntimeError("index directory unreadable")

    monkeypatch.setattr(index_store, "index_for", broken)
    # the fits stored when the product was written are read without the index
    stored = export_dossier(session, member, world["wig"].id)["demands"]
    assert stored["note"] is None and world["demand"].ref in [d["ref"] for d in stored["items"]]
    # a product never searched (written in bulk) is searched now: without the index, the dossier says so
    matching_repository.forget_fits(session, [world["wig"].id])
    session.commit()
    assert export_dossier(session, member, world["wig"].id)["demands"]["note"] == dossier_module.MATCHING_UNAVAILABLE
    _as(client, world["member"], "en")
    _response, text = _pdf(client, world["wig"].id)
    assert "The matching index is unavailable" in re.sub(r"\s+", " ", text)


def test_the_planner_and_the_product_page_link_to_the_dossier(client, world):
    href = f'href="/planning/products/{world["wig"].id}/dossier.pdf"'
    _as(client, world["member"], "zh_CN")
    planner = client.get(f"/planning/landed-cost?product_id={world['wig'].id}").text
    assert href in planner and "出海方案书（PDF）" in planner
    assert href in client.get(f"/products/{world['wig'].id}").text
    assert "dossier.pdf" not in client.get("/planning/landed-cost").text  # no product picked
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    _as(client, world["buyer"], "en")
    assert "dossier.pdf" not in client.get(f"/products/{world['wig'].id}").text
