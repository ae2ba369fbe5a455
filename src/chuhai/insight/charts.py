"""Charts of a feedback report: ECharts options for the page, static PNGs (matplotlib) for the PDF.

The PNGs share the platform's look and font rules (`chuhai.charts`): without a CJK font they are
labelled with country codes and English words, so nothing renders as empty boxes.
"""

from __future__ import annotations

from chuhai.charts import (
    PALETTE,
    caption,
    channel_name,
    channel_tick,
    country_tick,
    market_label,
    new_figure,
    png_bytes,
    thousands,
)
from chuhai.i18n import N_
from chuhai.i18n import gettext as _
from chuhai.web.charts import bar_chart, line_chart, pie_chart

TOP_IN_CHART = 12


def reasons_chart(quotations: dict) -> dict | None:
    """Why the enterprise's quotations lost (declines and lost deals by reason, labels already translated)."""
    reasons = quotations["reasons"]
    if not reasons:
        return None
    return bar_chart([label for label, _n in reversed(reasons)], {_("Quotations"): [n for _l, n in reversed(reasons)]},
                     horizontal=True)


def page_charts(report: dict) -> dict:
    if not report.get("period"):
        return {}
    trend = report["trend"]
    markets = report["markets"][:TOP_IN_CHART]
    elasticities = report["elasticities"][:TOP_IN_CHART]
    charts = {
        "trend": line_chart([m["month"] for m in trend],
                            {_("Sales (USD)"): [round(m["revenue_usd"], 2) for m in trend]}),
        "markets": bar_chart([market_label(m["country"]) for m in reversed(markets)],
                             {_("Sales (USD)"): [round(m["revenue_usd"], 2) for m in reversed(markets)]},
                             horizontal=True),
        "channels": pie_chart([(channel_name(c["channel"]), round(c["revenue_usd"], 2)) for c in report["channels"]]),
    }
    if elasticities:
        charts["elasticity"] = bar_chart([market_label(e["country"]) for e in elasticities],
                                         {_("Price elasticity"): [round(e["elasticity"], 2) for e in elasticities]})
    return charts


def trend_png(report: dict) -> bytes:
    trend = report["trend"]
    figure, axes = new_figure()
    x = range(len(trend))
    axes.plot(x, [m["revenue_usd"] for m in trend], color=PALETTE[0], linewidth=2)
    axes.fill_between(x, [m["revenue_usd"] for m in trend], alpha=0.12, color=PALETTE[0])
    step = max(1, len(trend) // 8)
    axes.set_xticks(list(x)[::step], [m["month"] for m in trend][::step], fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    thousands(axes.yaxis)
    axes.set_title(caption(N_("Monthly sales (USD)")), fontsize=9)
    return png_bytes(figure)


def markets_png(report: dict) -> bytes:
    return country_sales_png(report["markets"][:TOP_IN_CHART])


def country_sales_png(rows: list[dict]) -> bytes:
    """Horizontal bars of `revenue_usd` per `country`, the first row on top, each bar labelled."""
    rows = rows[::-1]
    figure, axes = new_figure(width=7.0, height=0.6 + 0.28 * len(rows))
    values = [float(r["revenue_usd"]) for r in rows]
    axes.barh([country_tick(r["country"]) for r in rows], values, color=PALETTE[0], height=0.6)
    for i, value in enumerate(values):
        axes.text(value, i, f" {value:,.0f}", va="center", fontsize=6, color="#374151")
    axes.tick_params(labelsize=7)
    axes.grid(axis="y", alpha=0)
    thousands(axes.xaxis)
    axes.margins(x=0.12)
    axes.set_title(caption(N_("Sales by market (USD)")), fontsize=8)
    return png_bytes(figure)


def channels_png(report: dict) -> bytes:
    channels = report["channels"]
    figure, axes = new_figure(width=7.0, height=2.8)
    names = [channel_tick(c["channel"]) for c in channels]
    axes.bar(names, [c["revenue_usd"] for c in channels], color=PALETTE[1])
    axes.tick_params(axis="x", labelsize=7, rotation=20)
    axes.tick_params(axis="y", labelsize=7)
    thousands(axes.yaxis)
    axes.set_title(caption(N_("Sales by channel (USD)")), fontsize=9)
    return png_bytes(figure)


def elasticity_png(report: dict) -> bytes | None:
    rows = report["elasticities"][:TOP_IN_CHART]
    if not rows:
        return None
    figure, axes = new_figure(height=3.0)
    colors = [PALETTE[3] if r["sensitive"] else PALETTE[8] for r in rows]
    errors = [[r["elasticity"] - r["ci"][0] for r in rows], [r["ci"][1] - r["elasticity"] for r in rows]]
    axes.bar([country_tick(r["country"]) for r in rows], [r["elasticity"] for r in rows], color=colors, yerr=errors,
             capsize=2, error_kw={"linewidth": 0.8})
    axes.axhline(0, color="#111827", linewidth=0.6)
    axes.tick_params(axis="x", labelsize=7, rotation=20)
    axes.tick_params(axis="y", labelsize=7)
    axes.set_title(caption(N_("Price elasticity by market (95% interval)")), fontsize=9)
    return png_bytes(figure)
