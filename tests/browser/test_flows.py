"""End to end in headless Chromium: each role signs in, a product is created, a bad import is shown
row by row, the language switches; every page is captured for review."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import shoot, sign_in

pytestmark = pytest.mark.browser

ROLES = {
    "operator@chuhai.demo": ["/", "/belts", "/enterprises", "/products", "/demands", "/buyers", "/imports",
                             "/admin/members", "/admin/audit", "/account", "/enterprises/new", "/products/new",
                             "/belts/1", "/enterprises/1", "/enterprises/1/edit", "/products/1", "/demands/1",
                             "/buyers/1", "/signup"],
    "wigs@chuhai.demo": ["/", "/products?mine=1", "/products/new", "/demands"],
    "buyer@chuhai.demo": ["/", "/demands", "/demands/new", "/enterprises"],
    "forwarder@chuhai.demo": ["/", "/enterprises", "/providers"],
}


@pytest.mark.parametrize("email", list(ROLES))
def test_each_role_signs_in_and_sees_its_pages(page, email):
    sign_in(page, email)
    assert page.locator(".user-chip").is_visible()
    for path in ROLES[email]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").first.is_visible(), path
        name = email.split("@")[0] + "_" + (re.sub(r"[^a-z0-9]+", "_", path).strip("_") or "dashboard")
        shoot(page, name)


def test_dashboard_charts_render(page):
    sign_in(page, "operator@chuhai.demo")
    page.wait_for_selector("[data-testid=sales-chart] canvas")
    assert page.locator("[data-testid=country-chart] canvas").count() == 1


def test_the_statistics_world_map_loads_its_outlines_and_renders(page):
    sign_in(page, "operator@chuhai.demo")
    with page.expect_response("**/static/vendor/world.json") as outlines:
        page.goto("/stats")
    assert outlines.value.status == 200
    page.wait_for_selector("[data-testid=chart-world] canvas")
    assert page.locator("[data-testid=chart-world]").get_attribute("data-chart-ready") == "1"


def test_enterprise_creates_a_product_and_sees_field_errors_first(page):
    sign_in(page, "wigs@chuhai.demo")
    page.goto("/products/new")
    page.fill("#f-sku", "JZW-E2E-001")
    page.fill("#f-title_en", "13x6 HD Lace Frontal Wig, Deep Wave, 26 inch")
    page.fill("#f-title_zh", "13x6 高清蕾丝前头套 深波浪 26英寸")
    page.select_option("#f-category", "wigs")
    page.fill("#f-hs_code", "6704")
    page.fill("#f-price_tiers", "10:52.00, 100:47.50")
    page.click("[data-testid=product-form] button[type=submit]")
    assert page.locator(".field.has-error .error").first.inner_text()
    shoot(page, "wigs_product_form_error")
    page.fill("#f-hs_code", "670420")
    page.click("[data-testid=product-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/products/\d+$"))
    assert "13x6" in page.locator("h1").inner_text()
    assert "670420" in page.content()
    shoot(page, "wigs_product_created")


def test_import_with_a_bad_row_shows_row_level_errors(page, tmp_path):
    csv_path = tmp_path / "buyers.csv"
    csv_path.write_text(
        "key,company,country,kind\n"
        "E2E-1,Lagos Hair Mart,NG,retailer\n"
        "E2E-2,Nowhere Ltd,XX,importer\n"
        "E2E-3,Osaka Beauty,JP,salon\n", encoding="utf-8")
    sign_in(page, "operator@chuhai.demo")
    page.goto("/imports")
    page.select_option("#kind", "buyers")
    page.set_input_files("#file", str(csv_path))
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-rejected]")
    errors = page.locator("[data-testid=row-errors]").inner_text()
    assert "3" in errors and "country" in errors
    shoot(page, "operator_import_rejected")
    page.goto("/buyers?q=Lagos")
    assert "Lagos Hair Mart" not in page.locator("main").inner_text()


def test_switching_language(page):
    sign_in(page, "operator@chuhai.demo")
    page.goto("/enterprises")
    assert "企业" in page.locator("h1").inner_text()
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Enterprises"
    shoot(page, "operator_enterprises_en")
    page.goto("/")
    shoot(page, "operator_dashboard_en")
    page.goto("/enterprises")
    page.click("[data-testid=lang-zh]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "企业"


def test_login_page_in_both_languages(browser, live_server):
    for locale in ("zh-CN", "en-US"):
        context = browser.new_context(base_url=live_server, locale=locale, viewport={"width": 1300, "height": 800})
        page = context.new_page()
        page.goto("/login")
        shoot(page, f"login_{locale}")
        context.close()


def test_on_a_phone_the_navigation_folds_into_a_menu_button(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    page = context.new_page()
    try:
        sign_in(page, "wigs@chuhai.demo")
        opportunities = page.locator('.nav-links a[href="/matching/opportunities"]')
        assert not opportunities.is_visible()
        heading = page.locator("h1").first.bounding_box()
        assert heading is not None and heading["y"] + heading["height"] < 844  # the page starts on the first screen
        toggle = page.locator("[data-testid=nav-toggle]")
        assert toggle.inner_text().strip() == "☰ 菜单"
        toggle.click()
        assert opportunities.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        opportunities.click()
        page.wait_for_url("**/matching/opportunities")
        shoot(page, "phone_opportunities")
    finally:
        context.close()
    desktop = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 900})
    try:
        page = desktop.new_page()
        sign_in(page, "wigs@chuhai.demo")
        assert not page.locator("[data-testid=nav-toggle]").is_visible()
        assert page.locator('.nav-links a[href="/matching/opportunities"]').is_visible()
    finally:
        desktop.close()


def test_the_dossier_button_says_it_is_preparing_and_the_pdf_downloads(page):
    sign_in(page, "wigs@chuhai.demo")
    page.goto("/products?mine=1")
    page.locator('[data-testid=product-table] a[href^="/products/"]').first.click()
    button = page.locator("[data-testid=export-dossier]")
    with page.expect_download(timeout=60_000) as download:
        button.click()
        assert button.inner_text() == "正在生成 PDF…" and button.get_attribute("aria-busy") == "true"
    assert download.value.suggested_filename.startswith("chuhai-dossier-")
    assert download.value.suggested_filename.endswith("-zh_CN.pdf")
