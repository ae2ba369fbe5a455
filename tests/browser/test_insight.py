"""The feedback report and the statistics dashboard in headless Chromium: charts draw, filters apply, the
PDF and XLSX download, in Chinese and English; every page is captured for review."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shoot, sign_in

pytestmark = pytest.mark.browser


def test_an_enterprise_member_reads_its_feedback_report_and_downloads_the_pdf(page):
    sign_in(page, "wigs@chuhai.demo")
    page.click("nav a[href='/insight']")
    page.wait_for_url("**/insight/enterprises/*")
    page.wait_for_selector("[data-testid=chart-trend] canvas")
    for testid in ("chart-markets", "chart-channels"):
        assert page.locator(f"[data-testid={testid}] canvas").count() == 1
    assert page.locator("[data-testid=markets-table] tbody tr").count() >= 1
    shoot(page, "insight_enterprise_zh")
    with page.expect_download() as download:
        page.click("[data-testid=download-pdf]")
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert page.goto("/insight/enterprises/2").status == 403


def test_the_operator_reads_a_belt_report(page):
    sign_in(page, "operator@chuhai.demo")
    page.goto("/insight")
    shoot(page, "insight_index_zh")
    page.goto("/insight/belts/6")
    page.wait_for_selector("[data-testid=chart-elasticity] canvas")
    assert page.locator("[data-testid=slow-movers] tbody tr").count() >= 1
    shoot(page, "insight_belt_zh")


def test_the_operator_filters_the_statistics_and_exports_them(page):
    sign_in(page, "operator@chuhai.demo")
    page.click("nav a[href='/stats']")
    page.wait_for_selector("[data-testid=chart-countries] canvas")
    assert page.locator("[data-testid=market-signals] [data-sensitive=ID]").count() == 1
    assert page.locator("[data-testid=market-groups] tr[data-group=asean]").count() == 1
    shoot(page, "stats_dashboard_zh")
    total = page.locator("[data-testid=kpi-trade-value]").inner_text()
    page.select_option("select[name=belt]", "1")
    page.fill("input[name=from]", "2026-01")
    page.click("[data-testid=stats-filter]")
    page.wait_for_url("**/stats?*belt=1*")
    page.wait_for_selector("[data-testid=chart-countries] canvas")
    assert page.locator("[data-testid=kpi-trade-value]").inner_text() != total
    shoot(page, "stats_dashboard_filtered_zh")
    with page.expect_download() as download:
        page.click("[data-testid=export-xlsx]")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_the_pages_switch_to_english(page, live_server):
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
    sign_in(page, "operator@chuhai.demo")
    page.goto("/stats")
    assert page.locator("h1").first.inner_text() == "Statistics"
    page.wait_for_selector("[data-testid=chart-monthly] canvas")
    shoot(page, "stats_dashboard_en")
    page.goto("/insight/belts/1")
    assert "Market feedback" in page.locator("h1").first.inner_text()
    page.wait_for_selector("[data-testid=chart-trend] canvas")
    shoot(page, "insight_belt_en")
