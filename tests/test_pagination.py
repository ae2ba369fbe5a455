"""Page numbers and sizes are bounded everywhere: an absurd one is a 422, never a 500."""

from __future__ import annotations

import pytest

from chuhai.errors import ValidationFailed
from chuhai.pagination import paginate
from tests import factories
from tests.conftest import PASSWORD, login

HUGE = str(10**20)
MAX_PAGE = 1_000_000
API = ["/api/v1/enterprises", "/api/v1/products", "/api/v1/providers", "/api/v1/notifications",
       "/api/v1/events/outbox"]
PAGES = ["/enterprises", "/products", "/providers", "/notifications", "/outbox", "/insight"]


@pytest.fixture
def operator(session):
    user = factories.user(session, "operator")
    session.commit()
    return user


@pytest.mark.parametrize("path", API)
@pytest.mark.parametrize("query", [f"page={HUGE}", f"size={HUGE}", "page=-1", "size=0", f"page={MAX_PAGE + 1}"])
def test_the_api_answers_422_to_an_absurd_page(client, operator, path, query):
    token = client.post("/api/v1/auth/token", json={"email": operator.email, "password": PASSWORD}).json()
    response = client.get(f"{path}?{query}", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert response.status_code == 422, (path, query, response.text[:200])


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_422_to_an_absurd_page(client, operator, path):
    login(client, operator.email)
    assert client.get(f"{path}?page={HUGE}").status_code == 422
    assert client.get(f"{path}?page=2").status_code == 200


def test_paginate_refuses_a_page_beyond_the_bound(session):
    from sqlalchemy import select

    from chuhai.catalog.models import Product

    with pytest.raises(ValidationFailed):
        paginate(session, select(Product), MAX_PAGE + 1, 25)
    assert paginate(session, select(Product), 0, 10**9).size == 200  # below 1 and above the size bound: clamped
