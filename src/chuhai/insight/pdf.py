"""The feedback report as a PDF (reportlab), in the current language, with the charts as PNG images.
Fonts, margins and the table look are the platform's (`chuhai.pdf_style`)."""

from __future__ import annotations

import io

from chuhai import i18n
from chuhai.catalog.categories import category_name
from chuhai.charts import market_label
from chuhai.i18n import fmt_number, pick
from chuhai.i18n import gettext as _
from chuhai.insight import charts
from chuhai.pdf_style import PAGE_MARGIN_MM, chart_image, chinese_font, header_row_style, markup


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{'+' if value >= 0 else ''}{fmt_number(value * 100, 1)}%"


class _Story:
    """The PDF's flowables in the current language: paragraphs in the report's styles, tables, charts."""

    def __init__(self) -> None:
        from reportlab.lib import colors  # deferred: reportlab (0.15 s), only PDFs
        from reportlab.lib.pagesizes import A4  # deferred: reportlab (0.15 s), only PDFs
        from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # deferred: reportlab (0.15 s), only PDFs
        from reportlab.lib.units import mm  # deferred: reportlab (0.15 s), only PDFs

        self.font = chinese_font() if i18n.is_zh() else "Helvetica"
        bold = self.font if i18n.is_zh() else "Helvetica-Bold"
        styles = getSampleStyleSheet()
        self.body = ParagraphStyle("body", parent=styles["BodyText"], fontName=self.font, fontSize=9, leading=13)
        self.muted = ParagraphStyle("muted", parent=self.body, textColor=colors.HexColor("#6b7280"), fontSize=8,
                                    leading=11)
        self.heading = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=12, leading=16,
                                      spaceBefore=10, spaceAfter=4)
        self.title = ParagraphStyle("title", parent=styles["Title"], fontName=bold, fontSize=17, leading=22)
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=8, leading=10)
        self.width = A4[0] - 2 * PAGE_MARGIN_MM * mm
        self.flowables: list = []

    def paragraph(self, text: str, style=None, *, escape: bool = False) -> None:
        """A paragraph of translated text (`escape`: text with names or other data, set with `markup`)."""
        from reportlab.platypus import Paragraph  # deferred: reportlab, see __init__

        self.flowables.append(Paragraph(markup(text, self.font) if escape else text, style or self.body))

    def heading_text(self, text: str) -> None:
        self.paragraph(text, self.heading)

    def spacer(self, height_mm: float) -> None:
        from reportlab.lib.units import mm  # deferred: reportlab, see __init__
        from reportlab.platypus import Spacer  # deferred: reportlab, see __init__

        self.flowables.append(Spacer(0, height_mm * mm))

    def table(self, header: list[str], rows: list[list], widths: list[float]) -> None:
        from reportlab.platypus import Paragraph, Table  # deferred: reportlab, see __init__

        data = [[Paragraph(f"<b>{h}</b>" if not i18n.is_zh() else h, self.cell) for h in header]]
        data += [[Paragraph(markup(str(value), self.font), self.cell) for value in row] for row in rows]
        result = Table(data, colWidths=[w * self.width for w in widths], repeatRows=1)
        result.setStyle(header_row_style())
        self.flowables.append(result)

    def image(self, png: bytes) -> None:
        self.flowables.append(chart_image(png, self.width))

    def table_or(self, rows: list[list], table: tuple[list[str], list[float]], otherwise: str) -> None:
        """The table when there are rows, else the sentence `otherwise`."""
        if rows:
            self.table(table[0], rows, table[1])
        else:
            self.paragraph(otherwise)


def report_pdf(report: dict, kind: str, quotations: dict | None = None) -> bytes:
    """The report; with `quotations` (an enterprise's, `insight.views.quotation_feedback`: labels already in
    the reader's language) a section on why its quotations lost and where they win."""
    from reportlab.lib.pagesizes import A4  # deferred: reportlab, see _Story
    from reportlab.lib.units import mm  # deferred: reportlab, see _Story
    from reportlab.platypus import SimpleDocTemplate  # deferred: reportlab, see _Story

    story = _Story()
    scope = report["scope"]
    name = pick(scope.name_zh, scope.name_en)
    story.paragraph(f"{_('Market feedback')}: {name}", story.title, escape=True)
    story.paragraph(_("Industrial belt report") if kind == "belt" else _("Enterprise report"), story.muted)
    period = report.get("period")
    if period:
        story.paragraph(_("Data %(first)s to %(last)s; recent window %(start)s to %(end)s",
                          first=period["first"], last=period["last"], start=period["last12"][0],
                          end=period["last12"][1]), story.muted)
    categories = ", ".join(category_name(c) for c in scope.categories)
    story.paragraph(f"{_('Categories')}: {categories}", story.muted, escape=True)
    if not period:
        story.paragraph(_("No order lines yet: import sales data to get market feedback."))
    else:
        _sales(story, report)
        _price_position(story, report["price_position"])
        _markets(story, report)
        _slow_movers(story, report["slow_movers"])
    if quotations is not None:
        _quotations(story, quotations)
    _demands(story, report)
    buffer = io.BytesIO()
    margin = PAGE_MARGIN_MM * mm
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                                 bottomMargin=margin, title=f"{_('Market feedback')}: {name}", author="Chuhai")
    document.build(story.flowables)
    return buffer.getvalue()


