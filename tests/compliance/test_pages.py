"""Where users meet the requirements: the product page's checklist, the planner, the export dossier (both
languages), the operator's audited edits, matching and the feedback report's flags."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from chuhai.accounts.models import AuditLog
from chuhai.catalog.models import Certification
from chuhai.demand.models import OrderLine
from chuhai.insight.compliance import market_gaps
from chuhai.insight.service import load_scope
from chuhai.matching import service as matching
from chuhai.matching.reasons import format_reason
from tests import factories
from tests.conftest import login, page_csrf
from tests.planning.test_dossier import pdf_text


@pytest.fixture
def world(session):
    maker = factories.enterprise(session, export_markets=["US", "GB"], export_channels=["amazon"],
                                 certifications=["ASTM F963"])
    # an expired Children's Product Certificate stops counting the day after it ends
    session.add(Certification(enterprise_id=maker.id, name="CPC", valid_until=dt.date.today() - dt.timedelta(days=1)))
    slide = factories.product(session, maker, sku="SLIDE-1", title_zh="儿童塑料滑梯屋",
                              title_en="Kids plastic slide house",
                              category="playground", hs_code="950699", certifications=["EN71"],
                              weight_kg=Decimal("48"), length_cm=Decimal(200), width_cm=Decimal(150),
                              height_cm=Decimal(140), price_tiers=[(10, Decimal("180.00"))])
    users = {"operator": factories.user(session, "operator"),
             "member": factories.user(session, "enterprise", enterprise_id=maker.id)}
    session.commit()
    return {"maker": maker, "slide": slide, **users}


def _as(client, user, lang="en"):
    login(client, user.email)
    client.get(f"/lang/{lang}")


def _row(html: str, code: str) -> str:
    match = re.search(rf'<tr data-requirement="{code}">(.*?)</tr>', html, re.S)
    assert match, code
    return match.group(1)


@pytest.mark.parametrize("lang, words", [("en", ["Market requirements", "Children&#39;s Product Certificate (CPC)",
                                                  "Met: ASTM F963", "Missing", "category playground"]),
                                          ("zh_CN", ["市场准入要求", "儿童产品证书（CPC）", "已满足：ASTM F963", "缺失",
                                                     "类目 playground（玩具和儿童用品）"])])
def test_the_product_page_shows_a_readiness_checklist_per_target_market(client, world, lang, words):
    _as(client, world["member"], lang)
    page = client.get(f"/products/{world['slide'].id}?market=EU")
    assert page.status_code == 200
    for word in words:
        assert word in page.text, word
    markets = re.findall(r'data-market="(\w+)"', page.text)
    assert markets == ["EU", "US", "GB"]  # the asked market, then the enterprise's export markets
    us = page.text.split('data-market="US"')[1].split("</details>")[0]
    assert "badge bad" in _row(us, "US_CPSIA_CPC")  # the expired CPC does not count
    assert "badge info" in _row(us, "US_CPSIA_TRACKING_LABEL")  # a labelling task to do, not a missing certificate
    assert ("Met: ASTM F963" if lang == "en" else "已满足：ASTM F963") in _row(us, "US_ASTM_F963")
    eu = page.text.split('data-market="EU"')[1].split("</details>")[0]
    assert ("Met: EN71" if lang == "en" else "已满足：EN71") in _row(eu, "EU_TOY_SAFETY_CE")


def test_a_buyer_sees_the_checklist_too(client, session, world):
    buyer = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    session.commit()
    _as(client, buyer)
    page = client.get(f"/products/{world['slide'].id}")
    assert 'data-testid="compliance-readiness"' in page.text and 'data-requirement="US_CPSIA_CPC"' in page.text


@pytest.mark.parametrize("lang, heading, missing", [("en", "Market requirements", "requirements missing"),
                                                    ("zh_CN", "市场准入要求", "项要求")])
def test_the_planner_shows_each_options_market_requirements_and_the_gap(client, world, lang, heading, missing):
    _as(client, world["member"], lang)
    query = ("&o_destination=US&o_channel=amazon&o_route=sea&o_customs_mode=9810&o_selling_price=499&o_currency=USD"
             "&o_destination=DE&o_channel=amazon&o_route=sea&o_customs_mode=9810&o_selling_price=459&o_currency=EUR")
    page = client.get(f"/planning/landed-cost?product_id={world['slide'].id}{query}")
    assert page.status_code == 200 and 'data-testid="planner-table"' in page.text
    assert heading in page.text and missing in page.text
    badges = re.findall(r'data-testid="compliance-(\d+-\w+-[^"]+)">([^<]+)<', page.text)
    assert {option.split("-")[1] for option, _text in badges} == {"US", "DE"}
    assert sorted(re.findall(r'data-market="(\w+)"', page.text)) == ["DE", "US"]  # best margin first
    assert 'data-requirement="EU_GPSR_RESPONSIBLE_PERSON"' in page.text
    summary = page.text.split('data-testid="gap-US"')[1].split("</summary>")[0]
    assert re.search(r"USD 600–4,000|600–4,000 美元", summary)  # the gap's typical cost: CPC + third-party testing


@pytest.mark.parametrize("lang, words", [("en", ["6. Market requirements", "US_CPSIA_CPC", "Met: ASTM F963"]),
                                          ("zh_CN", ["6. 市场准入要求", "US_CPSIA_CPC", "已满足：ASTM F963"])])
def test_the_dossier_has_a_compliance_section(client, world, lang, words):
    _as(client, world["member"], lang)
    response = client.get(f"/planning/products/{world['slide'].id}/dossier.pdf")
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())  # table cells wrap
    for word in words:
        assert word in text, word


def test_the_operator_edits_a_requirement_audited_and_checklists_follow(client, session, world):
    _as(client, world["operator"])
    page = client.get("/compliance/requirements?market=us")
    assert page.status_code == 200 and 'data-requirement="US_CPSIA_CPC"' in page.text
    assert 'data-requirement="EU_REACH"' not in page.text
    token = page_csrf(client, "/compliance/requirements")
    response = client.post("/compliance/requirements", data={
        "code": "US_CPSIA_CPC", "field": "cost_usd", "value": "450-1800", "note": "lab quotes 2026",
        "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    history = client.get("/compliance/requirements").text
    assert "lab quotes 2026" in history and "300-1500" in history and "450-1800" in history
    session.expire_all()
    audit = session.scalars(select(AuditLog).where(AuditLog.entity == "compliance_requirement_edits")).all()
    assert audit and audit[-1].user_id == world["operator"].id
    product = client.get(f"/products/{world['slide'].id}").text
    assert "450–1,800" in _row(product, "US_CPSIA_CPC")
    bad = client.post("/compliance/requirements", data={"code": "US_CPSIA_CPC", "field": "cost_usd",
                                                        "value": "lots", "csrf_token": token})
    assert bad.status_code == 422
    assert client.post("/compliance/requirements", data={"code": "NOPE", "field": "mandatory", "value": "true",
                                                         "csrf_token": token}).status_code == 404


def test_only_the_operator_edits_requirements(client, world):
    _as(client, world["member"])
    page = client.get("/compliance/requirements")
    assert page.status_code == 200 and 'name="value"' not in page.text
    response = client.post("/compliance/requirements", data={"code": "US_PROP65", "field": "mandatory",
                                                             "value": "false", "csrf_token": page_csrf(client)})
    assert response.status_code == 403


def test_matching_turns_the_destination_into_requirements(session, world, lexical_only, tmp_path):
    certified_maker = factories.enterprise(session, certifications=["CPC", "ASTM F963", "CPSIA"])
    certified = factories.product(session, certified_maker, sku="SLIDE-2", title_zh="儿童塑料滑梯屋",
                                  title_en="Kids plastic slide house", category="playground", hs_code="950699",
                                  certifications=[])
    buyer = factories.buyer(session, country="US")
    plain = factories.demand(session, buyer, text="kids plastic slide house", category="playground",
                             destination_country="US", required_certifications=[])
    strict = factories.demand(session, buyer, text="kids plastic slide house", category="playground",
                              destination_country="US", required_certifications=["us_cpsia_cpc"])
    session.commit()
    rows = matching.compute_matches(session, [plain, strict], data_dir=tmp_path / "var")
    by_product = {row.product_id: row for row in rows[plain.id]}
    gap = next(r for r in by_product[world["slide"].id].reasons if r["code"] == "market_requirements_missing")
    assert gap["market"] == "US" and "US_CPSIA_CPC" in gap["requirements"]
    assert "US_ASTM_F963" not in gap["requirements"]  # met by the enterprise's certificate
    assert "US_COO_MARKING" not in gap["requirements"]  # a labelling task, not a certificate on file
    assert any(r["code"] == "market_requirements_met" for r in by_product[certified.id].reasons)
    assert by_product[certified.id].score > by_product[world["slide"].id].score
    assert [row.product_id for row in rows[strict.id]] == [certified.id]  # the buyer asked: a hard constraint
    assert "Children's Product Certificate (CPC)" in format_reason(gap, "en")
    assert "儿童产品证书（CPC）" in format_reason(gap, "zh")


def test_the_feedback_report_flags_markets_sold_into_without_a_mandatory_certification(session, world):
    day = dt.date(2026, 10, 1)
    for i, country in enumerate(["US", "US", "DE", "BR"]):
        session.add(OrderLine(source="test", external_ref=f"c{i}", product_id=world["slide"].id, order_date=day,
                              channel="amazon", country=country, units=5 + i, unit_price=Decimal("499"),
                              currency="USD"))
    session.commit()
    flags = market_gaps(session, load_scope(session, "enterprise", world["maker"].id))
    by_country = {f["country"]: f for f in flags["flags"]}
    assert set(by_country) == {"US", "DE", "BR"} and flags["total"] == 3
    assert by_country["US"]["units"] == 11 and flags["flags"][0]["country"] == "US"
    assert "US_CPSIA_CPC" in [r.code for r in by_country["US"]["missing"]]
    assert "US_ASTM_F963" not in [r.code for r in by_country["US"]["missing"]]
    assert "EU_TOY_SAFETY_CE" not in [r.code for r in by_country["DE"]["missing"]]  # EN71 on file
    assert "US_UFLPA" not in [r.code for r in by_country["US"]["missing"]]  # not something a certificate shows


def test_cached_sales_still_show_a_certificate_added_now(session, world, db_url):
    """The pages cache the year's units per market (`url`), not the verdict: a certificate added after the
    sales were cached clears its flag on the next view."""
    session.add(OrderLine(source="test", external_ref="cached-1", product_id=world["slide"].id,
                          order_date=dt.date(2026, 10, 1), channel="amazon", country="US", units=7,
                          unit_price=Decimal("499"), currency="USD"))
    session.commit()
    scope = load_scope(session, "enterprise", world["maker"].id)
    before = {f["country"]: f for f in market_gaps(session, scope, url=db_url)["flags"]}
    assert "US_CPSIA_CPC" in [r.code for r in before["US"]["missing"]] and before["US"]["units"] == 7
    session.add(Certification(enterprise_id=world["maker"].id, name="CPC",
                              valid_until=dt.date.today() + dt.timedelta(days=365)))
    session.commit()
    after = {f["country"]: f for f in market_gaps(session, scope, url=db_url)["flags"]}
    assert "US_CPSIA_CPC" not in [r.code for r in after.get("US", {"missing": []})["missing"]]
