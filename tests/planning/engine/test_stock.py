"""Test batches, replenishment plans and slow movers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from chuhai.planning.engine.forecast import forecast
from chuhai.planning.engine.reference import InputError
from chuhai.planning.engine.stock import (
    SkuParams,
    first_batch_size,
    parse_params,
    plan,
    replenish,
    typical_order_size,
    units_worth_stocking,
)
from chuhai.planning.texts import render

AS_OF = dt.date(2026, 11, 23)


def params(**kw):
    base = dict(
        product_id="P",
        unit_cost_cny=Decimal(100),
        unit_volume_m3=Decimal("0.01"),
        lead_time_days=35,
        holding_cost_cny_per_unit_month=Decimal(2),
        stockout_cost_cny_per_unit=Decimal(50),
        on_hand=0,
    )
    base.update(kw)
    return SkuParams(**base)


def orders_for(pid, weekly_units, as_of=AS_OF):
    """One order per week, the most recent week last."""
    out = []
    for i, units in enumerate(reversed(weekly_units)):
        if units:
            out.append(
                {
                    "order_date": as_of - dt.timedelta(days=7 * i + 3),
                    "product_id": pid,
                    "units": units,
                    "unit_price": "20.00",
                    "currency": "USD",
                }
            )
    return out


def test_test_batch_between_30_and_50_smaller_for_bulky_goods():
    cheap = first_batch_size(params())
    sofa = first_batch_size(params(unit_cost_cny=Decimal(4000), unit_volume_m3=Decimal("1.4")))
    assert 30 <= sofa < cheap <= 50
    assert sofa == 30


def test_new_sku_without_history_gets_a_test_batch():
    result = replenish([], {"P": params()}, AS_OF).skus[0]
    assert result.action == "test_batch"
    assert 30 <= result.order_quantity <= 50
    assert result.ship_by == AS_OF.isoformat()
    assert result.forecast_weekly == [0.0] * 12


def test_all_zero_history_with_stock_waits():
    result = plan(np.zeros(104), params(on_hand=40), AS_OF, 0.0, 0.0, 0)
    assert result.order_quantity == 0 and result.action == "wait"


def test_early_sku_below_sell_through_does_not_scale_up():
    history = np.zeros(104)
    history[-6:] = 1  # 6 sold, 40 still on hand
    result = plan(history, params(on_hand=40), AS_OF, 1.0, 0.5, 6)
    assert result.order_quantity == 0
    assert "sell-through" in render(result.reason, "en")


def test_early_sku_that_sells_gets_a_second_batch():
    history = np.zeros(104)
    history[-6:] = 6  # 36 of a 40-unit batch sold
    result = plan(history, params(on_hand=4), AS_OF, 6.0, 2.0, 6)
    assert result.order_quantity > 40


def test_reorder_point_and_quantity_follow_the_formula():
    history = np.full(104, 10.0)
    result = plan(history, params(on_hand=50, service_level=0.95, lead_time_days=35), AS_OF, 10.0, 3.0, 104)
    span = 5 + 1
    rop = 10 * span + 1.6448536 * 3 * span**0.5
    assert result.reorder_point == int(np.ceil(rop))
    assert result.order_quantity == int(np.ceil(rop + 10 * 4 - 50))
    assert result.ship_by == AS_OF.isoformat()


def test_stock_above_reorder_point_gives_a_later_ship_date():
    history = np.full(104, 10.0)
    result = plan(history, params(on_hand=150, service_level=0.95), AS_OF, 10.0, 3.0, 104)
    ship_by = dt.date.fromisoformat(result.ship_by)
    assert AS_OF < ship_by < AS_OF + dt.timedelta(weeks=12)
    assert result.order_quantity == 40


def test_higher_service_level_raises_the_reorder_point():
    history = np.full(104, 10.0)
    low = plan(history, params(service_level=0.8), AS_OF, 10.0, 4.0, 104)
    high = plan(history, params(service_level=0.99), AS_OF, 10.0, 4.0, 104)
    assert high.reorder_point > low.reorder_point


def test_slow_mover_compares_holding_discounting_and_retrieving():
    history = np.zeros(104)
    history[-30:] = 0.5
    sofa = params(
        unit_cost_cny=Decimal(4000),
        unit_volume_m3=Decimal("1.2"),
        on_hand=200,
        holding_cost_cny_per_unit_month=Decimal(40),
    )
    result = plan(history, sofa, AS_OF, 0.5, 0.5, 104, Decimal(9000))
    assert result.slow_mover is True
    assert set(result.costs_cny) == {"hold", "discount", "retrieve"}
    cheapest = min(result.costs_cny, key=result.costs_cny.get)
    assert result.action == f"slow_{cheapest}"
    assert result.order_quantity == 0


def test_spike_does_not_trigger_a_huge_order():
    weekly = [2] * 103 + [80]
    result = replenish(orders_for("P", weekly), {"P": params(on_hand=10, service_level=0.9)}, AS_OF).skus[0]
    assert result.forecast_weekly[0] < 10
    assert result.order_quantity < 80


def test_orders_on_or_after_as_of_are_ignored():
    late = [{"order_date": AS_OF, "product_id": "P", "units": 500}]
    result = replenish(late, {"P": params()}, AS_OF).skus[0]
    assert result.action == "test_batch"


@pytest.mark.parametrize(
    "data,field",
    [
        ({"skus": {"P": {}}, "as_of": "2026-11-23"}, "skus.P.unit_cost_cny"),
        ({"skus": {"P": {}}}, "as_of"),
        ({"skus": {}, "as_of": "2026-11-23"}, "skus"),
        (
            {
                "skus": {
                    "P": {
                        "unit_cost_cny": 1,
                        "unit_volume_m3": 0.1,
                        "lead_time_days": "x",
                        "holding_cost_cny_per_unit_month": 1,
                        "stockout_cost_cny_per_unit": 1,
                        "on_hand": 0,
                    }
                },
                "as_of": "2026-11-23",
            },
            "skus.P.lead_time_days",
        ),
        (
            {
                "skus": {
                    "P": {
                        "unit_cost_cny": 1,
                        "unit_volume_m3": 0.1,
                        "lead_time_days": 7,
                        "holding_cost_cny_per_unit_month": 1,
                        "stockout_cost_cny_per_unit": 1,
                        "on_hand": 0,
                        "service_level": 1.5,
                    }
                },
                "as_of": "2026-11-23",
            },
            "skus.P.service_level",
        ),
        ({"skus": {"P": {}}, "as_of": "23/11/2026"}, "as_of"),
    ],
)
def test_bad_params_name_the_field(data, field):
    with pytest.raises(InputError) as info:
        parse_params(data)
    assert info.value.field == field


def test_units_worth_stocking_shrinks_for_bulky_thin_demand():
    small = params(
        unit_cost_cny=Decimal(50), unit_volume_m3=Decimal("0.002"), holding_cost_cny_per_unit_month=Decimal("0.5")
    )
    sofa = params(
        unit_cost_cny=Decimal(3000),
        unit_volume_m3=Decimal("2.5"),
        holding_cost_cny_per_unit_month=Decimal(450),
        stockout_cost_cny_per_unit=Decimal(1500),
    )
    assert units_worth_stocking(small, 0.2, Decimal(150)) >= 3
    assert units_worth_stocking(sofa, 0.05, Decimal(7000)) == 0
    assert units_worth_stocking(sofa, 0.05, Decimal(7000)) < units_worth_stocking(sofa, 2.0, Decimal(7000))
    assert units_worth_stocking(small, 0.0, None) == 0


def test_thin_bulky_demand_is_not_stocked():
    history = np.zeros(104)
    history[::20] = 1  # one sale every 20 weeks
    sofa = params(
        unit_cost_cny=Decimal(3000),
        unit_volume_m3=Decimal("2.5"),
        holding_cost_cny_per_unit_month=Decimal(450),
        stockout_cost_cny_per_unit=Decimal(1500),
        on_hand=0,
    )
    result = plan(history, sofa, AS_OF, 0.05, 0.2, 104, Decimal(7000))
    assert result.order_quantity == 0 and result.action == "do_not_stock"


def test_stalled_demand_is_not_reordered():
    history = np.zeros(104)
    history[:80] = 5  # five a week, then nothing for 24 weeks
    result = plan(history, params(on_hand=0), AS_OF, 3.0, 1.0, 104)
    assert result.action == "stalled" and result.order_quantity == 0


def test_seasonal_forecast_follows_the_category_profile():
    weeks = 104
    season = 1 + 0.6 * np.sin(2 * np.pi * np.arange(weeks + 12) / 52)
    rng = np.random.default_rng(5)
    y = rng.poisson(np.tile(season[:weeks] * 6, (40, 1))).astype(float)
    flat = forecast(y).horizon(12)
    seasonal = forecast(y, groups=np.array(["a"] * 40)).horizon(12)
    truth = season[weeks : weeks + 12] * 6
    assert np.abs(seasonal - truth).mean() < np.abs(flat - truth).mean()


def test_lumpy_orders_are_worth_less_stock_than_steady_ones():
    p = params(
        unit_cost_cny=Decimal(200),
        unit_volume_m3=Decimal("0.05"),
        holding_cost_cny_per_unit_month=Decimal(10),
        stockout_cost_cny_per_unit=Decimal(60),
    )
    steady = units_worth_stocking(p, 10.0, Decimal(300), order_size=1)
    lumpy = units_worth_stocking(p, 10.0, Decimal(300), order_size=200)
    assert lumpy < steady
    history = np.zeros(52)
    history[::20] = 200
    assert typical_order_size(history) == 200
    assert typical_order_size(np.zeros(10)) == 1.0
