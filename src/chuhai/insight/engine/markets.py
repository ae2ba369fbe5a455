"""Markets: totals per country, year-on-year growth, and the rising / declining market signals.

Windows are calendar months counted back from the last month present in the data (L):
the last 12 months are L-11..L, the 12 before are L-23..L-12.

- yoy_growth (reported per market) = revenue_usd(last 12) ÷ revenue_usd(12 before) − 1. It is null
  when the data do not reach back to L-23 (fewer than 24 months of data) or when the market had no
  revenue in the 12 months before.
- The signals are decided on how often and how much a market buys, never on order lines: what a
  "line" is depends on how a file is cut (one purchase in an order export, one day's sales of a product
  in Amazon's business reports and many distributors' files), so the same sales would give different
  signals. Three measures that every cut of the same sales gives alike:
  - sale_days: the days on which a product sold in the market (summed over products), the frequency;
  - units and revenue_usd, the volume.
  For each: growth = last12 ÷ prev12 − 1, and share_growth = (1 + growth) ÷ (1 + growth of all markets)
  − 1 (how much the market's share moved, which discounts growth every market shares, such as new
  products).
- Significance allows for over-dispersion (a quasi-Poisson / compound-Poisson view, which is also what
  a bootstrap over days estimates): a window's total S is a sum of daily sales, so Var(S) ≈ Q = Σ (each
  day's total of a product in the market)², and z = ln(1 + share_growth) ÷ √(Q_last/S_last² +
  Q_prev/S_prev²). A sale day counts 1, so for sale_days Q = S (Poisson). Lumpy sales (a few large
  wholesale orders) make Q large and z small.
- rising_market: sale_days grew ≥ RISING_GROWTH (+20 %) with share_growth ≥ SHARE_SHIFT (+15 %) and
  z ≥ Z_MIN (1.96), **or** units and revenue both did so with z ≥ Z_VOLUME (2.58); declining_market
  likewise with ≤ DECLINING_GROWTH (−15 %), ≤ −SHARE_SHIFT and z ≤ −Z_MIN / −Z_VOLUME. Volume needs both
  measures and the stricter level because order sizes are heavy-tailed (retail pieces beside wholesale
  lots of thousands), which makes the normal approximation of its z optimistic. When frequency and
  volume point opposite ways the market gets neither signal.
- Both windows need at least MIN_EFFECTIVE_SALES (20) effective sales for a measure to count: S² ÷ Q,
  the number of equal daily sales that would give the same total and lumpiness, so a handful of sales
  cannot make a trend; and 24 months of data.
The evidence says which measures moved ("measures", "growth" of the first), with each measure's growth,
share growth and z, both windows' sale days, units, revenue and order lines (lines for information only)
and the windows.
"""

from __future__ import annotations

import math

import ibis.expr.types as ir

from chuhai.insight.engine.cube import month_label

RISING_GROWTH = 0.20
DECLINING_GROWTH = -0.15
SHARE_SHIFT = 0.15
MIN_EFFECTIVE_SALES = 20
Z_MIN = 1.96
Z_VOLUME = 2.58
MEASURES = ("sale_days", "units", "revenue")


