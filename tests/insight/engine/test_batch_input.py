"""ORDERS.csv blocks: the fast path for clean blocks (typed casts) never accepts what the row-by-row
check refuses, and gives the same values when both accept."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from chuhai.insight.engine.batch_input import _check_order_block, _checked_block, _clean_block, _known_countries

GOOD = {"order_date": "2025-01-05", "channel": "amazon", "country": "US", "product_id": "P1", "units": "3",
        "unit_price": "2.5", "currency": "USD", "category": "wigs"}

TRICKY = [
    ("units", "0x10"), ("units", "0X1f"), ("units", "0000000000000000001"), ("units", "+5"), ("units", "-0"),
    ("units", "-5"), ("units", " 7 "), ("units", "007"), ("units", "1e3"), ("units", "9223372036854775807"),
    ("unit_price", "inf"), ("unit_price", "nan"), ("unit_price", "Infinity"), ("unit_price", "1e400"),
    ("unit_price", "1e-400"), ("unit_price", ".5"), ("unit_price", "5."), ("unit_price", "+.5"),
    ("unit_price", "-0.0"), ("unit_price", "-1"), ("unit_price", "1,5"), ("unit_price", " 2.5"),
    ("order_date", "2025-02-29"), ("order_date", "2024-02-29"), ("order_date", "2025-1-05"),
    ("order_date", " 2025-01-05"), ("order_date", "0000-01-01"), ("order_date", "2025-01-05T00:00"),
    ("country", "us"), ("country", " DE"), ("country", "XX"), ("currency", "usd"), ("currency", "US$"),
    ("currency", " EUR "), ("channel", " "), ("product_id", ""), ("category", ""), ("category", " x "),
]


def block(values: list[dict]) -> dict:
    return {name: pa.array([row[name] for row in values], pa.string()) for name in GOOD}


@pytest.mark.parametrize(("column", "value"), TRICKY)
def test_the_fast_path_agrees_with_the_row_by_row_check(column, value):
    columns = block([GOOD, {**GOOD, column: value}])
    countries = _known_countries()
    checked, _valid, errors = _checked_block(columns, countries, np.zeros(2, dtype=bool))
    fast = _clean_block(columns, countries)
    if errors:
        assert fast is None, f"{column}={value!r} passed the fast path but fails the check: {errors}"
    elif fast is not None:
        assert fast.equals(checked), f"{column}={value!r}: the two paths read different values"


def test_a_clean_block_takes_the_fast_path_and_a_dirty_one_names_its_row():
    countries = _known_countries()
    clean = block([GOOD, {**GOOD, "units": "12", "country": "de"}])
    assert _clean_block(clean, countries) is not None
    checked, _valid, errors = _check_order_block(clean, countries, np.zeros(2, dtype=bool))
    assert errors == [] and checked.column("country").to_pylist() == ["US", "DE"]
    dirty = block([GOOD, {**GOOD, "units": "0x10"}])
    _block, valid, errors = _check_order_block(dirty, countries, np.zeros(2, dtype=bool))
    assert valid.tolist() == [True, False]
    assert errors == [(1, "units", "expected a whole number of units >= 0, got '0x10'")]


def test_spilled_orders_are_the_same_rows_in_a_parquet_file(tmp_path):
    import pyarrow.parquet as pq

    from chuhai.insight.engine.batch_input import read_orders

    orders = tmp_path / "orders.csv"
    orders.write_text("order_date,channel,country,product_id,units,unit_price,currency,category\n"
                      "2025-01-05,amazon,US,P1,3,2.5,USD,wigs\n"
                      "2025-01-06,temu,de,P2,x,2.5,EUR,\n"
                      "2025-02-01, temu ,DE,P2,4,9,eur,\n", encoding="utf-8")
    in_memory = read_orders(orders, {"USD", "EUR"}, skip_bad_rows=True)
    spilled = read_orders(orders, {"USD", "EUR"}, skip_bad_rows=True, spill_to=tmp_path / "orders.parquet")
    assert in_memory.parquet is None and spilled.table is None
    assert spilled.source() == tmp_path / "orders.parquet" and len(spilled) == len(in_memory) == 2
    assert pq.read_table(spilled.source()).equals(in_memory.source())
    assert [(e.line, e.column) for e in spilled.skipped] == [(3, "units")]
