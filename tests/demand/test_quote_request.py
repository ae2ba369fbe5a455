"""A buyer asks for a quote from a product page: the demand form starts from that product, and the
posted demand is matched to it."""

from __future__ import annotations

import re

import pytest

from chuhai.config import get_settings
from tests import factories
from tests.conftest import login, page_csrf


@pytest.fixture
def world(session, monkeypatch):
    monkeypatch.setenv("CHUHAI_MATCH_LEXICAL_ONLY", "1")
    get_settings.cache_clear()  # the platform reads CHUHAI_MATCH_LEXICAL_ONLY through its settings
    maker = factories.enterprise(session)
    wig = factories.product(session, maker, sku="JZ-LACE-13X4", title_zh="13x4 蕾丝前头套假发 真人发 身体波浪",
                            title_en="13x4 Lace Front Wig, Human Hair, Body Wave", moq=20)
    factories.product(session, maker, sku="JZ-OTHER", title_en="Clip-in Hair Extensions, Straight", moq=5)
    buyer = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    member = factories.user(session, "enterprise", enterprise_id=maker.id)
    session.commit()
    yield {"wig": wig, "buyer": buyer, "member": member}
    get_settings.cache_clear()


def test_a_buyer_requests_a_quote_and_the_product_tops_the_matches(client, world):
    wig = world["wig"]
    login(client, world["buyer"].email)
    client.get("/lang/en")
    assert f'href="/demands/new?product={wig.id}"' in client.get(f"/products/{wig.id}").text
    form = client.get("/demands/new", params={"product": wig.id}).text
    assert "13x4 Lace Front Wig, Human Hair, Body Wave (SKU JZ-LACE-13X4)" in form
    assert re.search(r'<option value="wigs"\s+selected', form) and 'value="20"' in form
    posted = client.post("/demands/new", data={
        "text": "13x4 Lace Front Wig, Human Hair, Body Wave (SKU JZ-LACE-13X4)", "category": "wigs",
        "quantity": "20", "currency": "USD", "csrf_token": page_csrf(client, "/demands/new")}, follow_redirects=False)
    assert posted.status_code == 303
    demand_id = int(posted.headers["location"].rsplit("/", 1)[1])
    matches = client.get(f"/matching/demands/{demand_id}/matches").text
    first = re.search(r'data-testid="match-row".*?href="/products/(\d+)"', matches, re.S)
    assert first and int(first.group(1)) == wig.id
    client.get("/lang/zh_CN")
    assert "13x4 蕾丝前头套假发 真人发 身体波浪 (SKU JZ-LACE-13X4)" in client.get(
        "/demands/new", params={"product": wig.id}).text


def test_only_buyers_see_the_quote_button_and_an_unknown_product_is_not_found(client, world):
    login(client, world["member"].email)
    assert "request-quote" not in client.get(f"/products/{world['wig'].id}").text
    login(client, world["buyer"].email)
    assert client.get("/demands/new", params={"product": 999999}).status_code == 404
