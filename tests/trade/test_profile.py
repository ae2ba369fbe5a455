"""An enterprise's profile shows how it answers buyers: response rate, median response time, completed deals."""

from __future__ import annotations

import re

from chuhai.trade import flows
from chuhai.trade.schemas import DealIn, StageIn
from tests.conftest import login
from tests.trade.conftest import actor
from tests.trade.test_service import quote


def _field(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</dd>', html, re.S)
    assert match, testid
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_the_profile_shows_response_rate_and_completed_deals(client, session, world):
    login(client, world["buyer"].email)
    client.cookies.set("lang", "en")
    page = client.get(f"/enterprises/{world['chairs_co'].id}").text
    assert _field(page, "response-rate") == "—" and _field(page, "completed-deals") == "0"

    q = quote(session, world, product_id=world["chair"].id)
    buyer, chairs = actor(world["buyer"]), actor(world["chairs"])
    deal = flows.open_deal(session, buyer, q.id, DealIn(stage="order_placed"))
    flows.move_deal(session, chairs, deal.id, StageIn(stage="shipped"))
    flows.move_deal(session, buyer, deal.id, StageIn(stage="completed"))
    session.commit()

    page = client.get(f"/enterprises/{world['chairs_co'].id}").text
    assert _field(page, "completed-deals") == "1"
    assert _field(page, "response-rate").startswith("100%")  # it quoted at once on the demand that fitted it
