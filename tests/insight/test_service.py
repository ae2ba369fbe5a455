"""The platform's order lines through the analytics engine (small demo, seed 7): the cube equals a direct
computation, and the feedback reports recover what the generator planted."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import create_engine

from chuhai.database import new_session
from chuhai.demo.facts import planted_facts
from chuhai.demo.generator import DEMO_ENTERPRISE_CREDIT_CODE, generate
from chuhai.insight import service
from chuhai.markets.reference import ASEAN
from tests.conftest import BACKEND
from tests.stats.demo import small_demo_url

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the demo copy is a SQLite file")
BELTS = range(1, 12)


@pytest.fixture(scope="module")
def demo_url(template_database, tmp_path_factory):
    return small_demo_url(template_database, tmp_path_factory)


@pytest.fixture(scope="module")
def facts():
    return planted_facts(generate("small", 7))


@pytest.fixture(scope="module")
def belt_reports(demo_url):
    with new_session(demo_url) as session:
        return [service.feedback_report(session, demo_url, "belt", belt) for belt in BELTS]


@pytest.fixture(scope="module")
def demo_enterprise(demo_url):
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        enterprise_id = connection.exec_driver_sql("SELECT id FROM enterprises WHERE credit_code = ?",
                                                   (DEMO_ENTERPRISE_CREDIT_CODE,)).scalar()
        frame = pd.read_sql(
            "SELECT o.country, o.channel, o.units, o.unit_price, o.currency, substr(o.order_date, 1, 7) AS month,"
            " f.usd_rate FROM order_lines o JOIN products p ON p.id = o.product_id"
            " LEFT JOIN fx_rates f ON f.currency = o.currency AND substr(f.month, 1, 7) = substr(o.order_date, 1, 7)"
            f" WHERE p.enterprise_id = {int(enterprise_id)}", connection)
    engine.dispose()
    frame["usd_rate"] = frame["usd_rate"].where(frame["currency"] != "USD", 1.0).astype(float)
    frame["value"] = frame["units"] * frame["unit_price"].astype(float) * frame["usd_rate"]
    return enterprise_id, frame


def test_the_cube_keeps_every_order_line(demo_url):
    with new_session(demo_url) as session:
        cube = service.load_cube(session)
        count, units = session.connection().exec_driver_sql("SELECT count(*), sum(units) FROM order_lines").one()
    assert sum(cube.column("lines").to_pylist()) == count
    assert sum(cube.column("units").to_pylist()) == units
    assert None not in cube.column("revenue_usd").to_pylist()


def test_an_enterprise_report_sums_its_own_sales(demo_url, demo_enterprise):
    enterprise_id, frame = demo_enterprise
    with new_session(demo_url) as session:
        report = service.feedback_report(session, demo_url, "enterprise", enterprise_id)
    by_market = frame.groupby("country")["value"].sum()
    assert {m["country"]: m["revenue_usd"] for m in report["markets"]} == pytest.approx(by_market.to_dict(), rel=1e-9)
    assert [m["country"] for m in report["markets"]] == list(by_market.sort_values(ascending=False).index)
    by_channel = frame.groupby("channel")["units"].sum()
    assert {c["channel"]: c["units"] for c in report["channels"]} == by_channel.to_dict()
    assert sum(m["revenue_usd"] for m in report["trend"]) == pytest.approx(frame["value"].sum(), rel=1e-9)
    last12 = frame[frame["month"] >= "2025-11"]["value"].sum()
    previous = frame[frame["month"] < "2025-11"]["value"].sum()
    assert report["totals"]["yoy_growth"] == pytest.approx(last12 / previous - 1, rel=1e-9)
    own_skus = {product["sku"] for product in report["scope"].products.values()}
    assert all(row["sku"] in own_skus for row in report["price_position"]["above"])
    assert all(row["price"] > row["p75"] for row in report["price_position"]["above"])


def test_the_planted_slow_movers_are_flagged_in_their_belts(belt_reports, facts):
    flagged = {s["sku"] for report in belt_reports for s in report["slow_movers"]}
    planted = set(facts["slow_mover_skus"])
    assert planted <= flagged
    assert len(flagged & planted) / len(flagged) >= 0.8


def test_the_operator_view_finds_indonesia_price_sensitive_and_asean_rising(demo_url, facts):
    overview = service.market_overview(demo_url)
    sensitive = {e["country"] for e in overview["elasticities"] if e["sensitive"]}
    assert "ID" in sensitive and "US" not in sensitive
    assert not sensitive & set(facts["price_insensitive_markets"])
    rising = {s["country"] for s in overview["rising"]}
    assert len(rising & ASEAN) >= 3
    assert all(facts["yoy_growth"][country] >= 0.15 for country in rising)
    declining = {s["country"] for s in overview["declining"]}
    assert declining and all(facts["yoy_growth"][country] < 0 for country in declining)


def test_belt_reports_never_call_an_insensitive_market_sensitive(belt_reports, facts):
    sensitive = {e["country"] for report in belt_reports for e in report["elasticities"] if e["sensitive"]}
    assert "ID" in sensitive
    assert not sensitive & set(facts["price_insensitive_markets"])


def test_open_demands_offered_to_a_belt_are_in_its_categories(belt_reports):
    offered = 0
    for report in belt_reports:
        for demand in report["open_demands"]:
            assert demand["category"] in report["scope"].categories
            offered += 1
        assert all(s["category"] is None or s["category"] in report["scope"].categories for s in report["unmet"])
    assert offered > 0
    assert any(report["unmet"] for report in belt_reports)


def test_an_unknown_scope_is_not_found(demo_url):
    from chuhai.errors import NotFound

    with new_session(demo_url) as session, pytest.raises(NotFound):
        service.feedback_report(session, demo_url, "belt", 999)


def test_a_scopes_sales_sections_are_computed_once_per_scope_and_again_when_its_products_change(
        demo_url, demo_enterprise, monkeypatch):
    from sqlalchemy import select

    from chuhai.catalog.models import Product

    enterprise_id, _frame = demo_enterprise
    calls = []
    original = service.scope_sections

    def counting(*args, **kwargs):
        calls.append(args[3])
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "scope_sections", counting)
    with new_session(demo_url) as session:
        first = service.feedback_report(session, demo_url, "enterprise", enterprise_id)
        again = service.feedback_report(session, demo_url, "enterprise", enterprise_id)
        assert again["markets"] == first["markets"] and len(calls) <= 1  # 0 when an earlier test computed it
        seen = len(calls)
        product = session.scalar(select(Product).where(Product.enterprise_id == enterprise_id).limit(1))
        product.title_en = (product.title_en or "") + " (renamed)"  # what the scope is made of changed
        session.flush()
        renamed = service.feedback_report(session, demo_url, "enterprise", enterprise_id)
        session.rollback()
    assert len(calls) == seen + 1
    # recomputed: the same figures up to the order DuckDB's parallel sums add them in
    def units(report):
        return [(m["country"], m["units"]) for m in report["markets"]]

    assert units(renamed) == units(first)
    assert [m["revenue_usd"] for m in renamed["markets"]] == pytest.approx([m["revenue_usd"] for m in first["markets"]])


def test_the_platform_rates_are_kept_until_a_stored_rate_changes(session):
    import datetime as dt
    from decimal import Decimal

    from chuhai.markets.models import FxRate as FxRow

    def rate_of(currency, month):
        return next((r.usd_rate for r in service.platform_fx(session)
                     if r.currency == currency and r.valid_from == month), None)

    month = dt.date(2026, 3, 1)
    before = rate_of("XAF", month)  # the built-in table, or nothing: no row stored yet
    session.add(FxRow(currency="XAF", month=month, usd_rate=Decimal("0.0017")))
    session.flush()
    assert rate_of("XAF", month) == pytest.approx(0.0017) != before
    session.get(FxRow, ("XAF", month)).usd_rate = Decimal("0.0018")  # a corrected rate, same count and month
    session.flush()
    assert rate_of("XAF", month) == pytest.approx(0.0018)
