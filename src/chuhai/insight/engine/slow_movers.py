"""Slow movers: products that used to sell and have (nearly) stopped.

Months are counted back from L, the last month present in the data. Per product (all markets and
channels together; per product × market when a stock table is given):
- lines_before12 / units_before12: order lines and units in the 12 months L-17..L-6 (the history);
- lines_last6 / units_last6: the same in the last 6 months L-5..L;
- months_without_sales = L − the last month with units > 0 (0 when it sold in L).

A product is judged only when it used to sell: at least MIN_HISTORY_LINES (24) order lines in its
history window, two a month (with fewer, a quiet half-year happens by chance too often). It is a
slow mover (signal `slow_mover`) when
- its velocity collapsed: lines_last6 < SLOW_FRACTION (25 %) of lines_before12 ÷ 2, the number the
  history's pace predicts for 6 months; or
- it is dormant: months_without_sales ≥ DORMANT_MONTHS (3).
Order lines rather than units measure velocity because one wholesale order can carry hundreds of
units; units are in the evidence.

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

MIN_HISTORY_LINES = 24
SLOW_FRACTION = 0.25
DORMANT_MONTHS = 3
MIN_SELL_THROUGH = 0.20
MAX_DAYS_OF_COVER = 180
DAYS_IN_3_MONTHS = 91


def product_activity(cube: ir.Table, last_month: int, by_market: bool = False) -> ir.Table:
    keys = ["product_id", "country"] if by_market else ["product_id"]
    selling = cube.filter(cube.units > 0)
    recent6 = selling.month > last_month - 6
    history = (selling.month > last_month - 18) & (selling.month <= last_month - 6)
    metrics = dict(
        last_sale_month=selling.month.max(),
        lines_last6=selling.lines.sum(where=recent6),
        lines_before12=selling.lines.sum(where=history),
        units_last6=selling.units.sum(where=recent6),
        units_before12=selling.units.sum(where=history),
        units_last3=selling.units.sum(where=selling.month > last_month - 3),
    )
    if "category" in cube.columns:
        metrics["category"] = selling.category.max()
    return selling.group_by(keys).aggregate(**metrics)


def slow_mover_signals(activity: list[dict], last_month: int, stock: dict | None = None) -> list[dict]:
    """`activity`: rows of `product_activity`; `stock`: {(product_id, country): on_hand} or None."""
    signals = []
    for row in sorted(activity, key=lambda r: (str(r["product_id"]), str(r.get("country")))):
        history = int(row["lines_before12"] or 0)
        if history < MIN_HISTORY_LINES:
            continue
        recent = int(row["lines_last6"] or 0)
        idle = last_month - int(row["last_sale_month"])
        reasons = []
        if recent < SLOW_FRACTION * history / 2:
            reasons.append("velocity_collapsed")
        if idle >= DORMANT_MONTHS:
            reasons.append("dormant")
        evidence = {
            "order_lines_last6": recent,
            "order_lines_before12": history,
            "units_last6": int(row["units_last6"] or 0),
            "units_before12": int(row["units_before12"] or 0),
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
