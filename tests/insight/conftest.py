"""Hand-built order data with known answers, and the three backends."""

from __future__ import annotations

import datetime as dt
import math

import pyarrow as pa
import pytest

from chuhai.config import get_settings
from chuhai.insight.engine.backends import open_tables
from chuhai.insight.engine.fx import FxRate, fx_arrow_table
from chuhai.insight.engine.report import build_report

ORDER_HEADER = ["order_date", "channel", "country", "product_id", "units", "unit_price", "currency", "category"]

TEST_RATES = [
    FxRate("USD", dt.date(2000, 1, 1), 1.0),
    FxRate("CNY", dt.date(2000, 1, 1), 0.125),  # 8 CNY per USD: easy to check
    FxRate("EUR", dt.date(2000, 1, 1), 1.0),
    FxRate("EUR", dt.date(2025, 1, 1), 1.25),  # a dated change
    FxRate("IDR", dt.date(2000, 1, 1), 0.0001),
]


def order(date: str, country: str, product_id: str, units: int, price: float, *, currency: str = "USD",
          channel: str = "amazon", category: str | None = "wigs") -> dict:
    return {"order_date": dt.date.fromisoformat(date), "channel": channel, "country": country,
            "product_id": product_id, "units": units, "unit_price": price, "currency": currency,
            "category": category}


def orders_table(rows: list[dict]) -> pa.Table:
    return pa.table({
        "order_date": pa.array([r["order_date"] for r in rows], pa.date32()),
        "channel": pa.array([r["channel"] for r in rows], pa.string()),
        "country": pa.array([r["country"] for r in rows], pa.string()),
        "product_id": pa.array([r["product_id"] for r in rows], pa.string()),
        "units": pa.array([r["units"] for r in rows], pa.int64()),
        "unit_price": pa.array([r["unit_price"] for r in rows], pa.float64()),
        "currency": pa.array([r["currency"] for r in rows], pa.string()),
        "category": pa.array([r["category"] for r in rows], pa.string()),
    })


def months(start_year: int, count: int):
    """(year, month) for `count` consecutive months from January of `start_year`."""
    return [(start_year + i // 12, i % 12 + 1) for i in range(count)]


def elastic_sales(country: str, product_id: str, elasticity: float, base_price: float, n_months: int,
                  *, currency: str = "USD", start_year: int = 2024, base_units: float = 1000.0,
                  category: str = "wigs") -> list[dict]:
    """Monthly orders whose units follow units = base × (price/base_price)^elasticity exactly, with
    price wandering ±15 % in a fixed zig-zag (no randomness)."""
    rows = []
    for i, (year, month) in enumerate(months(start_year, n_months)):
        factor = math.exp(0.15 * math.sin(1.7 * i + len(product_id)))
        price = base_price * factor
        units = round(base_units * factor**elasticity)
        rows.append(order(f"{year}-{month:02d}-10", country, product_id, units, round(price, 6),
                          currency=currency, category=category))
    return rows


@pytest.fixture
def run_report():
    """Build the report on DuckDB from order dicts (and optional demands / rates)."""

    def run(rows: list[dict], demands: list[dict] | None = None, rates=None, backend="duckdb", spark=None):
        with open_tables(backend, orders=orders_table(rows), fx=fx_arrow_table(rates or TEST_RATES),
                         spark=spark, postgres_url=get_settings().insight_postgres_url) as work:
            return build_report(work.orders, work.fx, demands, work.materialize)

    return run


@pytest.fixture(scope="session")
def spark_session():
    from chuhai.insight.engine.backends import local_spark_session

    session = local_spark_session()
    yield session
    session.stop()
