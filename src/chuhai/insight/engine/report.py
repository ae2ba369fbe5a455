"""The batch report (`chuhai insight report`): markets, products per market, and signals.

`build_report` takes Ibis tables on any backend and returns the report with unrounded floats;
`rounded` gives the JSON form (money to cents, prices to 1/10,000 USD, ratios to 4 decimals).
Contract:
  markets:  [{country, revenue_usd, units, yoy_growth}]            revenue desc, then country
  products: [{product_id, markets: [{country, units, revenue_usd, avg_price_usd,
                                     elasticity, elasticity_ci}]}]  product_id; country
  signals:  [{type, product_id, country, category, evidence}]      by type in SIGNAL_TYPES order
  skipped_rows: {count, rows: [{file, line, column, error}]}
  meta: {first_month, last_month, fx_source, backend}
Fields that do not apply are null. Totals cover all the data; yoy_growth and the signals' windows
are defined in `chuhai.insight.engine.markets` and the other signal modules.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

import ibis.expr.types as ir

from chuhai.insight.engine.cube import aggregated_and_priced, month_label, month_range
from chuhai.insight.engine.elasticity import Cells, estimate_elasticities, fetch_cells, price_sensitivity_signals
from chuhai.insight.engine.markets import market_signals, market_totals, yoy_growth
from chuhai.insight.engine.slow_movers import product_activity, slow_mover_signals
from chuhai.insight.engine.unmet_demand import unmet_demand_signals

SIGNAL_TYPES = ("price_sensitive_market", "rising_market", "declining_market", "slow_mover", "unmet_demand")


def _rows(expr: ir.Table) -> list[dict]:
    return expr.to_pyarrow().to_pylist()


def build_report(orders: ir.Table, fx: ir.Table, demands: list[dict] | None = None,
                 materialize: Callable[[ir.Table], ir.Table] | None = None) -> dict:
    """`materialize` stores the order lines' aggregate and the month rates on the backend (see
    `backends.Workspace`) so that the order lines are read once; without it each query recomputes
    the aggregate. Elasticities, activity and the month range need no exchange rate and read the
    aggregate directly; market and product totals read it priced (`chuhai.insight.engine.cube.priced`)."""
    aggregates, cube = aggregated_and_priced(orders, fx, materialize)
    covered: set[str] = set()
    if "category" in aggregates.columns:
        covered = {c for c in aggregates.select("category").distinct().to_pyarrow().column(0).to_pylist() if c}
    bounds = month_range(aggregates)
    if bounds is None:
        return assemble_report(None, [], [], None, [], demands or [], covered)
    last = bounds[1]
    per_product = cube.group_by(["product_id", "country"]).aggregate(
        units=cube.units.sum(), revenue_usd=cube.revenue_usd.sum()
    )
    return assemble_report(
        bounds,
        market_rows=_rows(market_totals(cube, last)),
        product_rows=_rows(per_product),
        cells=fetch_cells(aggregates),
        activity=_rows(product_activity(aggregates, last)),
        demands=demands or [],
        covered_categories=covered,
    )


def assemble_report(bounds: tuple[int, int] | None, market_rows: list[dict], product_rows: list[dict],
                    cells: Cells | None,
                    activity: list[dict], demands: list[dict], covered_categories: set[str]) -> dict:
    """The report from the aggregates (whichever engine computed them): rows of `market_totals`,
    of product × country totals, the elasticity `Cells` and rows of `product_activity`."""
    if bounds is None:
        return {"markets": [], "products": [], "signals": unmet_demand_signals(demands, covered_categories),
                "meta": {"first_month": None, "last_month": None}}
    first, last = bounds
    market_elasticities, product_elasticities = estimate_elasticities(cells)
    markets = sorted(
        ({"country": r["country"], "revenue_usd": r["revenue_usd"], "units": int(r["units"]),
          "yoy_growth": yoy_growth(r, first, last)} for r in market_rows),
        key=lambda m: (-_round(m["revenue_usd"], 2), m["country"]),
    )
    products: dict[str, list[dict]] = {}
    for row in sorted(product_rows, key=itemgetter("product_id", "country")):
        estimate = product_elasticities.get((row["product_id"], row["country"]))
        units = int(row["units"])
        products.setdefault(row["product_id"], []).append({
            "country": row["country"],
            "units": units,
            "revenue_usd": row["revenue_usd"],
            "avg_price_usd": row["revenue_usd"] / units if units else None,
            "elasticity": estimate.elasticity if estimate else None,
            "elasticity_ci": list(estimate.ci) if estimate and estimate.ci else None,
        })
    signals = (
        price_sensitivity_signals(market_elasticities)
        + market_signals(market_rows, first, last)
        + slow_mover_signals(activity, last)
        + unmet_demand_signals(demands, covered_categories)
    )
    signals.sort(key=lambda s: SIGNAL_TYPES.index(s["type"]))
    return {
        "markets": markets,
        "products": [{"product_id": pid, "markets": rows} for pid, rows in products.items()],
        "signals": signals,
        "meta": {"first_month": month_label(first), "last_month": month_label(last)},
    }


SIGNIFICANT_DIGITS = 12


def _round(value, digits: int):
    """`value` to `digits` decimals, first to SIGNIFICANT_DIGITS significant digits. Sums of floats
    differ in their last bits with the order a parallel engine adds them in, and prices with a few
    decimals often sum to exactly half a cent: without the first step such a value would round up in
    one run and down in the next. Twelve digits keep far more than the report shows."""
    if value is None:
        return None
    return round(float(f"{float(value):.{SIGNIFICANT_DIGITS}g}"), digits)


def rounded(report: dict) -> dict:
    markets = [
        {**m, "revenue_usd": _round(m["revenue_usd"], 2), "yoy_growth": _round(m["yoy_growth"], 4)}
        for m in report["markets"]
    ]
    products = [
        {"product_id": p["product_id"], "markets": [
            {**m, "revenue_usd": _round(m["revenue_usd"], 2), "avg_price_usd": _round(m["avg_price_usd"], 4),
             "elasticity": _round(m["elasticity"], 4),
             "elasticity_ci": None if m["elasticity_ci"] is None else [_round(v, 4) for v in m["elasticity_ci"]]}
            for m in p["markets"]
        ]}
        for p in report["products"]
    ]
    signals = [{**s, "evidence": _round_floats(s["evidence"])} for s in report["signals"]]
    return {**report, "markets": markets, "products": products, "signals": signals}


def _round_floats(value):
    if isinstance(value, float):
        return _round(value, 4)
    if isinstance(value, dict):
        return {key: _round_floats(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_round_floats(item) for item in value]
    return value
