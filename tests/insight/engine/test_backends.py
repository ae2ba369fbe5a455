"""The same Ibis expressions give the same report on DuckDB, PostgreSQL and Spark."""

import math

import pytest

from chuhai.config import get_settings
from chuhai.insight.engine.backends import connect_postgres

from ..conftest import elastic_sales, months, order


def parity_rows():
    rows = (elastic_sales("ID", "P1", -2.0, 10.0, 26, currency="IDR") + elastic_sales("ID", "P2", -1.8, 30.0, 26)
            + elastic_sales("US", "P1", -0.4, 12.0, 26) + elastic_sales("DE", "P3", -0.8, 20.0, 26, currency="EUR"))
    for i, (y, m) in enumerate(months(2024, 26)):
        for day in range(1, 2 + i // 3):  # more orders every quarter: a rising market
            rows.append(order(f"{y}-{m:02d}-{day:02d}", "VN", "P2", 5 + i, 28.0, channel="tiktok"))
        rows.append(order(f"{y}-{m:02d}-04", "VN", "P1", 3, 9.5, channel="shopee"))
        if i < 20:  # then stops: a slow mover
            rows += [order(f"{y}-{m:02d}-{d:02d}", "US", "P4", 2, 99.0, category="furniture") for d in (5, 6, 7)]
    return rows


DEMANDS = [{"demand_id": "d1", "category": "sofas", "country": "ID", "quantity": 4, "matched": None},
           {"demand_id": "d2", "category": "wigs", "country": "US", "quantity": 1, "matched": False}]


def assert_same(left, right, path="report"):
    if isinstance(left, float) or isinstance(right, float):
        assert isinstance(left, (int, float)) and isinstance(right, (int, float)), path
        assert math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9), f"{path}: {left} != {right}"
    elif isinstance(left, dict):
        assert left.keys() == right.keys(), path
        for key in left:
            assert_same(left[key], right[key], f"{path}.{key}")
    elif isinstance(left, (list, tuple)):
        assert len(left) == len(right), path
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            assert_same(a, b, f"{path}[{i}]")
    else:
        assert left == right, f"{path}: {left!r} != {right!r}"


@pytest.fixture(scope="module")
def duckdb_report():
    from chuhai.insight.engine.backends import open_tables
    from chuhai.insight.engine.fx import fx_arrow_table
    from chuhai.insight.engine.report import build_report

    from ..conftest import TEST_RATES, orders_table

    with open_tables("duckdb", orders=orders_table(parity_rows()), fx=fx_arrow_table(TEST_RATES)) as work:
        return build_report(work.orders, work.fx, DEMANDS, work.materialize)


def test_parity_data_exercise_every_signal_but_declines(duckdb_report):
    kinds = {s["type"] for s in duckdb_report["signals"]}
    assert {"price_sensitive_market", "rising_market", "slow_mover", "unmet_demand"} <= kinds
    assert any(m["elasticity"] is not None for p in duckdb_report["products"] for m in p["markets"])


@pytest.mark.postgres
def test_postgres_agrees_with_duckdb(run_report, duckdb_report):
    report = run_report(parity_rows(), DEMANDS, backend="postgres")
    assert_same(duckdb_report, report)


@pytest.mark.postgres
def test_postgres_schema_is_dropped_after_the_run(run_report):
    run_report(parity_rows()[:10], backend="postgres")
    con = connect_postgres(get_settings().insight_postgres_url)
    try:
        cursor = con.raw_sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'chuhai_insight_%'")
        left = cursor.fetchall()
        cursor.close()
    finally:
        con.disconnect()
    assert left == []


@pytest.mark.spark
def test_spark_agrees_with_duckdb(run_report, duckdb_report, spark_session):
    report = run_report(parity_rows(), DEMANDS, backend="pyspark", spark=spark_session)
    assert_same(duckdb_report, report)


def other_views(work):
    """Monthly measures and price bands' inputs, sorted, as plain rows."""
    from chuhai.insight.engine.cube import monthly_sales, sales_cube
    from chuhai.insight.engine.price_bands import product_prices

    cube = work.materialize(sales_cube(work.orders, work.fx))
    monthly = monthly_sales(cube).to_pyarrow().to_pylist()
    prices = product_prices(cube, 24313).to_pyarrow().to_pylist()  # last 12 months up to 2026-02
    key = lambda r: (r["product_id"], r["country"], r.get("channel", ""), r.get("month", 0))  # noqa: E731
    clean = lambda rows: [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}  # noqa: E731
                          for r in sorted(rows, key=key)]
    return {"monthly": clean(monthly), "prices": clean(prices)}


def views_on(backend, spark=None):
    from chuhai.insight.engine.backends import open_tables
    from chuhai.insight.engine.fx import fx_arrow_table

    from ..conftest import TEST_RATES, orders_table

    with open_tables(backend, orders=orders_table(parity_rows()), fx=fx_arrow_table(TEST_RATES), spark=spark,
                     postgres_url=get_settings().insight_postgres_url) as work:
        return other_views(work)


def test_monthly_views_have_growth_and_share():
    views = views_on("duckdb")
    assert any(r["mom_growth"] is not None for r in views["monthly"])
    assert any(r["yoy_growth"] is not None for r in views["monthly"])
    assert views["prices"] and all(r["avg_price_usd"] > 0 for r in views["prices"])


@pytest.mark.postgres
def test_postgres_monthly_views_agree_with_duckdb():
    assert_same(views_on("duckdb"), views_on("postgres"))


@pytest.mark.spark
def test_spark_monthly_views_agree_with_duckdb(spark_session):
    assert_same(views_on("duckdb"), views_on("pyspark", spark_session))
