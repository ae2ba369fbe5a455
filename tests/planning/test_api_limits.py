"""The landed-cost API takes bounded input: too many options, or options and SKU overrides with too many
fields, are a 422 before any is computed."""

from __future__ import annotations

from tests.planning.test_api import token_for, world  # noqa: F401 (fixture)

OPTION = {"id": "x", "destination": "US", "channel": "amazon", "route": "air", "customs_mode": "9810",
          "selling_price": 100, "currency": "USD"}


def test_too_many_options_are_refused(client, world):  # noqa: F811
    headers = token_for(client, world["member"])
    many = [{**OPTION, "id": f"o{n}"} for n in range(51)]
    response = client.post("/api/v1/planning/landed-cost", json={"product_id": world["wig"].id, "options": many},
                           headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "options"


def test_options_and_sku_with_too_many_fields_are_refused(client, world):  # noqa: F811
    headers = token_for(client, world["member"])
    wide = {**OPTION, **{f"extra{n}": n for n in range(40)}}
    for body in ({"options": [wide]}, {"sku": {f"field{n}": n for n in range(40)}}):
        response = client.post("/api/v1/planning/landed-cost", json={"product_id": world["wig"].id, **body},
                               headers=headers)
        assert response.status_code == 422, body.keys()
