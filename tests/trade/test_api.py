"""Trade API: the issue's paths, fields and status codes; 404 for anyone who is not a party."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories
from tests.trade.conftest import TODAY, token_for

D = Decimal
QUOTATION_FIELDS = {"id", "demand_id", "enterprise_id", "product_id", "unit_price", "currency", "incoterm",
                    "min_quantity", "lead_time_days", "valid_until", "status"}


def body(**fields) -> dict:
    values = {"unit_price": "100.00", "currency": "USD", "incoterm": "EXW", "min_quantity": 50,
              "lead_time_days": 30, "valid_until": (TODAY + dt.timedelta(days=30)).isoformat()}
    values.update(fields)
    return values


@pytest.fixture
def h(client, world):
    return {who: token_for(client, world[who]) for who in
            ("buyer", "other_buyer", "wigs", "chairs", "lapsed", "bare", "operator", "provider")}


def submit(client, h, world, who="chairs", **fields):
    response = client.post(f"/api/v1/demands/{world['demand'].id}/quotations", json=body(**fields), headers=h[who])
    assert response.status_code == 201, response.text
    return response.json()


def test_submitting_a_quotation(client, world, h):
    response = client.post(f"/api/v1/demands/{world['demand'].id}/quotations", headers=h["chairs"], json=body(
        product_id=world["chair"].id, sample_price="80", sample_lead_time_days=7, payment_terms="30% T/T",
        message="Fabric swatches on request", tiers=[{"min_quantity": 100, "unit_price": "95"}]))
    assert response.status_code == 201, response.text
    out = response.json()
    assert out.keys() >= QUOTATION_FIELDS
    assert (out["demand_id"], out["enterprise_id"], out["product_id"]) == (
        world["demand"].id, world["chairs_co"].id, world["chair"].id)
    assert (D(out["unit_price"]), out["currency"], out["incoterm"], out["status"]) == (D("100"), "USD", "EXW",
                                                                                      "submitted")
    assert out["tiers"] == [{"min_quantity": 100, "unit_price": "95.0000"}] or D(out["tiers"][0]["unit_price"]) == 95
    # the buyer may not quote; a shape error is 422 with the field
    assert client.post(f"/api/v1/demands/{world['demand'].id}/quotations", json=body(),
                       headers=h["buyer"]).status_code == 403
    bad = client.post(f"/api/v1/demands/{world['demand'].id}/quotations", json=body(incoterm="CFR"),
                      headers=h["chairs"])
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "incoterm"


@pytest.mark.parametrize(("who", "reason"), [
    ("bare", "This demand requires ISO 9001, which your enterprise does not hold."),
    ("lapsed", f"This demand requires ISO 9001; your certificate expired on {TODAY - dt.timedelta(days=3)}."),
])
def test_a_quotation_missing_a_hard_requirement_is_refused_with_the_reason(client, world, h, who, reason):
    response = client.post(f"/api/v1/demands/{world['demand'].id}/quotations", json=body(), headers=h[who])
    assert response.status_code == 422
    assert response.json()["error"]["message"] == reason


def test_the_cap_and_the_deadline_answer_422(client, world, h, session):
    assert client.put("/api/v1/trade/settings", json={"max_quotations": 1}, headers=h["operator"]).json()[
        "max_quotations"] == 1
    submit(client, h, world, "chairs")
    refused = client.post(f"/api/v1/demands/{world['demand'].id}/quotations", json=body(), headers=h["wigs"])
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == "This demand takes at most 1 quotations."
    late = factories.demand(session, world["buyer_co"], deadline=TODAY - dt.timedelta(days=1))
    session.commit()
    response = client.post(f"/api/v1/demands/{late.id}/quotations", json=body(), headers=h["wigs"])
    assert response.status_code == 422 and "deadline" in response.json()["error"]["message"]
    assert client.put("/api/v1/trade/settings", json={"max_quotations": 5}, headers=h["buyer"]).status_code == 403


def test_revisions_keep_one_live_quotation_with_history(client, world, h):
    first = submit(client, h, world)
    second = submit(client, h, world, unit_price="90")
    assert (second["revision"], second["supersedes_id"]) == (2, first["id"])
    listed = client.get(f"/api/v1/demands/{world['demand'].id}/quotations", headers=h["buyer"]).json()
    assert [q["id"] for q in listed["items"]] == [second["id"]] and listed["max_quotations"] == 10
    history = client.get(f"/api/v1/demands/{world['demand'].id}/quotations?history=true", headers=h["buyer"]).json()
    assert {q["id"]: q["status"] for q in history["items"]} == {first["id"]: "superseded", second["id"]: "submitted"}


def test_the_buyer_compares_by_landed_cost(client, world, h, session):
    exw = submit(client, h, world, "chairs", product_id=world["chair"].id, incoterm="EXW", unit_price="100")
    ddp = submit(client, h, world, "wigs", incoterm="DDP", unit_price="190")
    listed = client.get(f"/api/v1/demands/{world['demand'].id}/quotations", headers=h["buyer"]).json()
    assert [q["id"] for q in listed["items"]] == [ddp["id"], exw["id"]]
    dear, cheap = listed["items"]
    assert D(dear["landed_cost_per_unit"]["amount"]) == D("190") < D(cheap["landed_cost_per_unit"]["amount"])
    components = cheap["landed_cost_per_unit"]["components"]
    assert [c["name"] for c in components] == ["quoted_price", "export_clearance", "main_freight", "insurance",
                                               "import_duty", "additional_duty", "import_vat"]
    freight = components[2]
    assert freight["basis"]["code"] == "freight_per_tonne" and "Sea freight to US" in freight["basis"]["text"]
    assert freight["label"] == "Main freight"
    assert cheap["supplier"]["verified"] is True and "BIFMA" in cheap["supplier"]["certifications"]
    assert cheap["price_for_quantity"]["quantity"] == 100
    chinese = client.get(f"/api/v1/demands/{world['demand'].id}/quotations",
                         headers={**h["buyer"], "Accept-Language": "zh-CN"}).json()
    assert chinese["items"][1]["landed_cost_per_unit"]["components"][2]["label"] == "主运费"
    by_lead = client.get(f"/api/v1/demands/{world['demand'].id}/quotations?sort=lead_time", headers=h["buyer"])
    assert by_lead.status_code == 200
    assert client.get(f"/api/v1/demands/{world['demand'].id}/quotations?sort=colour",
                      headers=h["buyer"]).status_code == 422
    # each enterprise sees only its own
    own = client.get(f"/api/v1/demands/{world['demand'].id}/quotations", headers=h["chairs"]).json()
    assert [q["id"] for q in own["items"]] == [exw["id"]]
    operator = client.get(f"/api/v1/demands/{world['demand'].id}/quotations", headers=h["operator"]).json()
    assert operator["total"] == 2


def test_no_quotation_thread_or_deal_leaks_to_a_third_party(client, world, h):
    q = submit(client, h, world)
    posted = client.post(f"/api/v1/quotations/{q['id']}/messages", json={"text": "Hello"}, headers=h["chairs"])
    assert posted.status_code == 201
    deal = client.post(f"/api/v1/quotations/{q['id']}/deal", json={"stage": "sample_requested"}, headers=h["buyer"])
    assert deal.status_code == 201
    deal_id = deal.json()["id"]
    conversation_id = client.get(f"/api/v1/quotations/{q['id']}/messages",
                                 headers=h["buyer"]).json()["conversation_id"]
    for who in ("other_buyer", "wigs", "provider"):
        assert client.get(f"/api/v1/quotations/{q['id']}", headers=h[who]).status_code == 404, who
        assert client.get(f"/api/v1/quotations/{q['id']}/messages", headers=h[who]).status_code == 404, who
        assert client.post(f"/api/v1/quotations/{q['id']}/messages", json={"text": "hi"},
                           headers=h[who]).status_code == 404, who
        assert client.get(f"/api/v1/conversations/{conversation_id}", headers=h[who]).status_code == 404, who
        assert client.get(f"/api/v1/deals/{deal_id}", headers=h[who]).status_code == 404, who
        assert client.post(f"/api/v1/deals/{deal_id}/stage", json={"stage": "lost", "lost_reason": "other"},
                           headers=h[who]).status_code == 404, who
        assert client.post(f"/api/v1/quotations/{q['id']}/decline", json={"reason": "price"},
                           headers=h[who]).status_code == 404, who
    assert client.get(f"/api/v1/demands/{world['demand'].id}/quotations",
                      headers=h["other_buyer"]).status_code == 404
    # the operator reads quotations and deals, not an unreported thread
    assert client.get(f"/api/v1/deals/{deal_id}", headers=h["operator"]).status_code == 200
    assert client.get(f"/api/v1/quotations/{q['id']}/messages", headers=h["operator"]).status_code == 404


def test_messages_hide_contact_details_until_the_buyer_discloses_them(client, world, h):
    q = submit(client, h, world)
    url = f"/api/v1/quotations/{q['id']}/messages"
    client.post(url, json={"text": "WhatsApp +86 532 8888 1234, sales@chairs.example.cn"}, headers=h["chairs"])
    items = client.get(url, headers=h["buyer"]).json()["items"]
    assert items[0]["author_role"] == "enterprise" and set(items[0]) >= {"id", "author_role", "text", "created_at"}
    assert "8888" not in items[0]["text"] and "chairs.example.cn" not in items[0]["text"]
    conversation_id = client.get(url, headers=h["buyer"]).json()["conversation_id"]
    thread = client.get(f"/api/v1/conversations/{conversation_id}", headers=h["chairs"]).json()
    assert thread["buyer_contact"] is None and thread["contacts_disclosed"] is False
    assert "jane@ohio.example.com" not in client.get(f"/api/v1/conversations/{conversation_id}",
                                                     headers=h["chairs"]).text
    assert client.post(f"/api/v1/conversations/{conversation_id}/disclose", headers=h["chairs"]).status_code == 403
    disclosed = client.post(f"/api/v1/conversations/{conversation_id}/disclose", headers=h["buyer"]).json()
    assert disclosed["enterprise_contact"]["email"] == "sales@chairs.example.cn"
    thread = client.get(f"/api/v1/conversations/{conversation_id}", headers=h["chairs"]).json()
    assert thread["buyer_contact"]["email"] == "jane@ohio.example.com"
    assert "sales@chairs.example.cn" in client.get(url, headers=h["buyer"]).json()["items"][0]["text"]


def test_unread_counts_and_the_inbox(client, world, h):
    q = submit(client, h, world)
    client.post(f"/api/v1/quotations/{q['id']}/messages", json={"text": "Samples next week"}, headers=h["chairs"])
    inbox = client.get("/api/v1/conversations", headers=h["buyer"]).json()
    assert inbox["unread"] == 1 and inbox["items"][0]["unread"] == 1
    client.get(f"/api/v1/quotations/{q['id']}/messages", headers=h["buyer"])
    assert client.get("/api/v1/conversations", headers=h["buyer"]).json()["unread"] == 0
    notes = client.get("/api/v1/notifications", headers=h["buyer"]).json()
    assert {n["kind"] for n in notes["items"]} == {"quotation_received", "trade_message"}


def test_decline_reason_is_visible_to_the_enterprise(client, world, h):
    q = submit(client, h, world)
    assert client.post(f"/api/v1/quotations/{q['id']}/decline", json={"reason": "price"},
                       headers=h["chairs"]).status_code == 403
    assert client.post(f"/api/v1/quotations/{q['id']}/decline", json={"reason": "colour"},
                       headers=h["buyer"]).status_code == 422
    declined = client.post(f"/api/v1/quotations/{q['id']}/decline",
                           json={"reason": "price", "note": "Target is 80 USD"}, headers=h["buyer"])
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    seen = client.get(f"/api/v1/quotations/{q['id']}", headers=h["chairs"]).json()
    assert (seen["status"], seen["decline_reason"], seen["decline_note"]) == ("declined", "price", "Target is 80 USD")
    feedback = client.get("/api/v1/trade/feedback", headers=h["chairs"]).json()
    assert feedback["markets"][0]["declined"] == {"price": 1}


def test_a_deal_moves_by_the_right_side(client, world, h):
    q = submit(client, h, world, product_id=world["chair"].id)
    assert client.post(f"/api/v1/quotations/{q['id']}/deal", json={"stage": "sample_requested"},
                       headers=h["chairs"]).status_code == 403
    assert client.post(f"/api/v1/quotations/{q['id']}/deal", json={"stage": "shipped"},
                       headers=h["buyer"]).status_code == 422
    opened = client.post(f"/api/v1/quotations/{q['id']}/deal", json={"stage": "sample_requested"},
                         headers=h["buyer"])
    assert opened.status_code == 201
    deal = opened.json()
    assert deal["stage"] == "sample_requested" and deal["next_stages"] == ["lost"]
    assert client.get(f"/api/v1/quotations/{q['id']}", headers=h["buyer"]).json()["status"] == "accepted"
    stage = f"/api/v1/deals/{deal['id']}/stage"
    wrong = client.post(stage, json={"stage": "sample_sent"}, headers=h["buyer"])
    assert wrong.status_code == 403 and wrong.json()["error"]["message"] == (
        "Only the enterprise moves a deal to sample_sent.")
    assert client.post(stage, json={"stage": "completed"}, headers=h["chairs"]).status_code == 422
    assert client.post(stage, json={"stage": "sample_sent"}, headers=h["chairs"]).json()["stage"] == "sample_sent"
    assert client.post(stage, json={"stage": "sample_approved"}, headers=h["chairs"]).status_code == 403
    client.post(stage, json={"stage": "sample_approved"}, headers=h["buyer"])
    ordered = client.post(stage, json={"stage": "order_placed", "quantity": 120, "value": "11400", "currency": "USD",
                                       "expected_ship_date": (TODAY + dt.timedelta(days=40)).isoformat(),
                                       "customs_mode": "0110"}, headers=h["buyer"]).json()
    assert (ordered["quantity"], D(ordered["value"]), ordered["customs_mode"]) == (120, D("11400"), "0110")
    read = client.get(f"/api/v1/deals/{deal['id']}", headers=h["chairs"]).json()
    assert [e["to_stage"] for e in read["events"]] == ["sample_requested", "sample_sent", "sample_approved",
                                                        "order_placed"]
    assert [e["by_side"] for e in read["events"]] == ["buyer", "enterprise", "buyer", "buyer"]
    assert read["next_stages"] == ["shipped", "lost"]
    assert client.get("/api/v1/deals", headers=h["chairs"]).json()["total"] == 1


def test_outcome_statistics(client, world, h):
    q1 = submit(client, h, world, "chairs")
    q2 = submit(client, h, world, "wigs")
    client.post(f"/api/v1/quotations/{q1['id']}/deal", json={"stage": "sample_requested"}, headers=h["buyer"])
    client.post(f"/api/v1/quotations/{q2['id']}/deal", json={"stage": "order_placed", "quantity": 100,
                                                             "value": "5000", "currency": "USD"}, headers=h["buyer"])
    month = TODAY.strftime("%Y-%m")
    assert client.get(f"/api/v1/stats/outcomes?from={month}&to={month}", headers=h["buyer"]).status_code == 403
    out = client.get(f"/api/v1/stats/outcomes?from={month}&to={month}", headers=h["operator"]).json()
    assert (out["talks"], out["intentions"], out["signed"]) == (2, 1, 1)
    assert D(out["signed_value_usd"]) == D("5000.00") and D(out["signed_value_cny"]) > D("30000")
    assert out["by_market"][0]["key"] == "US" and out["by_market"][0]["talks"] == 2
    assert {row["key"]: row["signed"] for row in out["by_belt"]} == {"jiaozhou-wigs": 1, None: 0}
    assert client.get("/api/v1/stats/outcomes?from=2026-1", headers=h["operator"]).status_code == 422
    record = client.get(f"/api/v1/enterprises/{world['chairs_co'].id}/trade-record", headers=h["buyer"]).json()
    assert record["completed_deals"] == 0 and record["response_rate"] == 1.0


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_are_checked_by_content_and_size_and_kept_from_third_parties(client, world, h):
    q = submit(client, h, world)
    url = f"/api/v1/quotations/{q['id']}/attachments"
    sent = client.post(url, files={"file": ("spec.pdf", PDF, "application/pdf")}, headers=h["chairs"])
    assert sent.status_code == 201 and sent.json()["content_type"] == "application/pdf"
    disguised = client.post(url, files={"file": ("photo.png", b"<html><script>alert(1)</script>", "image/png")},
                            headers=h["chairs"])
    assert disguised.status_code == 422 and "PDF, JPEG, PNG or WebP" in disguised.json()["error"]["message"]
    client.put("/api/v1/trade/settings", json={"max_attachment_bytes": 2048}, headers=h["operator"])
    big = client.post(url, files={"file": ("big.pdf", PDF + b"0" * 4096, "application/pdf")}, headers=h["chairs"])
    assert big.status_code == 422
    assert client.post(url, files={"file": ("spec.pdf", PDF, "application/pdf")},
                       headers=h["buyer"]).status_code == 403
    attachment_id = sent.json()["id"]
    got = client.get(f"/api/v1/attachments/{attachment_id}", headers=h["buyer"])
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf" and "attachment" in got.headers["content-disposition"]
    assert client.get(f"/api/v1/attachments/{attachment_id}", headers=h["other_buyer"]).status_code == 404
    listed = client.get(f"/api/v1/demands/{world['demand'].id}/quotations", headers=h["buyer"]).json()
    assert listed["items"][0]["attachments"][0]["file_name"] == "spec.pdf"


def test_reported_threads_reach_the_operator(client, world, h):
    q = submit(client, h, world)
    conversation_id = client.post(f"/api/v1/quotations/{q['id']}/messages", json={"text": "spam spam"},
                                  headers=h["chairs"]).json() and client.get(
        f"/api/v1/quotations/{q['id']}/messages", headers=h["buyer"]).json()["conversation_id"]
    assert client.get(f"/api/v1/conversations/{conversation_id}/messages", headers=h["operator"]).status_code == 404
    reported = client.post(f"/api/v1/conversations/{conversation_id}/report", json={"reason": "spam"},
                           headers=h["buyer"])
    assert reported.status_code == 200 and reported.json()["reported"] is True
    assert client.get("/api/v1/conversations", headers=h["operator"]).json()["items"][0]["id"] == conversation_id
    assert client.get(f"/api/v1/conversations/{conversation_id}/messages",
                      headers=h["operator"]).json()["items"][0]["text"] == "spam spam"
    suspended = client.post(f"/api/v1/conversations/{conversation_id}/suspend", json={"side": "enterprise"},
                            headers=h["operator"])
    assert suspended.json() == {"suspended_users": 1}
    assert client.get("/api/v1/conversations", headers=h["chairs"]).status_code == 401
