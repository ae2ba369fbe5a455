"""The service layer: reference edits become per-option overrides; stock estimates; unit cost from price tiers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chuhai.accounts.service import principal_of
from chuhai.demand.models import OrderLine
from chuhai.errors import Forbidden, ValidationFailed
from chuhai.planning import service
from chuhai.planning.engine.overrides import OVERRIDE_KEYS
from chuhai.planning.models import ReferenceEdit
from tests import factories
from tests.conftest import recorded_statements


def test_edits_apply_only_to_the_options_they_concern():
    edits = {"routes.air.US": ReferenceEdit(figure="routes.air.US", value="50", previous_value="38"),
             "countries.DE.vat": ReferenceEdit(figure="countries.DE.vat", value="0.2", previous_value="0.19"),
             "fx.USD": ReferenceEdit(figure="fx.USD", value="7.3", previous_value="7.10"),
             "platforms.amazon.commission_rate": ReferenceEdit(figure="platforms.amazon.commission_rate",
                                                               value="0.12", previous_value="0.15")}
    us_air = {"destination": "US", "route": "air", "channel": "amazon"}
    assert service.overrides_for(us_air, edits) == {"freight_rate_cny_per_kg": "50", "fx": {"USD": "7.3"},
                                                    "commission_rate": "0.12"}
    de_sea = {"destination": "DE", "route": "sea", "channel": "temu"}
    assert service.overrides_for(de_sea, edits) == {"vat_rate": "0.2", "fx": {"USD": "7.3"}}


def test_every_figure_has_a_source_date_and_a_known_override_key():
    figures = service.reference_figures()
    assert len({f.key for f in figures}) == len(figures) > 100
    for f in figures:
        assert f.source and f.as_of and f.override in OVERRIDE_KEYS, f.key
        Decimal(f.value)


def test_edit_figure_validates_and_records_the_previous_value(session):
    operator = principal_of(factories.user(session, "operator"))
    member = principal_of(factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id))
    with pytest.raises(Forbidden):
        service.edit_figure(session, member, "fx.USD", "7.2")
    with pytest.raises(ValidationFailed):
        service.edit_figure(session, operator, "countries.DE.vat", "19")  # a rate is a share
    first = service.edit_figure(session, operator, "fx.USD", "7.20")
    second = service.edit_figure(session, operator, "fx.USD", "7.25")
    assert (first.previous_value, second.previous_value) == ("7.10", "7.20")
    assert service.latest_edits(session)["fx.USD"].value == "7.25"


def test_unit_cost_prefers_a_cny_tier_else_converts_the_smallest_tier(session):
    usd = factories.product(session, price_tiers=[(100, Decimal("39.50")), (10, Decimal("45.00"))])
    assert service.unit_cost_cny(usd) == Decimal("319.50")  # 45 USD × 7.10
    cny = factories.product(session, price_tiers=[(10, Decimal("45.00"))])
    cny.price_tiers[0].currency = "CNY"
    assert service.unit_cost_cny(cny) == Decimal("45.00")


def test_on_hand_defaults_to_six_weeks_of_sales_and_an_entry_replaces_it(session):
    enterprise = factories.enterprise(session)
    member = principal_of(factories.user(session, "enterprise", enterprise_id=enterprise.id))
    product = factories.product(session, enterprise, weight_kg=Decimal("0.4"), length_cm=Decimal(30),
                                width_cm=Decimal(20), height_cm=Decimal(10))
    last = dt.date(2026, 10, 31)
    for day in range(70):  # 2 units a day for 10 weeks
        session.add(OrderLine(source="t", external_ref=f"d{day}", product_id=product.id, channel="amazon",
                              order_date=last - dt.timedelta(days=day), country="US", units=2,
                              unit_price=Decimal("100"), currency="USD"))
    session.flush()
    rows, as_of = service.warehouse_plan(session, member, enterprise)
    assert as_of == dt.date(2026, 11, 1)  # the day after the last order line
    assert rows[0].on_hand == 6 * 7 * 2 and not rows[0].on_hand_entered
    assert len(rows[0].plan.forecast_weekly) == 12 and rows[0].plan.forecast_weekly[0] > 10
    service.set_on_hand(session, member, product.id, 5)
    rows, _ = service.warehouse_plan(session, member, enterprise)
    assert rows[0].on_hand == 5 and rows[0].on_hand_entered and rows[0].plan.order_quantity > 0


def test_the_warehouse_plan_is_kept_until_stock_products_or_order_lines_change(session):
    """The plan (sales history aggregated and forecast for every SKU) is computed once per state of its inputs:
    the warehouse page, the API and each product's dossier read the kept one."""

    from chuhai.imports.repository import bump_data_version

    enterprise = factories.enterprise(session)
    member = principal_of(factories.user(session, "enterprise", enterprise_id=enterprise.id))
    product = factories.product(session, enterprise, weight_kg=Decimal("0.4"), length_cm=Decimal(30),
                                width_cm=Decimal(20), height_cm=Decimal(10))
    last = dt.date(2026, 10, 31)
    for day in range(70):
        session.add(OrderLine(source="t", external_ref=f"d{day}", product_id=product.id, channel="amazon",
                              order_date=last - dt.timedelta(days=day), country="US", units=2,
                              unit_price=Decimal("100"), currency="USD"))
    session.commit()
    first, _ = service.warehouse_plan(session, member, enterprise)
    with recorded_statements(session) as statements:
        again, as_of = service.warehouse_plan(session, member, enterprise)
    assert as_of == dt.date(2026, 11, 1) and again[0].plan is first[0].plan
    assert not any("order_lines" in statement for statement in statements)  # no sales history read
    service.set_on_hand(session, member, product.id, 5)  # the stock changes: planned again
    session.commit()
    rows, _ = service.warehouse_plan(session, member, enterprise)
    assert rows[0].on_hand == 5 and rows[0].plan is not first[0].plan
    for day in range(70):  # sales double, imported (which moves the order lines' version)
        session.add(OrderLine(source="t", external_ref=f"x{day}", product_id=product.id, channel="amazon",
                              order_date=last - dt.timedelta(days=day), country="US", units=2,
                              unit_price=Decimal("100"), currency="USD"))
    bump_data_version(session, "order_lines")
    session.commit()
    doubled, _ = service.warehouse_plan(session, member, enterprise)
    assert doubled[0].plan.forecast_weekly[0] > rows[0].plan.forecast_weekly[0] * 1.5
