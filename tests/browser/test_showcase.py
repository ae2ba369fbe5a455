"""An anonymous overseas buyer in Spanish, in headless Chromium: from the landing page to the showcase, a belt, a
product with photos (key points in Spanish), "Enviar una consulta", sign-up as a buyer with the product kept;
after the operator's approval, signing in opens the demand form started from that product. Screenshots of the
showcase's pages at desktop and phone widths go to test-artifacts/screenshots."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from chuhai.config import Settings
from chuhai.database import session_scope
from chuhai.migrate import upgrade
from tests.browser.conftest import image_loaded, serve, shoot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def showcase_server(tmp_path_factory):
    """The small demo, with photos on the first products of the Jiaozhou wig belt."""
    from chuhai.accounts import audit
    from chuhai.accounts.models import User
    from chuhai.accounts.service import principal_of
    from chuhai.app import create_app
    from chuhai.catalog.models import Enterprise, IndustrialBelt, Product
    from chuhai.demo.generator import DEMO_BUYER_KEY, DEMO_ENTERPRISE_CREDIT_CODE, generate
    from chuhai.demo.loader import load
    from chuhai.demo.logins import seed_demo_logins
    from chuhai.markets.service import sync_reference_data
    from chuhai.media import service as media
    from chuhai.media.models import MediaKind
    from tests.media.images import jpeg, png, webp

    audit.install()
    directory = tmp_path_factory.mktemp("showcase-live")
    url = f"sqlite:///{directory / 'chuhai.db'}"
    settings = Settings(database_url=url, secret_key="browser-showcase", data_dir=directory, warm_caches=False)
    upgrade(url)
    with session_scope(url) as session:
        session.info["audit_disabled"] = True
        sync_reference_data(session)
        load(session, generate("small", 7))
        seed_demo_logins(session, DEMO_ENTERPRISE_CREDIT_CODE, DEMO_BUYER_KEY)
    config = media.config_from_settings(settings)
    with session_scope(url) as session:
        operator = principal_of(session.scalar(select(User).where(User.email == "operator@chuhai.demo")))
        belt = session.scalar(select(IndustrialBelt).where(IndustrialBelt.code == "jiaozhou-wigs"))
        products = session.scalars(select(Product).join(Enterprise).where(
            Enterprise.belt_id == belt.id, Enterprise.verification_status == "verified", Product.status == "active")
            .order_by(Product.id.desc()).limit(6)).all()
        colours = [(120, 70, 40), (30, 30, 30), (190, 150, 90), (90, 40, 30), (160, 110, 70), (60, 40, 30)]
        for product, colour in zip(products, colours, strict=False):
            media.add_product_photo(session, operator, config, product.id, file_name="a.jpg",
                                    content=jpeg(color=colour))
            media.add_product_photo(session, operator, config, product.id, file_name="b.png",
                                    content=png(color=(*colour, 255)))
            media.add_product_photo(session, operator, config, product.id, file_name="c.webp", content=webp())
        media.add_enterprise_file(session, operator, config, products[0].enterprise_id, kind=MediaKind.FACTORY,
                                  file_name="plant.jpg", content=jpeg(color=(40, 90, 140)))
        photographed = products[0].id
    with serve(create_app(settings)) as base_url:
        yield {"base_url": base_url, "url": url, "product_id": photographed}


def _context(browser, base_url, viewport):
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def test_a_spanish_buyer_browses_asks_and_signs_up(browser, showcase_server):
    from chuhai.accounts import service as accounts
    from chuhai.accounts.models import User
    from chuhai.accounts.service import principal_of

    product_id = showcase_server["product_id"]
    context, page = _context(browser, showcase_server["base_url"], DESKTOP)
    page.goto("/")
    page.click("[data-testid=browse-showcase]")
    page.wait_for_url(re.compile(r"/showcase$"))
    assert page.locator("html").get_attribute("lang") == "es"
    shoot(page, "showcase-es-home")
    page.locator("[data-testid=belt-card][href$='/showcase/belts/jiaozhou-wigs']").click()
    page.wait_for_url(re.compile(r"/showcase/belts/jiaozhou-wigs$"))
    shoot(page, "showcase-es-belt")
    card = page.locator(f"[data-testid=product-card][href*='/showcase/products/{product_id}-']")
    assert image_loaded(card.locator("img"))
    card.click()
    page.wait_for_url(re.compile(rf"/showcase/products/{product_id}-[a-z0-9-]+$"))
    photo = page.locator("[data-testid=product-photo]")
    assert image_loaded(photo)
    assert page.locator(".sc-strip img").count() == 3
    assert "peluca" in page.locator("[data-testid=key-points]").inner_text()
    assert page.locator("[data-testid=send-inquiry]").inner_text() == "Enviar una consulta"
    shoot(page, "showcase-es-product")
    page.click("[data-testid=supplier-link]")
    page.wait_for_url(re.compile(r"/showcase/enterprises/\d+-[a-z0-9-]+$"))
    assert page.locator("[data-testid=enterprise-photos] img").count() == 1
    shoot(page, "showcase-es-enterprise")
    page.go_back()

    page.click("[data-testid=send-inquiry]")
    page.wait_for_url(re.compile(r"/signup\?role=buyer"))
    assert page.locator("#f-role").input_value() == "buyer"
    assert page.locator("[data-testid=signup-inquiry]").is_visible()
    page.fill("#f-display_name", "Lucía Fernández")
    page.fill("#f-email", "lucia@pelucas-madrid.example")
    page.fill("#f-password", "una-clave-larga")
    page.fill("#f-company", "Pelucas Madrid S.L.")
    page.fill("#f-country", "ES")
    page.select_option("#f-buyer_kind", "salon")
    shoot(page, "showcase-es-signup")
    page.click("[data-testid=signup-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/login"))

    with session_scope(showcase_server["url"]) as session:  # the operator approves the account
        operator = principal_of(session.scalar(select(User).where(User.email == "operator@chuhai.demo")))
        applicant = session.scalar(select(User).where(User.email == "lucia@pelucas-madrid.example"))
        accounts.decide_user(session, operator, applicant.id, True)

    page.fill("#email", "lucia@pelucas-madrid.example")
    page.fill("#password", "una-clave-larga")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"/demands/new\?product={product_id}$"))
    assert "SKU" in page.locator("#f-text").input_value()
    shoot(page, "showcase-es-demand-form")
    context.close()


@pytest.mark.parametrize("lang", ["es", "ru", "zh", "en"])
def test_showcase_pages_at_phone_width(browser, showcase_server, lang):
    """Nothing is wider than a phone's screen; the screenshots are for looking at."""
    context, page = _context(browser, showcase_server["base_url"], PHONE)
    for name, path in (("home", f"/{lang}/showcase"), ("product", f"/{lang}/showcase/products/"
                                                        f"{showcase_server['product_id']}"),
                       ("search", f"/{lang}/showcase/search?q=peluca")):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
        shoot(page, f"showcase-{lang}-{name}-phone")
    context.close()
