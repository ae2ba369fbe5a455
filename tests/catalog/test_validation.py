"""Malformed credit codes and HS codes are refused with a message that says what is wrong."""

from __future__ import annotations

import pytest

from chuhai.catalog.credit_code import check_character, credit_code_problem, is_valid_credit_code
from tests import factories
from tests.conftest import PASSWORD, login, page_csrf


def test_check_character_of_a_known_code():
    # 91350100M000100Y43 is the GB 32100-2015 worked example.
    assert check_character("91350100M000100Y4") == "3"
    assert is_valid_credit_code("91350100M000100Y43")


@pytest.mark.parametrize(("code", "fragment"), [
    ("91350100M000100Y44", "check character should be '3'"),
    ("91350100M000100Y4", "18 characters"),
    ("91350100M000100I43", "not allowed"),
    ("913501A0M000100Y43", "region code"),
])
def test_credit_code_problems_are_explained(code, fragment):
    assert fragment in credit_code_problem(code)


@pytest.fixture
def member_headers(client, session):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    token = client.post("/api/v1/auth/token", json={"email": member.email, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


@pytest.mark.parametrize(("hs_code", "message"), [
    ("6704", "must have 6 digits"),
    ("123456", "not in the HS 2022 nomenclature"),
])
def test_product_with_bad_hs_code_is_refused(client, member_headers, hs_code, message):
    payload = {"sku": "W-1", "title_en": "Lace front wig", "category": "wigs", "hs_code": hs_code,
               "price_tiers": [{"min_quantity": 10, "unit_price": "45.00", "currency": "USD"}]}
    response = client.post("/api/v1/products", json=payload, headers=member_headers)
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert details[0]["field"] == "hs_code" and message in details[0]["reason"]


def test_hs_code_with_dots_is_normalised_and_money_stays_decimal(client, member_headers, session):
    payload = {"sku": "W-2", "title_zh": "蕾丝假发", "category": "wigs", "hs_code": "6704.20",
               "price_tiers": [{"min_quantity": 10, "unit_price": "45.10", "currency": "USD"}]}
    response = client.post("/api/v1/products", json=payload, headers=member_headers)
    assert response.status_code == 201, response.text
    assert response.json()["hs_code"] == "670420"
    from decimal import Decimal

    from chuhai.catalog.models import PriceTier

    tier = session.query(PriceTier).one()
    assert tier.unit_price == Decimal("45.10") and isinstance(tier.unit_price, Decimal)


def test_enterprise_with_bad_credit_code_is_refused_by_the_api(client, session):
    operator = factories.user(session, "operator")
    session.commit()
    token = client.post("/api/v1/auth/token", json={"email": operator.email, "password": PASSWORD}).json()
    response = client.post("/api/v1/enterprises", json={"credit_code": "91370281MA3C12345X", "name_zh": "某某公司"},
                           headers={"Authorization": f"Bearer {token['access_token']}"})
    assert response.status_code == 422
    assert "check character" in response.json()["error"]["details"][0]["reason"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh_CN", "HS 编码 &#39;6704&#39; 必须为 6 位数字（例如 670420）"),
    ("en", "HS code &#39;6704&#39; must have 6 digits (e.g. 670420)"),
])
def test_a_field_error_on_the_product_form_is_in_the_readers_language(client, session, lang, expected):
    """Field validators raise InvalidValue (a message id + parameters): the form shows it translated."""
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    login(client, member.email)
    client.cookies.set("lang", lang)
    form = {"sku": "W-9", "title_en": "Lace front wig", "category": "wigs", "hs_code": "6704", "moq": "1",
            "currency": "USD", "csrf_token": page_csrf(client, "/products/new")}
    response = client.post("/products/new", data=form)
    assert response.status_code == 422
    assert expected in response.text
