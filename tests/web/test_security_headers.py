"""Security headers on every kind of response (page, JSON API, static file, error page) and the flags of the
cookies the app sets. HSTS only outside the embedded default (served over TLS), like Secure cookies."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from chuhai.app import create_app
from tests import factories
from tests.conftest import login

KINDS = {"page": "/login", "api": "/api/v1/openapi.json", "static": "/static/app.css",
         "page error": "/no-such-page", "api error": "/api/v1/no-such-route"}


def _expect_security_headers(response, hsts: bool) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert ("strict-transport-security" in headers) is hsts
    if hsts:
        assert "max-age=31536000" in headers["strict-transport-security"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_embedded_default_sends_the_headers_but_no_hsts(client, kind):
    response = client.get(KINDS[kind])
    assert response.status_code in (200, 404)
    _expect_security_headers(response, hsts=False)


@pytest.fixture
def deployed(settings):
    """The app as deployed behind TLS (CHUHAI_SECURE_COOKIES unset on PostgreSQL, or set to 1)."""
    with TestClient(create_app(settings.model_copy(update={"secure_cookies": True})),
                    base_url="https://testserver") as client:
        yield client


@pytest.mark.parametrize("kind", KINDS)
def test_a_deployment_sends_hsts_on_every_kind_of_response(deployed, kind):
    _expect_security_headers(deployed.get(KINDS[kind]), hsts=True)


def _set_cookies(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header.lower() for header in response.headers.get_list("set-cookie")}


def test_cookies_are_httponly_and_samesite_lax_and_secure_when_deployed(deployed, session):
    user = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    session.commit()
    cookies = _set_cookies(deployed.get("/lang/en", follow_redirects=False))
    assert {"httponly", "samesite=lax", "secure"} <= set(cookies["lang"].replace(" ", "").split(";"))
    deployed.cookies.clear()
    signed_in = _set_cookies(login(deployed, user.email))
    for name in ("lang", "chuhai_session"):
        assert {"httponly", "samesite=lax"} <= set(signed_in[name].replace(" ", "").split(";")), name
    assert "secure" in signed_in["lang"]


def test_the_language_cookie_is_not_secure_on_the_embedded_default(client):
    cookie = _set_cookies(client.get("/lang/en", follow_redirects=False))["lang"]
    assert "httponly" in cookie and "secure" not in cookie


@pytest.mark.parametrize("path", ["/boom", "/api/v1/boom"])
def test_an_unexpected_error_page_has_the_headers_too(settings, path):
    app = create_app(settings.model_copy(update={"secure_cookies": True}))

    @app.get(path)
    def boom():
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(path)
    assert response.status_code == 500
    _expect_security_headers(response, hsts=True)
