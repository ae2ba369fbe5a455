"""End to end: a buyer posts a demand in Chinese, sees the short list with reasons and accepts the
demo enterprise's product; the enterprise sees the notification and then the buyer's contacts."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import shoot, sign_in

pytestmark = pytest.mark.browser

DEMAND_ZH = "求购男士假发片 8x10英寸 Swiss Lace底 印度Remy真人发 酒红色，200件，发往美国"


def test_buyer_accepts_a_match_and_the_enterprise_sees_the_buyers_contacts(page, browser, live_server):
    page.set_default_timeout(90_000)  # the first demand builds the hybrid index of the demo catalog
    sign_in(page, "buyer@chuhai.demo")
    page.goto("/demands/new")
    page.fill("#f-text", DEMAND_ZH)
    page.fill("#f-quantity", "200")
    page.click("[data-testid=demand-form] .form-actions button")
    page.wait_for_url(re.compile(r"/demands/\d+$"))
    demand_path = page.url.removeprefix(live_server)
    rows = page.locator("[data-testid=match-row]")
    rows.first.wait_for(timeout=60_000)
    assert 1 <= rows.count() <= 10
    first = rows.first.inner_text()
    assert "男士假发片" in first and "Matches:" in first  # the demo buyer reads English
    shoot(page, "matching_buyer_short_list_en")
    page.click("[data-testid=lang-zh]")
    page.wait_for_selector("[data-testid=match-row]")
    assert "匹配关键词" in rows.first.inner_text()  # the same reasons, now in Chinese
    shoot(page, "matching_buyer_short_list_zh")
    page.click("[data-testid=accept-match-1]")
    page.wait_for_selector("[data-testid=enterprise-contacts]", timeout=60_000)
    assert "sales@hengfa.com" in page.locator("[data-testid=enterprise-contacts]").first.inner_text()
    shoot(page, "matching_buyer_accepted")

    context = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 900}, locale="zh-CN")
    enterprise = context.new_page()
    try:
        sign_in(enterprise, "wigs@chuhai.demo")
        enterprise.goto("/notifications")
        kinds = enterprise.locator("[data-testid=notification]").evaluate_all("rows => rows.map(r => r.dataset.kind)")
        assert "demand_match" in kinds and "match_accepted" in kinds
        shoot(enterprise, "matching_enterprise_notifications")
        enterprise.goto(demand_path)
        assert enterprise.locator("[data-testid=buyer-contacts]").is_visible()
        shoot(enterprise, "matching_enterprise_sees_buyer_contacts")
        enterprise.goto("/matching/opportunities")
        assert enterprise.locator("[data-testid=opportunity-row]").count() >= 1
        shoot(enterprise, "matching_enterprise_opportunities")
    finally:
        context.close()


def test_operator_sees_unmatched_demand(page):
    sign_in(page, "operator@chuhai.demo")
    page.goto("/matching/unmatched")
    assert page.locator("h1").inner_text()
    shoot(page, "matching_operator_unmatched")
