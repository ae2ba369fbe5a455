"""Bulk-load generated demo data into the database with Core inserts, in chunks.

`load(session, data, progress)` writes belts, enterprises (with certificates), products (with
price tiers), service providers, buyers, demands, order lines and the demo's monthly exchange
rates, in one transaction that the caller commits. It refuses a database that already holds
enterprises: demo data goes into an empty platform only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from chuhai.accounts import audit
from chuhai.catalog import flows as catalog_flows
from chuhai.catalog.models import (
    Certification,
    Enterprise,
    HsCodeSource,
    IndustrialBelt,
    PriceTier,
    Product,
    ServiceProvider,
)
from chuhai.demand import flows as demand_flows
from chuhai.demand.models import Buyer, Demand, OrderLine
from chuhai.demo.generator import TODAY, DemoData
from chuhai.demo.markets import MARKETS
from chuhai.demo.orders import iter_order_chunks
from chuhai.imports.repository import bump_data_version
from chuhai.markets.models import FxRate

Progress = Callable[[str, int, int | None], None]  # (step, rows done in this call, total rows of the step)

ROWS_PER_INSERT = 5_000
ORDER_CHUNK_ROWS = 50_000
VERIFIED_AT = datetime(2026, 1, 15, 9, 30)
SOURCE = "demo"


class DemoLoadError(RuntimeError):
    pass


def _insert(session: Session, table, rows: list[dict], step: str, progress: Progress | None) -> None:
    for start in range(0, len(rows), ROWS_PER_INSERT):
        batch = rows[start:start + ROWS_PER_INSERT]
        session.execute(insert(table), batch)
        if progress:
            progress(step, len(batch), len(rows))


def _ids(session: Session, key_column, id_column) -> dict:
    return dict(session.execute(select(key_column, id_column)).all())


def kept_current(day: date | None, loaded_on: date) -> date | None:
    """A forward-looking date of the demo (a demand's deadline, a certificate's expiry) moved on by the
    time between the demo's "now" (generator.TODAY) and the day it is loaded, so that what was open or
    valid then still is: otherwise every open demand would expire and suppliers would see none (and
    tests on the demo would break) a few months after the demo was written. Dates already past at
    TODAY, and the history (orders, postings), stay as generated."""
    if day is None or day < TODAY or loaded_on <= TODAY:
        return day
    return day + timedelta(days=(loaded_on - TODAY).days)


def load(session: Session, data: DemoData, progress: Progress | None = None,
         loaded_on: date | None = None) -> dict[str, int]:
    """Insert everything; returns the row count per table. `loaded_on` (default today) moves the
    forward-looking dates on (`kept_current`)."""
    # Long: the load order of the tables (foreign keys) reads best as one list of steps with progress.
    loaded_on = loaded_on or date.today()
    if session.scalar(select(func.count(Enterprise.id))):
        raise DemoLoadError("the database already holds enterprises; demo data loads into an empty database only")
    counts: dict[str, int] = {}

    belts = [dict(belt) for belt in data.belts]
    _insert(session, IndustrialBelt.__table__, belts, "belts", progress)
    belt_ids = _ids(session, IndustrialBelt.code, IndustrialBelt.id)

    enterprise_rows = []
    for e in data.enterprises:
        row = {k: v for k, v in e.items() if k not in ("belt_code", "certifications")}
        row["belt_id"] = belt_ids[e["belt_code"]]
        row["verified_at"] = VERIFIED_AT if e["verification_status"] == "verified" else None
        enterprise_rows.append(row)
    _insert(session, Enterprise.__table__, enterprise_rows, "enterprises", progress)
    enterprise_ids = _ids(session, Enterprise.credit_code, Enterprise.id)
    certificates = [{"enterprise_id": enterprise_ids[e["credit_code"]], **cert,
                     "valid_until": kept_current(cert["valid_until"], loaded_on)}
                    for e in data.enterprises for cert in e["certifications"]]
    _insert(session, Certification.__table__, certificates, "certifications", progress)

    product_rows = []
    for p in data.products:
        row = {k: v for k, v in p.items() if k not in ("enterprise_credit_code", "price_tiers")}
        row["enterprise_id"] = enterprise_ids[p["enterprise_credit_code"]]
        row["hs_code_source"] = HsCodeSource.CONFIRMED.value  # the demo's enterprises entered their own codes
        product_rows.append(row)
    _insert(session, Product.__table__, product_rows, "products", progress)
    product_ids = _ids(session, Product.sku, Product.id)
    tiers = [{"product_id": product_ids[p["sku"]], **tier} for p in data.products for tier in p["price_tiers"]]
    _insert(session, PriceTier.__table__, tiers, "price tiers", progress)

    providers = [{**provider, "verification_status": "verified"} for provider in data.service_providers]
    _insert(session, ServiceProvider.__table__, providers, "service providers", progress)

    _insert(session, Buyer.__table__, [dict(b) for b in data.buyers], "buyers", progress)
    buyer_ids = _ids(session, Buyer.key, Buyer.id)
    demand_rows = []
    for d in data.demands:
        row = {k: v for k, v in d.items() if k != "buyer_key"}
        row["buyer_id"] = buyer_ids[d["buyer_key"]]
        row["updated_at"] = d["created_at"]
        row["deadline"] = kept_current(d["deadline"], loaded_on)
        demand_rows.append(row)
    _insert(session, Demand.__table__, demand_rows, "demands", progress)

    _insert(session, FxRate.__table__, _fx_rows(session), "exchange rates", progress)

    counts["order_lines"] = _load_order_lines(session, data, product_ids, progress)
    counts.update(belts=len(belts), enterprises=len(enterprise_rows), certifications=len(certificates),
                  products=len(product_rows), price_tiers=len(tiers), service_providers=len(providers),
                  buyers=len(data.buyers), demands=len(demand_rows))
    for kind in ("enterprises", "products", "buyers", "demands", "order_lines"):
        bump_data_version(session, kind)
    audit.record(session, "demo_load", "demo", entity_id=f"{data.scale}/{data.seed}", changes=counts,
                 summary=f"demo data loaded: scale {data.scale}, seed {data.seed}")
    session.flush()
    # Written with Core statements: the match index compares itself with the database after the commit.
    catalog_flows.catalog_written_in_bulk(session)
    demand_flows.demands_written_in_bulk(session)
    return counts


def _fx_rows(session: Session) -> list[dict]:
    """USD per unit of each demo currency, the same every month (the demo's FX is fixed)."""
    existing = set(session.execute(select(FxRate.currency, FxRate.month)).all())
    rows = []
    currencies = sorted({m.currency: m.per_usd for m in MARKETS.values() if m.currency != "USD"}.items())
    for year, month in [(2024 + (10 + i) // 12, (10 + i) % 12 + 1) for i in range(24)]:
        first = date(year, month, 1)
        for currency, per_usd in currencies:
            if (currency, first) not in existing:
                rows.append({"currency": currency, "month": first,
                             "usd_rate": (Decimal(1) / Decimal(repr(per_usd))).quantize(Decimal("1e-10"))})
    return rows


ORDER_COLUMNS = ("source", "external_ref", "product_id", "order_date", "channel", "country", "units", "unit_price",
                 "currency", "customs_mode")


def order_line_tuples(frame, product_ids: dict[str, int]) -> list[tuple]:
    """A generated chunk as ORDER_COLUMNS tuples, dates as ISO strings and prices as decimal strings."""
    ids = frame["sku"].map(product_ids)
    if ids.isna().any():
        raise DemoLoadError(f"order lines name unknown SKUs: {sorted(set(frame['sku'][ids.isna()]))[:5]}")
    days = np.datetime_as_string(frame["order_date"].to_numpy().astype("datetime64[D]"), unit="D")
    return list(zip([SOURCE] * len(frame), frame["external_ref"].tolist(), ids.astype(int).tolist(), days.tolist(),
                    frame["channel"].tolist(), frame["country"].tolist(), frame["units"].tolist(),
                    frame["unit_price"].tolist(), frame["currency"].tolist(), frame["customs_mode"].tolist(),
                    strict=True))


def _load_order_lines(session: Session, data: DemoData, product_ids: dict[str, int],
                      progress: Progress | None) -> int:
    """Order lines through the driver's fastest path, with the table's secondary indexes rebuilt after.

    Core `insert()` spends most of its time in per-value type processing at this size (about 4x the
    raw insert on SQLite), so SQLite gets the driver's executemany and PostgreSQL gets COPY; the
    values are pre-formatted exactly as the column types would store them (ISO dates, decimal text).
    """
    connection = session.connection()
    dialect = connection.dialect.name
    table = OrderLine.__table__
    indexes = list(table.indexes) if dialect in ("sqlite", "postgresql") else []
    for index in indexes:
        index.drop(connection)
    placeholders = ", ".join("?" for _ in ORDER_COLUMNS)
    statement = f"INSERT INTO {table.name} ({', '.join(ORDER_COLUMNS)}) VALUES ({placeholders})"
    total = 0
    for frame in iter_order_chunks(data, chunk_rows=ORDER_CHUNK_ROWS):
        rows = order_line_tuples(frame, product_ids)
        if dialect == "sqlite":
            connection.exec_driver_sql(statement, rows)
        elif dialect == "postgresql":
            _copy_rows(connection, table.name, rows)
        else:
            keys = ORDER_COLUMNS
            session.execute(insert(table), [
                dict(zip(keys, (*row[:3], date.fromisoformat(row[3]), *row[4:7], Decimal(row[7]), *row[8:]),
                         strict=True)) for row in rows])
        total += len(rows)
        if progress:
            progress("order lines", len(rows), data.target_order_lines)
    for index in indexes:
        index.create(connection)
    return total


def _copy_rows(connection, table: str, rows: list[tuple]) -> None:
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table} ({', '.join(ORDER_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
