"""A service provider's dashboard: the verified manufacturers that ship most into the regions it serves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chuhai.catalog.models import ServiceProvider
from chuhai.demand.models import OrderLine
from tests import factories
from tests.conftest import login


def _sell(session, product, country: str, units: int, day: dt.date, ref: str) -> None:
    session.add(OrderLine(source="test", external_ref=ref, product_id=product.id, order_date=day, channel="amazon",
                          country=country, units=units, unit_price=Decimal("10"), currency="USD"))


def test_leads_rank_verified_manufacturers_by_units_into_the_providers_regions(client, session):
    last = dt.date(2026, 10, 31)
    big = factories.enterprise(session, name_en="Big Wigs")
    small = factories.enterprise(session, name_en="Small Lashes")
    elsewhere = factories.enterprise(session, name_en="Only Brazil")
    pending = factories.enterprise(session, name_en="Not Verified", verification_status="pending")
    _sell(session, factories.product(session, big), "DE", 300, last, "b1")
    _sell(session, factories.product(session, big), "PL", 50, last - dt.timedelta(days=30), "b2")
    _sell(session, factories.product(session, small), "DE", 120, last, "s1")
    _sell(session, factories.product(session, small), "DE", 999, last - dt.timedelta(days=500), "s-old")
    _sell(session, factories.product(session, elsewhere), "BR", 5000, last, "e1")
    _sell(session, factories.product(session, pending), "DE", 9000, last, "p1")
    provider = ServiceProvider(name_zh="汉堡海外仓", name_en="Hamburg Warehouse", kind="overseas_warehouse",
                               regions=["DE", "PL"], verification_status="verified")
    session.add(provider)
    session.flush()
    user = factories.user(session, "provider", provider_id=provider.id)
    session.commit()

    login(client, user.email)
    client.get("/lang/en")
    page = client.get("/").text
    assert 'data-testid="provider-leads"' in page
    table = page.split('data-testid="provider-leads"', 1)[1].split("</table>", 1)[0]
    rows = table.split('data-testid="provider-lead"')[1:]
    assert len(rows) == 2 and "Big Wigs" in rows[0] and "Small Lashes" in rows[1]
    assert ">350<" in rows[0] and "Germany" in rows[0] and "Poland" in rows[0]
    assert ">120<" in rows[1]  # the sale more than 12 months before the last order is not counted


def test_a_provider_without_regions_is_asked_for_them(client, session):
    provider = ServiceProvider(name_zh="无区域服务商", kind="forwarder", regions=[], verification_status="verified")
    session.add(provider)
    session.flush()
    user = factories.user(session, "provider", provider_id=provider.id)
    factories.enterprise(session)
    session.commit()
    login(client, user.email)
    client.get("/lang/en")
    page = client.get("/").text
    assert 'data-testid="provider-leads"' not in page and "Add the regions you serve" in page
