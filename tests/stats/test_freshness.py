"""A running server's cached statistics follow imports made by another process (`chuhai import`),
which cannot reach the server's cache: the stored data version tells the server to recompute."""

from __future__ import annotations

import time

from typer.testing import CliRunner

from chuhai.dashboards.service import programme_monthly_sales
from chuhai.imports.cli import app as import_app
from chuhai.stats import service
from chuhai.web import cache
from tests.imports.factories import add_enterprise, add_product, csv_bytes

HEADER = ["order_id", "order_date", "sku", "qty", "unit_price", "currency", "country", "channel"]


def _import(tmp_path, db_url, rows, name):
    path = tmp_path / name
    path.write_bytes(csv_bytes([HEADER, *rows]))
    result = CliRunner().invoke(import_app, ["order-lines", str(path), "--database-url", db_url])
    assert result.exit_code == 0, result.output


def _eventually(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the cached statistics never caught up with the import"
        time.sleep(0.05)


def test_an_import_by_another_process_reaches_the_cached_dashboard(tmp_path, session, db_url):
    enterprise_id, code = add_enterprise(session, 1)
    add_product(session, enterprise_id, "SLIDE-01")
    session.commit()
    _import(tmp_path, db_url, [[f"{code}-1", "2026-05-02", "SLIDE-01", "2", "100.00", "USD", "US", "temu"]],
            "may.csv")
    filters = service.StatsFilters()
    try:
        assert service.dashboard(db_url, filters)["totals"]["lines"] == 1
        assert not service.freshness(db_url, filters)["updating"]
        assert sum(units for _month, units, _lines in programme_monthly_sales(db_url)) == 2

        _import(tmp_path, db_url, [[f"{code}-2", "2026-05-09", "SLIDE-01", "3", "100.00", "USD", "DE", "temu"]],
                "june.csv")

        assert service.freshness(db_url, filters)["updating"]  # the page says the figures are being redone
        _eventually(lambda: service.dashboard(db_url, filters)["totals"]["lines"] == 2)
        assert not service.freshness(db_url, filters)["updating"]
        assert service.freshness(db_url, filters)["changed_at"] is not None
        totals = service.dashboard(db_url, filters)["totals"]
        assert totals["units"] == 5 and totals["markets"] == 2
        _eventually(lambda: sum(units for _month, units, _lines in programme_monthly_sales(db_url)) == 5)
    finally:
        for prefix in ("insight_cube", "stats_dashboard", "monthly_sales", "insight_market_overview"):
            cache.invalidate((prefix, db_url))
