"""The enterprise member's dashboard: where its products sold, and what it can still answer."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import time
from decimal import Decimal

from chuhai.demand.models import OrderLine
from tests import factories
from tests.conftest import login


def _chart(page: str, testid: str) -> dict:
    found = re.search(rf'data-testid="{testid}"[^>]*data-chart="([^"]*)"'
                      rf'|data-chart="([^"]*)"[^>]*data-testid="{testid}"', page)
    assert found, testid
    return json.loads(html.unescape(found.group(1) or found.group(2)))


def test_the_markets_chart_ranks_the_last_12_months_of_the_enterprises_own_sales(client, session):
    mine, theirs = factories.enterprise(session), factories.enterprise(session)
    my_product, their_product = factories.product(session, mine), factories.product(session, theirs)
    last = dt.date(2026, 10, 31)
    sales = [(my_product, "US", 30, last), (my_product, "DE", 50, last - dt.timedelta(days=100)),
             (my_product, "JP", 999, last - dt.timedelta(days=400)),  # more than 12 months before the last sale
             (their_product, "BR", 5000, last)]
    for n, (product, country, units, day) in enumerate(sales):
        session.add(OrderLine(source="test", external_ref=f"l{n}", product_id=product.id, order_date=day,
                              channel="amazon", country=country, units=units, unit_price=Decimal("10"),
                              currency="USD"))
    member = factories.user(session, "enterprise", enterprise_id=mine.id)
    idle = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    login(client, member.email)
    client.get("/lang/en")
    chart = _chart(client.get("/").text, "markets-chart")
    # A horizontal bar chart lists the largest market last (at the top).
    assert chart["yAxis"]["data"] == ["United States", "Germany"]
    assert chart["series"][0]["data"] == [30, 50]
    login(client, idle.email)
    assert "No sales recorded yet" in client.get("/").text


def test_the_enterprise_sales_are_cached_until_an_import_moves_the_order_lines_version(session, db_url):
    """Cached per enterprise; another process's import bumps the version in the database, and the next view
    recomputes (in the background: the view that notices serves the previous figures once)."""
    from chuhai.dashboards.service import enterprise_sales
    from chuhai.imports.repository import bump_data_version, data_version
    from chuhai.web import cache

    mine = factories.enterprise(session)
    product = factories.product(session, mine)
    day = dt.date(2026, 10, 31)

    def sell(ref: str, country: str) -> None:
        session.add(OrderLine(source="test", external_ref=ref, product_id=product.id, order_date=day,
                              channel="amazon", country=country, units=10, unit_price=Decimal("10"), currency="USD"))
        session.commit()

    sell("a", "US")
    assert [country for country, _units in enterprise_sales(db_url, mine.id)[1]] == ["US"]
    sell("b", "DE")  # written without a version bump: the cached figures stay
    assert [country for country, _units in enterprise_sales(db_url, mine.id)[1]] == ["US"]
    bump_data_version(session, "order_lines")  # what an import does, in whichever process
    session.commit()
    assert [country for country, _units in enterprise_sales(db_url, mine.id)[1]] == ["US"]  # noticed: recomputing
    deadline = time.monotonic() + 30
    bumped = data_version(db_url, "order_lines")
    while cache.version_of(("enterprise_sales", db_url, mine.id)) != bumped and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(country for country, _units in enterprise_sales(db_url, mine.id)[1]) == ["DE", "US"]