def _sales(story: _Story, report: dict) -> None:
    totals = report["totals"]
    story.spacer(4)
    story.table([_("Sales, last 12 months (USD)"), _("Year on year"), _("Units sold (all data)"), _("Markets"),
                 _("SKUs selling, last 12 months")],
                [[fmt_number(totals["revenue_last12"]), _pct(totals["yoy_growth"]), fmt_number(totals["units"]),
                  totals["markets"], totals["skus_selling"]]], [0.24, 0.16, 0.2, 0.14, 0.26])
    story.heading_text(_("What sells where"))
    story.image(charts.trend_png(report))
    story.image(charts.markets_png(report))
    story.image(charts.channels_png(report))
    story.table([_("Market"), _("Units"), _("Sales (USD)"), _("Average price (USD)"), _("Year on year")],
                [[market_label(m["country"]), fmt_number(m["units"]), fmt_number(m["revenue_usd"]),
                  fmt_number(m["avg_price_usd"], 2), _pct(m["yoy_growth"])] for m in report["markets"][:15]],
                [0.3, 0.15, 0.2, 0.2, 0.15])


def _price_position(story: _Story, position: dict) -> None:
    story.heading_text(_("Priced above the market"))
    story.paragraph(_("Average selling price over the last 12 months against the price band of the same category in"
                      " the same market (all the platform's products): above the band's 75th percentile counts as"
                      " above the market."), story.muted)
    story.table_or(
        [[r["sku"], market_label(r["country"]), fmt_number(r["price"], 2), fmt_number(r["median"], 2),
          _pct(r["premium"])] for r in position["above"][:15]],
        (["SKU", _("Market"), _("Its price (USD)"), _("Market median (USD)"), _("Premium")],
         [0.26, 0.22, 0.18, 0.18, 0.16]),
        _("No product is priced above its market's band."))


def _markets(story: _Story, report: dict) -> None:
    signal_table = ([_("Market"), _("Days with sales, year on year"), _("Sales, year on year")], [0.4, 0.3, 0.3])
    for title, signals in ((_("Rising markets"), report["rising"]), (_("Declining markets"), report["declining"])):
        story.heading_text(title)
        story.table_or([[market_label(s["country"]), _pct(s["evidence"]["sale_days_growth"]),
                         _pct(s["evidence"]["revenue_yoy_growth"])] for s in signals],
                       signal_table, _("None detected."))
    story.heading_text(_("Price sensitivity by market"))
    png = charts.elasticity_png(report)
    if png:
        story.paragraph(_("Elasticity of units to price, estimated from price changes over time; a market is "
                          "price-sensitive when its whole 95% interval lies below -1."), story.muted)
        story.image(png)
    else:
        story.paragraph(_("Not enough data."))


def _slow_movers(story: _Story, slow_movers: list[dict]) -> None:
    story.heading_text(_("Slow movers"))
    story.table_or(
        [[s["sku"], (pick(s.get("title_zh"), s.get("title_en")) or "")[:30], fmt_number(s["sale_days_last6"]),
          fmt_number(s["sale_days_before12"]), fmt_number(s["units_last6"]), fmt_number(s["units_before12"]),
          s["months_without_sales"]] for s in slow_movers[:20]],
        (["SKU", _("Product"), _("Days with sales, last 6 months"), _("Days with sales, 12 months before"),
          _("Units, last 6 months"), _("Units, 12 months before"), _("Months without sales")],
         [0.15, 0.25, 0.12, 0.12, 0.12, 0.12, 0.12]),
        _("No slow movers."))


def _reasons(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{label} {n}" for label, n in pairs) or "—"


def _quotations(story: _Story, quotations: dict) -> None:
    story.heading_text(_("Your quotations: why they lost and where they win"))
    story.paragraph(_("%(quoted)s quotations, %(won)s deals started, %(signed)s orders.", quoted=quotations["quoted"],
                      won=quotations["won"], signed=quotations["signed"]), story.muted)
    if quotations["wins"]:
        story.paragraph(_("Where they win: %(markets)s.", markets=", ".join(
            f"{market_label(m['country'])} ({m['won']}/{m['quoted']})" for m in quotations["wins"])), escape=True)
    story.table_or(
        [[market_label(m["country"]) if m["country"] else "—", m["quoted"], m["shortlisted"], m["won"], m["signed"],
          _reasons(m["declined"]), _reasons(m["lost"])] for m in quotations["markets"][:20]],
        ([_("Market"), _("Quoted"), _("Shortlisted"), _("Deals"), _("Orders"), _("Declined by the buyer"),
          _("Deals lost")], [0.16, 0.09, 0.11, 0.08, 0.08, 0.24, 0.24]),
        _("No quotations yet."))


def _demands(story: _Story, report: dict) -> None:
    story.heading_text(_("Open demands it could answer"))
    story.table_or(
        [[d["text"][:80], category_name(d["category"]), market_label(d["country"]) if d["country"] else "—",
          fmt_number(d["quantity"])] for d in report["open_demands"][:12]],
        ([_("Demand"), _("Category"), _("Market"), _("Quantity")], [0.5, 0.18, 0.18, 0.14]),
        _("No open demands in these categories."))
    story.heading_text(_("Unmet demand"))
    story.table_or(
        [[category_name(s["category"]) if s["category"] else _asked_for(s["evidence"]), market_label(s["country"]),
          s["evidence"]["demands"], fmt_number(s["evidence"]["quantity"])] for s in report["unmet"]],
        ([_("Asked for"), _("Market"), _("Demands"), _("Quantity")], [0.5, 0.2, 0.15, 0.15]),
        _("None detected."))


def _asked_for(evidence: dict) -> str:
    """What an uncategorised unmet demand asked for: its product name, else its first example."""
    return evidence["product"] or (evidence["examples"] or ["—"])[0][:50]
