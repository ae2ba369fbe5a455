"""The access matrix: every route of the app, pages and API, as anonymous, each role and another party, gives
the outcome the declared policy (chuhai.web.access.POLICY) says. A route without a row fails.

Each principal runs on a fresh database holding the same world: enterprise A (a product, a quotation on buyer
A's demand, its thread with a message, a deal) and enterprise B with a product; buyer A (a demand, matched to A's
product) and buyer B with a demand. Path parameters name A's and buyer A's records, so `other_enterprise` and
`other_buyer` are the parties reaching for someone else's. Reads run before writes, writes with an empty body
(allowed means the route went past its access checks: a 2xx, a redirect, or a 409/422 about the body).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from chuhai.accounts.service import issue_token
from chuhai.matching.models import DemandMatch
from chuhai.web.access import ALLOWED, FORBIDDEN, HIDDEN, LOGIN, POLICY, PRINCIPALS, app_routes, route_key
from tests import factories
from tests.conftest import csrf_of, login

TODAY = dt.date.today()


@pytest.fixture
def client(app):
    """Over https: outside the embedded SQLite default (PostgreSQL in make test) the cookies are Secure."""
    with TestClient(app, base_url="https://testserver") as test_client:
        yield test_client


@pytest.fixture
def world(session, client):
    belt = factories.belt(session)
    firm = factories.enterprise(session, belt_id=belt.id, certifications=["ISO 9001"])
    rival = factories.enterprise(session, belt_id=belt.id)
    product = factories.product(session, firm, weight_kg=Decimal("2"), length_cm=Decimal("30"),
                                width_cm=Decimal("20"), height_cm=Decimal("10"))
    factories.product(session, rival)
    buyer, other_buyer = factories.buyer(session), factories.buyer(session)
    demand = factories.demand(session, buyer, deadline=TODAY + dt.timedelta(days=20))
    factories.demand(session, other_buyer, deadline=TODAY + dt.timedelta(days=20))
    match = DemandMatch(demand_id=demand.id, product_id=product.id, enterprise_id=firm.id, score=0.9, rank=1)
    session.add(match)
    users = {
        "operator": factories.user(session, "operator"),
        "enterprise": factories.user(session, "enterprise", enterprise_id=firm.id),
        "other_enterprise": factories.user(session, "enterprise", enterprise_id=rival.id),
        "buyer": factories.user(session, "buyer", buyer_id=buyer.id),
        "other_buyer": factories.user(session, "buyer", buyer_id=other_buyer.id),
        "provider": factories.user(session, "provider"),
    }
    factories.user(session, "operator")  # a second one: the last-operator rule stays out of the way
    tokens = {who: {"Authorization": f"Bearer {issue_token(session, user, 'matrix')[0]}"}
              for who, user in users.items()}
    session.commit()
    quotation = client.post(f"/api/v1/demands/{demand.id}/quotations", headers=tokens["enterprise"], json={
        "unit_price": "100.00", "currency": "USD", "incoterm": "EXW", "min_quantity": 50, "lead_time_days": 30,
        "product_id": product.id, "valid_until": (TODAY + dt.timedelta(days=30)).isoformat()})
    assert quotation.status_code == 201, quotation.text
    quotation_id = quotation.json()["id"]
    message = client.post(f"/api/v1/quotations/{quotation_id}/messages", json={"text": "Hello"},
                          headers=tokens["enterprise"])
    assert message.status_code == 201, message.text
    conversation = client.get(f"/api/v1/quotations/{quotation_id}/messages", headers=tokens["buyer"])
    deal = client.post(f"/api/v1/quotations/{quotation_id}/deal", json={"stage": "sample_requested"},
                       headers=tokens["buyer"])
    assert deal.status_code == 201, deal.text
    params = {
        "belt_id": belt.id, "enterprise_id": firm.id, "product_id": product.id, "buyer_id": buyer.id,
        "demand_id": demand.id, "match_id": match.id, "quotation_id": quotation_id,
        "conversation_id": conversation.json()["conversation_id"], "message_id": message.json()["id"],
        "deal_id": deal.json()["id"], "user_id": users["enterprise"].id, "code": "en", "kind": "products",
        "key": "freight", "table": 1,
    }
    return {"users": users, "params": params, "credit_code": firm.credit_code}


def _bodies(world) -> dict[str, dict]:
    """Valid bodies for the writes whose access depends on the record: without them the body's validation (422)
    would answer before the record's owner is checked."""
    product = {"sku": "SKU-MATRIX", "title_en": "Armchair", "category": "furniture", "hs_code": "940161",
               "moq": 5}
    firm = {"credit_code": world["credit_code"], "name_zh": "青岛矩阵家具有限公司", "name_en": "Matrix Furniture"}
    buyer = {"company": "Matrix Buyer", "country": "US", "kind": "importer"}
    demand = {"text": "100 upholstered armchairs", "quantity": 100, "destination_country": "US"}
    pdf = {"file": ("spec.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")}
    return {
        "PUT /api/v1/products/{product_id}": {"json": product},
        "PUT /api/v1/enterprises/{enterprise_id}": {"json": firm},
        "PUT /api/v1/buyers/{buyer_id}": {"json": buyer},
        "PUT /api/v1/demands/{demand_id}": {"json": demand},
        "POST /api/v1/demands/{demand_id}/status": {"json": {"status": "open"}},
        "POST /api/v1/matches/{match_id}/decision": {"json": {"status": "accepted"}},
        "POST /api/v1/quotations/{quotation_id}/messages": {"json": {"text": "Hello"}},
        "POST /api/v1/conversations/{conversation_id}/messages": {"json": {"text": "Hello"}},
        "POST /api/v1/conversations/{conversation_id}/report": {"json": {"reason": "spam"}},
        "POST /api/v1/quotations/{quotation_id}/decline": {"json": {"reason": "price"}},
        "POST /api/v1/deals/{deal_id}/stage": {"json": {"stage": "sample_sent"}},
        "POST /api/v1/quotations/{quotation_id}/attachments": {"files": pdf},
        "POST /api/v1/messages/{message_id}/attachments": {"files": pdf},
        "POST /api/v1/products/{product_id}/photos": {"files": pdf},  # refused as no image, after the owner check
        "PUT /api/v1/products/{product_id}/photos/order": {"json": {"ids": []}},
        "POST /api/v1/enterprises/{enterprise_id}/media": {"files": pdf, "data": {"kind": "certificate"}},
        "POST /api/v1/enterprises/{enterprise_id}/photo-imports": {"files": pdf},
        "POST /products/{product_id}/edit": {"data": product},
        "POST /enterprises/{enterprise_id}/edit": {"data": firm},
        "POST /buyers/{buyer_id}/edit": {"data": buyer},
        "POST /demands/{demand_id}/edit": {"data": demand},
        "POST /matching/matches/{match_id}/decision": {"data": {"status": "accepted"}},
        "POST /demands/{demand_id}/status": {"data": {"status": "open"}},
        "POST /conversations/{conversation_id}": {"data": {"text": "Hello"}},
        "POST /conversations/{conversation_id}/report": {"data": {"reason": "spam"}},
        "POST /quotations/{quotation_id}/decline": {"data": {"reason": "price"}},
        "POST /deals/{deal_id}/stage": {"data": {"stage": "sample_sent"}},
    }


