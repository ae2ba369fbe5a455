"""The sidebar highlights the link of the page, whether the page was opened with a language prefix or not."""

from __future__ import annotations

import re

import pytest

from chuhai.types import RoleCode
from chuhai.web.navigation import route_path, sections_for
from tests import factories
from tests.conftest import login


def _active(role: RoleCode, path: str, root_path: str = "") -> list[str]:
    return [link["href"] for _section, links in sections_for(role, path, root_path) for link in links if link["active"]]


@pytest.mark.parametrize(("path", "root_path", "expected"), [
    ("/products", "", ["/products"]),
    ("/products/7", "", ["/products"]),
    ("/es/products/7", "/es", ["/products"]),
    ("/ru/admin/members", "/ru", ["/admin/members"]),
    ("/es/", "/es", ["/"]),
    ("/app/en/demands", "/app/en", ["/demands"]),  # a deployment's root path, then the prefix
    ("/", "", ["/"]),
    ("/productsx", "", []),  # only the link's own path and the pages under it
])
def test_the_active_link_ignores_the_language_prefix(path, root_path, expected):
    assert _active(RoleCode.OPERATOR, path, root_path) == expected


def test_route_path_without_a_root_path_is_the_path():
    assert route_path("/es/products") == "/es/products"
    assert route_path("/es", "/es") == "/"


@pytest.mark.parametrize("prefix", ["", "/es", "/ru"])
def test_the_page_under_a_prefix_highlights_its_link(client, session, prefix):
    operator = factories.user(session, "operator")
    session.commit()
    login(client, operator.email)
    html = client.get(f"{prefix}/products").text
    assert re.findall(r'<a href="([^"]+)" class="active">', html) == ["/products"]
