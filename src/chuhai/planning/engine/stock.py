"""Overseas-warehouse stock: test batches for new SKUs, replenishment from forecasts, slow movers.

Pure engine over plain data. The practice it encodes comes from the seeds: send a first batch
of 30–50 units of a new product to the overseas warehouse and ship a larger second batch only
for products that sell; oversized slow movers are expensive to keep and to pull out.

Policy for SKUs with history (weekly review, R = 1 week, lead time L weeks):
  reorder point  s = μ·(L+R) + z·σ·√(L+R)      (z from the service level)
  order-up-to    S = s + μ·cover, capped at the units worth stocking (below)
  order quantity Q = S − inventory position, when the position is at or below s
where μ is the forecast demand over the protection interval and σ the std of one week's error.
The cap weighs, unit by unit, the lost sale a unit prevents against holding it and losing it as
a slow unit if it does not sell within L + 26 weeks (Poisson demand at the lower of the forecast
and the last half year's rate): thin, bulky SKUs end up with little or no stock. A SKU whose
sales have stopped (no sale for much longer than its usual rate allows) is not reordered, and
stock beyond 26 weeks of cover is a slow mover with the cheapest of holding, discounting and
retrieving recommended.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import NormalDist
from typing import Any, NamedTuple

import numpy as np

from chuhai.planning.engine.forecast import Forecast, forecast
from chuhai.planning.engine.messages import EMPTY, Msg, msg
from chuhai.planning.engine.reference import InputError, load_reference, to_decimal

TEST_BATCH_MIN, TEST_BATCH_MAX = 30, 50
SELL_THROUGH_TO_SCALE = 0.6  # share of the test batch sold before a second, larger batch
EARLY_WEEKS = 13  # a SKU younger than this is still on its test batch
SLOW_COVER_WEEKS = 26
DEFAULT_COVER_WEEKS = 4
CLEARANCE_DISCOUNT = Decimal("0.30")
STALL_EVIDENCE = 3.0  # −ln(5%): weeks × rate without a sale that rule out the forecast rate
STALL_MIN_WEEKS = 6
RECENT_WEEKS = 26  # the same half year a unit has to sell within
HISTORY_WEEKS = 104
FORECAST_WEEKS = 12
CHART_HISTORY_WEEKS = 26

REQUIRED_PARAMS = (
    "unit_cost_cny",
    "unit_volume_m3",
    "lead_time_days",
    "holding_cost_cny_per_unit_month",
    "stockout_cost_cny_per_unit",
    "on_hand",
)


@dataclass
class SkuParams:
    product_id: str
    unit_cost_cny: Decimal
    unit_volume_m3: Decimal
    lead_time_days: int
    holding_cost_cny_per_unit_month: Decimal
    stockout_cost_cny_per_unit: Decimal
    on_hand: int
    service_level: float | None = None
    on_order: int = 0
    order_cover_weeks: float = DEFAULT_COVER_WEEKS
    unit_price_cny: Decimal | None = None
    retrieval_cost_cny_per_unit: Decimal | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def parse_params(data: Any) -> tuple[dict[str, SkuParams], dt.date]:
    if not isinstance(data, dict):
        raise InputError("$", "expected a JSON object with 'skus' and 'as_of'")
    if "as_of" not in data:
        raise InputError("as_of", "missing (YYYY-MM-DD)")
    try:
        as_of = dt.date.fromisoformat(str(data["as_of"]))
    except ValueError:
        raise InputError("as_of", f"expected YYYY-MM-DD, got {data['as_of']!r}") from None
    skus = data.get("skus")
    if not isinstance(skus, dict) or not skus:
        raise InputError("skus", "expected a non-empty object keyed by product_id")
    out = {}
    for pid, raw in skus.items():
        where = f"skus.{pid}"
        if not isinstance(raw, dict):
            raise InputError(where, "expected an object")
        for key in REQUIRED_PARAMS:
            if key not in raw:
                raise InputError(f"{where}.{key}", "missing")
        values = {key: to_decimal(raw[key], f"{where}.{key}") for key in REQUIRED_PARAMS}
        for key, value in values.items():
            if value < 0:
                raise InputError(f"{where}.{key}", f"must not be negative, got {raw[key]!r}")
        for key in ("lead_time_days", "on_hand"):
            if values[key] != values[key].to_integral_value():
                raise InputError(f"{where}.{key}", f"expected a whole number, got {raw[key]!r}")
        service = raw.get("service_level")
        if service is not None:
            service = float(to_decimal(service, f"{where}.service_level"))
            if not 0.5 <= service < 1:
                raise InputError(
                    f"{where}.service_level", f"expected a probability in [0.5, 1), got {raw['service_level']!r}"
                )
        optional = {}
        for key in ("unit_price_cny", "retrieval_cost_cny_per_unit"):
            if raw.get(key) is not None:
                optional[key] = to_decimal(raw[key], f"{where}.{key}")
        if raw.get("on_order") is not None:
            optional["on_order"] = int(to_decimal(raw["on_order"], f"{where}.on_order"))
        if raw.get("category") is not None:
            optional["extra"] = {"category": str(raw["category"])}
        if raw.get("order_cover_weeks") is not None:
            optional["order_cover_weeks"] = float(to_decimal(raw["order_cover_weeks"], f"{where}.order_cover_weeks"))
        out[str(pid)] = SkuParams(
            product_id=str(pid),
            unit_cost_cny=values["unit_cost_cny"],
            unit_volume_m3=values["unit_volume_m3"],
            lead_time_days=int(values["lead_time_days"]),
            holding_cost_cny_per_unit_month=values["holding_cost_cny_per_unit_month"],
            stockout_cost_cny_per_unit=values["stockout_cost_cny_per_unit"],
            on_hand=int(values["on_hand"]),
            service_level=service,
            **optional,
        )
    return out, as_of


def first_batch_size(params: SkuParams) -> int:
    """30–50 units: fewer for expensive or bulky goods, where an unsold unit costs more to hold and retrieve."""
    risk = float(params.unit_cost_cny) / 2000 + float(params.unit_volume_m3) / 0.5
    return round(TEST_BATCH_MAX - (TEST_BATCH_MAX - TEST_BATCH_MIN) * min(1.0, risk))


def service_level_for(params: SkuParams) -> float:
    """The given level, else the newsvendor critical ratio of stockout vs one week's holding cost."""
    if params.service_level is not None:
        return params.service_level
    under = float(params.stockout_cost_cny_per_unit)
    over = float(params.holding_cost_cny_per_unit_month) * 12 / 52
    if under <= 0:
        return 0.5
    return min(0.995, max(0.5, under / (under + over)))


