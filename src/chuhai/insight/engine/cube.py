"""The sales cube: units and revenue per product × market × channel × month, written once in Ibis.

Input tables (any Ibis backend):
- orders: `order_date` (date), `channel`, `country`, `product_id`, `units` (integer),
  `unit_price` (in `currency`), `currency`, and optionally `category` (one per product).
- fx: `currency`, `valid_from` (date), `usd_rate` (US dollars per unit of the currency).

Months are integers `year * 12 + month - 1` ("month index"), so "the month before" is `m - 1` and
"the same month a year earlier" is `m - 12` on every backend; `month_label` turns one into "YYYY-MM".

Definitions:
- revenue_usd = Σ units × unit_price × usd_rate, the rate chosen per month (see `chuhai.insight.engine.fx`).
- revenue_cny = revenue_usd ÷ the CNY usd_rate of the same month.
- avg_price_usd = revenue_usd ÷ units (null when units = 0).
- mom_growth = revenue_usd ÷ revenue_usd of the same product, market and channel in the previous
  calendar month − 1; null when that month had no sales (no row or zero revenue).
- yoy_growth (monthly) = the same against the same calendar month one year earlier.
- share = revenue_usd ÷ revenue_usd of all products in the same market, channel and month.
Amounts are float64: the inputs are converted at indicative rates, so the analytics carry no
accounting precision; reports round to cents.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir


def month_index(date: ir.DateValue) -> ir.IntegerValue:
    return date.year().cast("int64") * 12 + date.month().cast("int64") - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def unknown_currencies(orders: ir.Table, fx: ir.Table) -> list[str]:
    used = orders.select("currency").distinct()
    missing = used.anti_join(fx.select("currency").distinct(), "currency")
    return sorted(missing.to_pyarrow().column("currency").to_pylist())


def usd_rates_by_month(fx: ir.Table, needed: ir.Table) -> ir.Table:
    """For each (currency, month) row of `needed`: the rate whose `valid_from` month is the latest
    one not after the month, or the currency's earliest rate for months before all of them."""
    rates = fx.select("currency", "usd_rate", from_month=month_index(fx.valid_from))
    pairs = needed.join(rates, "currency")
    chosen = pairs.group_by(["currency", "month"]).aggregate(
        latest=pairs.from_month.max(where=pairs.from_month <= pairs.month),
        earliest=pairs.from_month.min(),
    )
    chosen = chosen.select("currency", "month", from_month=chosen.latest.coalesce(chosen.earliest))
    # Several rows for one currency and month: take their mean so the choice is deterministic.
    rates = rates.group_by(["currency", "from_month"]).aggregate(usd_rate=rates.usd_rate.mean())
    return chosen.join(rates, ["currency", "from_month"]).select("currency", "month", "usd_rate")


CUBE_KEYS = ["product_id", "country", "channel", "currency", "month"]


def line_aggregates(orders: ir.Table) -> ir.Table:
    """The one pass over the order lines: units, order lines and revenue in the order currency per
    product × country × channel × currency × month, and the product's category when the orders carry
    one (the largest value if a product's lines disagree).

    Also `sale_days` (the days the product sold there) and `units_sq`, `revenue_local_sq`: the sums of
    the squares of each day's totals of the product in that market, channel and currency. They measure
    how often and how lumpily it sells (see `chuhai.insight.engine.markets`) and, unlike order lines, do
    not depend on how a file is cut: a file with one line per order and one with one line per day and
    product have the same daily totals."""
    lines = orders.mutate(month=month_index(orders.order_date))
    daily_metrics = dict(
        units=lines.units.sum().cast("int64"),
        revenue_local=(lines.units * lines.unit_price.cast("float64")).sum(),
        lines=lines.count().cast("int64"),
    )
    if "category" in orders.columns:
        daily_metrics["category"] = lines.category.max()
    daily = lines.group_by([*CUBE_KEYS, "order_date"]).aggregate(**daily_metrics)
    metrics = dict(
        units=daily.units.sum().cast("int64"),
        revenue_local=daily.revenue_local.sum(),
        lines=daily.lines.sum().cast("int64"),
        sale_days=daily.count().cast("int64"),
        units_sq=(daily.units.cast("float64") * daily.units.cast("float64")).sum(),
        revenue_local_sq=(daily.revenue_local * daily.revenue_local).sum(),
    )
    if "category" in orders.columns:
        metrics["category"] = daily.category.max()
    return daily.group_by(CUBE_KEYS).aggregate(**metrics)


