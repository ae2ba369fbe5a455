"""Markets: totals per country, year-on-year growth, and the rising / declining market signals.

Windows are calendar months counted back from the last month present in the data (L):
the last 12 months are L-11..L, the 12 before are L-23..L-12.

- yoy_growth (reported per market) = revenue_usd(last 12) ÷ revenue_usd(12 before) − 1. It is null
  when the data do not reach back to L-23 (fewer than 24 months of data) or when the market had no
  revenue in the 12 months before.
- The signals count order lines instead of revenue: a few large wholesale orders make revenue
  lumpy, while order lines count buyers' purchases. With lines_growth = lines(last 12) ÷ lines(12
  before) − 1, and share_growth = (1 + lines_growth) ÷ (1 + lines_growth of all markets) − 1 (how
  much the market's share of all order lines moved, which discounts growth every market shares,
  such as new products):
  - rising_market: lines_growth ≥ RISING_GROWTH (+20 %) and share_growth ≥ SHARE_SHIFT (+15 %);
  - declining_market: lines_growth ≤ DECLINING_GROWTH (−15 %) and share_growth ≤ −SHARE_SHIFT;
  both only with 24 months of data, at least MIN_LINES_PER_WINDOW (20) order lines in each window,
  and a share shift beyond chance: treating line counts as Poisson, z = ln(1 + share_growth) ÷
  √(1/lines_last12 + 1/lines_prev12) must reach ±Z_MIN (1.96, 95 % two-sided), so that a
  handful of orders cannot make a trend.
The evidence carries both windows' revenue and line counts, the three growth figures and z.
"""

from __future__ import annotations

import math

import ibis.expr.types as ir

from chuhai.insight.engine.cube import month_label

RISING_GROWTH = 0.20
DECLINING_GROWTH = -0.15
SHARE_SHIFT = 0.15
MIN_LINES_PER_WINDOW = 20
Z_MIN = 1.96


def market_totals(cube: ir.Table, last_month: int) -> ir.Table:
    recent = cube.month > last_month - 12
    before = (cube.month > last_month - 24) & (cube.month <= last_month - 12)
    return cube.group_by("country").aggregate(
        revenue_usd=cube.revenue_usd.sum(),
        units=cube.units.sum(),
        revenue_last12=cube.revenue_usd.sum(where=recent),
        revenue_prev12=cube.revenue_usd.sum(where=before),
        lines_last12=cube.lines.sum(where=recent),
        lines_prev12=cube.lines.sum(where=before),
    )


def has_two_years(first_month: int, last_month: int) -> bool:
    return first_month <= last_month - 23


def yoy_growth(row: dict, first_month: int, last_month: int) -> float | None:
    prior = row.get("revenue_prev12") or 0.0
    if not has_two_years(first_month, last_month) or prior <= 0:
        return None
    return (row.get("revenue_last12") or 0.0) / prior - 1.0


def market_signals(rows: list[dict], first_month: int, last_month: int) -> list[dict]:
    if not has_two_years(first_month, last_month):
        return []
    all_last = sum(row.get("lines_last12") or 0 for row in rows)
    all_prev = sum(row.get("lines_prev12") or 0 for row in rows)
    if not all_prev:
        return []
    overall = all_last / all_prev
    signals = []
    for row in sorted(rows, key=lambda r: r["country"]):
        last12, prev12 = int(row.get("lines_last12") or 0), int(row.get("lines_prev12") or 0)
        if min(last12, prev12) < MIN_LINES_PER_WINDOW:
            continue
        lines_growth = last12 / prev12 - 1.0
        share_growth = (last12 / prev12) / overall - 1.0
        z = math.log1p(share_growth) / math.sqrt(1 / last12 + 1 / prev12)
        if lines_growth >= RISING_GROWTH and share_growth >= SHARE_SHIFT and z >= Z_MIN:
            kind = "rising_market"
        elif lines_growth <= DECLINING_GROWTH and share_growth <= -SHARE_SHIFT and z <= -Z_MIN:
            kind = "declining_market"
        else:
            continue
        signals.append({
            "type": kind,
            "product_id": None,
            "country": row["country"],
            "category": None,
            "evidence": {
                "order_lines_growth": lines_growth,
                "share_of_lines_growth": share_growth,
                "z": z,
                "revenue_yoy_growth": yoy_growth(row, first_month, last_month),
                "order_lines_last12": last12,
                "order_lines_prev12": prev12,
                "revenue_usd_last12": row.get("revenue_last12") or 0.0,
                "revenue_usd_prev12": row.get("revenue_prev12") or 0.0,
                "last12": [month_label(last_month - 11), month_label(last_month)],
                "prev12": [month_label(last_month - 23), month_label(last_month - 12)],
            },
        })
    return signals
