import pytest

from chuhai.insight.engine.backends import open_tables
from chuhai.insight.engine.cube import month_label, monthly_sales, sales_cube, unknown_currencies
from chuhai.insight.engine.fx import fx_arrow_table

from ..conftest import TEST_RATES, order, orders_table


def monthly(rows):
    with open_tables("duckdb", orders=orders_table(rows), fx=fx_arrow_table(TEST_RATES)) as work:
        frame = monthly_sales(sales_cube(work.orders, work.fx)).to_pandas()
    return {(r.product_id, r.country, r.channel, month_label(r.month)): r for r in frame.itertuples()}


def test_units_revenue_and_average_price_sum_lines_of_a_month():
    cells = monthly([
        order("2025-03-01", "US", "P1", 2, 10.0),
        order("2025-03-31", "US", "P1", 3, 20.0),
        order("2025-04-01", "US", "P1", 1, 5.0),
    ])
    march = cells[("P1", "US", "amazon", "2025-03")]
    assert march.units == 5
    assert march.revenue_usd == pytest.approx(80.0)
    assert march.avg_price_usd == pytest.approx(16.0)
    assert march.revenue_cny == pytest.approx(640.0)  # 8 CNY per USD in the test table


def test_month_on_month_and_year_on_year_growth_compare_calendar_neighbours():
    cells = monthly([
        order("2024-05-10", "US", "P1", 10, 10.0),
        order("2025-04-10", "US", "P1", 10, 10.0),
        order("2025-05-10", "US", "P1", 15, 10.0),
        order("2025-07-10", "US", "P1", 30, 10.0),  # June has no sales
    ])
    may = cells[("P1", "US", "amazon", "2025-05")]
    assert may.mom_growth == pytest.approx(0.5)
    assert may.yoy_growth == pytest.approx(0.5)
    july = cells[("P1", "US", "amazon", "2025-07")]
    assert july.mom_growth != july.mom_growth  # NaN: no June row, growth undefined
    assert july.yoy_growth != july.yoy_growth


def test_share_is_of_the_market_channel_and_month():
    cells = monthly([
        order("2025-05-10", "US", "P1", 3, 10.0),
        order("2025-05-10", "US", "P2", 1, 10.0),
        order("2025-05-10", "US", "P3", 9, 10.0, channel="temu"),
        order("2025-05-10", "DE", "P3", 9, 10.0),
    ])
    assert cells[("P1", "US", "amazon", "2025-05")].share == pytest.approx(0.75)
    assert cells[("P2", "US", "amazon", "2025-05")].share == pytest.approx(0.25)
    assert cells[("P3", "US", "temu", "2025-05")].share == pytest.approx(1.0)


def test_dated_rates_apply_from_their_month_and_earliest_rate_before_all_rows():
    cells = monthly([
        order("1999-06-10", "DE", "P1", 1, 100.0, currency="EUR"),
        order("2024-12-31", "DE", "P1", 1, 100.0, currency="EUR"),
        order("2025-01-01", "DE", "P1", 1, 100.0, currency="EUR"),
    ])
    assert cells[("P1", "DE", "amazon", "1999-06")].revenue_usd == pytest.approx(100.0)
    assert cells[("P1", "DE", "amazon", "2024-12")].revenue_usd == pytest.approx(100.0)
    assert cells[("P1", "DE", "amazon", "2025-01")].revenue_usd == pytest.approx(125.0)


def test_one_product_sold_in_two_currencies_is_summed_in_usd():
    cells = monthly([
        order("2025-02-10", "ID", "P1", 1, 100000.0, currency="IDR"),
        order("2025-02-11", "ID", "P1", 1, 10.0, currency="USD"),
    ])
    assert cells[("P1", "ID", "amazon", "2025-02")].revenue_usd == pytest.approx(20.0)
    assert cells[("P1", "ID", "amazon", "2025-02")].units == 2


def test_unknown_currencies_are_listed():
    rows = [order("2025-02-10", "US", "P1", 1, 1.0, currency="XYZ"), order("2025-02-10", "US", "P1", 1, 1.0)]
    with open_tables("duckdb", orders=orders_table(rows), fx=fx_arrow_table(TEST_RATES)) as work:
        assert unknown_currencies(work.orders, work.fx) == ["XYZ"]


def test_the_python_month_rule_gives_the_same_rates_as_the_ibis_one():
    import datetime as dt

    import ibis
    import pyarrow as pa

    from chuhai.insight.engine.cube import usd_rates_by_month
    from chuhai.insight.engine.fx import FxRate, builtin_rates, monthly_usd_rate

    # The built-in table plus two rows of one month (their mean applies) and one dated mid-table.
    rates = [*builtin_rates(), FxRate("XAA", dt.date(2024, 3, 1), 0.5), FxRate("XAA", dt.date(2024, 3, 15), 0.7),
             FxRate("XAA", dt.date(2025, 1, 1), 0.9)]
    currencies = sorted({r.currency for r in rates})
    months = [year * 12 + month - 1 for year in range(2020, 2027) for month in range(1, 13)]
    con = ibis.duckdb.connect()
    con.con.register("fx", fx_arrow_table(rates))
    con.con.register("needed", pa.table({"currency": [c for c in currencies for _m in months],
                                         "month": [m for _c in currencies for m in months]}))
    expected = usd_rates_by_month(con.table("fx"), con.table("needed")).to_pyarrow().to_pylist()
    rate = monthly_usd_rate(rates)
    assert len(expected) == len(currencies) * len(months)
    for row in expected:
        assert float(rate(row["currency"], row["month"] // 12, row["month"] % 12 + 1)) == pytest.approx(
            row["usd_rate"], rel=1e-12), row
    assert rate("XAA", 2024, 2) == rate("XAA", 2024, 12) and float(rate("XAA", 2024, 3)) == pytest.approx(0.6)
    assert rate("XXX", 2025, 1) is None
