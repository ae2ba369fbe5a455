"""End to end: an enterprise plans an export from its product, uses HS suggest on the product form,
and opens its overseas-warehouse plan; the operator opens the reference data. Pages are captured."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shoot, sign_in

pytestmark = pytest.mark.browser


def test_enterprise_plans_an_export_from_its_product(page):
    sign_in(page, "wigs@chuhai.demo")
    page.goto("/products?mine=1&q=JZW-00001-")  # a demo product (other browser tests add bare ones)
    page.locator("table a[href^='/products/']").first.click()
    page.click("[data-testid=plan-export]")
    page.wait_for_selector("[data-testid=planner-table]")
    page.wait_for_selector("[data-testid=planner-chart] canvas")
    rows = page.locator("[data-testid=planner-table] tr[data-option]")
    assert rows.count() >= 4
    rows.first.locator("summary").click()
    assert page.locator("[data-testid=components-1]").is_visible()
    assert page.locator("[data-testid=planner-advice] p").count() >= 1
    shoot(page, "planning_landed_cost")


def test_enterprise_uses_hs_suggest_on_the_product_form(page):
    sign_in(page, "wigs@chuhai.demo")
    page.goto("/products/new")
    page.fill("#f-title_en", "human hair lace front wig")
    page.click("[data-testid=hs-suggest]")
    page.wait_for_selector("[data-testid=hs-pick-670420]")
    shoot(page, "planning_hs_suggest")
    page.click("[data-testid=hs-pick-670420]")
    page.wait_for_selector("#f-hs_code[value='670420']")
    assert page.input_value("#f-hs_code") == "670420"


def test_enterprise_sees_its_warehouse_plan_and_operator_the_reference_data(page):
    sign_in(page, "wigs@chuhai.demo")
    page.goto("/planning/warehouse")
    page.wait_for_selector("[data-testid=warehouse-chart] canvas")
    assert page.locator("[data-testid=warehouse-table] tr[data-sku]").count() >= 1
    shoot(page, "planning_warehouse")
    page.context.clear_cookies()  # sign out
    sign_in(page, "operator@chuhai.demo")
    page.goto("/planning/reference?group=Exchange+rates")
    assert page.locator("[data-testid='edit-fx.USD']").is_visible()
    shoot(page, "planning_reference")
