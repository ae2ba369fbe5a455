"""The feedback report as a PDF (reportlab), in the current language, with the charts as PNG images.
Fonts, margins and the table look are the platform's (`chuhai.pdf_style`)."""

from __future__ import annotations

import io

from chuhai import i18n
from chuhai.catalog.categories import category_name
from chuhai.i18n import fmt_number, pick
from chuhai.i18n import gettext as _
from chuhai.insight import charts
from chuhai.pdf_style import PAGE_MARGIN_MM, chart_image, chinese_font, header_row_style, markup


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{'+' if value >= 0 else ''}{fmt_number(value * 100, 1)}%"


def report_pdf(report: dict, kind: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table

    font = chinese_font() if i18n.is_zh() else "Helvetica"
    bold = font if i18n.is_zh() else "Helvetica-Bold"
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=font, fontSize=9, leading=13)
    muted = ParagraphStyle("muted", parent=body, textColor=colors.HexColor("#6b7280"), fontSize=8, leading=11)
    heading = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=12, leading=16,
                             spaceBefore=10, spaceAfter=4)
    title = ParagraphStyle("title", parent=styles["Title"], fontName=bold, fontSize=17, leading=22)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    width = A4[0] - 2 * PAGE_MARGIN_MM * mm

    def table(header: list[str], rows: list[list], widths: list[float]) -> Table:
        data = [[Paragraph(f"<b>{h}</b>" if not i18n.is_zh() else h, cell) for h in header]]
        data += [[Paragraph(markup(str(value), font), cell) for value in row] for row in rows]
        result = Table(data, colWidths=[w * width for w in widths], repeatRows=1)
        result.setStyle(header_row_style())
        return result

    def image(png: bytes) -> Image:
        return chart_image(png, width)

    scope = report["scope"]
    name = pick(scope.name_zh, scope.name_en)
    story = [Paragraph(markup(f"{_('Market feedback')}: {name}", font), title),
             Paragraph(_("Industrial belt report") if kind == "belt" else _("Enterprise report"), muted)]
    period = report.get("period")
    if period:
        story.append(Paragraph(_("Data %(first)s to %(last)s; recent window %(start)s to %(end)s",
                                 **{"first": period["first"], "last": period["last"], "start": period["last12"][0],
                                    "end": period["last12"][1]}), muted))
    categories = ", ".join(category_name(c) for c in scope.categories)
    story.append(Paragraph(markup(f"{_('Categories')}: {categories}", font), muted))
    if not period:
        story.append(Paragraph(_("No order lines yet: import sales data to get market feedback."), body))
    else:
        totals = report["totals"]
        story += [Spacer(0, 4 * mm), table(
            [_("Sales, last 12 months (USD)"), _("Year on year"), _("Units sold (all data)"), _("Markets"),
             _("SKUs selling, last 12 months")],
            [[fmt_number(totals["revenue_last12"]), _pct(totals["yoy_growth"]), fmt_number(totals["units"]),
              totals["markets"], totals["skus_selling"]]], [0.24, 0.16, 0.2, 0.14, 0.26])]
        story += [Paragraph(_("What sells where"), heading), image(charts.trend_png(report)),
                  image(charts.markets_png(report)), image(charts.channels_png(report))]
        story.append(table(
            [_("Market"), _("Units"), _("Sales (USD)"), _("Average price (USD)"), _("Year on year")],
            [[charts.market_label(m["country"]), fmt_number(m["units"]), fmt_number(m["revenue_usd"]),
              fmt_number(m["avg_price_usd"], 2), _pct(m["yoy_growth"])] for m in report["markets"][:15]],
            [0.3, 0.15, 0.2, 0.2, 0.15]))
        position = report["price_position"]
        story += [Paragraph(_("Priced above the market"), heading), Paragraph(_(
            "Average selling price over the last 12 months against the price band of the same category in the same"
            " market (all the platform's products): above the band's 75th percentile counts as above the market."),
            muted)]
        if position["above"]:
            story.append(table(
                ["SKU", _("Market"), _("Its price (USD)"), _("Market median (USD)"), _("Premium")],
                [[r["sku"], charts.market_label(r["country"]), fmt_number(r["price"], 2), fmt_number(r["median"], 2),
                  _pct(r["premium"])] for r in position["above"][:15]], [0.26, 0.22, 0.18, 0.18, 0.16]))
        else:
            story.append(Paragraph(_("No product is priced above its market's band."), body))
        story.append(Paragraph(_("Rising markets"), heading))
        story.append(_signal_table(report["rising"], table) if report["rising"]
                     else Paragraph(_("None detected."), body))
        story.append(Paragraph(_("Declining markets"), heading))
        story.append(_signal_table(report["declining"], table) if report["declining"]
                     else Paragraph(_("None detected."), body))
        story.append(Paragraph(_("Price sensitivity by market"), heading))
        png = charts.elasticity_png(report)
        if png:
            story += [Paragraph(_("Elasticity of units to price, estimated from price changes over time; a market is "
                                  "price-sensitive when its whole 95% interval lies below -1."), muted), image(png)]
        else:
            story.append(Paragraph(_("Not enough data."), body))
        story.append(Paragraph(_("Slow movers"), heading))
        if report["slow_movers"]:
            story.append(table(
                ["SKU", _("Product"), _("Order lines, last 6 months"), _("Order lines, 12 months before"),
                 _("Months without sales")],
                [[s["sku"], (pick(s.get("title_zh"), s.get("title_en")) or "")[:40], s["order_lines_last6"],
                  s["order_lines_before12"], s["months_without_sales"]] for s in report["slow_movers"][:20]],
                [0.2, 0.38, 0.14, 0.14, 0.14]))
        else:
            story.append(Paragraph(_("No slow movers."), body))
    story.append(Paragraph(_("Open demands it could answer"), heading))
    if report["open_demands"]:
        story.append(table(
            [_("Demand"), _("Category"), _("Market"), _("Quantity")],
            [[d["text"][:80], category_name(d["category"]), charts.market_label(d["country"]) if d["country"] else "—",
              fmt_number(d["quantity"])] for d in report["open_demands"][:12]], [0.5, 0.18, 0.18, 0.14]))
    else:
        story.append(Paragraph(_("No open demands in these categories."), body))
    story.append(Paragraph(_("Unmet demand"), heading))
    if report["unmet"]:
        story.append(table(
            [_("Asked for"), _("Market"), _("Demands"), _("Quantity")],
            [[category_name(s["category"]) if s["category"] else (s["evidence"]["product"] or
                                                                    (s["evidence"]["examples"] or ["—"])[0][:50]),
              charts.market_label(s["country"]), s["evidence"]["demands"], fmt_number(s["evidence"]["quantity"])]
             for s in report["unmet"]], [0.5, 0.2, 0.15, 0.15]))
    else:
        story.append(Paragraph(_("None detected."), body))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=PAGE_MARGIN_MM * mm, rightMargin=PAGE_MARGIN_MM * mm,
                                 topMargin=PAGE_MARGIN_MM * mm, bottomMargin=PAGE_MARGIN_MM * mm,
                                 title=f"{_('Market feedback')}: {name}", author="Chuhai")
    document.build(story)
    return buffer.getvalue()


def _signal_table(signals: list[dict], table):
    return table([_("Market"), _("Order lines, year on year"), _("Sales, year on year")],
                 [[charts.market_label(s["country"]), _pct(s["evidence"]["order_lines_growth"]),
                   _pct(s["evidence"]["revenue_yoy_growth"])] for s in signals], [0.4, 0.3, 0.3])
