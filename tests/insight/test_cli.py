"""The batch contract: `chuhai insight report`."""

import csv
import json

import pytest
from typer.testing import CliRunner

from chuhai.insight.cli import app

from .conftest import ORDER_HEADER, elastic_sales

runner = CliRunner()


def write_orders(path, rows, header=ORDER_HEADER):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def sample_rows():
    rows = elastic_sales("ID", "P1", -2.0, 10.0, 26, currency="IDR") + elastic_sales("US", "P1", -0.4, 10.0, 26)
    return [[r["order_date"].isoformat(), r["channel"], r["country"], r["product_id"], r["units"],
             r["unit_price"] / (0.0001 if r["currency"] == "IDR" else 1), r["currency"], r["category"]] for r in rows]


def run(*args):
    return runner.invoke(app, ["report", *args])


@pytest.fixture
def fx_file(tmp_path):
    path = tmp_path / "fx.csv"
    path.write_text("currency,usd_rate\nUSD,1\nIDR,0.0001\n", encoding="utf-8")
    return path


def test_report_has_the_contract_shape(tmp_path, fx_file):
    orders = write_orders(tmp_path / "orders.csv", sample_rows())
    demands = tmp_path / "demands.jsonl"
    demands.write_text('{"demand_id": "d1", "category": "sofas", "country": "ID", "quantity": 3}\n\n', encoding="utf-8")
    out = tmp_path / "report.json"
    result = run("--orders", str(orders), "--demands", str(demands), "--fx", str(fx_file), "--out", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) >= {"markets", "products", "signals", "skipped_rows"}
    assert {tuple(sorted(m)) for m in report["markets"]} == {("country", "revenue_usd", "units", "yoy_growth")}
    assert {m["country"] for m in report["markets"]} == {"ID", "US"}
    assert all(isinstance(m["yoy_growth"], float) for m in report["markets"])  # 26 months of data
    [product] = report["products"]
    assert product["product_id"] == "P1"
    for market in product["markets"]:
        assert set(market) == {"country", "units", "revenue_usd", "avg_price_usd", "elasticity", "elasticity_ci"}
        assert market["avg_price_usd"] == pytest.approx(market["revenue_usd"] / market["units"], rel=1e-4)
        lo, hi = market["elasticity_ci"]
        assert lo <= market["elasticity"] <= hi
    for signal in report["signals"]:
        assert set(signal) == {"type", "product_id", "country", "category", "evidence"}
        assert signal["type"] in {"price_sensitive_market", "rising_market", "declining_market", "slow_mover",
                                  "unmet_demand"}
    unmet = [s for s in report["signals"] if s["type"] == "unmet_demand"]
    assert unmet == [{"type": "unmet_demand", "product_id": None, "country": "ID", "category": "sofas",
                      "evidence": {"demands": 1, "quantity": 3, "reasons": {"category_not_covered": 1},
                                   "product": None, "demand_ids": ["d1"], "examples": []}}]
    assert report["skipped_rows"] == {"count": 0, "rows": []}


def test_short_data_gives_nulls_not_guesses(tmp_path):
    orders = write_orders(tmp_path / "orders.csv", [["2025-01-05", "temu", "US", "P9", "3", "9.99", "USD", "wigs"]])
    out = tmp_path / "report.json"
    assert run("--orders", str(orders), "--out", str(out)).exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["markets"] == [{"country": "US", "revenue_usd": 29.97, "units": 3, "yoy_growth": None}]
    assert report["products"][0]["markets"][0]["elasticity"] is None
    assert report["products"][0]["markets"][0]["elasticity_ci"] is None
    assert report["signals"] == []