def month_rates(fx: ir.Table, pairs: ir.Table) -> ir.Table:
    """For each (currency, month) row of `pairs`: the month's USD rate of the currency and of CNY."""
    rates = usd_rates_by_month(fx, pairs)
    months = pairs.select("month").distinct().mutate(currency=ibis.literal("CNY"))
    cny = usd_rates_by_month(fx, months).select("month", cny_rate="usd_rate")
    joined = rates.left_join(cny, "month")
    return joined.select(rates.currency, rates.month, rates.usd_rate, cny.cny_rate)


def currency_months(aggregates: ir.Table) -> ir.Table:
    """The (currency, month) pairs present in `aggregates`: a few hundred rows, the input of
    `month_rates`."""
    return aggregates.select("currency", "month").distinct()


def priced(aggregates: ir.Table, rates: ir.Table) -> ir.Table:
    """`aggregates` with revenue in USD and CNY (`rates` from `month_rates`)."""
    joined = aggregates.join(rates, ["currency", "month"])
    revenue_usd = joined.revenue_local * joined.usd_rate
    extra = ["category"] if "category" in aggregates.columns else []
    return joined.select(
        *CUBE_KEYS, *extra, "units", "revenue_local", "lines", "sale_days", "units_sq",
        revenue_usd=revenue_usd,
        revenue_cny=revenue_usd / joined.cny_rate,
        revenue_usd_sq=joined.revenue_local_sq * joined.usd_rate * joined.usd_rate,
    )


def sales_cube(orders: ir.Table, fx: ir.Table, materialize=None) -> ir.Table:
    """Units, order lines, revenue (local, USD and CNY) per product × country × channel × currency ×
    month, and the product's category when the orders carry one. Currency stays in the grain so
    that prices can be read as buyers saw them (see `chuhai.insight.engine.elasticity`); the other views
    sum over it."""
    return aggregated_and_priced(orders, fx, materialize)[1]


def aggregated_and_priced(orders: ir.Table, fx: ir.Table, materialize=None) -> tuple[ir.Table, ir.Table]:
    """(`line_aggregates` of the orders, the same priced: `sales_cube`).

    The raw lines are aggregated first, so the FX join runs on the small aggregate: one pass over
    the order lines. `materialize` (see `backends.Workspace`) stores that aggregate, which the later
    steps read several times, its (currency, month) pairs and their rates; the priced cube itself
    stays a view (a join with a few hundred rates is cheaper than storing hundreds of thousands of
    rows again)."""
    keep = materialize or (lambda expr: expr)
    aggregates = keep(line_aggregates(orders))
    rates = keep(month_rates(fx, keep(currency_months(aggregates))))
    return aggregates, priced(aggregates, rates)


def _ratio_minus_one(numerator: ir.FloatingValue, denominator: ir.FloatingValue) -> ir.FloatingValue:
    return ibis.ifelse(denominator > 0, numerator / denominator - 1, ibis.null("float64"))


def monthly_sales(cube: ir.Table) -> ir.Table:
    """The cube at product × country × channel × month with avg_price_usd, mom_growth, yoy_growth
    and share (definitions in the module docstring)."""
    series = ["product_id", "country", "channel"]
    base = cube.group_by([*series, "month"]).aggregate(
        units=cube.units.sum(), revenue_usd=cube.revenue_usd.sum(), revenue_cny=cube.revenue_cny.sum()
    )
    previous = base.select(*series, month=base.month + 1, previous_revenue=base.revenue_usd)
    year_ago = base.select(*series, month=base.month + 12, year_ago_revenue=base.revenue_usd)
    totals = base.group_by(["country", "channel", "month"]).aggregate(market_revenue=base.revenue_usd.sum())
    joined = (
        base.left_join(previous, [*series, "month"])
        .left_join(year_ago, [*series, "month"])
        .inner_join(totals, ["country", "channel", "month"])
    )
    return joined.select(
        base.product_id, base.country, base.channel, base.month, base.units,
        base.revenue_usd, base.revenue_cny,
        avg_price_usd=ibis.ifelse(base.units > 0, base.revenue_usd / base.units, ibis.null("float64")),
        mom_growth=_ratio_minus_one(base.revenue_usd, previous.previous_revenue),
        yoy_growth=_ratio_minus_one(base.revenue_usd, year_ago.year_ago_revenue),
        share=ibis.ifelse(totals.market_revenue > 0, base.revenue_usd / totals.market_revenue,
                          ibis.null("float64")),
    )


def month_range(cube: ir.Table) -> tuple[int, int] | None:
    bounds = cube.aggregate(first=cube.month.min(), last=cube.month.max()).to_pyarrow().to_pylist()[0]
    if bounds["first"] is None:
        return None
    return int(bounds["first"]), int(bounds["last"])
