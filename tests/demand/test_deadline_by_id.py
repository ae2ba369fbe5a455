"""A supplier cannot open by id a demand it no longer sees in the lists (past its deadline): 404, page and API."""

from __future__ import annotations

from tests.conftest import PASSWORD, login
from tests.demand.test_deadlines import demands  # noqa: F401 (fixture)


def test_suppliers_get_404_for_a_demand_past_its_deadline(client, demands):  # noqa: F811
    expired, current = demands["expired"].id, demands["current"].id
    # Bearer tokens first: once the client carries a session cookie, API writes need CSRF.
    tokens = {who: client.post("/api/v1/auth/token", json={"email": demands[who].email, "password": PASSWORD})
              .json()["access_token"] for who in ("maker", "provider")}
    for who, token in tokens.items():
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get(f"/api/v1/demands/{expired}", headers=headers).status_code == 404, who
        assert client.get(f"/api/v1/demands/{current}", headers=headers).status_code == 200, who
    for who in tokens:
        login(client, demands[who].email)
        assert client.get(f"/demands/{expired}").status_code == 404, who
        assert client.get(f"/demands/{current}").status_code == 200, who
    for who in ("buyer", "operator"):
        login(client, demands[who].email)
        assert client.get(f"/demands/{expired}").status_code == 200, who
