"""GET requests only read: matching again and storing matches are POSTs (with CSRF on the pages)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from chuhai.matching.models import DemandMatch
from tests import factories
from tests.conftest import login
from tests.matching.test_api import post_demand, token_for, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.usefixtures("lexical_only")


def _matches(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(DemandMatch.id)))


def test_the_api_matches_again_with_post_and_get_never_writes(client, world, session):  # noqa: F811
    headers = token_for(client, world["buyer"])
    demand_id = post_demand(client, headers)
    session.execute(update(DemandMatch).where(DemandMatch.demand_id == demand_id).values(score=0.001))
    session.commit()
    read = client.get(f"/api/v1/demands/{demand_id}/matches?refresh=true", headers=headers)
    assert read.status_code == 200 and {row["score"] for row in read.json()} == {0.001}  # read as stored
    again = client.post(f"/api/v1/demands/{demand_id}/matches", headers=headers)
    assert again.status_code == 200 and again.json()[0]["product_id"] == world["wig"].id
    assert again.json()[0]["score"] > 0.001
    other = token_for(client, world["other_buyer"])
    assert client.post(f"/api/v1/demands/{demand_id}/matches", headers=other).status_code == 404


def test_the_unmatched_pages_store_nothing(client, world, session):  # noqa: F811
    factories.demand(session, world["buyer_co"], text="industrial espresso machines", category="appliances")
    factories.demand(session, world["buyer_co"], text="13x4 lace front wig human hair")
    session.commit()
    operator = token_for(client, world["operator"])
    groups = client.get("/api/v1/matching/unmatched", headers=operator).json()
    assert any(d["text"] == "industrial espresso machines" for g in groups for d in g["demands"])
    assert all(d["text"] != "13x4 lace front wig human hair" for g in groups for d in g["demands"])
    assert _matches(session) == 0
    login(client, world["operator"].email)
    page = client.get("/matching/unmatched").text
    assert "industrial espresso machines" in page and "13x4 lace front wig human hair" not in page
    assert _matches(session) == 0
