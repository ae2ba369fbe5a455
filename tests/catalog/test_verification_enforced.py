"""The operator's rejection is enforced: the enterprise's members stop acting for it (their sessions and API
tokens end; signed in again, they read their own pages but change nothing), and its products leave the
listings of buyers and other enterprises. Verifying it again restores both (members sign in again)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories
from tests.conftest import PASSWORD, login


def _token(client: TestClient, email: str) -> dict:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _product(sku: str) -> dict:
    return {"sku": sku, "title_zh": "13x4 蕾丝前头套", "title_en": "13x4 lace front wig", "category": "wigs",
            "hs_code": "670420", "moq": 10, "price_tiers": []}


def _world(session):
    enterprise = factories.enterprise(session)
    product = factories.product(session, enterprise)
    member = factories.user(session, "enterprise", enterprise_id=enterprise.id)
    operator = factories.user(session, "operator")
    buyer = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    other = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    return enterprise, product, member, operator, buyer, other


def _decide(client: TestClient, operator_headers: dict, enterprise_id: int, status: str) -> None:
    response = client.post(f"/api/v1/enterprises/{enterprise_id}/verification", json={"status": status},
                           headers=operator_headers)
    assert response.status_code == 200, response.text


def test_a_rejected_enterprises_members_stop_acting_for_it_until_it_is_verified_again(client, session, app):
    enterprise, product, member, operator, _buyer, _other = _world(session)
    by_operator = _token(client, operator.email)
    browser = TestClient(app)
    assert login(browser, member.email).status_code == 303
    member_token = _token(client, member.email)
    assert browser.get("/account", follow_redirects=False).status_code == 200

    _decide(client, by_operator, enterprise.id, "rejected")
    assert browser.get("/account", follow_redirects=False).status_code != 200  # the session ended
    assert client.get("/api/v1/me", headers=member_token).status_code == 401  # and the API token

    again = _token(client, member.email)  # signed in again: reads its own records, changes none
    assert client.get("/api/v1/me", headers=again).status_code == 200
    assert client.get(f"/api/v1/enterprises/{enterprise.id}", headers=again).status_code == 200
    assert client.get(f"/api/v1/products/{product.id}", headers=again).status_code == 200
    refused = client.post("/api/v1/products", json=_product("NEW-1"), headers=again)
    assert refused.status_code == 403 and "rejected" in refused.json()["error"]["message"]
    assert client.delete(f"/api/v1/products/{product.id}", headers=again).status_code == 403

    _decide(client, by_operator, enterprise.id, "verified")
    restored = _token(client, member.email)
    assert client.post("/api/v1/products", json=_product("NEW-2"), headers=restored).status_code == 201


def test_a_rejected_enterprises_products_leave_the_listings_of_others(client, session):
    enterprise, product, member, operator, buyer, other = _world(session)
    by_operator, by_buyer = _token(client, operator.email), _token(client, buyer.email)
    by_other = _token(client, other.email)

    def listed(headers: dict) -> bool:
        items = client.get("/api/v1/products", params={"size": 100}, headers=headers).json()["items"]
        return product.id in {item["id"] for item in items}

    assert listed(by_buyer) and listed(by_other)
    _decide(client, by_operator, enterprise.id, "rejected")
    by_member = _token(client, member.email)
    assert not listed(by_buyer) and not listed(by_other)
    assert client.get(f"/api/v1/products/{product.id}", headers=by_buyer).status_code == 404
    assert listed(by_operator) and listed(by_member)  # the operator and the enterprise itself still see it
    _decide(client, by_operator, enterprise.id, "verified")
    assert listed(by_buyer) and client.get(f"/api/v1/products/{product.id}", headers=by_buyer).status_code == 200


def test_a_pending_enterprises_products_stay_listed_and_its_members_act(client, session):
    """Pending (never verified, or back in review after a sensitive edit) is not rejected: its products are
    listed and matched (demands asking for verified suppliers only skip them) and its members work."""
    enterprise, product, member, operator, buyer, _other = _world(session)
    _decide(client, _token(client, operator.email), enterprise.id, "pending")
    by_member = _token(client, member.email)
    assert client.post("/api/v1/products", json=_product("NEW-3"), headers=by_member).status_code == 201
    assert client.get(f"/api/v1/products/{product.id}", headers=_token(client, buyer.email)).status_code == 200
