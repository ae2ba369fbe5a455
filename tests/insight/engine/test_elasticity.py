import pandas as pd
import pytest

from chuhai.insight.engine.elasticity import NOT_ENOUGH_DATA, cells_from_frame, estimate_elasticities

from ..conftest import elastic_sales, order


def products_in(report, country):
    return {p["product_id"]: m for p in report["products"] for m in p["markets"] if m["country"] == country}


def test_known_elasticities_are_recovered_per_product_and_market(run_report):
    rows = (elastic_sales("ID", "P1", -2.0, 10.0, 30, currency="IDR") + elastic_sales("ID", "P2", -2.0, 40.0, 30)
            + elastic_sales("US", "P1", -0.5, 10.0, 30) + elastic_sales("US", "P2", -0.5, 40.0, 30))
    report = run_report(rows)
    indonesia, us = products_in(report, "ID"), products_in(report, "US")
    assert indonesia["P1"]["elasticity"] == pytest.approx(-2.0, abs=0.02)
    assert us["P2"]["elasticity"] == pytest.approx(-0.5, abs=0.02)
    lo, hi = indonesia["P1"]["elasticity_ci"]
    assert lo < indonesia["P1"]["elasticity"] < hi
    sensitive = [s["country"] for s in report["signals"] if s["type"] == "price_sensitive_market"]
    assert sensitive == ["ID"]


def test_exchange_rate_moves_are_not_taken_for_price_changes(run_report):
    # Constant euro price, the dollar value jumps 25 % in 2025 while units grow: no price variation.
    rows = [order(f"{y}-{m:02d}-10", "DE", "P1", 100 + i, 10.0, currency="EUR")
            for i, (y, m) in enumerate([(2024, m) for m in range(1, 13)] + [(2025, m) for m in range(1, 13)])]
    market = products_in(run_report(rows), "DE")["P1"]
    assert market["elasticity"] is None and market["elasticity_ci"] is None


def test_too_few_months_means_not_enough_data(run_report):
    rows = elastic_sales("ID", "P1", -2.0, 10.0, 11) + elastic_sales("ID", "P2", -2.0, 10.0, 11)
    report = run_report(rows)
    assert products_in(report, "ID")["P1"]["elasticity"] is None
    assert not [s for s in report["signals"] if s["type"] == "price_sensitive_market"]


def test_flat_prices_mean_not_enough_data():
    cells = pd.DataFrame({
        "product_id": ["P1"] * 30, "country": ["US"] * 30, "channel": ["amazon"] * 30, "currency": ["USD"] * 30,
        "month": list(range(24300, 24330)), "units": [100 + i for i in range(30)],
        "revenue_local": [(100 + i) * 10.0 for i in range(30)],
    })
    markets, products = estimate_elasticities(cells_from_frame(cells))
    assert markets["US"].status == NOT_ENOUGH_DATA
    assert products[("P1", "US")].status == NOT_ENOUGH_DATA


def test_inelastic_market_is_not_flagged_even_when_estimated(run_report):
    rows = elastic_sales("US", "P1", -0.9, 10.0, 30) + elastic_sales("US", "P2", -0.9, 25.0, 30)
    report = run_report(rows)
    assert products_in(report, "US")["P1"]["elasticity"] == pytest.approx(-0.9, abs=0.02)
    assert not [s for s in report["signals"] if s["type"] == "price_sensitive_market"]


def test_cells_from_arrow_sorts_any_row_order_like_the_frame_path():
    import numpy as np
    import pyarrow as pa

    from chuhai.insight.engine.elasticity import cells_from_arrow

    rng = np.random.default_rng(5)
    rows = [{"product_id": product, "country": country, "channel": channel, "currency": currency,
             "month": month, "units": int(rng.integers(1, 50)), "revenue_local": float(rng.uniform(10, 900))}
            for product in ("P10", "P2", "Ä1") for country in ("US", "ID", "BR")
            for channel in ("temu", "amazon") for currency in ("USD", "IDR") for month in (24301, 24300, 24310)]
    frame = pd.DataFrame(rows)
    shuffled = pa.Table.from_pandas(frame.sample(frac=1, random_state=3), preserve_index=False)
    expected, got = cells_from_frame(frame), cells_from_arrow(shuffled)
    assert got.keys == expected.keys  # (product_id, country) in (country, product_id) byte order
    assert got.keys[0] == ("P10", "BR") and got.keys[-1] == ("Ä1", "US")
    for name in ("series", "product_market", "month", "units", "revenue_local"):
        assert np.array_equal(getattr(got, name), getattr(expected, name)), name


def test_cells_from_arrow_accepts_integer_product_ids_and_no_rows():
    import pyarrow as pa

    from chuhai.insight.engine.elasticity import cells_from_arrow

    table = pa.table({"product_id": [7, 3, 7], "country": ["US", "US", "US"], "channel": ["a", "a", "a"],
                      "currency": ["USD"] * 3, "month": [2, 1, 1], "units": [1, 2, 3],
                      "revenue_local": [1.0, 2.0, 3.0]})
    cells = cells_from_arrow(table)
    assert cells.keys == [(3, "US"), (7, "US")]
    assert cells.month.tolist() == [1, 1, 2] and cells.units.tolist() == [2.0, 3.0, 1.0]
    assert cells.series.tolist() == [0, 1, 1]
    assert len(cells_from_arrow(table.slice(0, 0)).units) == 0


def test_cells_from_arrow_without_a_packed_key_gives_the_same_cells(monkeypatch):
    """Too many distinct keys to pack into one integer: the lexsort path must agree."""
    import numpy as np
    import pyarrow as pa

    from chuhai.insight.engine import elasticity

    rng = np.random.default_rng(11)
    rows = [{"product_id": product, "country": country, "channel": channel, "currency": "USD",
             "month": month, "units": int(rng.integers(1, 50)), "revenue_local": float(rng.uniform(10, 900))}
            for product in ("B", "A") for country in ("US", "DE") for channel in ("x", "w") for month in (5, 3, 4)]
    table = pa.Table.from_pandas(pd.DataFrame(rows).sample(frac=1, random_state=1), preserve_index=False)
    packed = elasticity.cells_from_arrow(table)
    monkeypatch.setattr(elasticity, "PACKED_KEY_LIMIT", 0.0)
    unpacked = elasticity.cells_from_arrow(table)
    assert unpacked.keys == packed.keys == [("A", "DE"), ("B", "DE"), ("A", "US"), ("B", "US")]
    for name in ("series", "product_market", "month", "units", "revenue_local"):
        assert np.array_equal(getattr(unpacked, name), getattr(packed, name)), name
