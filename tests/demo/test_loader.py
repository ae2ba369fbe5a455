"""Loading the demo data into the database (SQLite by default, PostgreSQL with CHUHAI_TEST_DATABASE)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from chuhai.accounts.models import AuditLog
from chuhai.catalog.models import (
    Certification,
    Enterprise,
    IndustrialBelt,
    PriceTier,
    Product,
    ServiceProvider,
)
from chuhai.demand.models import Buyer, Demand, OrderLine
from chuhai.demo.cli import app
from chuhai.demo.generator import DEMO_ENTERPRISE_CREDIT_CODE
from chuhai.demo.loader import DemoLoadError, load
from chuhai.demo.orders import iter_order_chunks
from chuhai.imports.models import DataVersion
from chuhai.markets.models import FxRate
from tests.conftest import BACKEND


@pytest.fixture
def few_orders(small):
    """The small records with fewer order lines, so that the load stays quick."""
    return dataclasses.replace(small, target_order_lines=4_000)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_load_writes_every_record(session, few_orders):
    steps: dict[str, int] = {}
    counts = load(session, few_orders, progress=lambda step, done, total: steps.__setitem__(
        step, steps.get(step, 0) + done))
    session.commit()
    expected_lines = sum(len(chunk) for chunk in iter_order_chunks(few_orders))
    assert counts["order_lines"] == expected_lines == count(session, OrderLine) == steps["order lines"]
    assert count(session, IndustrialBelt) == len(few_orders.belts)
    assert count(session, Enterprise) == len(few_orders.enterprises) == steps["enterprises"]
    assert count(session, Certification) == sum(len(e["certifications"]) for e in few_orders.enterprises)
    assert count(session, Product) == len(few_orders.products)
    assert count(session, PriceTier) == 3 * len(few_orders.products)
    assert count(session, ServiceProvider) == len(few_orders.service_providers)
    assert count(session, Buyer) == len(few_orders.buyers)
    assert count(session, Demand) == len(few_orders.demands)
    assert count(session, FxRate) >= 24
    assert session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "demo_load")) == 1
    # a server already running on this database recomputes its cached statistics (see chuhai.web.cache)
    versions = dict(session.execute(select(DataVersion.name, DataVersion.version)).all())
    # (products and demands move again where the load tells the match index: see `index_store.note_changes`)
    assert versions["order_lines"] == 1 and versions["demands"] >= 1 and versions["products"] >= 1


def test_loaded_values_round_trip(session, few_orders):
    load(session, few_orders)
    session.commit()
    demo = session.scalars(select(Enterprise).where(Enterprise.credit_code == DEMO_ENTERPRISE_CREDIT_CODE)).one()
    belt = session.get(IndustrialBelt, demo.belt_id)
    assert belt.code == "jiaozhou-wigs" and demo.verified_at is not None
    source = next(p for p in few_orders.products if p["enterprise_credit_code"] == DEMO_ENTERPRISE_CREDIT_CODE)
    product = session.scalars(select(Product).where(Product.sku == source["sku"])).one()
    assert product.enterprise_id == demo.id and product.attributes == source["attributes"]
    assert product.weight_kg == source["weight_kg"]
    first = next(iter_order_chunks(few_orders)).iloc[0]
    line = session.scalars(select(OrderLine).where(OrderLine.external_ref == first["external_ref"])).one()
    assert line.unit_price == Decimal(first["unit_price"])
    assert line.order_date == first["order_date"].date() and line.source == "demo"
    assert session.get(Product, line.product_id).sku == first["sku"]
    demand = few_orders.demands[0]
    stored = session.scalars(select(Demand).where(Demand.ref == demand["ref"])).one()
    assert (stored.text, stored.target_price, stored.category) == (
        demand["text"], demand["target_price"], demand["category"])


def test_load_refuses_a_database_with_enterprises(session, few_orders):
    load(session, few_orders)
    session.commit()
    with pytest.raises(DemoLoadError):
        load(session, few_orders)


def test_cli_loads_once_then_refuses(db_url):
    runner = CliRunner()
    result = runner.invoke(app, ["--scale", "small", "--seed", "7", "--database-url", db_url])
    assert result.exit_code == 0, result.output
    assert "demo data loaded" in result.output
    assert "wigs@chuhai.demo" in result.output
    again = runner.invoke(app, ["--database-url", db_url])
    assert again.exit_code == 2
    assert "already holds enterprises" in again.output
    if BACKEND == "postgresql":  # the planner's statistics were gathered once the tables were full
        from chuhai.database import get_engine

        with get_engine(db_url).connect() as connection:
            analyzed = connection.execute(text(
                "select relname from pg_stat_user_tables where last_analyze is not null")).scalars().all()
        assert {"products", "media_files", "order_lines", "demands"} <= set(analyzed)


def test_cli_rejects_an_unknown_scale(db_url):
    result = CliRunner().invoke(app, ["--scale", "huge", "--database-url", db_url])
    assert result.exit_code == 2


@pytest.mark.parametrize("days_later", [0, 200])
def test_open_demands_and_valid_certificates_stay_current_when_the_demo_is_loaded_later(session, few_orders,
                                                                                          days_later):
    import datetime as dt

    from chuhai.demo.generator import TODAY

    loaded_on = TODAY + dt.timedelta(days=days_later)
    load(session, few_orders, loaded_on=loaded_on)
    session.commit()
    demands = session.scalars(select(Demand)).all()
    open_demands = [d for d in demands if d.status == "open"]
    assert open_demands and all(d.is_answerable(loaded_on) for d in open_demands)
    generated = {d["ref"]: d["deadline"] for d in few_orders.demands}
    for demand in demands:
        before = generated[demand.ref]
        # The past stays as it was; what lay ahead of the demo's "now" moves on by the days since.
        assert demand.deadline == (before if before < TODAY else before + dt.timedelta(days=days_later))
    certificates = session.scalars(select(Certification)).all()
    generated_until = sorted(c["valid_until"] for e in few_orders.enterprises for c in e["certifications"])
    assert sum(c.valid_until >= loaded_on for c in certificates) == sum(u >= TODAY for u in generated_until)