def slow_unit_loss(params: SkuParams, unit_price_cny: Decimal | None) -> float:
    """What a unit that turns slow loses: the cheaper of a clearance discount and retrieval plus resale at a loss."""
    retrieve = float(retrieval_cost_per_unit(params)) + float(CLEARANCE_DISCOUNT * params.unit_cost_cny)
    if unit_price_cny is None:
        return retrieve
    return min(float(CLEARANCE_DISCOUNT * unit_price_cny), retrieve)


def units_worth_stocking(
    params: SkuParams,
    weekly_rate: float,
    unit_price_cny: Decimal | None,
    order_size: float = 1.0,
    limit: int = 100_000,
) -> int:
    """The most units worth having in stock and in transit.

    Demand comes as orders of about `order_size` units (1 for consumers, hundreds for a distributor)
    whose number over H = lead time + SLOW_COVER_WEEKS is Poisson. The n-th block of `order_size`
    units sells within H with probability P = P(N_H ≥ n), after about n·size/rate weeks of holding,
    and saves lost sales; otherwise it is held for H and then lost as slow stock (discounted or
    retrieved). A block is worth stocking while
        P·(stockout cost − holding·n·size/rate) ≥ (1 − P)·(holding·H + slow-unit loss).
    """
    if weekly_rate <= 0:
        return 0
    size = max(order_size, 1.0)
    horizon = params.lead_time_days / 7 + SLOW_COVER_WEEKS
    expected = weekly_rate / size * horizon  # orders expected within H
    loss = slow_unit_loss(params, unit_price_cny)
    gain = float(params.stockout_cost_cny_per_unit)
    hold_week = float(params.holding_cost_cny_per_unit_month) * 12 / 52
    blocks = 0
    cdf = 0.0  # P(N_H ≤ blocks − 1)
    # beyond the mean + 6σ nothing is worth it; the bound keeps the loop short for fast movers
    top = int(expected + 6 * math.sqrt(expected) + 10)
    while blocks < top:
        nxt = blocks + 1
        cdf += math.exp(blocks * math.log(expected) - expected - math.lgamma(blocks + 1))  # + P(N_H = blocks)
        sells = max(0.0, 1.0 - cdf)  # P(N_H ≥ blocks + 1)
        if sells * (gain - hold_week * nxt * size / weekly_rate) < (1 - sells) * (hold_week * horizon + loss):
            break
        blocks = nxt
    return min(limit, math.floor(blocks * size)) if blocks < top else limit