def market_totals(cube: ir.Table, last_month: int) -> ir.Table:
    recent = cube.month > last_month - 12
    before = (cube.month > last_month - 24) & (cube.month <= last_month - 12)
    return cube.group_by("country").aggregate(
        revenue_usd=cube.revenue_usd.sum(),
        units=cube.units.sum(),
        revenue_last12=cube.revenue_usd.sum(where=recent),
        revenue_prev12=cube.revenue_usd.sum(where=before),
        revenue_sq_last12=cube.revenue_usd_sq.sum(where=recent),
        revenue_sq_prev12=cube.revenue_usd_sq.sum(where=before),
        units_last12=cube.units.sum(where=recent),
        units_prev12=cube.units.sum(where=before),
        units_sq_last12=cube.units_sq.sum(where=recent),
        units_sq_prev12=cube.units_sq.sum(where=before),
        sale_days_last12=cube.sale_days.sum(where=recent),
        sale_days_prev12=cube.sale_days.sum(where=before),
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


def _window(row: dict, measure: str, window: str) -> tuple[float, float]:
    """(total, sum of squared daily totals) of `measure` in `window` ("last12" or "prev12"). A sale day
    counts 1, so its sum of squares is the count itself (Poisson)."""
    total = float(row.get(f"{measure}_{window}") or 0.0)
    if measure == "sale_days":
        return total, total
    return total, float(row.get(f"{measure}_sq_{window}") or 0.0)


def measure_change(row: dict, measure: str, overall: float) -> dict | None:
    """Growth, share growth and z of `measure` in a market (`overall`: all markets' last12 ÷ prev12);
    None when a window has too few effective sales to judge."""
    last, last_sq = _window(row, measure, "last12")
    prev, prev_sq = _window(row, measure, "prev12")
    if min(last, prev) <= 0 or min(last_sq, prev_sq) <= 0:
        return None
    if min(last * last / last_sq, prev * prev / prev_sq) < MIN_EFFECTIVE_SALES:
        return None
    growth = last / prev - 1.0
    share_growth = (last / prev) / overall - 1.0
    z = math.log1p(share_growth) / math.sqrt(last_sq / (last * last) + prev_sq / (prev * prev))
    return {"growth": growth, "share_growth": share_growth, "z": z}


def _direction(change: dict | None, z_min: float) -> str | None:
    if change is None:
        return None
    if change["growth"] >= RISING_GROWTH and change["share_growth"] >= SHARE_SHIFT and change["z"] >= z_min:
        return "rising_market"
    if change["growth"] <= DECLINING_GROWTH and change["share_growth"] <= -SHARE_SHIFT and change["z"] <= -z_min:
        return "declining_market"
    return None


def _decide(changes: dict[str, dict | None]) -> tuple[str, list[str]] | None:
    """The signal and the measures that moved: sale days at Z_MIN, or units and revenue together at
    Z_VOLUME; None when nothing moved or the two views disagree."""
    frequency = _direction(changes["sale_days"], Z_MIN)
    volume = {measure: _direction(changes[measure], Z_VOLUME) for measure in ("units", "revenue")}
    volume_kind = volume["units"] if volume["units"] == volume["revenue"] else None
    kinds = {kind for kind in (frequency, volume_kind) if kind}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    moved = (["sale_days"] if frequency == kind else []) + [m for m in ("units", "revenue") if volume[m] == kind]
    return kind, moved


def _overall(rows: list[dict], measure: str) -> float | None:
    last = sum(_window(row, measure, "last12")[0] for row in rows)
    prev = sum(_window(row, measure, "prev12")[0] for row in rows)
    return last / prev if prev > 0 and last > 0 else None


def market_signals(rows: list[dict], first_month: int, last_month: int) -> list[dict]:
    if not has_two_years(first_month, last_month):
        return []
    overall = {measure: _overall(rows, measure) for measure in MEASURES}
    signals = []
    for row in sorted(rows, key=lambda r: r["country"]):
        changes = {measure: measure_change(row, measure, overall[measure]) if overall[measure] else None
                   for measure in MEASURES}
        decision = _decide(changes)
        if decision is None:
            continue
        kind, moved = decision
        lines_last, lines_prev = int(row.get("lines_last12") or 0), int(row.get("lines_prev12") or 0)
        signals.append({
            "type": kind,
            "product_id": None,
            "country": row["country"],
            "category": None,
            "evidence": {
                "measures": moved,
                "growth": changes[moved[0]]["growth"],
                "sale_days_growth": changes["sale_days"]["growth"] if changes["sale_days"] else None,
                "sale_days_share_growth": changes["sale_days"]["share_growth"] if changes["sale_days"] else None,
                "sale_days_z": changes["sale_days"]["z"] if changes["sale_days"] else None,
                "sale_days_last12": int(row.get("sale_days_last12") or 0),
                "sale_days_prev12": int(row.get("sale_days_prev12") or 0),
                "units_growth": changes["units"]["growth"] if changes["units"] else None,
                "units_share_growth": changes["units"]["share_growth"] if changes["units"] else None,
                "units_z": changes["units"]["z"] if changes["units"] else None,
                "revenue_yoy_growth": yoy_growth(row, first_month, last_month),
                "revenue_share_growth": changes["revenue"]["share_growth"] if changes["revenue"] else None,
                "revenue_z": changes["revenue"]["z"] if changes["revenue"] else None,
                "units_last12": int(row.get("units_last12") or 0),
                "units_prev12": int(row.get("units_prev12") or 0),
                "revenue_usd_last12": row.get("revenue_last12") or 0.0,
                "revenue_usd_prev12": row.get("revenue_prev12") or 0.0,
                "order_lines_last12": lines_last,
                "order_lines_prev12": lines_prev,
                "order_lines_growth": lines_last / lines_prev - 1.0 if lines_prev else None,
                "last12": [month_label(last_month - 11), month_label(last_month)],
                "prev12": [month_label(last_month - 23), month_label(last_month - 12)],
            },
        })
    return signals
