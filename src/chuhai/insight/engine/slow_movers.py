"""Slow movers: products that used to sell and have (nearly) stopped.

Months are counted back from L, the last month present in the data. Per product (all markets and
channels together; per product × market when a stock table is given):
- sale_days_before12 / units_before12: days with sales and units in the 12 months L-17..L-6 (the
  history); a day counts once per market and channel the product sold in;
- sale_days_last6 / units_last6: the same in the last 6 months L-5..L;
- months_without_sales = L − the last month with units > 0 (0 when it sold in L).

Velocity is decided on sale days (how often it sells) and units (how much), never on order lines: what
a "line" is depends on how a file is cut (one purchase in an order export, one day's sales of a product
in Amazon's business reports and many distributors' files), and both measures are the same for every
cut of the same sales. Order lines stay in the evidence, for information.

A product is judged only when it used to sell: at least MIN_HISTORY_SALE_DAYS (24) sale days in its
history window, two a month (with fewer, a quiet half-year happens by chance too often). It is a
slow mover (signal `slow_mover`) when
- its velocity collapsed (reason `velocity_collapsed`) on either measure, the last 6 months below
  SLOW_FRACTION (25 %) of the history ÷ 2 (what the history's pace predicts for 6 months):
  - sale_days: sale_days_last6 < 25 % × sale_days_before12 ÷ 2;
  - units: units_last6 < 25 % × units_before12 ÷ 2, judged only when the history's units are at least
    MIN_UNITS_EFFECTIVE_SALES (48) effective sales: units_before12² ÷ Σ (each day's units)², the number
    of equal daily sales that give the same total and lumpiness (as in `chuhai.insight.engine.markets`).
    One wholesale lot of hundreds of units in the history is then not a pace the recent months "fall"
    from. The bar is twice the sale-days bar for the reason markets ask more of volume: order sizes are
    heavy-tailed (retail pieces beside wholesale lots), so lumpiness measured on the history's own days
    understates it, and a history with a few large lots and a half-year without any looks like a
    collapse (on the demo data a bar of 24 flagged one such product). A product that keeps its buyers
    but sells a tenth of the units to them is caught by units alone;
- it is dormant: months_without_sales ≥ DORMANT_MONTHS (3).
The evidence says which measures collapsed (`measures`: "sale_days", "units").

With a stock table ({(product_id, country): on_hand units in the overseas warehouse}) the judgment is
per product × market and adds, over the last 3 months L-2..L (counted as 91 days):
sell_through = units ÷ (units + on_hand) and days_of_cover = on_hand ÷ (units ÷ 91), infinite
without sales; a product × market with stock is also slow when sell_through < MIN_SELL_THROUGH
(20 %) or days_of_cover > MAX_DAYS_OF_COVER (180). The batch contract has no stock file, so it
uses the product-level rules (country null).
"""

from __future__ import annotations

import math

import ibis.expr.types as ir

MIN_HISTORY_SALE_DAYS = 24
MIN_UNITS_EFFECTIVE_SALES = 48
SLOW_FRACTION = 0.25
DORMANT_MONTHS = 3
MIN_SELL_THROUGH = 0.20
MAX_DAYS_OF_COVER = 180
DAYS_IN_3_MONTHS = 91


def product_activity(cube: ir.Table, last_month: int, by_market: bool = False) -> ir.Table:
    """Per product (× market): the windows' sale days, units, Σ squared daily units of the history, order
    lines, units of the last 3 months and the last month with sales (`cube`: rows with `units`, `lines`,
    `sale_days`, `units_sq` per product × market × … × month, as `chuhai.insight.engine.cube` makes them)."""
    keys = ["product_id", "country"] if by_market else ["product_id"]
    selling = cube.filter(cube.units > 0)
    recent6 = selling.month > last_month - 6
    history = (selling.month > last_month - 18) & (selling.month <= last_month - 6)
    metrics = dict(
        last_sale_month=selling.month.max(),
        sale_days_last6=selling.sale_days.sum(where=recent6),
        sale_days_before12=selling.sale_days.sum(where=history),
        units_last6=selling.units.sum(where=recent6),
        units_before12=selling.units.sum(where=history),
        units_sq_before12=selling.units_sq.sum(where=history),
        lines_last6=selling.lines.sum(where=recent6),
        lines_before12=selling.lines.sum(where=history),
        units_last3=selling.units.sum(where=selling.month > last_month - 3),
    )
    if "category" in cube.columns:
        metrics["category"] = selling.category.max()
    return selling.group_by(keys).aggregate(**metrics)