@pytest.mark.parametrize(
    ("bad_row", "column"),
    [
        (["2025-13-01", "amazon", "US", "P1", "1", "2.5", "USD"], "order_date"),
        (["2025/01/01", "amazon", "US", "P1", "1", "2.5", "USD"], "order_date"),
        (["2025-01-01", "amazon", "Atlantis", "P1", "1", "2.5", "USD"], "country"),
        (["2025-01-01", "amazon", "US", "P1", "1.5", "2.5", "USD"], "units"),
        (["2025-01-01", "amazon", "US", "P1", "1", "two", "USD"], "unit_price"),
        (["2025-01-01", "amazon", "US", "", "1", "2.5", "USD"], "product_id"),
        (["2025-01-01", "amazon", "US", "P1", "1", "2.5", "US$"], "currency"),
    ],
)
def test_a_malformed_row_names_line_and_column_and_writes_nothing(tmp_path, bad_row, column):
    header = ORDER_HEADER[:7]
    orders = write_orders(tmp_path / "orders.csv", [["2025-01-01", "amazon", "US", "P1", "1", "2.5", "USD"], bad_row],
                          header)
    out = tmp_path / "report.json"
    result = run("--orders", str(orders), "--out", str(out))
    assert result.exit_code == 2
    assert "line 3" in result.stderr and f"'{column}'" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [orders]  # no temporary file left either


