"""What the public showcase lists: verified enterprises the operator has not hidden and their active products
the operator has not hidden — on its pages, in its search and in sitemap.xml; anything else is 404. Its pages
carry canonical URLs, hreflang alternates, Open Graph tags and schema.org JSON-LD."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from chuhai.accounts.models import AuditLog, User
from chuhai.catalog.models import Certification
from tests import factories
from tests.conftest import login, page_csrf, recorded_statements

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGS = ("zh", "en", "es", "ru")


@pytest.fixture
def world(session):
    belt = factories.belt(session, code="jiaozhou-wigs", categories=["wigs"])
    listed = factories.enterprise(session, belt_id=belt.id, name_zh="胶州恒发假发有限公司", name_en=None,
                                  export_markets=["US", "NG"], website="https://www.hengfa.example")
    listed.certifications = [
        Certification(name="ISO9001", number="ISO9001-2026-83148", valid_until=date.today() + timedelta(days=300)),
        Certification(name="BSCI", number="BSCI-2020-11111", valid_until=date.today() - timedelta(days=3)),
    ]
    hidden = factories.enterprise(session, belt_id=belt.id, showcase_hidden=True)
    pending = factories.enterprise(session, belt_id=belt.id, verification_status="pending")
    rejected = factories.enterprise(session, belt_id=belt.id, verification_status="rejected")
    records = {
        "listed": listed, "hidden": hidden, "pending": pending, "rejected": rejected,
        "product": factories.product(session, listed, description="Call +86 532 8888 1234 or mail boss@hengfa.example",
                                     attributes={"texture": "body wave", "length_in": 14}),
        "hidden_product": factories.product(session, listed, showcase_hidden=True, title_en="Hidden lace wig"),
        "archived_product": factories.product(session, listed, status="archived", title_en="Archived lace wig"),
    }
    for name in ("hidden", "pending", "rejected"):
        records[f"{name}_firm_product"] = factories.product(session, records[name], title_en=f"{name} lace wig")
    session.commit()
    return records


def _ids(html: str, kind: str) -> set[int]:
    return {int(m) for m in re.findall(rf'href="[^"]*/showcase/{kind}/(\d+)-', html)}


def test_only_listed_records_are_shown(client, world):
    product = world["product"]
    for path in ("/showcase", "/showcase/search", "/showcase/search?q=lace+wig", "/showcase/search?q=peluca",
                 "/showcase/belts/jiaozhou-wigs", "/showcase/categories/wigs"):
        html = client.get(path).text
        assert _ids(html, "products") == {product.id}, path
    assert _ids(client.get("/showcase/belts/jiaozhou-wigs").text, "enterprises") == {world["listed"].id}
    for name in ("hidden_product", "archived_product", "hidden_firm_product", "pending_firm_product",
                 "rejected_firm_product"):
        assert client.get(f"/showcase/products/{world[name].id}").status_code == 404, name
    for name in ("hidden", "pending", "rejected"):
        assert client.get(f"/showcase/enterprises/{world[name].id}").status_code == 404, name
        assert client.get(f"/es/showcase/enterprises/{world[name].id}").status_code == 404, name
    assert client.get("/showcase/products/abc").status_code == 404
    assert client.get("/showcase/belts/no-such-belt").status_code == 404
    assert client.get("/showcase/categories/no-such-category").status_code == 404


def test_a_product_page_has_its_canonical_slug_and_public_facts_only(client, world):
    product = world["product"]
    answer = client.get(f"/es/showcase/products/{product.id}", follow_redirects=False)
    assert answer.status_code == 301
    slug = "13x4-lace-front-wig-human-hair-body-wave"
    assert answer.headers["location"] == f"/es/showcase/products/{product.id}-{slug}"
    html = client.get(answer.headers["location"]).text
    assert '<html lang="es">' in html
    assert "ISO9001" in html and "BSCI" in html  # validity shown (BSCI as expired)
    assert "peluca" in html  # the key points in Spanish, from the glossary
    for private in ("ISO9001-2026-83148", "BSCI-2020-11111", "www.hengfa.example", "王经理", "+86 532 8888 0000",
                    "+86 532 8888 1234", "boss@hengfa.example", world["listed"].credit_code,
                    world["listed"].contact_email):
        assert private not in html, private
    assert "Estados Unidos" in html and "Nigeria" in html  # export markets in the reader's language


def test_enterprise_slug_is_transliterated_from_chinese(client, world):
    answer = client.get(f"/showcase/enterprises/{world['listed'].id}", follow_redirects=False)
    assert answer.headers["location"].startswith(f"/showcase/enterprises/{world['listed'].id}-")
    assert re.fullmatch(r"/showcase/enterprises/\d+-[a-z0-9-]+", answer.headers["location"])


def _head(html: str) -> dict:
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    og = dict(re.findall(r'<meta property="(og:[a-z:_]+)" content="([^"]*)">', html))
    return {"canonical": canonical, "alternates": alternates, "json_ld": [json.loads(b) for b in blocks], "og": og}


@pytest.mark.parametrize("lang", LANGS)
def test_pages_carry_canonical_hreflang_open_graph_and_json_ld(client, world, lang):
    product = world["product"]
    path = f"/showcase/products/{product.id}-13x4-lace-front-wig-human-hair-body-wave"
    head = _head(client.get(f"/{lang}{path}").text)
    assert head["canonical"] == f"http://testserver/{lang}{path}"
    assert head["alternates"] == {"zh-CN": f"http://testserver/zh{path}", "en": f"http://testserver/en{path}",
                                  "es": f"http://testserver/es{path}", "ru": f"http://testserver/ru{path}",
                                  "x-default": f"http://testserver{path}"}
    assert head["og"]["og:url"] == head["canonical"] and head["og"]["og:type"] == "product"
    (data,) = head["json_ld"]
    assert data["@type"] == "Product" and data["sku"] == product.sku
    assert data["offers"] == {"@type": "AggregateOffer", "priceCurrency": "USD", "lowPrice": "39.50",
                              "highPrice": "45.00", "offerCount": 2,
                              "eligibleQuantity": {"@type": "QuantitativeValue", "minValue": 10}}
    enterprise_page = client.get(data["manufacturer"]["url"].replace("http://testserver", "")).text
    (organization,) = _head(enterprise_page)["json_ld"]
    assert organization["@type"] == "Organization" and organization["address"]["addressCountry"] == "CN"
    assert "telephone" not in organization and "email" not in organization


def test_sitemap_lists_every_listed_record_with_its_languages(client, world):
    answer = client.get("/sitemap.xml")
    assert answer.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(answer.content)
    assert root.tag == f"{SITEMAP}urlset"
    locs = []
    for url in root:
        assert url.tag == f"{SITEMAP}url"
        loc = url.find(f"{SITEMAP}loc").text
        locs.append(loc)
        links = url.findall(f"{XHTML}link")
        assert {link.get("hreflang") for link in links} == {"zh-CN", "en", "es", "ru", "x-default"}
        assert all(link.get("rel") == "alternate" for link in links)
        assert {link.get("href") for link in links if link.get("hreflang") == "x-default"} == {loc}
        lastmod = url.find(f"{SITEMAP}lastmod")
        assert lastmod is None or date.fromisoformat(lastmod.text)
    assert len(locs) == len(set(locs))
    products = {int(m) for loc in locs for m in re.findall(r"/showcase/products/(\d+)-", loc)}
    enterprises = {int(m) for loc in locs for m in re.findall(r"/showcase/enterprises/(\d+)-", loc)}
    assert products == {world["product"].id}
    assert enterprises == {world["listed"].id}
    for loc in locs:  # every URL it names answers
        assert client.get(loc.replace("http://testserver", "")).status_code == 200, loc


def test_without_a_public_base_url_the_urls_follow_the_request(client, world):
    path = f"/showcase/products/{world['product'].id}-13x4-lace-front-wig-human-hair-body-wave"
    head = _head(client.get(f"/es{path}", headers={"Host": "chuhai.local:8000"}).text)
    assert head["canonical"] == head["og"]["og:url"] == f"http://chuhai.local:8000/es{path}"


def test_the_public_base_url_decides_canonical_hreflang_og_url_and_sitemap(settings, world):
    from chuhai.app import create_app

    settings = settings.model_copy(update={"public_base_url": "https://chuhai.example/"})
    settings.model_fields_set.add("public_base_url")  # as set by CHUHAI_PUBLIC_BASE_URL
    forged = {"Host": "evil.example"}  # a Host header must not decide them
    path = f"/showcase/products/{world['product'].id}-13x4-lace-front-wig-human-hair-body-wave"
    with TestClient(create_app(settings)) as client:
        head = _head(client.get(f"/ru{path}", headers=forged).text)
        assert head["canonical"] == head["og"]["og:url"] == f"https://chuhai.example/ru{path}"
        assert head["alternates"]["x-default"] == f"https://chuhai.example{path}"
        assert head["alternates"]["es"] == f"https://chuhai.example/es{path}"
        root = ET.fromstring(client.get("/sitemap.xml", headers=forged).content)
        locs = [url.find(f"{SITEMAP}loc").text for url in root]
        hrefs = [link.get("href") for url in root for link in url.findall(f"{XHTML}link")]
        assert locs and all(url.startswith("https://chuhai.example/") for url in locs + hrefs)
        assert "Sitemap: https://chuhai.example/sitemap.xml" in client.get("/robots.txt", headers=forged).text


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Allow: /es/showcase" in text and "Disallow: /showcase/inquiry/" in text
    assert "Allow: /media/" in text  # the photos


def test_the_operator_hides_and_shows_again_and_it_is_audited(client, session, world):
    product = world["product"]
    operator = factories.user(session, "operator")
    session.commit()
    url = f"/showcase/products/{product.id}-13x4-lace-front-wig-human-hair-body-wave"
    assert client.get(url).status_code == 200
    assert _ids(client.get("/showcase/search?q=lace+wig").text, "products") == {product.id}
    assert f"/showcase/products/{product.id}-" in client.get("/sitemap.xml").text  # now kept for the next crawl
    anonymous = client.post(f"/showcase/visibility/products/{product.id}",
                            data={"hidden": "1", "csrf_token": page_csrf(client)}, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    login(client, operator.email)
    client.post(f"/showcase/visibility/enterprises/{world['listed'].id}",
                data={"hidden": "1", "csrf_token": page_csrf(client)})
    assert client.get(url).status_code == 404  # its enterprise is hidden: so is the product
    assert _ids(client.get("/showcase/search?q=lace+wig").text, "products") == set()  # and from search
    sitemap = client.get("/sitemap.xml").text  # and from the sitemap kept before
    assert f"/showcase/products/{product.id}-" not in sitemap and f"/enterprises/{world['listed'].id}-" not in sitemap
    hidden_page = client.get("/showcase/hidden").text
    assert f"/enterprises/{world['listed'].id}" in hidden_page
    assert f"/products/{world['hidden_product'].id}" in hidden_page
    client.post(f"/showcase/visibility/enterprises/{world['listed'].id}",
                data={"hidden": "0", "csrf_token": page_csrf(client)})
    assert client.get(url).status_code == 200
    session.expire_all()
    entries = session.scalars(select(AuditLog).where(AuditLog.entity == "enterprises",
                                                     AuditLog.entity_id == str(world["listed"].id))).all()
    assert sum("showcase_hidden" in json.dumps(entry.changes or {}) for entry in entries) == 2


def test_only_the_operator_may_hide(client, session, world):
    member = factories.user(session, "enterprise", enterprise_id=world["listed"].id)
    session.commit()
    login(client, member.email)
    answer = client.post(f"/showcase/visibility/products/{world['product'].id}",
                         data={"hidden": "1", "csrf_token": page_csrf(client)})
    assert answer.status_code == 403


def test_an_inquiry_leads_through_sign_up_to_the_demand_form(app, client, session, world):
    product = world["product"]
    answer = client.get(f"/es/showcase/inquiry/{product.id}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/es/signup?role=buyer&inquiry={product.id}"
    page = client.get(answer.headers["location"]).text
    assert 'data-testid="signup-inquiry"' in page and "13x4 Lace Front Wig" in page
    assert re.search(r'<option value="buyer"\s+selected', page)
    form = {"csrf_token": page_csrf(client, "/signup"), "role": "buyer", "display_name": "Ana García",
            "email": "ana@tienda.example", "password": "a-long-password", "company": "Tienda Ana",
            "country": "ES", "buyer_kind": "salon"}
    assert client.post("/signup", data=form, follow_redirects=False).status_code == 303
    operator = factories.user(session, "operator")
    session.commit()
    applicant = session.scalar(select(User).where(User.email == "ana@tienda.example"))
    with TestClient(app) as desk:  # the operator, in a browser of their own
        login(desk, operator.email)
        desk.post(f"/admin/members/{applicant.id}/decision", data={"approve": "1", "csrf_token": page_csrf(desk)})
    signed_in = client.post("/login", data={"email": "ana@tienda.example", "password": "a-long-password",
                                            "csrf_token": page_csrf(client, "/login"), "next": "/"},
                            follow_redirects=False)
    assert signed_in.headers["location"] == f"/demands/new?product={product.id}"
    form_page = client.get(signed_in.headers["location"]).text
    assert "13x4" in form_page  # the demand form starts from the product


def _sign_in(browser: TestClient, email: str):
    return browser.post("/login", data={"email": email, "password": "a-long-password",
                                        "csrf_token": page_csrf(browser, "/login"), "next": "/"},
                        follow_redirects=False)


def test_an_inquiry_is_kept_on_the_account_for_the_first_sign_in_on_another_device(app, client, session, world):
    product = world["product"]
    client.get(f"/showcase/inquiry/{product.id}", follow_redirects=False)
    form = {"csrf_token": page_csrf(client, "/signup"), "role": "buyer", "display_name": "Ana García",
            "email": "ana@tienda.example", "password": "a-long-password", "company": "Tienda Ana",
            "country": "ES", "buyer_kind": "salon"}
    assert client.post("/signup", data=form, follow_redirects=False).status_code == 303
    applicant = session.scalar(select(User).where(User.email == "ana@tienda.example"))
    assert applicant.inquiry_product_id == product.id
    operator = factories.user(session, "operator")
    session.commit()
    with TestClient(app) as desk:
        login(desk, operator.email)
        desk.post(f"/admin/members/{applicant.id}/decision", data={"approve": "1", "csrf_token": page_csrf(desk)})
    with TestClient(app) as phone:  # the approval e-mail opened on another device: no session of the sign-up
        assert _sign_in(phone, "ana@tienda.example").headers["location"] == f"/demands/new?product={product.id}"
    session.expire_all()
    assert session.get(User, applicant.id).inquiry_product_id is None  # used once
    with TestClient(app) as laptop:
        assert _sign_in(laptop, "ana@tienda.example").headers["location"] == "/"


def test_a_sign_up_without_an_inquiry_keeps_none(client, session):
    form = {"csrf_token": page_csrf(client, "/signup"), "role": "buyer", "display_name": "Bo",
            "email": "bo@shop.example", "password": "a-long-password", "company": "Bo Shop",
            "country": "DE", "buyer_kind": "salon"}
    assert client.post("/signup", data=form, follow_redirects=False).status_code == 303
    assert session.scalar(select(User).where(User.email == "bo@shop.example")).inquiry_product_id is None


def test_price_range_and_certification_validity(client, session):
    belt = factories.belt(session)
    firm = factories.enterprise(session, belt_id=belt.id)
    product = factories.product(session, firm, price_tiers=[(1, Decimal("9.99"))], certifications=["CE"])
    session.commit()
    html = client.get(f"/en/showcase/products/{product.id}", follow_redirects=True).text
    assert "$9.99" in html and "CE" in html
    assert "MOQ 10" in html


def test_photos_show_on_cards_and_pages_certificate_scans_do_not(app, client, session, world):
    from chuhai.accounts.service import principal_of
    from chuhai.media import service as media
    from chuhai.media.models import MediaKind
    from tests.media.images import jpeg, png

    config = media.config_from_settings(app.state.settings)
    operator = principal_of(factories.user(session, "operator"))
    product, firm = world["product"], world["listed"]
    media.add_product_photo(session, operator, config, product.id, file_name="front.jpg", content=jpeg())
    media.add_product_photo(session, operator, config, product.id, file_name="side.png", content=png())
    media.add_enterprise_file(session, operator, config, firm.id, kind=MediaKind.FACTORY, file_name="plant.jpg",
                              content=jpeg(color=(10, 10, 200)))
    media.add_enterprise_file(session, operator, config, firm.id, kind=MediaKind.CERTIFICATE, file_name="iso.png",
                              content=png(color=(1, 2, 3, 255)))
    session.commit()
    cover = media.cover_images(session, [product.id])[product.id]
    assert cover.thumb_url in client.get("/showcase/categories/wigs").text
    page = client.get(f"/showcase/products/{product.id}", follow_redirects=True).text
    photos = re.findall(r'src="(/media/[^"]+)"', page)
    assert len(photos) >= 3 and 'data-testid="product-photo"' in page
    assert all(client.get(url).status_code == 200 for url in photos)
    (data,) = _head(page)["json_ld"]
    assert len(data["image"]) == 2 and _head(page)["og"]["og:image"] == data["image"][0]
    enterprise_page = client.get(f"/showcase/enterprises/{firm.id}", follow_redirects=True).text
    factory = media.enterprise_images(session, firm.id, [MediaKind.FACTORY])[0]
    assert factory.thumb_url in enterprise_page
    (scan,) = media.enterprise_images(session, firm.id, [MediaKind.CERTIFICATE])  # its number is private
    assert scan.thumb_url not in enterprise_page and scan.display_url not in enterprise_page


def test_the_operator_switches_from_the_catalog_pages(client, session, world):
    operator = factories.user(session, "operator")
    session.commit()
    login(client, operator.email)
    page = client.get(f"/products/{world['product'].id}").text
    assert f'action="/showcase/visibility/products/{world["product"].id}"' in page and "showcase-hide" in page
    page = client.get(f"/products/{world['hidden_product'].id}").text
    assert "showcase-show" in page
    page = client.get(f"/enterprises/{world['listed'].id}").text
    assert f'action="/showcase/visibility/enterprises/{world["listed"].id}"' in page


def test_a_visitor_gets_cacheable_pages_without_a_session(client, session, world):
    answer = client.get(f"/es/showcase/products/{world['product'].id}", follow_redirects=True)
    assert "set-cookie" not in answer.headers
    assert answer.headers["cache-control"] == "public, max-age=300" and "Cookie" in answer.headers["vary"]
    operator = factories.user(session, "operator")
    session.commit()
    login(client, operator.email)
    signed_in = client.get(f"/es/showcase/products/{world['product'].id}", follow_redirects=True)
    assert signed_in.headers["cache-control"] == "private, no-store"
    assert 'data-testid="hide-product"' in signed_in.text


def test_counts_and_newest_products_are_kept_until_the_catalogue_changes(session, world):
    """Every showcase page shows the belts and categories with their counts: counted once per state of the
    catalogue, counted again when a product or an enterprise changes (added, hidden, verified…)."""

    from chuhai.showcase import service

    listed = world["listed"]
    assert dict(service.categories(session)) == {"wigs": 1}
    assert [count for _belt, _categories, _enterprises, count in service.belts(session)] == [1]
    assert [p.id for p in service.featured_products(session)] == [world["product"].id]
    session.commit()  # a new transaction (the next request): the signature is read again, the counts are kept
    with recorded_statements(session) as statements:
        service.categories(session), service.belts(session), service.featured_products(session)
    assert statements and all("max(" in s.lower() for s in statements)  # only the catalogue's signature is read
    newer = factories.product(session, listed, title_en="Kinky curly wig")
    session.commit()
    assert dict(service.categories(session)) == {"wigs": 2}
    assert newer.id in [p.id for p in service.featured_products(session)]
    newer.showcase_hidden = True
    session.commit()
    assert dict(service.categories(session)) == {"wigs": 1}
    listed.showcase_hidden = True
    session.commit()
    assert service.categories(session) == [] and service.belts(session) == []