def effective_sales(total: float, sum_of_squares: float) -> float:
    """total² ÷ Σ (each day's total)²: how many equal daily sales the total and its lumpiness amount to."""
    return total * total / sum_of_squares if sum_of_squares > 0 else 0.0


def collapsed_measures(row: dict) -> list[str]:
    """The measures ("sale_days", "units") whose last 6 months fell below SLOW_FRACTION of the history's pace."""
    measures = []
    days_before, days_recent = int(row["sale_days_before12"] or 0), int(row["sale_days_last6"] or 0)
    if days_recent < SLOW_FRACTION * days_before / 2:
        measures.append("sale_days")
    units_before, units_recent = int(row["units_before12"] or 0), int(row["units_last6"] or 0)
    if (effective_sales(units_before, float(row["units_sq_before12"] or 0.0)) >= MIN_UNITS_EFFECTIVE_SALES
            and units_recent < SLOW_FRACTION * units_before / 2):
        measures.append("units")
    return measures


def slow_mover_signals(activity: list[dict], last_month: int, stock: dict | None = None) -> list[dict]:
    """`activity`: rows of `product_activity`; `stock`: {(product_id, country): on_hand} or None."""
    signals = []
    for row in sorted(activity, key=lambda r: (str(r["product_id"]), str(r.get("country")))):
        if int(row["sale_days_before12"] or 0) < MIN_HISTORY_SALE_DAYS:
            continue
        idle = last_month - int(row["last_sale_month"])
        measures = collapsed_measures(row)
        reasons = ["velocity_collapsed"] if measures else []
        if idle >= DORMANT_MONTHS:
            reasons.append("dormant")
        units_before = int(row["units_before12"] or 0)
        evidence = {
            "measures": measures,
            "sale_days_last6": int(row["sale_days_last6"] or 0),
            "sale_days_before12": int(row["sale_days_before12"] or 0),
            "units_last6": int(row["units_last6"] or 0),
            "units_before12": units_before,
            "units_effective_sales_before12": effective_sales(units_before, float(row["units_sq_before12"] or 0.0)),
            "order_lines_last6": int(row["lines_last6"] or 0),  # for information; they do not decide
            "order_lines_before12": int(row["lines_before12"] or 0),
            "months_without_sales": idle,
        }
        if stock is not None:
            reasons += _stock_reasons(row, stock, evidence)
        if not reasons:
            continue
        evidence["reasons"] = reasons
        signals.append({
            "type": "slow_mover",
            "product_id": row["product_id"],
            "country": row.get("country"),
            "category": row.get("category"),
            "evidence": evidence,
        })
    return signals


def _stock_reasons(row: dict, stock: dict, evidence: dict) -> list[str]:
    on_hand = stock.get((row["product_id"], row.get("country")))
    if on_hand is None:
        return []
    sold = int(row["units_last3"] or 0)
    sell_through = sold / (sold + on_hand) if sold + on_hand else None
    cover = on_hand / (sold / DAYS_IN_3_MONTHS) if sold else math.inf
    evidence.update(on_hand=on_hand, sell_through=sell_through,
                    days_of_cover=None if math.isinf(cover) else cover)
    reasons = []
    if sell_through is not None and sell_through < MIN_SELL_THROUGH:
        reasons.append("low_sell_through")
    if on_hand and cover > MAX_DAYS_OF_COVER:
        reasons.append("days_of_cover")
    return reasons
