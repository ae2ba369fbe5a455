"""Role checks: an enterprise never sees another's private fields nor buyers' contacts;
a buyer sees only its own demands."""

from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import PASSWORD


def token_for(client, user) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def two_enterprises(session):
    mine = factories.enterprise(session, contact_phone="+86 532 1111")
    theirs = factories.enterprise(session, contact_phone="+86 532 2222")
    member = factories.user(session, "enterprise", enterprise_id=mine.id)
    buyer = factories.buyer(session, contact_email="secret-buyer@example.com")
    demand = factories.demand(session, buyer)
    session.commit()
    return mine, theirs, member, buyer, demand


def test_enterprise_sees_its_own_private_fields_but_not_anothers(client, two_enterprises):
    mine, theirs, member, _buyer, _demand = two_enterprises
    headers = token_for(client, member)
    own = client.get(f"/api/v1/enterprises/{mine.id}", headers=headers).json()
    assert own["contact_phone"] == "+86 532 1111" and own["credit_code"] == mine.credit_code
    other = client.get(f"/api/v1/enterprises/{theirs.id}", headers=headers).json()
    assert "contact_phone" not in other and "credit_code" not in other


def test_enterprise_cannot_edit_another_enterprise_or_its_products(client, session, two_enterprises):
    _mine, theirs, member, _buyer, _demand = two_enterprises
    product = factories.product(session, theirs)
    session.commit()
    headers = token_for(client, member)
    body = {"credit_code": theirs.credit_code, "name_zh": "改名", "kind": "manufacturer"}
    assert client.put(f"/api/v1/enterprises/{theirs.id}", json=body, headers=headers).status_code == 404
    payload = {"sku": "X", "title_en": "Hacked", "category": "wigs", "hs_code": "670420"}
    assert client.put(f"/api/v1/products/{product.id}", json=payload, headers=headers).status_code == 403
    payload["enterprise_id"] = theirs.id
    assert client.post("/api/v1/products", json=payload, headers=headers).status_code == 403


def test_enterprise_never_sees_buyer_contacts(client, two_enterprises):
    _mine, _theirs, member, buyer, demand = two_enterprises
    headers = token_for(client, member)
    assert client.get(f"/api/v1/buyers/{buyer.id}", headers=headers).status_code == 404
    assert client.get("/api/v1/buyers", headers=headers).status_code == 403
    detail = client.get(f"/api/v1/demands/{demand.id}", headers=headers)
    assert detail.status_code == 200
    assert "secret-buyer@example.com" not in detail.text
    page = client.get(f"/demands/{demand.id}", headers=headers)
    assert "secret-buyer@example.com" not in page.text


def test_buyer_sees_only_its_own_demands(client, session):
    alice, bob = factories.buyer(session), factories.buyer(session)
    alice_demand, bob_demand = factories.demand(session, alice), factories.demand(session, bob)
    alice_user = factories.user(session, "buyer", buyer_id=alice.id)
    session.commit()
    headers = token_for(client, alice_user)
    listed = client.get("/api/v1/demands", headers=headers).json()
    assert [d["id"] for d in listed["items"]] == [alice_demand.id]
    assert client.get(f"/api/v1/demands/{bob_demand.id}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/buyers/{bob.id}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/buyers/{alice.id}", headers=headers).status_code == 200


def test_pending_enterprises_are_hidden_from_other_members(client, session):
    pending = factories.enterprise(session, verification_status="pending")
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    headers = token_for(client, member)
    assert client.get(f"/api/v1/enterprises/{pending.id}", headers=headers).status_code == 404
    assert client.get("/api/v1/enterprises?status=pending", headers=headers).status_code == 403


def test_order_lines_are_visible_only_to_their_enterprise(client, session):
    from datetime import date
    from decimal import Decimal

    from chuhai.demand.models import OrderLine

    mine, theirs = factories.enterprise(session), factories.enterprise(session)
    my_product, their_product = factories.product(session, mine), factories.product(session, theirs)
    for n, product in enumerate((my_product, their_product)):
        session.add(OrderLine(source="test", external_ref=f"o{n}", product_id=product.id, order_date=date(2026, 5, 1),
                              channel="amazon", country="US", units=3, unit_price=Decimal("42.50"), currency="USD"))
    member = factories.user(session, "enterprise", enterprise_id=mine.id)
    buyer_user = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    session.commit()
    lines = client.get("/api/v1/order-lines", headers=token_for(client, member)).json()
    assert [line["product_id"] for line in lines["items"]] == [my_product.id]
    assert lines["items"][0]["unit_price"] == "42.5000"
    assert client.get("/api/v1/order-lines", headers=token_for(client, buyer_user)).status_code == 403
