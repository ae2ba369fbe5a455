"""Every public route of the showcase, walked as an anonymous client over the small demo in all four languages,
never shows a private value of the demo: an enterprise's contacts, website, credit code or certificate numbers,
a buyer's contacts, a user's e-mail. Enterprises the showcase does not list (the demo's pending applicants) appear
nowhere and answer 404."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from chuhai.accounts.models import User
from chuhai.catalog.categories import CATEGORIES
from chuhai.catalog.models import Certification, Enterprise, IndustrialBelt, Product
from chuhai.config import Settings
from chuhai.database import session_scope
from chuhai.demand.models import Buyer
from chuhai.migrate import upgrade
from chuhai.web.access import POLICY, app_routes, route_key

LANGS = ("zh", "en", "es", "ru")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[dict]:
    from chuhai.accounts import audit
    from chuhai.app import create_app
    from chuhai.demo.generator import DEMO_BUYER_KEY, DEMO_ENTERPRISE_CREDIT_CODE, generate
    from chuhai.demo.loader import load
    from chuhai.demo.logins import seed_demo_logins
    from chuhai.markets.service import sync_reference_data

    audit.install()
    directory = tmp_path_factory.mktemp("showcase-demo")
    url = f"sqlite:///{directory / 'chuhai.db'}"
    upgrade(url)
    with session_scope(url) as session:
        session.info["audit_disabled"] = True
        sync_reference_data(session)
        load(session, generate("small", 7))
        seed_demo_logins(session, DEMO_ENTERPRISE_CREDIT_CODE, DEMO_BUYER_KEY)
    with session_scope(url) as session:
        private = set()
        for firm in session.scalars(select(Enterprise)):
            private |= {firm.credit_code, firm.contact_name, firm.contact_phone, firm.contact_email, firm.website}
            if firm.website:
                private.add(firm.website.split("//", 1)[-1])
        private |= set(session.scalars(select(Certification.number)))
        for buyer in session.scalars(select(Buyer)):
            private |= {buyer.contact_name, buyer.contact_email, buyer.contact_phone}
        private |= set(session.scalars(select(User.email)))
        private = {value for value in private if value and len(value) >= 5}
        unlisted = list(session.execute(select(Enterprise.id, Enterprise.name_zh, Enterprise.name_en)
                                        .where(Enterprise.verification_status != "verified")))
        listed = list(session.scalars(select(Enterprise.id).where(Enterprise.verification_status == "verified")))
        products = list(session.scalars(select(Product.id).join(Enterprise)
                                        .where(Enterprise.verification_status == "verified").order_by(Product.id)))
        unlisted_products = list(session.scalars(select(Product.id).join(Enterprise)
                                                 .where(Enterprise.verification_status != "verified")))
        belts = list(session.scalars(select(IndustrialBelt.code)))
    app = create_app(Settings(database_url=url, secret_key="showcase-walk", data_dir=directory, warm_caches=False,
                              secure_cookies=False))
    with TestClient(app) as client:
        yield {"app": app, "client": client, "private": private, "unlisted": unlisted, "listed": listed,
               "products": products, "unlisted_products": unlisted_products, "belts": belts}


def _public_routes(app) -> set[str]:
    """The GET routes anyone may open that show records: the showcase's (but the operator's list and the inquiry,
    a redirect to sign-up), the landing page, sitemap.xml and robots.txt."""
    return {path for method, path, _route in app_routes(app)
            if method == "GET" and path.startswith("/showcase") and POLICY[route_key(method, path)][0] != "L"
            and path != "/showcase/inquiry/{product_id}"} | {"/", "/sitemap.xml", "/robots.txt"}


def _walk(demo) -> Iterator[str]:
    """Concrete URLs of every public route: all belts, categories and listed enterprises in every language,
    every listed product in one language (rotating) and the first ten in all four, searches, later pages."""
    yield from ("/", "/sitemap.xml", "/robots.txt")
    for lang in LANGS:
        yield from (f"/{lang}/showcase", f"/{lang}/showcase/search", f"/{lang}/showcase/search?page=2",
                    f"/{lang}/showcase/search?q=wig", f"/{lang}/showcase/search?q=假发",
                    f"/{lang}/showcase/search?q=peluca+de+encaje", f"/{lang}/showcase/search?q=мебель")
        yield from (f"/{lang}/showcase/belts/{code}" for code in demo["belts"])
        yield from (f"/{lang}/showcase/categories/{code}" for code in CATEGORIES)
        yield from (f"/{lang}/showcase/enterprises/{eid}" for eid in demo["listed"])
        yield from (f"/{lang}/showcase/products/{pid}" for pid in demo["products"][:10])
    for n, pid in enumerate(demo["products"][10:]):
        yield f"/{LANGS[n % 4]}/showcase/products/{pid}"
    yield f"/es/showcase/inquiry/{demo['products'][0]}"


def test_no_public_page_shows_a_private_value(demo):
    client, private = demo["client"], demo["private"]
    assert len(private) > 100  # the demo's contacts, codes, numbers and e-mails
    walked: set[str] = set()
    unlisted_names = {name for _id, zh, en in demo["unlisted"] for name in (zh, en) if name}
    pages = 0
    for url in _walk(demo):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        html = response.text
        leaked = [value for value in private if value in html]
        assert not leaked, f"{url} shows {leaked[:5]}"
        shown = [name for name in unlisted_names if name in html]
        assert not shown, f"{url} shows the unlisted {shown[:3]}"
        walked.add(_route_of(demo["app"], response.url.path))
        pages += 1
    assert pages > 400
    expected = _public_routes(demo["app"])
    assert expected <= walked, f"public routes not walked: {sorted(expected - walked)}"


def test_unlisted_enterprises_and_their_products_are_not_found(demo):
    client = demo["client"]
    for lang in LANGS:
        for enterprise_id, _zh, _en in demo["unlisted"]:
            assert client.get(f"/{lang}/showcase/enterprises/{enterprise_id}").status_code == 404
        for product_id in demo["unlisted_products"][:5]:
            assert client.get(f"/{lang}/showcase/products/{product_id}").status_code == 404
    sitemap = client.get("/sitemap.xml").text
    listed = {int(m) for m in re.findall(r"/showcase/products/(\d+)-", sitemap)}
    assert listed == set(demo["products"])
    assert {int(m) for m in re.findall(r"/showcase/enterprises/(\d+)-", sitemap)} == set(demo["listed"])


def _route_of(app, path: str) -> str | None:
    """The route template a concrete path (its language prefix removed) is served by."""
    path = re.sub(r"^/(zh|en|es|ru)(?=/)", "", path)
    for method, template, route in app_routes(app):
        if method == "GET" and getattr(route, "path_regex", None) is not None and route.path_regex.match(path):
            return template
    return None