def test_skip_bad_rows_counts_and_lists_them(tmp_path):
    rows = [["2025-01-01", "amazon", "US", "P1", "1", "2.5", "USD"],
            ["2025-01-02", "amazon", "US", "P1", "-4", "2.5", "USD"],
            ["2025-01-03", "amazon", "XX", "P1", "1", "2.5", "USD"],
            ["2025-01-04", "amazon", "US", "P1", "2", "2.5", "USD"]]
    orders = write_orders(tmp_path / "orders.csv", rows, ORDER_HEADER[:7])
    demands = tmp_path / "demands.jsonl"
    demands.write_text('{"category": "wigs", "country": "US"}\n{not json}\n{"country": "U"}\n', encoding="utf-8")
    out = tmp_path / "report.json"
    result = run("--orders", str(orders), "--demands", str(demands), "--skip-bad-rows", "--out", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["skipped_rows"]["count"] == 4
    assert [(r["line"], r["column"]) for r in report["skipped_rows"]["rows"]] == [
        (3, "units"), (4, "country"), (2, "(line)"), (3, "country")]
    assert report["skipped_rows"]["rows"][2]["file"] == str(demands)
    assert report["markets"][0]["units"] == 3


def test_unknown_currency_is_a_clear_error_even_when_skipping(tmp_path, fx_file):
    rows = [["2025-01-01", "amazon", "US", "P1", "1", "2.5", "USD"],
            ["2025-01-02", "amazon", "GB", "P1", "1", "2", "GBP"]]
    orders = write_orders(tmp_path / "orders.csv", rows, ORDER_HEADER[:7])
    out = tmp_path / "report.json"
    result = run("--orders", str(orders), "--fx", str(fx_file), "--skip-bad-rows", "--out", str(out))
    assert result.exit_code == 2
    assert "unknown currency GBP (first on line 3)" in result.stderr
    assert not out.exists()


def test_built_in_fx_table_knows_common_currencies(tmp_path):
    rows = [["2025-01-01", "amazon", "GB", "P1", "1", "2", "GBP"],
            ["2025-01-01", "tiktok", "ID", "P1", "1", "50000", "IDR"]]
    orders = write_orders(tmp_path / "orders.csv", rows, ORDER_HEADER[:7])
    out = tmp_path / "report.json"
    assert run("--orders", str(orders), "--out", str(out)).exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    revenue = {m["country"]: m["revenue_usd"] for m in report["markets"]}
    assert 2.0 < revenue["GB"] < 3.2 and 2.5 < revenue["ID"] < 4.0
    assert "fx_rates.csv" in report["meta"]["fx_source"]


def test_missing_column_is_reported_on_line_1(tmp_path):
    orders = write_orders(tmp_path / "orders.csv", [["2025-01-01", "US"]], ["order_date", "country"])
    result = run("--orders", str(orders), "--out", str(tmp_path / "r.json"))
    assert result.exit_code == 2
    assert "line 1" in result.stderr and "channel" in result.stderr


def test_bad_fx_file_names_line_and_column(tmp_path):
    orders = write_orders(tmp_path / "orders.csv", sample_rows()[:2])
    fx = tmp_path / "fx.csv"
    fx.write_text("currency,usd_rate\nUSD,1\nIDR,-3\n", encoding="utf-8")
    result = run("--orders", str(orders), "--fx", str(fx), "--out", str(tmp_path / "r.json"))
    assert result.exit_code == 2
    assert "line 3" in result.stderr and "'usd_rate'" in result.stderr


def test_unknown_backend_is_refused(tmp_path):
    orders = write_orders(tmp_path / "orders.csv", sample_rows()[:2])
    result = run("--orders", str(orders), "--out", str(tmp_path / "r.json"), "--backend", "oracle")
    assert result.exit_code == 2 and "--backend" in result.stderr


@pytest.mark.postgres
def test_postgres_backend_writes_the_same_report(tmp_path, fx_file):
    orders = write_orders(tmp_path / "orders.csv", sample_rows())
    reports = {}
    for backend in ("duckdb", "postgres"):
        out = tmp_path / f"{backend}.json"
        result = run("--orders", str(orders), "--fx", str(fx_file), "--out", str(out), "--backend", backend)
        assert result.exit_code == 0, result.output
        reports[backend] = json.loads(out.read_text(encoding="utf-8"))
        del reports[backend]["meta"]["backend"]
    assert reports["duckdb"] == reports["postgres"]


GOOD = ["2025-01-01", "amazon", "US", "P1", "1", "2.5", "USD"]


def test_rows_with_the_wrong_number_of_fields_name_their_line(tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text("order_date,channel,country,product_id,units,unit_price,currency\n"
                      + ",".join(GOOD) + "\n" + ",".join(GOOD) + ",extra\n" + ",".join(GOOD[:5]) + "\n"
                      + ",".join(GOOD) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = run("--orders", str(orders), "--out", str(out))
    assert result.exit_code == 2
    assert "line 3" in result.stderr and "more fields than the header has" in result.stderr
    assert run("--orders", str(orders), "--skip-bad-rows", "--out", str(out)).exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["line"], r["column"], r["error"]) for r in report["skipped_rows"]["rows"]] == [
        (3, "currency", "more fields than the header has"), (4, "unit_price", "fewer fields than the header has")]
    assert report["markets"][0]["units"] == 2


def test_a_bad_row_deep_in_a_large_file_is_found_on_its_line(tmp_path, monkeypatch):
    from chuhai.insight.engine import batch_input

    monkeypatch.setattr(batch_input, "BATCH_BYTES", 4096)  # many blocks
    rows = [GOOD] * 30_000
    rows[25_000 - 2] = ["2025-02-30", "amazon", "US", "P1", "1", "2.5", "USD"]  # line 25,000
    rows[27_000 - 2] = ["2025-01-01", "amazon", "US", "P1", "1", "2.5", "USD", "too many"]  # line 27,000
    orders = write_orders(tmp_path / "orders.csv", rows, ORDER_HEADER[:7])
    out = tmp_path / "report.json"
    result = run("--orders", str(orders), "--out", str(out))
    assert result.exit_code == 2
    assert "line 25000, column 'order_date': not a valid calendar date: '2025-02-30'" in result.stderr
    assert run("--orders", str(orders), "--skip-bad-rows", "--out", str(out)).exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [r["line"] for r in report["skipped_rows"]["rows"]] == [25_000, 27_000]
    assert report["markets"][0]["units"] == 29_998


def test_values_are_trimmed_and_upper_cased_and_plus_signs_accepted(tmp_path):
    rows = [[" 2025-01-01 ", " amazon", "us", " P1 ", "+3", " 2.50 ", "usd", " wigs "]]
    orders = write_orders(tmp_path / "orders.csv", rows)
    out = tmp_path / "report.json"
    assert run("--orders", str(orders), "--out", str(out)).exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["markets"] == [{"country": "US", "revenue_usd": 7.5, "units": 3, "yoy_growth": None}]
    assert report["products"][0]["product_id"] == "P1"


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_bytes("order_date,channel,country,product_id,units,unit_price,currency\n"
                       "2025-01-01,天猫,US,P1,1,2.5,USD\n".encode("gbk"))
    out = tmp_path / "report.json"
    result = run("--orders", str(orders), "--out", str(out))
    assert result.exit_code == 2
    assert str(orders) in result.stderr and not out.exists()


def test_blank_and_rejected_lines_still_count_for_the_lines_named_after_them(tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text("order_date,channel,country,product_id,units,unit_price,currency\n"
                      + ",".join(GOOD) + "\n\n" + ",".join(GOOD) + ",extra\n" + ",".join(GOOD) + "\n"
                      + "2025-01-01,amazon,XX,P1,1,2.5,USD\n\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert run("--orders", str(orders), "--skip-bad-rows", "--out", str(out)).exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["line"], r["column"]) for r in report["skipped_rows"]["rows"]] == [(4, "currency"), (6, "country")]
    assert report["markets"][0]["units"] == 2
    result = run("--orders", str(orders), "--out", str(out))
    assert result.exit_code == 2 and "line 4," in result.stderr


def test_report_json_has_one_record_per_line_and_ordinary_permissions(tmp_path):
    import os
    import stat

    orders = write_orders(tmp_path / "orders.csv", sample_rows())
    out = tmp_path / "report.json"
    previous = os.umask(0o022)
    try:
        assert run("--orders", str(orders), "--out", str(out)).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report-")] == []
    text = out.read_text(encoding="utf-8")
    report = json.loads(text)
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert lines[1] == ' "markets": ['
    products = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith('  {"product_id"')]
    assert products == report["products"] and len(products) == 1


@pytest.fixture
def always_spill(monkeypatch):
    """Every ORDERS.csv counts as large: the checked lines go to a temporary Parquet file."""
    from chuhai.config import get_settings

    monkeypatch.setenv("CHUHAI_INSIGHT_SPILL_MB", "0")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_a_large_file_goes_through_parquet_and_gives_the_same_report(tmp_path, fx_file, always_spill, monkeypatch):
    from chuhai.config import get_settings
    from chuhai.insight.engine import batch_input

    spills = []
    real_read_orders = batch_input.read_orders

    def spying_read_orders(*args, spill_to=None, **kwargs):
        spills.append(spill_to)
        return real_read_orders(*args, spill_to=spill_to, **kwargs)

    monkeypatch.setattr(batch_input, "read_orders", spying_read_orders)
    rows = sample_rows()
    rows.insert(3, ["2025-01-02", "amazon", "US", "P1", "-4", "2.5", "USD", "wigs"])  # line 5: skipped
    orders = write_orders(tmp_path / "orders.csv", rows)
    spilled_out = tmp_path / "spilled" / "report.json"
    assert run("--orders", str(orders), "--fx", str(fx_file), "--skip-bad-rows",
               "--out", str(spilled_out)).exit_code == 0
    assert get_settings().insight_spill_mb == 0
    get_settings.cache_clear()
    in_memory_out = tmp_path / "memory" / "report.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHUHAI_INSIGHT_SPILL_MB", "1024")
        assert run("--orders", str(orders), "--fx", str(fx_file), "--skip-bad-rows",
                   "--out", str(in_memory_out)).exit_code == 0
        get_settings.cache_clear()
    assert spills[0] is not None and spills[0].suffix == ".parquet" and spills[1] is None
    spilled, in_memory = (json.loads(path.read_text(encoding="utf-8")) for path in (spilled_out, in_memory_out))
    assert spilled == in_memory
    assert spilled["skipped_rows"]["rows"][0]["line"] == 5 and spilled["meta"]["order_lines"] == len(rows) - 1
    assert sorted(p.name for p in spilled_out.parent.iterdir()) == ["report.json"]  # the Parquet file is gone


def test_a_large_file_with_a_bad_row_leaves_no_temporary_file(tmp_path, always_spill):
    rows = [["2025-01-01", "amazon", "US", "P1", "1", "2.5", "USD"],
            ["2025-01-02", "amazon", "US", "P1", "x", "2.5", "USD"]]
    orders = write_orders(tmp_path / "orders.csv", rows, ORDER_HEADER[:7])
    out = tmp_path / "out" / "report.json"
    result = run("--orders", str(orders), "--out", str(out))
    assert result.exit_code == 2 and "line 3, column 'units'" in result.stderr
    assert list(out.parent.iterdir()) == []
