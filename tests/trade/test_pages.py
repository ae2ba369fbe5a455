"""Trade pages: the quotation form (and its refusals), the buyer's comparison by landed cost, the thread,
the deal; each as each party in Chinese and English, 404 for a third party, CSRF on every form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from chuhai.accounts.models import Notification, User
from chuhai.trade.models import (
    Attachment,
    Conversation,
    Deal,
    DealStage,
    Quotation,
    QuotationStatus,
    QuotationTier,
)
from chuhai.types import UserStatus
from tests.conftest import csrf_of, login
from tests.trade.conftest import TODAY

PDF = b"%PDF-1.4\n% spec sheet\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
LANGS = ("zh_CN", "en")


@pytest.fixture
def open_as(app, world):
    """A signed-in browser for a party of the world, reading the given language."""
    clients = []

    def make(who: str, lang: str = "en") -> TestClient:
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        assert login(client, world[who].email).status_code == 303
        client.cookies.set("lang", lang)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def quote_form(**fields) -> dict:
    values = {"product_id": "", "incoterm": "EXW", "unit_price": "100", "currency": "USD", "min_quantity": "50",
              "lead_time_days": "30", "tier_quantity_0": "100", "tier_price_0": "95", "sample_price": "80",
              "sample_lead_time_days": "7", "payment_terms": "30% T/T", "message": "Fabric swatches on request",
              "valid_until": (TODAY + dt.timedelta(days=30)).isoformat()}
    values.update(fields)
    return values


def send_quote(client, demand_id, files=None, **fields):
    token = csrf_of(client.get(f"/demands/{demand_id}/quote").text)
    return client.post(f"/demands/{demand_id}/quote", data={"csrf_token": token, **quote_form(**fields)},
                       files=files or [("spec_sheet", ("", b"", "application/octet-stream"))],
                       follow_redirects=False)


def post(client, url, page, **data):
    return client.post(url, data={"csrf_token": csrf_of(client.get(page).text), **data}, follow_redirects=False)


@pytest.fixture
def quoted(open_as, world, session):
    """Chairs quotes EXW on its armchair (with a spec sheet and a photo); wigs quotes DDP, dearer."""
    demand_id = world["demand"].id
    chairs = open_as("chairs")
    response = send_quote(chairs, demand_id, product_id=str(world["chair"].id),
                          files=[("spec_sheet", ("spec.pdf", PDF, "application/pdf")),
                                 ("photos", ("chair.png", PNG, "image/png"))])
    assert response.status_code == 303, response.text
    wigs = open_as("wigs")
    assert send_quote(wigs, demand_id, incoterm="DDP", unit_price="190", tier_quantity_0="",
                      tier_price_0="").status_code == 303
    session.expire_all()
    rows = {q.enterprise_id: q for q in session.scalars(select(Quotation).where(Quotation.demand_id == demand_id))}
    return {"exw": rows[world["chairs_co"].id], "ddp": rows[world["wigs_co"].id], "chairs": chairs, "wigs": wigs}


@pytest.mark.parametrize("lang", LANGS)
def test_the_quotation_form_in_both_languages(open_as, world, lang):
    page = open_as("chairs", lang).get(f"/demands/{world['demand'].id}/quote")
    assert page.status_code == 200
    assert 'data-testid="quote-form"' in page.text and 'name="tier_quantity_3"' in page.text
    assert ("报价" if lang == "zh_CN" else "Answer with a quotation") in page.text
    assert world["chair"].sku in page.text and world["wig"].sku not in page.text  # its own products
    assert "DDP" in page.text and 'name="photos"' in page.text and 'name="spec_sheet"' in page.text


@pytest.mark.parametrize("lang", LANGS)
def test_a_refusal_shows_its_reason_before_and_after_submitting(open_as, world, session, lang):
    bare = open_as("bare", lang)
    demand_id = world["demand"].id
    before = bare.get(f"/demands/{demand_id}/quote")
    assert 'data-testid="quote-refusal"' in before.text and 'data-testid="quote-form"' not in before.text
    reason = "ISO 9001"
    assert reason in before.text
    english = "which your enterprise does not hold"
    assert (english in before.text) == (lang == "en")
    fragment = bare.get(f"/trade/demands/{demand_id}/quotations").text
    assert 'data-testid="quote-refusal"' in fragment and 'answer-with-quotation' not in fragment
    token = csrf_of(bare.get("/quotations").text)
    after = bare.post(f"/demands/{demand_id}/quote", data={"csrf_token": token, **quote_form()},
                      follow_redirects=False)
    assert after.status_code == 422 and reason in after.text and "quote-refusal" in after.text
    assert session.scalar(select(Quotation).where(Quotation.enterprise_id == world["bare_co"].id)) is None


def test_submitting_with_tiers_and_attachments_and_a_bad_file(open_as, world, session, quoted):
    q = quoted["exw"]
    tiers = session.scalars(select(QuotationTier).where(QuotationTier.quotation_id == q.id)).all()
    assert [(t.min_quantity, t.unit_price) for t in tiers] == [(100, 95)]
    files = session.scalars(select(Attachment).where(Attachment.quotation_id == q.id)).all()
    assert sorted(a.content_type for a in files) == ["application/pdf", "image/png"]
    listed = quoted["chairs"].get("/quotations")
    assert listed.status_code == 200 and f'id="q-{q.id}"' in listed.text and "data-testid=\"withdraw\"" in listed.text
    # a text file posing as a PDF: refused with the reason, and the revision is not kept without it
    bad = send_quote(quoted["chairs"], world["demand"].id, unit_price="90", tier_price_0="85",
                     files=[("spec_sheet", ("spec.pdf", b"just text", "application/pdf"))])
    assert bad.status_code == 422, bad.text
    assert "PDF, JPEG, PNG" in bad.text, re.findall(r"alert[^<]*<[^<]*<", bad.text)
    session.expire_all()
    assert session.get(Quotation, q.id).status is QuotationStatus.SUBMITTED
    # a revision supersedes it
    assert send_quote(quoted["chairs"], world["demand"].id, unit_price="90", tier_price_0="85").status_code == 303
    session.expire_all()
    assert session.get(Quotation, q.id).status is QuotationStatus.SUPERSEDED
    assert "revision 2" in quoted["chairs"].get("/quotations").text


def test_a_shape_error_stays_on_the_form(open_as, world):
    response = send_quote(open_as("chairs"), world["demand"].id, unit_price="", tier_quantity_0="10")
    assert response.status_code == 422
    assert 'class="field  has-error' in response.text or "has-error" in response.text


@pytest.mark.parametrize("lang", LANGS)
def test_the_buyer_compares_by_landed_cost(open_as, world, quoted, lang):
    buyer = open_as("buyer", lang)
    demand_id = world["demand"].id
    page = buyer.get(f"/demands/{demand_id}")
    assert page.status_code == 200 and f"/trade/demands/{demand_id}/quotations?sort=landed_cost" in page.text
    fragment = buyer.get(f"/trade/demands/{demand_id}/quotations").text
    suppliers = re.findall(r'data-testid="compare-supplier"[^>]*>\d+\. ([^<]+)<', fragment)
    wigs_name = world["wigs_co"].name_zh if lang == "zh_CN" else world["wigs_co"].name_en
    chairs_name = world["chairs_co"].name_zh if lang == "zh_CN" else world["chairs_co"].name_en
    assert suppliers == [wigs_name, chairs_name]  # the DDP quote, dearer at the factory, is cheaper at the door
    assert ("主运费" if lang == "zh_CN" else "Main freight") in fragment
    freight = re.search(r'title="([^"]+)" data-testid="component-main_freight"', fragment).group(1)
    assert ("海运" if lang == "zh_CN" else "Sea freight to US") in freight
    assert 'data-testid="request-sample"' in fragment and 'data-testid="decline"' in fragment
    assert "spec.pdf" in fragment and "BIFMA" in fragment
    by_lead = buyer.get(f"/trade/demands/{demand_id}/quotations?sort=supplier").text
    assert 'data-sort="supplier"' in by_lead
    assert buyer.get("/quotations").status_code == 200


def test_third_parties_see_no_quotation(open_as, world, quoted):
    demand_id = world["demand"].id
    assert open_as("other_buyer").get(f"/trade/demands/{demand_id}/quotations").text == ""
    assert open_as("other_buyer").get(f"/demands/{demand_id}").status_code == 404
    assert open_as("provider").get(f"/trade/demands/{demand_id}/quotations").text == ""
    own = quoted["chairs"].get(f"/trade/demands/{demand_id}/quotations").text
    assert 'data-testid="own-quotation"' in own and "190" not in own  # not the other enterprise's
    operator = open_as("operator").get(f"/trade/demands/{demand_id}/quotations").text
    assert operator.count('data-testid="compare-supplier"') == 2 and "request-sample" not in operator


def test_the_buyer_declines_with_a_reason_the_enterprise_sees(open_as, world, quoted):
    buyer = open_as("buyer")
    page = f"/demands/{world['demand'].id}"
    q = quoted["exw"]
    assert post(buyer, f"/quotations/{q.id}/shortlist", page).status_code == 303
    response = post(buyer, f"/quotations/{q.id}/decline", page, reason="price", note="Target is 80 USD")
    assert response.status_code == 303
    seen = open_as("chairs", "zh_CN").get("/quotations").text
    assert "已拒绝" in seen or "Declined" not in seen
    assert "Target is 80 USD" in seen
    # the enterprise may not decide for the buyer
    assert post(quoted["chairs"], f"/quotations/{quoted['ddp'].id}/decline", "/quotations",
                reason="price").status_code == 403


@pytest.mark.parametrize("lang", LANGS)
def test_the_thread_page(open_as, world, quoted, session, lang):
    chairs, buyer = open_as("chairs", lang), open_as("buyer", lang)
    q = quoted["exw"]
    opened = chairs.get(f"/quotations/{q.id}/thread", follow_redirects=False)
    assert opened.status_code == 303
    url = opened.headers["location"]
    response = post(chairs, url, url, text="Call +86 532 8888 1234 or sales@chairs.example.cn")
    assert response.status_code == 303
    assert buyer.get("/conversations/unread").text.strip().endswith("1</span>")
    inbox = buyer.get("/conversations").text
    assert 'data-testid="conversation-unread"' in inbox
    page = buyer.get(url).text
    assert "8888 1234" not in page and "sales@chairs.example.cn" not in page
    assert 'data-testid="disclose"' in page
    if lang == "zh_CN":  # the English demand's key points in the reader's language
        assert 'data-testid="demand-gist"' in chairs.get(url).text
    assert buyer.get("/conversations/unread").text == ""  # read now
    assert 'data-testid="disclose"' not in chairs.get(url).text
    assert post(chairs, f"{url}/disclose", url).status_code == 403
    assert post(buyer, f"{url}/disclose", url).status_code == 303
    assert "sales@chairs.example.cn" in buyer.get(url).text
    assert world["buyer_co"].contact_email in chairs.get(url).text
    # a message with a photo, and one with a file of the wrong kind
    token = csrf_of(buyer.get(url).text)
    ok = buyer.post(url, data={"csrf_token": token, "text": "Our logo"},
                    files=[("file", ("logo.png", PNG, "image/png"))], follow_redirects=False)
    assert ok.status_code == 303
    bad = buyer.post(url, data={"csrf_token": token, "text": "A zip"}, files=[("file", ("a.zip", b"PK\3\4", "x"))])
    assert bad.status_code == 422 and "A zip" in bad.text
    assert "logo.png" in chairs.get(url).text
    conversation_id = int(url.rsplit("/", 1)[1])
    for who in ("other_buyer", "wigs", "provider", "operator"):
        assert open_as(who).get(url).status_code == 404, who
    # reported: the operator reads it and may suspend a side
    assert post(chairs, f"{url}/report", url, reason="spam", note="Asks to pay outside").status_code == 303
    operator = open_as("operator", lang)
    assert operator.get(url).status_code == 200 and 'data-testid="suspend"' in operator.get(url).text
    assert f"/conversations/{conversation_id}" in operator.get("/conversations").text
    assert post(operator, f"{url}/suspend", url, side="buyer").status_code == 303
    session.expire_all()
    assert session.get(User, world["buyer"].id).status == UserStatus.DISABLED
    assert session.get(Conversation, conversation_id).reported


def _deal_id(response) -> int:
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


@pytest.mark.parametrize("lang", LANGS)
def test_a_deal_from_sample_to_order(open_as, world, quoted, session, lang):
    buyer, chairs = open_as("buyer", lang), open_as("chairs", lang)
    demand_page = f"/demands/{world['demand'].id}"
    deal_id = _deal_id(post(buyer, f"/quotations/{quoted['exw'].id}/deal", demand_page, stage="sample_requested"))
    url = f"/deals/{deal_id}"
    page = chairs.get(url).text
    assert 'data-testid="move-sample_sent"' in page and "move-sample_approved" not in page
    assert 'data-testid="move-sample_sent"' not in buyer.get(url).text
    assert post(buyer, f"{url}/stage", url, stage="sample_sent").status_code == 422  # not the buyer's move
    assert post(chairs, f"{url}/stage", url, stage="sample_sent").status_code == 303
    assert post(buyer, f"{url}/stage", url, stage="sample_approved").status_code == 303
    assert 'data-testid="order-form"' in buyer.get(url).text
    placed = post(buyer, f"{url}/stage", url, stage="order_placed", quantity="100", value="", currency="USD",
                  expected_ship_date=(TODAY + dt.timedelta(days=40)).isoformat(), customs_mode="0110", note="")
    assert placed.status_code == 303
    page = buyer.get(url).text
    assert page.count('data-testid="deal-event"') == 4
    assert ("已下单" if lang == "zh_CN" else "Order placed") in page
    assert ("0110" in page) and ("US$" in page or "$" in page)
    session.expire_all()
    deal = session.get(Deal, deal_id)
    assert deal.stage is DealStage.ORDER_PLACED and deal.quantity == 100
    lost = post(chairs, f"{url}/stage", url, stage="lost")  # no reason: refused with it
    assert lost.status_code == 422
    for who in ("other_buyer", "wigs", "provider"):
        assert open_as(who).get(url).status_code == 404, who
    assert open_as("operator").get(url).status_code == 200
    assert f"/deals/{deal_id}" in buyer.get("/deals").text and f"/deals/{deal_id}" in chairs.get("/deals").text


@pytest.mark.parametrize("lang", LANGS)
def test_lists_and_notifications_render(open_as, world, quoted, session, lang):
    buyer = open_as("buyer", lang)
    post(buyer, f"/quotations/{quoted['ddp'].id}/decline", f"/demands/{world['demand'].id}", reason="lead_time")
    kinds = {n.kind for n in session.scalars(select(Notification))}
    assert {"quotation_received", "quotation_declined"} <= kinds
    for who in ("buyer", "wigs", "chairs", "operator"):
        client = open_as(who, lang)
        for path in ("/quotations", "/conversations", "/deals", "/notifications"):
            response = client.get(path)
            assert response.status_code == 200, (who, path)
            assert ">quotation_received" not in response.text, (who, path)  # a sentence, not the kind
    menu = buyer.get("/").text
    assert 'href="/deals"' in menu and 'href="/conversations"' in menu
    assert open_as("provider").get("/deals").status_code == 403


def test_every_form_needs_the_csrf_token(open_as, world, quoted):
    buyer, chairs = open_as("buyer"), open_as("chairs")
    q = quoted["exw"]
    for client, url, data in [
        (chairs, f"/demands/{world['demand'].id}/quote", quote_form()),
        (chairs, f"/quotations/{q.id}/withdraw", {}),
        (buyer, f"/quotations/{q.id}/shortlist", {}),
        (buyer, f"/quotations/{q.id}/decline", {"reason": "price"}),
        (buyer, f"/quotations/{q.id}/deal", {"stage": "sample_requested"}),
    ]:
        assert client.post(url, data=data, follow_redirects=False).status_code == 403, url
    thread = chairs.get(f"/quotations/{q.id}/thread", follow_redirects=False).headers["location"]
    for url in (thread, f"{thread}/disclose", f"{thread}/report"):
        assert buyer.post(url, data={"text": "x", "reason": "spam"}, follow_redirects=False).status_code == 403
    assert chairs.post(f"/quotations/{q.id}/withdraw", data={"csrf_token": "forged"}).status_code == 403


def test_the_enterprise_withdraws(open_as, world, quoted, session):
    chairs = open_as("chairs")
    assert post(chairs, f"/quotations/{quoted['exw'].id}/withdraw", "/quotations").status_code == 303
    session.expire_all()
    assert session.get(Quotation, quoted["exw"].id).status is QuotationStatus.WITHDRAWN
    assert 'data-testid="withdraw"' not in chairs.get("/quotations").text
