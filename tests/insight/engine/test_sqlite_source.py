import sqlite3

import ibis
import pytest

from chuhai.insight.engine.backends import sqlite_orders
from chuhai.insight.engine.fx import fx_arrow_table
from chuhai.insight.engine.report import build_report

from ..conftest import TEST_RATES


def test_orders_from_the_platform_sqlite_database(tmp_path):
    path = tmp_path / "platform.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE order_lines (sku TEXT, ordered_on TEXT, channel TEXT, country TEXT, units INTEGER,"
                   " unit_price TEXT, currency TEXT)")
        db.executemany("INSERT INTO order_lines VALUES (?, ?, ?, ?, ?, ?, ?)", [
            ("P1", "2025-03-01", "amazon", "US", 2, "10.50", "USD"),
            ("P1", "2025-03-09", "amazon", "US", 1, "9.00", "USD"),
            ("P2", "2025-04-01", "temu", "DE", 4, "5.00", "EUR"),
        ])
    con = ibis.duckdb.connect()
    try:
        orders = sqlite_orders(con, path, "SELECT sku AS product_id, ordered_on AS order_date, channel, country, units,"
                                          " unit_price, currency FROM platform.order_lines")
        orders = orders.mutate(order_date=orders.order_date.cast("date"),
                               unit_price=orders.unit_price.cast("float64"))
        con.con.register("fx", fx_arrow_table(TEST_RATES))
        report = build_report(orders, con.table("fx"))
    finally:
        con.disconnect()
    revenue = {m["country"]: m["revenue_usd"] for m in report["markets"]}
    assert revenue == {"US": pytest.approx(30.0), "DE": pytest.approx(25.0)}  # EUR at 1.25 from 2025
