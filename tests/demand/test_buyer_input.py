"""A buyer without a country is refused with a 422 naming the field (it was a 500: the column is required)."""

from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import PASSWORD


@pytest.mark.parametrize("country", ["", "   "])
def test_a_buyer_without_a_country_is_a_422_naming_the_field(client, session, country):
    operator = factories.user(session, "operator")
    session.commit()
    token = client.post("/api/v1/auth/token", json={"email": operator.email, "password": PASSWORD}).json()
    response = client.post("/api/v1/buyers", json={"company": "Fuzz GmbH", "country": country},
                           headers={"Authorization": f"Bearer {token['access_token']}"})
    assert response.status_code == 422
    assert [detail["field"] for detail in response.json()["error"]["details"]] == ["country"]