def _url(path: str, params: dict) -> str:
    # a parameter the world has no record for (events, jobs, tokens, attachments…) gets 1: a missing record
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(params.get(m.group(1), 1)), path)


def _outcome(response, api: bool) -> str:
    status = response.status_code
    if status == 401 or (not api and status in (302, 303)
                         and response.headers.get("location", "").startswith("/login")):
        return LOGIN
    return {403: FORBIDDEN, 404: HIDDEN}.get(status, ALLOWED)


def _order(item):
    method, path, _route = item
    # reads first, then writes; signing out last
    return (path == "/logout", method != "GET", path, method)


def test_every_route_has_a_row_in_the_policy(app):
    keys = {route_key(method, path) for method, path, _route in app_routes(app)}
    missing = sorted(keys - POLICY.keys())
    assert not missing, "routes without a row in chuhai.web.access.POLICY (declare who may use them):\n" + \
        "\n".join(missing)
    assert sorted(POLICY.keys() - keys) == [], "rows of chuhai.web.access.POLICY for routes that no longer exist"
    assert all(len(row) == len(PRINCIPALS) and set(row) <= {ALLOWED, LOGIN, FORBIDDEN, HIDDEN}
               for row in POLICY.values())


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_each_route_answers_as_the_policy_says(client, app, world, principal):
    column = PRINCIPALS.index(principal)
    if principal != "anonymous":
        assert login(client, world["users"][principal].email).status_code == 303
    csrf = csrf_of(client.get("/login" if principal == "anonymous" else "/account").text)
    mismatches, bodies = [], _bodies(world)
    for method, path, _route in sorted(app_routes(app), key=_order):
        key = route_key(method, path)
        if path in ("/static", "/api/v1/openapi.json") or (key not in POLICY and not os.environ.get(
                "CHUHAI_ACCESS_DUMP")):
            continue
        url, api = _url(path, world["params"]), path.startswith("/api/")
        kwargs = {"headers": {"X-CSRF-Token": csrf}} if method != "GET" else {}
        if key in bodies:
            kwargs |= bodies[key]
        elif method in ("POST", "PUT") and api:
            kwargs["json"] = {}
        response = client.request(method, url, follow_redirects=False, **kwargs)
        assert response.status_code < 500, (key, response.text[:500])
        outcome, expected = _outcome(response, api), POLICY.get(key, "?" * len(PRINCIPALS))[column]
        if outcome != expected:
            mismatches.append(f"{key}: expected {expected}, got {outcome} ({response.status_code})")
    if os.environ.get("CHUHAI_ACCESS_DUMP"):
        with open(os.environ["CHUHAI_ACCESS_DUMP"] + f".{principal}", "w") as out:
            out.write("\n".join(mismatches))
    assert not mismatches, f"{principal}:\n" + "\n".join(mismatches)


# What the matrix found, each pinned by a plain test.

def test_another_enterprises_product_form_is_not_found_on_post_as_on_get(client, session):
    """POST /products/{id}/edit by a member of another enterprise answered 422 with the product's edit form
    (the service's refusal shown as a form error, any invalid form too) where GET answers 404."""
    owner, rival = factories.enterprise(session), factories.enterprise(session)
    product = factories.product(session, owner)
    member = factories.user(session, "enterprise", enterprise_id=rival.id)
    session.commit()
    login(client, member.email)
    csrf = csrf_of(client.get("/account").text)
    assert client.get(f"/products/{product.id}/edit").status_code == 404
    for form in ({}, {"sku": "X-1", "title_en": "Chair", "category": "furniture", "hs_code": "940161", "moq": 5}):
        response = client.post(f"/products/{product.id}/edit", data={**form, "csrf_token": csrf},
                               follow_redirects=False)
        assert response.status_code == 404, form
        assert product.sku not in response.text
