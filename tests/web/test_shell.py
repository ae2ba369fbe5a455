"""The web shell: pages render for each role, in both languages, and every route checks the role."""

from __future__ import annotations

import re

import pytest

from chuhai.web.access import app_routes
from tests import factories
from tests.conftest import login, page_csrf

PAGES = ["/", "/belts", "/enterprises", "/products", "/providers", "/demands", "/account"]
OPERATOR_PAGES = ["/buyers", "/belts/new", "/admin/members", "/admin/audit", "/imports", "/enterprises/new",
                  "/products/new", "/buyers/new", "/demands/new"]


@pytest.fixture
def world(session):
    belt = factories.belt(session)
    enterprise = factories.enterprise(session, belt_id=belt.id, certifications=["CE"])
    product = factories.product(session, enterprise)
    buyer = factories.buyer(session)
    demand = factories.demand(session, buyer)
    operator = factories.user(session, "operator")
    member = factories.user(session, "enterprise", enterprise_id=enterprise.id)
    buyer_user = factories.user(session, "buyer", buyer_id=buyer.id)
    session.commit()
    return {"belt": belt, "enterprise": enterprise, "product": product, "buyer": buyer, "demand": demand,
            "operator": operator, "member": member, "buyer_user": buyer_user}


def test_anonymous_visitor_sees_landing_and_is_sent_to_login(client, world):
    landing = client.get("/")
    assert landing.status_code == 200
    assert "产业带" in landing.text
    response = client.get("/products", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/products")


@pytest.mark.parametrize("role", ["operator", "member", "buyer_user"])
def test_every_main_page_renders_for_each_role(client, world, role):
    assert login(client, world[role].email).status_code == 303
    for path in [*PAGES, f"/enterprises/{world['enterprise'].id}", f"/products/{world['product'].id}",
                 f"/belts/{world['belt'].id}"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:500])


def test_operator_pages(client, world):
    login(client, world["operator"].email)
    for path in [*OPERATOR_PAGES, f"/buyers/{world['buyer'].id}", f"/demands/{world['demand'].id}"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/buyers", "/admin/members", "/admin/audit", "/enterprises/new", "/buyers/new"])
def test_operator_pages_are_forbidden_to_members(client, world, path):
    login(client, world["member"].email)
    assert client.get(path).status_code == 403


def test_language_switch_changes_the_page_language(client, world):
    login(client, world["operator"].email)
    assert "企业" in client.get("/enterprises").text
    client.get("/lang/en?next=/enterprises")
    english = client.get("/enterprises").text
    assert "Enterprises" in english
    assert "产业带" not in english.split("<main")[1].split("</table>")[0].split("<table")[0]
    client.get("/lang/zh_CN")
    assert "企业" in client.get("/enterprises").text


def test_forms_without_csrf_token_are_refused(client, world):
    login(client, world["operator"].email)
    response = client.post("/buyers/new", data={"company": "X", "country": "US"})
    assert response.status_code == 403
    token = page_csrf(client, "/buyers/new")
    response = client.post("/buyers/new", data={"company": "X Corp", "country": "US", "kind": "importer",
                                                "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303


def test_every_route_declares_who_may_use_it(app):
    """A route without a sign-in or role dependency must be on the short public list."""
    public = {"/", "/healthz", "/lang/{code}", "/login", "/logout", "/signup", "/api/v1/auth/token",
              "/api/v1/signup", "/static", "/api/v1/openapi.json", "/api/docs", "/docs/oauth2-redirect"}
    # the public showcase (chuhai.showcase) and what search engines read; its operator routes are guarded
    public |= {"/showcase", "/showcase/search", "/showcase/belts/{code}", "/showcase/categories/{code}",
               "/showcase/products/{product_ref}", "/showcase/enterprises/{enterprise_ref}",
               "/showcase/inquiry/{product_id}", "/sitemap.xml", "/robots.txt"}
    # the one-click unsubscribe of an e-mail (RFC 8058): its signed token is the proof, no sign-in
    public |= {"/mail/unsubscribe/{token}"}
    # a photo or file by its content hash: served to anyone only when its product is on the showcase, else
    # to its enterprise and the operator (the handler decides from the database; tests/media/test_pages.py)
    public |= {"/media/{name}"}
    unguarded, checked = [], 0
    # every route, routers included (app.router.routes alone lists FastAPI's included routers, not their
    # routes: this test used to check nothing at all)
    for _method, path, route in app_routes(app):
        dependant = getattr(route, "dependant", None)
        if dependant is None or path in public:
            continue
        checked += 1
        names = set()
        stack = list(dependant.dependencies)
        while stack:
            dep = stack.pop()
            names.add(getattr(dep.call, "__name__", ""))
            stack.extend(dep.dependencies)
        if not any(name.startswith("require_") for name in names):
            unguarded.append(path)
    assert unguarded == []
    assert checked > 150


def test_operator_edits_a_belts_key_facts(client, world):
    login(client, world["operator"].email)
    belt = world["belt"]
    token = page_csrf(client, f"/belts/{belt.id}/edit")
    response = client.post(f"/belts/{belt.id}/edit", data={
        "csrf_token": token, "code": belt.code, "name_zh": "胶州发制品产业带", "name_en": "Jiaozhou wigs",
        "province": "山东", "city": "青岛", "categories": "wigs",
        "key_facts": "约70%的假发企业做跨境 | About 70% sell cross-border",
    }, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(f"/belts/{belt.id}").text
    assert "约70%的假发企业做跨境" in page
    bad = client.post(f"/belts/{belt.id}/edit", data={"csrf_token": token, "code": "Bad Code", "name_zh": "x",
                                                      "name_en": "y", "province": "p", "city": "c",
                                                      "categories": "spaceships"})
    assert bad.status_code == 422 and "spaceships" in bad.text


def test_api_docs_are_served_from_local_assets_only(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert '<script src="/static/vendor/redoc.standalone.js">' in page.text
    assert "http://" not in page.text and "https://" not in page.text
    assert client.get("/static/vendor/redoc.standalone.js").status_code == 200
    assert client.get("/api/v1/openapi.json").json()["info"]["title"].startswith("Chuhai")


def test_no_template_loads_anything_from_another_origin():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "src" / "chuhai"
    offenders = [str(path) for path in root.rglob("*.html")
                 if re.search(r'(src|href)="(https?:)?//', path.read_text(encoding="utf-8"))]
    assert offenders == []