def typical_order_size(history: np.ndarray, weeks: int = 52) -> float:
    """Units in a week with sales, over the last `weeks`: how lumpy the demand is."""
    recent = history[-weeks:]
    sold = recent[recent > 0]
    return float(np.median(sold)) if len(sold) else 1.0


def retrieval_cost_per_unit(params: SkuParams) -> Decimal:
    if params.retrieval_cost_cny_per_unit is not None:
        return params.retrieval_cost_cny_per_unit
    warehouse = load_reference()["defaults"]["warehouse"]
    per_cbm = params.unit_volume_m3 * Decimal(warehouse["retrieval_cny_per_cbm_oversize"])
    return max(Decimal(warehouse["retrieval_cny_per_unit"]), per_cbm)


def weekly_history(
    orders: list[dict] | Any, as_of: dt.date, weeks: int = HISTORY_WEEKS, key: tuple[str, ...] = ("product_id",)
) -> tuple[list[tuple], np.ndarray, dict[tuple, Decimal]]:
    """Units per key in 7-day buckets ending the day before `as_of`, oldest first; plus mean unit price (CNY).

    `orders` is an iterable of dicts with order_date (date), units, and the key columns; unit_price
    and currency are used for the price when present.
    """
    index: dict[tuple, int] = {}
    rows: list[np.ndarray] = []
    revenue: dict[tuple, Decimal] = {}
    units_priced: dict[tuple, int] = {}
    fx = load_reference()["fx"]["rates"]
    for order in orders:
        days = (as_of - order["order_date"]).days
        if days <= 0 or days > weeks * 7:
            continue
        k = tuple(str(order[c]) for c in key)
        if k not in index:
            index[k] = len(rows)
            rows.append(np.zeros(weeks))
        rows[index[k]][weeks - 1 - (days - 1) // 7] += order["units"]
        price, currency = order.get("unit_price"), order.get("currency")
        if price is not None and currency in fx:
            revenue[k] = (
                revenue.get(k, Decimal(0))
                + Decimal(str(price)) * Decimal(fx[currency]["cny_per_unit"]) * order["units"]
            )
            units_priced[k] = units_priced.get(k, 0) + order["units"]
    keys = list(index)
    matrix = np.vstack(rows) if rows else np.zeros((0, weeks))
    prices = {k: revenue[k] / units_priced[k] for k in revenue if units_priced.get(k)}
    return keys, matrix, prices


@dataclass
class StockPlan:
    """The replenishment decision for one SKU (× warehouse): an entry of the PLAN contract.

    `reason` says why, as a code with figures (`chuhai.planning.texts` renders it); `action` is one of
    test_batch, wait, ship, plan, hold, do_not_stock, stalled, slow_hold, slow_discount, slow_retrieve.
    """

    product_id: str
    forecast_weekly: list[float]
    service_level: float
    action: str
    reason: Msg
    reorder_point: int = 0
    order_quantity: int = 0
    ship_by: str | None = None  # YYYY-MM-DD
    slow_mover: bool = False
    costs_cny: dict[str, float] | None = None  # slow movers: hold, discount, retrieve
    excess_units: int | None = None
    stalled: bool = False  # sales have stopped (the reason says so before any slow-mover costs)
    method: str = ""  # the forecast's candidates, filled in by `replenish`
    history_weekly: list[float] = field(default_factory=list)  # the last weeks' units, for a chart


@dataclass(frozen=True)
class _Demand:
    """The forecast figures a decision rests on, for a review period R = 1 week and lead time L weeks."""

    weekly: np.ndarray  # forecast per coming week (non-negative), at least as long as L + R + cover
    span: float  # L + R, the protection interval in weeks
    mu: float  # mean demand per week over the protection interval
    mu_cover: float  # mean demand per week over the order's cover after it
    cover: float  # weeks an order covers
    service: float  # service level
    position: int  # inventory position: on hand + on order

    @property
    def n_span(self) -> int:
        return math.ceil(self.span)


def _demand(params: SkuParams, weekly: np.ndarray | float) -> _Demand:
    span = params.lead_time_days / 7 + 1
    cover = params.order_cover_weeks
    needed = max(FORECAST_WEEKS, math.ceil(span + cover))
    path = np.atleast_1d(np.asarray(weekly, dtype=float))
    if len(path) < needed:  # a short path (or a flat level) carries its last week forward
        path = np.concatenate([path, np.full(needed - len(path), path[-1] if len(path) else 0.0)])
    path = np.maximum(path, 0.0)
    n_span = math.ceil(span)
    mu = float(path[:n_span].mean())
    mu_cover = float(path[n_span : n_span + math.ceil(cover)].mean()) if cover > 0 else 0.0
    return _Demand(path, span, mu, mu_cover, cover, service_level_for(params), params.on_hand + params.on_order)


def plan(
    history: np.ndarray,
    params: SkuParams,
    as_of: dt.date,
    weekly: np.ndarray | float,
    sigma: float,
    active_weeks: int,
    unit_price_cny: Decimal | None = None,
) -> StockPlan:
    """The replenishment decision for one SKU (× warehouse) from its forecast.

    `weekly`: the forecast for the coming weeks (a flat level may be given as a number), at least
    as many weeks as the lead time + review + order cover; `sigma`: std of one week's error.
    Before the first sale: a test batch; on the test batch: wait until it sells through; when sales
    have stopped: no reorder; otherwise the (s, S) policy, or the slow-mover choice.
    """
    demand = _demand(params, weekly)
    base = {"product_id": params.product_id, "service_level": round(demand.service, 4),
            "forecast_weekly": [round(float(x), 2) for x in demand.weekly[:FORECAST_WEEKS]]}
    sold_total = int(history.sum())
    if sold_total == 0:
        return _before_first_sale(base, params, demand, as_of)
    if active_weeks < EARLY_WEEKS:
        sell_through = sold_total / max(sold_total + params.on_hand, 1)
        if sell_through < SELL_THROUGH_TO_SCALE and params.on_hand > 0:
            return StockPlan(**base, action="wait", reason=msg(
                "stock_test_batch_selling", sold=f"{sell_through:.0%}", weeks=active_weeks,
                needed=f"{SELL_THROUGH_TO_SCALE:.0%}"))
    weeks_since_sale = len(history) - 1 - int(np.flatnonzero(history > 0)[-1])
    recent = history[max(0, len(history) - 52) :]
    usual_rate = max(demand.mu, float(recent.sum()) / len(recent))
    if usual_rate <= 0 or weeks_since_sale >= max(STALL_MIN_WEEKS, STALL_EVIDENCE / usual_rate):
        # at its usual rate r, P(no sale for k weeks) = exp(−rk) < 5%: demand has most likely stopped
        return _stalled(base, params, demand, weeks_since_sale, unit_price_cny)
    levels = _levels(history, params, demand, sigma, active_weeks, unit_price_cny)
    weeks_of_cover = demand.position / demand.mu if demand.mu > 0 else math.inf
    if params.on_hand > 0 and weeks_of_cover > SLOW_COVER_WEEKS:
        decision = slow_mover_costs(params, demand.mu, unit_price_cny)
        return StockPlan(**base, action=decision.action, reason=decision.reason, reorder_point=levels.rop_units,
                         slow_mover=True, costs_cny=decision.costs_cny, excess_units=decision.excess_units)
    if levels.worth == 0:
        return StockPlan(**base, action="do_not_stock", reason=msg(
            "stock_do_not_stock", mu=f"{demand.mu:.2f}", weeks=SLOW_COVER_WEEKS))
    return _reorder(base, params, as_of, demand, sigma, levels)


def _before_first_sale(base: dict[str, Any], params: SkuParams, demand: _Demand, as_of: dt.date) -> StockPlan:
    if params.on_hand > 0 or params.on_order > 0:
        return StockPlan(**base, action="wait", reason=msg("stock_wait_no_sales", position=demand.position))
    batch = first_batch_size(params)
    return StockPlan(**base, action="test_batch", order_quantity=batch, ship_by=as_of.isoformat(), reason=msg(
        "stock_test_batch", batch=batch, sell_through=f"{SELL_THROUGH_TO_SCALE:.0%}", weeks=EARLY_WEEKS))


def _stalled(
    base: dict[str, Any], params: SkuParams, demand: _Demand, weeks_since_sale: int, unit_price_cny: Decimal | None
) -> StockPlan:
    reason = msg("stock_stalled", weeks=weeks_since_sale, mu=f"{demand.mu:.2f}")
    if params.on_hand <= 0:
        return StockPlan(**base, action="stalled", reason=reason, stalled=True)
    decision = slow_mover_costs(params, 0.0, unit_price_cny)
    return StockPlan(**base, action=decision.action, reason=msg("then", first=reason, more=decision.reason),
                     slow_mover=True, costs_cny=decision.costs_cny, excess_units=decision.excess_units, stalled=True)


@dataclass(frozen=True)
class _Levels:
    safety: float  # safety stock z·σ·√(L+R)
    reorder_point: float  # s, after the cap
    order_up_to: float  # S, after the cap
    worth: int  # the most units worth stocking
    capped: bool  # S was cut down to `worth`

    @property
    def rop_units(self) -> int:
        return math.ceil(self.reorder_point - 1e-9)


def _levels(
    history: np.ndarray,
    params: SkuParams,
    demand: _Demand,
    sigma: float,
    active_weeks: int,
    unit_price_cny: Decimal | None,
) -> _Levels:
    """Reorder point s and order-up-to S, capped at the units worth stocking."""
    safety = NormalDist().inv_cdf(demand.service) * sigma * math.sqrt(demand.span)
    reorder_point = demand.mu * demand.span + max(safety, 0.0)
    order_up_to = reorder_point + demand.mu_cover * demand.cover
    # a unit sent now must sell over the coming half year: judge that on the forecast, but no higher
    # than the recent rate (a thinning SKU shows it in its last weeks before any test can tell)
    recent_rate = float(history[-min(RECENT_WEEKS, max(active_weeks, 1)) :].mean()) if len(history) else 0.0
    worth = units_worth_stocking(
        params,
        min(float(demand.weekly[: demand.n_span + SLOW_COVER_WEEKS].mean()), recent_rate),
        unit_price_cny,
        typical_order_size(history),
    )
    capped = order_up_to > worth
    if capped:
        order_up_to = float(worth)
        reorder_point = min(reorder_point, max(worth - 1, 0))
    return _Levels(safety, reorder_point, order_up_to, worth, capped)


def _reorder(
    base: dict[str, Any], params: SkuParams, as_of: dt.date, demand: _Demand, sigma: float, levels: _Levels
) -> StockPlan:
    """Ship now at or below the reorder point; else plan the next shipment for when the position falls to it."""
    position, mu, reorder_point = demand.position, demand.mu, levels.reorder_point
    if position <= reorder_point:
        quantity = math.ceil(levels.order_up_to - position - 1e-9)
        ship_by: dt.date | None = as_of
        how = msg("stock_below_reorder_point", position=position, reorder_point=f"{reorder_point:.1f}")
    else:
        weeks_until = (position - reorder_point) / mu if mu > 0 else math.inf
        ship_by = as_of + dt.timedelta(days=int(weeks_until * 7)) if weeks_until <= 52 else None  # none within a year
        quantity = math.ceil(levels.order_up_to - reorder_point - 1e-9)  # placed when the position has fallen to s
        how = msg("stock_above_reorder_point", position=position, reorder_point=f"{reorder_point:.1f}")
    reason = msg("stock_reorder", how=how, mu=f"{mu:.2f}", sigma=f"{sigma:.2f}", lead=params.lead_time_days,
                 service=f"{demand.service:.0%}", safety=f"{max(levels.safety, 0):.1f}", cover=f"{demand.cover:g}",
                 capped=msg("stock_capped", units=levels.worth) if levels.capped else EMPTY)
    if quantity <= 0 or ship_by is None:  # nothing to add under the cap, or nothing due within a year
        quantity, ship_by = 0, None
    action = "ship" if ship_by == as_of else "plan" if ship_by else "hold"
    return StockPlan(**base, action=action, reason=reason, reorder_point=levels.rop_units, order_quantity=quantity,
                     ship_by=ship_by.isoformat() if ship_by else None)


class SlowMoverDecision(NamedTuple):
    action: str  # slow_hold, slow_discount or slow_retrieve
    excess_units: int
    costs_cny: dict[str, float]
    reason: Msg


def slow_mover_costs(params: SkuParams, weekly_demand: float, unit_price_cny: Decimal | None) -> SlowMoverDecision:
    """Compare holding the excess until it sells, clearing it at a discount, and retrieving it."""
    keep_units = math.ceil(weekly_demand * SLOW_COVER_WEEKS / 2)
    excess = max(params.on_hand - keep_units, 0)
    months_to_sell = (excess / weekly_demand / 52 * 12) if weekly_demand > 0 else math.inf
    horizon_months = Decimal(12)
    hold_months = Decimal(str(min(months_to_sell / 2, 12))) if math.isfinite(months_to_sell) else horizon_months
    unsold_after_year = (
        0.0 if months_to_sell <= 12 else 1 - 12 / months_to_sell if math.isfinite(months_to_sell) else 1.0
    )
    price = unit_price_cny if unit_price_cny is not None else params.unit_cost_cny * 2
    retrieval = retrieval_cost_per_unit(params)
    hold = excess * (
        params.holding_cost_cny_per_unit_month * hold_months
        + Decimal(str(unsold_after_year)) * (params.unit_cost_cny + retrieval)
    )
    discount = excess * price * CLEARANCE_DISCOUNT + excess * params.holding_cost_cny_per_unit_month * Decimal(2)
    retrieve = excess * retrieval
    costs = {
        "hold": hold.quantize(Decimal("0.01")),
        "discount": discount.quantize(Decimal("0.01")),
        "retrieve": retrieve.quantize(Decimal("0.01")),
    }
    action = min(costs, key=lambda k: (costs[k], ["discount", "hold", "retrieve"].index(k)))
    choice = {
        "hold": msg("stock_keep_holding"),
        "discount": msg("stock_clear_at_discount", discount=f"{CLEARANCE_DISCOUNT:.0%}"),
        "retrieve": msg("stock_retrieve"),
    }[action]
    cover = (msg("stock_cover_weeks", weeks=f"{params.on_hand / weekly_demand:.0f}") if weekly_demand > 0
             else msg("stock_no_recent_sales"))
    reason = msg("stock_slow_mover", on_hand=params.on_hand, cover=cover, excess=excess, hold=costs["hold"],
                 discount=costs["discount"], retrieve=costs["retrieve"], choice=choice)
    return SlowMoverDecision(f"slow_{action}", excess, {k: float(v) for k, v in costs.items()}, reason)


def forecast_for_plan(
    history: np.ndarray, params: list[SkuParams], groups=None
) -> tuple[np.ndarray, np.ndarray, Forecast]:
    """Forecast paths long enough for each SKU's plan, and σ at the scale of its protection interval."""
    fc = forecast(history, horizon=13, groups=groups)
    weeks = max([FORECAST_WEEKS] + [math.ceil(p.lead_time_days / 7 + 1 + p.order_cover_weeks) for p in params])
    paths = fc.horizon(weeks)
    spans = np.array([math.ceil(p.lead_time_days / 7 + 1) for p in params])
    span_mean = np.array([paths[i, : spans[i]].mean() for i in range(len(params))]) if len(params) else np.zeros(0)
    ratio = np.where(fc.level > 0, span_mean / np.maximum(fc.level, 1e-12), 1.0)
    return paths, fc.sigma * ratio, fc


@dataclass
class Replenishment:
    """The PLAN contract's content: one plan per SKU, in the order PARAMS gave them."""

    as_of: dt.date
    skus: list[StockPlan]


def replenish(orders, params: dict[str, SkuParams], as_of: dt.date) -> Replenishment:
    """One plan per SKU in `params`, in their order. SKUs that share a `category` share a seasonal profile."""
    keys, matrix, prices = weekly_history(orders, as_of)
    row_of = {k[0]: i for i, k in enumerate(keys)}
    ids = list(params)
    width = matrix.shape[1] if matrix.size else HISTORY_WEEKS
    Y = np.vstack([matrix[row_of[p]] if p in row_of else np.zeros(width) for p in ids]) if ids else np.zeros((0, width))
    categories = [params[p].extra.get("category") for p in ids]
    groups = np.array([c or "" for c in categories]) if any(categories) else None
    paths, sigma, fc = forecast_for_plan(Y, [params[p] for p in ids], groups)
    out = []
    for i, pid in enumerate(ids):
        p = params[pid]
        price = p.unit_price_cny if p.unit_price_cny is not None else prices.get((pid,))
        entry = plan(Y[i], p, as_of, paths[i], float(sigma[i]), int(fc.active_weeks[i]), price)
        entry.method = fc.method[i]
        entry.history_weekly = [float(x) for x in Y[i, -CHART_HISTORY_WEEKS:]]  # for the warehouse chart
        out.append(entry)
    return Replenishment(as_of, out)
