"""A matchmaking event end to end in headless Chromium: the operator creates it, a buyer and an enterprise
register and are approved, the buyer requests a meeting, the enterprise accepts, the operator schedules and
publishes, the buyer opens its agenda and its printable PDF. Every step is captured for review."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import SCREENSHOTS, shoot, sign_in

pytestmark = pytest.mark.browser

EVENT_NAME = "胶州发制品国际精准采购对接会（浏览器测试）"


def _context_page(browser, live_server, locale="zh-CN"):
    context = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 900}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def test_event_flow_from_creation_to_printed_agenda(page, browser, live_server):
    sign_in(page, "operator@chuhai.demo")
    page.goto("/events")
    page.click("[data-testid=new-event]")
    page.fill("#f-name_zh", EVENT_NAME)
    page.fill("#f-name_en", "Jiaozhou Wig Sourcing Meetings (browser test)")
    page.fill("#f-starts_on", "2026-12-08")
    page.fill("#f-ends_on", "2026-12-08")
    page.fill("#f-venue", "胶州国际会展中心 A 馆")
    page.fill("#f-day_start", "09:00")
    page.fill("#f-day_end", "11:00")
    page.fill("#f-breaks", "10:00-10:20")
    page.fill("#f-tables", "4")
    page.select_option("#f-categories", ["wigs"])
    shoot(page, "events_new_form")
    page.click("[data-testid=create-event]")
    page.wait_for_url(re.compile(r"/events/\d+$"))
    event_path = "/events/" + page.url.rsplit("/", 1)[1]
    assert EVENT_NAME in page.locator("h1").inner_text()
    shoot(page, "events_created")

    members = {}
    for email in ("buyer@chuhai.demo", "wigs@chuhai.demo"):
        context, member = _context_page(browser, live_server, "en-US" if email.startswith("buyer") else "zh-CN")
        sign_in(member, email)
        member.goto(event_path)
        member.click("[data-testid=register]")
        member.wait_for_selector("[data-testid=my-registration-status]")
        members[email] = (context, member)
    shoot(members["buyer@chuhai.demo"][1], "events_buyer_registered")

    page.goto(event_path)
    approve_buttons = page.locator("[data-testid^=approve-]")
    assert approve_buttons.count() == 2
    shoot(page, "events_operator_registrations")
    while page.locator("[data-testid^=approve-]").count():
        page.locator("[data-testid^=approve-]").first.click()
        page.wait_for_load_state()
    assert page.locator("[data-testid=registrations]").inner_text().count("已通过") == 2

    buyer = members["buyer@chuhai.demo"][1]
    buyer.goto(event_path)
    assert buyer.locator("[data-testid=suggestions] tr").count() >= 2
    shoot(buyer, "events_buyer_suggestions")
    buyer.locator("[data-testid=suggestions] select[name=priority]").first.select_option("3")
    buyer.locator("[data-testid^=request-]").first.click()
    buyer.wait_for_selector("[data-testid=my-requests] >> text=Sent")

    enterprise = members["wigs@chuhai.demo"][1]
    enterprise.goto(event_path)
    shoot(enterprise, "events_enterprise_request_received")
    enterprise.locator("[data-testid^=accept-]").first.click()
    enterprise.wait_for_selector("[data-testid=my-requests] >> text=已接受")

    page.goto(event_path + "/schedule")
    page.click("[data-testid=run-scheduler]")
    page.wait_for_selector("[data-testid=schedule-grid]")
    assert page.locator("[data-testid=meeting-count]").inner_text() == "1"
    assert page.locator("[data-testid=gap]").inner_text() == "0.0%"
    shoot(page, "events_schedule_draft")
    page.click("[data-testid=publish]")
    page.wait_for_selector("[data-testid=event-status] >> text=已发布")
    shoot(page, "events_schedule_published")
    page.goto(event_path + "/tables/1")
    shoot(page, "events_table_sheet")
    page.goto(event_path + "/checkin")
    page.locator("[data-testid^=checkin-]").first.click()
    page.wait_for_selector("[data-testid=checkin] >> text=/\\d\\d:\\d\\d/")
    shoot(page, "events_checkin")
    page.goto("/outbox")
    assert page.locator("[data-testid=outbox] tr").count() >= 6
    shoot(page, "events_outbox")

    buyer.goto(event_path)
    buyer.click("[data-testid=my-agenda]")
    buyer.wait_for_selector("[data-testid=agenda]")
    assert buyer.locator("[data-testid=agenda] tr").count() == 2
    shoot(buyer, "events_buyer_agenda")
    pdf_url = buyer.locator("[data-testid=agenda-pdf]").get_attribute("href")
    pdf = buyer.request.get(pdf_url)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "events_buyer_agenda.pdf").write_bytes(pdf.body())
    for context, _member in members.values():
        context.close()
