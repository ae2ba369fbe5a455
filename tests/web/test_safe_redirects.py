"""Every `next` the app follows stays on this site (language switch and sign-in share one check)."""

from __future__ import annotations

import pytest

from chuhai.web.redirects import safe_next
from tests import factories
from tests.conftest import PASSWORD, csrf_of

OFF_SITE = ["///evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
            "/\t/evil.example", "javascript:alert(1)", "/%2F/evil.example", "http:/evil.example", " //evil.example",
            "/\x00/evil.example"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_targets_become_the_home_page(target):
    assert safe_next(target) == "/"


ON_SITE = ["/demands?page=2", "/demands?q=lace%20wig%2F%2Fx", "/enterprises/3#products", "/", "/lang-free/path"]


@pytest.mark.parametrize("target", ON_SITE)
def test_on_site_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_language_switch_never_leaves_the_site(client, target):
    response = client.get("/lang/en", params={"next": target}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_sign_in_never_leaves_the_site(client, session):
    user = factories.user(session)
    session.commit()
    page = client.get("/login", params={"next": "///evil.example"})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "next": "///evil.example",
                                           "csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert "evil.example" not in page.text
