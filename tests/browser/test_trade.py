"""From match to deal in headless Chromium, in Chinese and in English: a buyer posts a demand, two
enterprises quote (a third is refused for a missing certification), the buyer compares by landed cost at its
door (an EXW armchair cheaper at the factory is dearer in Ohio than a DDP one), they talk, a sample is
requested, sent and approved, the order is placed, and the operator's outcome counts go up."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest

from chuhai.config import Settings
from chuhai.database import session_scope
from chuhai.migrate import upgrade
from tests import factories
from tests.browser.conftest import serve, shoot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

LANGS = {"zh-CN": "zh_CN", "en-US": "en"}
EMAILS = {"buyer": "buyer@trade.test", "chairs": "chairs@trade.test", "ddp": "ddp@trade.test",
          "bare": "bare@trade.test", "operator": "operator@trade.test"}


@pytest.fixture(scope="module")
def trade_server(tmp_path_factory):
    """A live server over a small trade world: a US buyer, an armchair maker (ISO 9001, BIFMA) with a
    product of known weight and size, a second certified maker, and one without the certification."""
    from chuhai.accounts import audit
    from chuhai.app import create_app
    from chuhai.markets.service import sync_reference_data

    audit.install()
    directory = tmp_path_factory.mktemp("trade-live")
    url = f"sqlite:///{directory / 'chuhai.db'}"
    upgrade(url)
    with session_scope(url) as session:
        session.info["audit_disabled"] = True
        sync_reference_data(session)
        chairs = factories.enterprise(session, name_zh="安吉舒适椅业有限公司", name_en="Anji Comfort Chairs Co., Ltd.",
                                      certifications=["ISO 9001", "BIFMA"])
        ddp = factories.enterprise(session, name_zh="宁波到门家具有限公司", name_en="Ningbo Door-to-Door Furniture Co.",
                                   certifications=["ISO 9001"])
        bare = factories.enterprise(session, name_zh="无证家具厂", name_en="Uncertified Furniture Works")
        factories.product(session, chairs, sku="ANJI-ARM-01", title_en="Upholstered armchair", title_zh="软包扶手椅",
                          category="furniture", hs_code="940161", weight_kg=Decimal("25"), length_cm=Decimal("80"),
                          width_cm=Decimal("60"), height_cm=Decimal("60"))
        buyer = factories.buyer(session, company="Columbus Lobby Interiors", country="US",
                                contact_email="jane@columbus.example.com")
        factories.user(session, "buyer", buyer_id=buyer.id, email=EMAILS["buyer"], display_name="Jane Walker")
        factories.user(session, "enterprise", enterprise_id=chairs.id, email=EMAILS["chairs"], display_name="王芳")
        factories.user(session, "enterprise", enterprise_id=ddp.id, email=EMAILS["ddp"], display_name="李明")
        factories.user(session, "enterprise", enterprise_id=bare.id, email=EMAILS["bare"], display_name="赵强")
        factories.user(session, "operator", email=EMAILS["operator"], display_name="运营")
    app = create_app(Settings(database_url=url, secret_key="browser-trade", data_dir=directory, warm_caches=False))
    with serve(app) as base_url:
        yield base_url


def open_as(browser, base_url, who: str, locale: str):
    context = browser.new_context(base_url=base_url, viewport={"width": 1440, "height": 900}, locale=locale)
    context.add_cookies([{"name": "lang", "value": LANGS[locale], "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/login")
    page.fill("#email", EMAILS[who])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    return page


def outcomes(page) -> dict:
    return json.loads(page.goto("/api/v1/stats/outcomes").text())


def quote(page, demand_url: str, *, incoterm: str, price: str, product: str | None, spec_sheet=None) -> None:
    page.goto(demand_url)
    page.click("[data-testid=answer-with-quotation]")
    page.wait_for_selector("[data-testid=quote-form]")
    if product:
        option = page.locator("#f-product_id option", has_text=product)
        page.select_option("#f-product_id", option.get_attribute("value"))
    page.select_option("#f-incoterm", incoterm)
    page.fill("#f-unit_price", price)
    page.fill("#f-currency", "USD")
    page.fill("#f-min_quantity", "50")
    page.fill("#f-lead_time_days", "30")
    page.fill("#f-tier_quantity_0", "200")
    page.fill("#f-tier_price_0", str(Decimal(price) - 5))
    page.fill("#f-sample_price", "80")
    page.fill("#f-sample_lead_time_days", "7")
    page.fill("#f-payment_terms", "30% T/T, 70% B/L")
    page.fill("#f-message", "Fabric swatches on request.")
    if spec_sheet:
        page.set_input_files("#f-spec_sheet", str(spec_sheet))
    page.click("[data-testid=quote-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/quotations"))
    assert page.locator("[data-testid=quotation-row][data-status=submitted]").count() >= 1


@pytest.mark.parametrize("locale", list(LANGS))
def test_from_demand_to_order_in_both_languages(browser, trade_server, tmp_path, locale):
    zh = locale == "zh-CN"
    tag = "zh" if zh else "en"
    operator = open_as(browser, trade_server, "operator", locale)
    before = outcomes(operator)

    # the buyer posts a demand that requires ISO 9001
    buyer = open_as(browser, trade_server, "buyer", locale)
    buyer.goto("/demands/new")
    buyer.fill("#f-text", f"100 upholstered lobby armchairs, fabric, delivered to Columbus, Ohio ({tag})")
    buyer.fill("#f-quantity", "100")
    buyer.select_option("#f-currency", "USD")
    buyer.fill("#f-destination_country", "US")
    buyer.select_option("#f-category", "furniture")
    buyer.fill("#f-deadline", (dt.date.today() + dt.timedelta(days=20)).isoformat())
    buyer.fill("#f-required_certifications", "ISO 9001")
    buyer.click("form .form-actions button")
    buyer.wait_for_url(re.compile(r"/demands/\d+$"))
    demand_url = re.sub(r"^https?://[^/]+", "", buyer.url)

    # two enterprises quote: an EXW armchair at 100 USD with its spec sheet, a DDP offer at 190 USD
    spec = tmp_path / "armchair-spec.pdf"
    spec.write_bytes(b"%PDF-1.4\n% Anji armchair spec sheet\n%%EOF\n")
    chairs = open_as(browser, trade_server, "chairs", locale)
    quote(chairs, demand_url, incoterm="EXW", price="100", product="ANJI-ARM-01", spec_sheet=spec)
    ddp = open_as(browser, trade_server, "ddp", locale)
    quote(ddp, demand_url, incoterm="DDP", price="190", product=None)

    # the third lacks the certification: refused with the reason, before it fills anything in
    bare = open_as(browser, trade_server, "bare", locale)
    bare.goto(demand_url)
    refusal = bare.locator("[data-testid=quote-refusal]")
    refusal.wait_for()
    assert "ISO 9001" in refusal.inner_text()
    assert bare.locator("[data-testid=answer-with-quotation]").count() == 0
    shoot(bare, f"trade_refused_{tag}")

    # the buyer compares by landed cost: the DDP quote comes first, the EXW one is dearer at the door
    buyer.goto(demand_url)
    buyer.wait_for_selector("[data-testid=comparison]")
    suppliers = buyer.locator("[data-testid=compare-supplier]").all_inner_texts()
    assert "宁波到门家具" in suppliers[0] if zh else "Door-to-Door" in suppliers[0]
    assert "安吉舒适椅业" in suppliers[1] if zh else "Anji Comfort" in suppliers[1]
    costs = buyer.locator("[data-testid=landed-cost]").all_inner_texts()
    amounts = [Decimal(re.sub(r"[^\d.]", "", text.split()[0].replace(",", ""))) for text in costs]
    assert amounts[0] == Decimal("190.00") < amounts[1]
    freight = buyer.locator("[data-testid=component-main_freight]").first.get_attribute("title")
    assert ("海运" in freight) if zh else ("Sea freight to US" in freight)
    assert buyer.locator("[data-testid=attachment]").first.inner_text() == "armchair-spec.pdf"
    shoot(buyer, f"trade_comparison_{tag}")
    buyer.click("[data-sort=lead_time]")
    buyer.wait_for_selector("[data-testid=comparison]")
    assert buyer.locator("[data-sort=lead_time].primary").count() == 1

    # they talk about the EXW armchair (second by landed cost): messages, unread counts, contacts hidden
    buyer.goto(demand_url)
    buyer.wait_for_selector("[data-testid=comparison]")
    exw_actions = buyer.locator("[data-testid=quotation-actions]").nth(1)
    exw_actions.locator("a[href$='/thread']").click()
    buyer.wait_for_url(re.compile(r"/conversations/\d+$"))
    thread_url = re.sub(r"^https?://[^/]+", "", buyer.url)
    buyer.fill("#f-text", "Can you send a sample in grey fabric? Write to jane@columbus.example.com")
    buyer.click("[data-testid=send-message]")
    buyer.wait_for_selector("[data-testid=message]")
    chairs.goto("/conversations")
    assert chairs.locator("[data-testid=conversation-unread]").first.inner_text() == "1"
    chairs.goto(thread_url)
    assert "jane@columbus.example.com" not in chairs.locator("[data-testid=messages]").inner_text()
    assert chairs.locator("[data-testid=contacts-hidden]").is_visible()
    if zh:
        assert chairs.locator("[data-testid=demand-gist]").is_visible()  # the English demand's key points
    chairs.fill("#f-text", "Yes, grey fabric sample ships in 7 days.")
    chairs.click("[data-testid=send-message]")
    chairs.wait_for_selector("[data-testid=message] >> nth=1")
    buyer.goto(thread_url)
    assert buyer.locator("[data-testid=message]").count() == 2
    shoot(buyer, f"trade_thread_{tag}")

    # a sample is requested, sent and approved; then the order is placed
    buyer.goto(demand_url)
    buyer.wait_for_selector("[data-testid=comparison]")
    buyer.locator("[data-testid=quotation-actions]").nth(1).locator("[data-testid=request-sample]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+$"))
    deal_url = re.sub(r"^https?://[^/]+", "", buyer.url)
    assert buyer.locator("[data-testid=waiting]").is_visible()
    chairs.goto(deal_url)
    chairs.click("[data-testid=move-sample_sent]")
    chairs.wait_for_selector("[data-testid=deal-event] >> nth=1")
    buyer.goto(deal_url)
    buyer.click("[data-testid=move-sample_approved]")
    buyer.wait_for_selector("[data-testid=order-form]")
    buyer.fill("#f-expected_ship_date", (dt.date.today() + dt.timedelta(days=45)).isoformat())
    buyer.select_option("#f-customs_mode", "0110")
    buyer.click("[data-testid=order-form] [data-testid=move-order_placed]")
    buyer.wait_for_selector("[data-testid=deal-event] >> nth=3")
    assert buyer.locator("[data-testid=deal-stage]").inner_text() == ("已下单" if zh else "Order placed")
    assert "10,000.00" in buyer.locator("[data-testid=order-value]").inner_text()  # 100 × 100 USD (tier from 200)
    shoot(buyer, f"trade_deal_{tag}")
    chairs.goto(deal_url)
    assert chairs.locator("[data-testid=move-shipped]").is_visible()

    # the outcome is counted: two talks, one intention, one order signed with its value
    after = outcomes(operator)
    assert after["talks"] == before["talks"] + 2
    assert after["intentions"] == before["intentions"] + 1
    assert after["signed"] == before["signed"] + 1
    assert Decimal(after["signed_value_usd"]) - Decimal(before["signed_value_usd"]) > 0
    for page in (operator, buyer, chairs, ddp, bare):
        page.context.close()
