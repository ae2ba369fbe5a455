"""Four languages: a page's URL prefix (/zh/, /en/, /es/, /ru/) chooses its language before the `lang` cookie and
Accept-Language; the switcher lists all four and keeps the prefix; Babel formats numbers, money and dates in
Spanish and Russian; the API and static files take no prefix."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

import pytest

from chuhai import i18n

HTML_LANG = re.compile(r'<html lang="([^"]+)">')


@pytest.mark.parametrize(("prefix", "lang"), [("zh", "zh-CN"), ("en", "en"), ("es", "es"), ("ru", "ru")])
def test_a_prefix_chooses_the_language(client, prefix, lang):
    client.cookies.set("lang", "en")
    for path in (f"/{prefix}/login", f"/{prefix}/showcase", f"/{prefix}"):
        page = client.get(path, headers={"Accept-Language": "de-DE"})
        assert page.status_code == 200, path
        assert HTML_LANG.search(page.text).group(1) == lang, path


@pytest.mark.parametrize(("header", "lang"), [("es-MX,es;q=0.9", "es"), ("ru-RU", "ru"), ("de, en;q=0.5", "en"),
                                              ("zh-TW", "zh-CN")])
def test_accept_language_without_a_prefix_or_cookie(client, header, lang):
    assert HTML_LANG.search(client.get("/login", headers={"Accept-Language": header}).text).group(1) == lang


def test_the_cookie_outranks_accept_language_and_the_switch_sets_it(client):
    answer = client.get("/lang/ru?next=/login", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert HTML_LANG.search(client.get("/login", headers={"Accept-Language": "es"}).text).group(1) == "ru"


def test_the_switcher_lists_four_languages_and_keeps_the_prefix(client):
    page = client.get("/es/showcase/search?q=peluca").text
    switch = re.search(r'<span class="lang-switch">(.*?)</span>', page, re.S).group(1)
    links = dict(re.findall(r'<a href="/lang/(\w+)\?next=([^"]+)"', switch))
    assert set(links) == {"zh_CN", "en", "es", "ru"}
    assert unquote(links["ru"]).replace("&amp;", "&") == "/ru/showcase/search?q=peluca"
    plain = client.get("/login").text
    links = dict(re.findall(r'<a href="/lang/(\w+)\?next=([^"]+)"', plain))
    assert set(links) == {"zh_CN", "en", "es", "ru"} and unquote(links["es"]) == "/login"


def test_the_api_and_static_files_take_no_prefix(client):
    assert client.get("/es/api/v1/openapi.json").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/es/static/app.css").status_code == 404


@pytest.mark.parametrize("locale", i18n.SUPPORTED_LOCALES)
def test_whole_numbers_are_written_as_babel_writes_them(locale):
    """`fmt_number` writes integers without Babel's pattern machinery (a page writes hundreds): the same text."""
    from babel.numbers import format_decimal

    values = [0, 7, -7, 999, 1000, -1000, 1234, 12345, 123456, 1234567, -98765432, 10**12, 2**63]
    try:
        i18n.set_locale(locale)
        for value in values:
            assert i18n.fmt_number(value) == format_decimal(value, format="#,##0", locale=locale), value
    finally:
        i18n.set_locale("zh_CN")


def test_babel_formats_in_spanish_and_russian():
    try:
        i18n.set_locale("es")
        assert (i18n.fmt_number(1234567), i18n.fmt_money(Decimal("1234.5"))) == ("1.234.567", "1.234,50\xa0US$")
        i18n.set_locale("ru")
        assert i18n.fmt_number(1234567) == "1\xa0234\xa0567"
        assert i18n.fmt_money(Decimal("1234.5")) == "1\xa0234,50\xa0$"
        assert i18n.fmt_date(date(2026, 3, 4)) == "2026-03-04"
        assert i18n.normalise_locale("es-419") == "es" and i18n.normalise_locale("ru_RU") == "ru"
    finally:
        i18n.set_locale("zh_CN")


def test_a_spanish_or_russian_reader_gets_a_products_key_points_in_the_app(client, session):
    from tests import factories
    from tests.conftest import login

    buyer = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    product = factories.product(session, factories.enterprise(session),
                                attributes={"length_in": 14, "texture": "body wave", "hd_lace": True})
    session.commit()
    login(client, buyer.email)
    assert "peluca" in client.get(f"/es/products/{product.id}").text
    assert "парик" in client.get(f"/ru/products/{product.id}").text
    assert 'data-testid="product-key-points"' not in client.get(f"/en/products/{product.id}").text
