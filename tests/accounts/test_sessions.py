"""Sessions are records on the server: a copied cookie dies with logout, a password change or a suspension;
signing in starts a new one; the cookie carries no API token; cookies are Secure outside the embedded default."""

from __future__ import annotations

import base64
import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from chuhai.accounts.models import User
from chuhai.config import Settings
from tests import factories
from tests.conftest import PASSWORD, login, page_csrf


def _copy(client: TestClient) -> TestClient:
    """Another browser holding a copy of `client`'s session cookie."""
    thief = TestClient(client.app)
    thief.cookies.set("chuhai_session", client.cookies.get("chuhai_session"))
    return thief


def _signed_in(client: TestClient) -> bool:
    return client.get("/account", follow_redirects=False).status_code == 200


def test_a_copied_cookie_stops_working_at_logout(client, session):
    user = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    session.commit()
    login(client, user.email)
    thief = _copy(client)
    assert _signed_in(thief)
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    assert not _signed_in(thief)
    assert thief.get("/api/v1/me").status_code == 401


def test_a_password_change_ends_every_other_session_and_keeps_this_one(client, session):
    user = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    session.commit()
    login(client, user.email)
    thief = _copy(client)
    wrong = client.post("/account/password", data={"csrf_token": page_csrf(client, "/account"),
                                                   "current_password": "nope", "new_password": "another-long-one"})
    assert wrong.status_code == 422 and _signed_in(thief)
    changed = client.post("/account/password", data={"csrf_token": page_csrf(client, "/account"),
                                                     "current_password": PASSWORD, "new_password": "another-long-one"},
                          follow_redirects=False)
    assert changed.status_code == 303
    assert _signed_in(client) and not _signed_in(thief)
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    assert login(client, user.email, "another-long-one").status_code == 303


def test_signing_in_again_starts_a_new_session(client, session):
    user = factories.user(session)
    session.commit()
    login(client, user.email)
    earlier = _copy(client)
    login(client, user.email)
    assert _signed_in(client) and not _signed_in(earlier)


def test_a_rejected_member_is_signed_out_everywhere(client, session):
    member = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    operator = factories.user(session, "operator")
    session.commit()
    login(client, member.email)
    other = TestClient(client.app)
    login(other, operator.email)
    other.post(f"/admin/members/{member.id}/decision", data={"approve": "0", "csrf_token": page_csrf(other)})
    assert session.scalar(select(User.status).where(User.id == member.id)) == "rejected"
    assert not _signed_in(client)


def _session_data(client: TestClient) -> dict:
    payload = client.cookies.get("chuhai_session").split(".")[0]
    return json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))


def test_the_session_cookie_never_holds_a_token_in_plain_text(client, session):
    user = factories.user(session)
    session.commit()
    login(client, user.email)
    response = client.post("/account/tokens", data={"csrf_token": page_csrf(client, "/account"), "name": "ci"},
                           follow_redirects=False)
    kept = json.dumps(_session_data(client))
    page = client.get(response.headers["location"]) if response.is_redirect else response
    token = page.text.split('data-testid="new-token"', 1)[1].split("<code>", 1)[1].split("</code>", 1)[0]
    assert token.startswith("chu_") and token not in kept
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert "chu_" not in client.get("/account").text  # shown once


def test_cookies_are_secure_outside_the_embedded_default(tmp_path):
    assert Settings(database_url="postgresql://db.internal/chuhai").cookies_secure()
    assert not Settings(database_url="sqlite:///var/chuhai.db").cookies_secure()
    assert not Settings(database_url="postgresql://db.internal/chuhai", secure_cookies=False).cookies_secure()


def test_session_and_device_cookies_carry_the_secure_flag_when_set(settings, session):
    from chuhai.app import create_app

    user = factories.user(session)
    session.commit()
    with TestClient(create_app(settings.model_copy(update={"secure_cookies": True})),
                    base_url="https://testserver") as client:
        response = login(client, user.email)
    cookies = {c.split("=", 1)[0]: c.lower() for c in response.headers.get_list("set-cookie")}
    assert "; secure" in cookies["chuhai_session"] and "; secure" in cookies["chuhai_device"]
    assert "httponly" in cookies["chuhai_session"] and "httponly" in cookies["chuhai_device"]
