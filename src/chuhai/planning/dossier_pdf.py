"""The export dossier (出海方案书) as a PDF (reportlab), in the current language, with static PNG charts.

Fonts, margins and the table look are the platform's (`chuhai.pdf_style`). The charts use matplotlib
with the CJK font when installed, else English labels and country codes (`chuhai.charts`), so
nothing renders as empty boxes.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from chuhai import charts, i18n
from chuhai.catalog.categories import category_name
from chuhai.compliance import texts as compliance_texts
from chuhai.i18n import N_, error_text, fmt_date, fmt_money, fmt_number, pick
from chuhai.i18n import gettext as _
from chuhai.insight.charts import country_sales_png
from chuhai.pdf_style import PAGE_MARGIN_MM, chart_image, chinese_font, header_row_style, markup
from chuhai.planning import texts
from chuhai.planning.engine.reference import load_reference

CHART_OPTIONS = 5
PHOTOS = 3  # the product's photos shown under the title
OPTION_WIDTHS_EN = [0.05, 0.14, 0.09, 0.12, 0.10, 0.15, 0.12, 0.12, 0.11]
OPTION_WIDTHS_ZH = [0.05, 0.11, 0.09, 0.11, 0.09, 0.15, 0.14, 0.13, 0.13]
FIELD_LABELS = {
    "unit_cost_cny": N_("Unit cost (CNY, incl. VAT)"),
    "weight_kg": N_("Weight (kg)"),
    "length_cm": N_("Length (cm)"),
    "width_cm": N_("Width (cm)"),
    "height_cm": N_("Height (cm)"),
    "hs_code": N_("HS code"),
}


def _short(name: str) -> str:
    return name.split("（")[0].split(" (")[0]


def _names() -> dict[str, dict[str, str]]:
    ref = load_reference()
    return {
        "route": {k: _short(pick(v["name_zh"], v["name_en"])) for k, v in ref["routes"]["routes"].items()},
        "channel": {k: pick(v["name_zh"], v["name_en"]) for k, v in ref["platforms"]["channels"].items()},
        "mode": {k: pick(v["name_zh"], v["name_en"]) for k, v in ref["customs_modes"]["modes"].items()},
    }


def _pct(value: Decimal | float | None) -> str:
    return "—" if value is None else f"{fmt_number(value, 2)}%"


class _Kit:
    """The dossier's look in the reader's language: its fonts and styles, and the flowables made with them."""

    def __init__(self, zh: bool) -> None:
        from reportlab.lib import colors  # deferred: heavy, loaded only for a PDF
        from reportlab.lib.enums import TA_RIGHT  # deferred: heavy, loaded only for a PDF
        from reportlab.lib.pagesizes import A4  # deferred: heavy, loaded only for a PDF
        from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # deferred: heavy, loaded only for a PDF
        from reportlab.lib.units import mm  # deferred: heavy, loaded only for a PDF

        self.zh = zh
        self.font = font = chinese_font() if zh else "Helvetica"
        bold = font if zh else "Helvetica-Bold"
        styles = getSampleStyleSheet()
        self.body = body = ParagraphStyle("body", parent=styles["BodyText"], fontName=font, fontSize=9, leading=13,
                                          wordWrap="CJK" if zh else None)
        self.muted = ParagraphStyle("muted", parent=body, textColor=colors.HexColor("#6b7280"), fontSize=8,
                                    leading=11)
        self.alert = ParagraphStyle("alert", parent=body, textColor=colors.HexColor("#92400e"),
                                    backColor=colors.HexColor("#fef3c7"), borderPadding=4, spaceBefore=4,
                                    spaceAfter=6)
        self.heading = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=12, leading=16,
                                      spaceBefore=12, spaceAfter=4, textColor=colors.HexColor("#1e3a8a"),
                                      keepWithNext=1)
        self.title = ParagraphStyle("title", parent=styles["Title"], fontName=bold, fontSize=17, leading=22,
                                    alignment=0, spaceAfter=2)
        self.cell = cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
        self.num_cell = ParagraphStyle("num", parent=cell, alignment=TA_RIGHT)
        self.label_cell = ParagraphStyle("label", parent=cell, textColor=colors.HexColor("#374151"))
        self.width = A4[0] - 2 * PAGE_MARGIN_MM * mm

    def para(self, text: Any, style=None):
        from reportlab.platypus import Paragraph  # deferred: heavy, loaded only for a PDF

        return Paragraph(markup(text, self.font), style or self.body)

    def table(self, header: list[str], rows: list[list], widths: list[float], numeric: tuple[int, ...] = ()):
        from reportlab.platypus import Paragraph, Table  # deferred: heavy, loaded only for a PDF

        font = self.font
        data = [[Paragraph(f"<b>{markup(h, font)}</b>" if not self.zh else markup(h, font),
                           self.num_cell if i in numeric else self.cell) for i, h in enumerate(header)]]
        data += [[Paragraph(markup(value, font), self.num_cell if i in numeric else self.cell)
                  for i, value in enumerate(row)] for row in rows]
        result = Table(data, colWidths=[w * self.width for w in widths], repeatRows=1)
        result.setStyle(header_row_style())
        return result

    def facts_table(self, pairs: list[tuple[str, Any]]):
        from reportlab.lib import colors  # deferred: heavy, loaded only for a PDF
        from reportlab.platypus import Paragraph, Table, TableStyle  # deferred: heavy, loaded only for a PDF

        data = [[Paragraph(markup(label, self.font), self.label_cell), Paragraph(markup(value, self.font), self.cell)]
                for label, value in pairs]
        result = Table(data, colWidths=[0.24 * self.width, 0.76 * self.width])
        result.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f9fafb")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#e5e7eb")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return result

    def image(self, png: bytes):
        return chart_image(png, self.width)

    def keep_together(self, flowables: list):
        from reportlab.platypus import KeepTogether  # deferred: heavy, loaded only for a PDF

        return KeepTogether(flowables)


def dossier_pdf(dossier: dict, photos: list[bytes] | tuple[bytes, ...] = ()) -> bytes:
    """The dossier (`chuhai.planning.dossier.export_dossier`) as PDF bytes, in the current language; `photos`
    (the product's photos as stored by chuhai.media, cover first) appear side by side under the title."""
    from reportlab.lib import colors  # deferred: heavy, loaded only for a PDF
    from reportlab.lib.pagesizes import A4  # deferred: heavy, loaded only for a PDF
    from reportlab.lib.units import mm  # deferred: heavy, loaded only for a PDF
    from reportlab.platypus import SimpleDocTemplate, Spacer  # deferred: heavy, loaded only for a PDF

    kit = _Kit(i18n.is_zh())
    facts = dossier["product"]
    title = pick(facts["title_zh"], facts["title_en"]) or facts["sku"]
    dossier_word = _("Export dossier")
    story = _header(dossier, title, kit)
    story += _photos_row(list(photos)[:PHOTOS], kit)
    story += _facts_section(facts, kit)
    story += _options_section(dossier["options"], kit)
    story += _sales_section(dossier["sales"], kit)
    story += _warehouse_section(dossier["warehouse"], kit)
    story += _demands_section(dossier["demands"], kit)
    if "compliance" in dossier:
        story += _compliance_section(dossier["compliance"], kit)
    story += [Spacer(0, 6 * mm), kit.para(_(
        "Figures from the platform's data on the generation date: the landed cost uses the reference data in force "
        "(with the operator's edits), sales are the product's own order lines converted to USD at the platform's "
        "monthly exchange rates."), kit.muted)]

    footer = f"Chuhai | {dossier_word} | SKU {facts['sku']}"

    def on_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(kit.font, 7)
        canvas.setFillColor(colors.HexColor("#9ca3af"))
        canvas.drawString(PAGE_MARGIN_MM * mm, 9 * mm, footer)
        canvas.drawRightString(A4[0] - PAGE_MARGIN_MM * mm, 9 * mm, _("Page %(n)s", n=document.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=PAGE_MARGIN_MM * mm, rightMargin=PAGE_MARGIN_MM * mm,
                                 topMargin=PAGE_MARGIN_MM * mm, bottomMargin=PAGE_MARGIN_MM * mm,
                                 title=f"{dossier_word}: {facts['sku']}", author="Chuhai",
                                 subject=title)
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _header(dossier: dict, title: str, kit: _Kit) -> list:
    facts = dossier["product"]
    enterprise = pick(facts["enterprise"]["name_zh"], facts["enterprise"]["name_en"])
    belt = pick(facts["belt"]["name_zh"], facts["belt"]["name_en"]) if facts["belt"] else "—"
    belt_word = _("Industrial belt")
    story: list = [
        kit.para(_("Export dossier: %(title)s", title=title), kit.title),
        kit.para(" · ".join([f"SKU {facts['sku']}", enterprise, f"{belt_word}: {belt}",
                             _("Generated on %(date)s", date=fmt_date(dossier["generated_on"]))]), kit.muted),
    ]
    other_title = facts["title_en"] if kit.zh else facts["title_zh"]
    if other_title and other_title != title:
        story.append(kit.para(other_title, kit.muted))
    return story


def _photos_row(photos: list[bytes], kit: _Kit) -> list:
    """Up to PHOTOS pictures in one row, each a third of the page wide at most, none taller than wide."""
    from reportlab.platypus import Table, TableStyle  # deferred: heavy, loaded only for a PDF

    if not photos:
        return []
    cell = kit.width / PHOTOS - 6
    pictures = []
    for data in photos:
        picture = chart_image(data, cell)
        if picture.drawHeight > cell:  # a tall photo: scaled to the cell's height instead
            picture.drawWidth, picture.drawHeight = picture.drawWidth * cell / picture.drawHeight, cell
        pictures.append(picture)
    row = Table([pictures], colWidths=[kit.width / PHOTOS] * len(pictures), hAlign="LEFT")
    row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [row]


# ---------------------------------------------------------------- sections


def _facts_section(facts: dict, kit: _Kit) -> list:
    hs = facts["hs_code"]
    if hs:
        chapter = facts["hs_chapter_zh"] if i18n.is_zh() and facts["hs_chapter_zh"] else None
        hs_text = hs + (f" — {facts['hs_description']}" if facts["hs_description"] else "")
        if chapter:
            hs_text += "（" + _("Chapter %(n)s", n=hs[:2]) + f"：{chapter}）"
        if facts["hs_problem"]:
            hs_text += " ⚠ " + _("not a valid HS 2022 subheading")
    else:
        hs_text = _("Not entered")
    tiers = "; ".join(f"≥ {fmt_number(t['min_quantity'])}: {fmt_money(t['unit_price'], t['currency'])}"
                      for t in facts["price_tiers"]) or _("Not entered")
    dims = facts["dimensions_cm"]
    certs = "; ".join(c["name"] + (f" ({c['number']})" if c["number"] else "")
                      + (", " + _("valid until %(date)s", date=fmt_date(c["valid_until"])) if c["valid_until"] else "")
                      for c in facts["certifications"]) or _("None valid today")
    pairs = [
        (_("Category"), category_name(facts["category"])),
        (_("HS code"), hs_text),
        (_("MOQ"), fmt_number(facts["moq"]) if facts["moq"] is not None else _("Not entered")),
        (_("Price tiers"), tiers),
        (_("Unit cost (CNY, incl. VAT)"),
         fmt_number(facts["unit_cost_cny"], 2) if facts["unit_cost_cny"] is not None else _("Not entered")),
        (_("Weight"), f"{fmt_number(facts['weight_kg'], 2)} kg" if facts["weight_kg"] is not None
         else _("Not entered")),
        (_("Dimensions"), " × ".join(fmt_number(d, 1) for d in dims) + " cm" if dims else _("Not entered")),
        (_("Lead time"), _("%(n)s days", n=facts["lead_time_days"]) if facts["lead_time_days"] else _("Not entered")),
        (_("Monthly capacity"), fmt_number(facts["monthly_capacity"]) if facts["monthly_capacity"]
         else _("Not entered")),
        (_("Enterprise certifications valid today"), certs),
    ]
    if facts["product_certifications"]:
        pairs.append((_("Product certifications"), ", ".join(facts["product_certifications"])))
    return [kit.para("1. " + _("Product facts"), kit.heading), kit.facts_table(pairs)]


def _options_section(options: dict, kit: _Kit) -> list:
    out = [kit.para("2. " + _("Export options"), kit.heading)]
    if options["missing"]:
        fields = _(", ").join(_(FIELD_LABELS.get(n, n)) for n in options["missing"])
        out.append(kit.para(_("Fill in the product's %(fields)s to compare its export options (product page → Edit).",
                              fields=fields), kit.alert))
        return out
    if options["error"]:
        out.append(kit.para(_("The planner could not compare the options: %(error)s",
                              error=error_text(options["error"])), kit.alert))
        return out
    if not options["results"]:
        note = options["note"]
        out.append(kit.para(_(note)))
        return out
    names = _names()
    out.append(kit.para(_(
        "The export planner's default options for this product (its top markets × air, sea, express × 9610, 9810, "
        "priced from its recent sales), best margin first; amounts per unit in CNY."), kit.muted))
    rows = []
    for i, r in enumerate(options["results"], 1):
        rows.append([i, charts.market_label(r["destination"]),
                     names["channel"].get(r["channel"], r["channel"]), names["route"].get(r["route"], r["route"]),
                     r["customs_mode"], fmt_money(Decimal(str(r["selling_price"])), r["currency"]),
                     fmt_number(r["landed_cost_cny"], 2), fmt_number(r["margin_cny"], 2), _pct(r["margin_pct"])])
    out.append(kit.table(["#", _("Destination"), _("Channel"), _("Route"), _("Customs mode"), _("Selling price"),
                          _("Landed cost (CNY)"), _("Margin (CNY)"), _("Margin %")], rows,
                         OPTION_WIDTHS_ZH if i18n.is_zh() else OPTION_WIDTHS_EN, numeric=(5, 6, 7, 8)))
    best = options["results"][0]
    out.append(kit.para(_("Best option: %(option)s, margin %(margin)s CNY per unit (%(pct)s).",
                          option=_option_label(best, names), margin=fmt_number(best["margin_cny"], 2),
                          pct=_pct(best["margin_pct"]))))
    for advice in best["advice"][:3]:
        out.append(kit.para(f"• {texts.advice_text(advice)}", kit.muted))
    out.append(kit.keep_together([kit.para(_("Cost breakdown of the best %(n)s options (CNY per unit)",
                                             n=min(CHART_OPTIONS, len(options["results"]))), kit.muted),
                                  kit.image(cost_breakdown_png(options["results"][:CHART_OPTIONS]))]))
    return out


def _option_label(result: dict, names: dict[str, dict[str, str]]) -> str:
    return " · ".join([charts.market_label(result["destination"]), names["channel"].get(result["channel"], ""),
                       names["route"].get(result["route"], result["route"]), result["customs_mode"]])


def _sales_section(sales: dict, kit: _Kit) -> list:
    out = [kit.para("3. " + _("Where it sells"), kit.heading)]
    if not sales["countries"]:
        note = sales["note"]
        out.append(kit.para(_(note)))
        return out
    first, last = sales["period"]
    out.append(kit.para(_("The product's order lines from %(first)s to %(last)s (its last 12 months of sales), in USD "
                          "at the platform's monthly exchange rates.", first=fmt_date(first), last=fmt_date(last)),
                        kit.muted))
    out.append(kit.image(country_sales_png(sales["countries"])))
    rows = [[f"{charts.market_label(c['country'])} ({c['country']})", fmt_number(c["units"]),
             fmt_number(c["revenue_usd"], 2), fmt_number(c["avg_price_usd"], 2)] for c in sales["countries"]]
    rows.append([_("Total, all countries"), fmt_number(sales["total_units"]), fmt_number(sales["total_revenue_usd"], 2),
                 fmt_number(sales["total_revenue_usd"] / sales["total_units"], 2) if sales["total_units"] else "—"])
    out.append(kit.table([_("Country"), _("Units"), _("Sales (USD)"), _("Average price (USD)")], rows,
                         [0.4, 0.18, 0.21, 0.21], numeric=(1, 2, 3)))
    if sales["more_countries"]:
        out.append(kit.para(_("%(n)s more countries are not shown.", n=sales["more_countries"]), kit.muted))
    if sales["unpriced_currencies"]:
        out.append(kit.para(_("Left out (no exchange rate): %(currencies)s",
                              currencies=", ".join(sales["unpriced_currencies"])), kit.muted))
    return out


def _warehouse_section(warehouse: dict, kit: _Kit) -> list:
    out = [kit.para("4. " + _("Overseas warehouse"), kit.heading)]
    row = warehouse["row"]
    if row is None:
        note = warehouse["note"]
        out.append(kit.para(_(note), kit.body))
        return out
    names = _names()
    on_hand = fmt_number(row["on_hand"])
    if not row["on_hand_entered"]:
        on_hand += " (" + _("Estimated as 6 weeks of recent sales") + ")"
    pairs = [
        (_("Action"), _(texts.ACTION_LABELS.get(row["action"], row["action"]))),
        (_("Why this action"), texts.render(row["reason"])),
        (_("On hand"), on_hand),
        (_("Forecast, next 4 weeks"), fmt_number(row["forecast_4_weeks"], 1)),
        (_("Reorder point"), fmt_number(row["reorder_point"])),
        (_("Order quantity"), fmt_number(row["order_quantity"])),
        (_("Ship by"), row["ship_by"] or "—"),
        (_("Route · lead time"), names["route"].get(row["route"], row["route"]) + " · "
         + _("%(n)s days", n=row["lead_time_days"])),
    ]
    if row["slow_mover"] and row["costs_cny"]:
        costs = row["costs_cny"]
        pairs.append((_("Slow mover: cost of each choice (CNY)"),
                      " · ".join(f"{label} {fmt_number(costs.get(key), 0)}" for key, label in
                                 (("hold", _("Hold")), ("discount", _("Discount")), ("retrieve", _("Retrieve"))))))
    out += [kit.para(_("Plan as of %(date)s", date=fmt_date(warehouse["as_of"])), kit.muted), kit.facts_table(pairs)]
    return out


def _demands_section(demands: dict, kit: _Kit) -> list:
    out = [kit.para("5. " + _("Open demands it could answer"), kit.heading)]
    note = demands["note"]
    if note:
        out.append(kit.para(_(note), kit.body if not demands["items"] else kit.muted))
    if not demands["items"]:
        return out
    zh = i18n.is_zh()
    rows = []
    for d in demands["items"]:
        reasons = _("; ").join(d["reasons_zh"] if zh else d["reasons_en"]) or "—"
        text = d["text"] if len(d["text"]) <= 110 else d["text"][:107] + "…"
        rows.append([f"{d['ref']}: {text}", charts.market_label(d["destination"]) if d["destination"] else "—",
                     fmt_number(d["quantity"]) if d["quantity"] else "—", fmt_date(d["deadline"]), reasons])
    out.append(kit.table([_("Demand"), _("Destination"), _("Quantity"), _("Deadline"), _("Why it fits")], rows,
                         [0.34, 0.12, 0.09, 0.11, 0.34], numeric=(2,)))
    return out


def _compliance_section(section: dict, kit: _Kit) -> list:
    out = [kit.para("6. " + _("Market requirements"), kit.heading),
           kit.para(_("What each market requires of this product, and which requirements its valid certifications "
                      "already meet. Entries marked ⚠ are estimates or depend on the product: check before relying "
                      "on them."), kit.muted)]
    ref = section["reference"]
    for market in section["markets"]:
        name = compliance_texts.market_name(ref, market.code) if market.market.country is None else \
            charts.market_label(market.code)
        summary = _("%(met)s of %(total)s mandatory met", met=market.met_count, total=len(market.mandatory))
        if market.gaps:
            summary += " · " + _("%(n)s missing", n=len(market.gaps))
            if market.gap_cost_usd:
                cost = compliance_texts.cost_text(market.gap_cost_usd)
                summary += " · " + _("typical cost to close: %(cost)s", cost=cost)
            if market.gap_lead_days:
                summary += " · " + _("lead time: %(days)s", days=compliance_texts.days_text(market.gap_lead_days))
        out.append(kit.para(f"{name} ({market.code}) · {summary}", kit.body))
        rows = []
        for status in market.statuses:
            r = status.applicable.requirement
            if status.met:
                state = _("Met: %(certification)s", certification=status.met_by)
            elif status.applicable.upcoming:
                state = _("Upcoming")
            elif r.mandatory and r.kind in ("labelling", "documentation", "restriction"):
                state = _("To do")
            else:
                state = _("Missing") if r.mandatory else _("Optional")
            why = _("; ").join(compliance_texts.reason_text(reason, ref) for reason in status.applicable.reasons)
            rows.append([f"{compliance_texts.name(r)}{' ⚠' if r.verify else ''} · {r.code} · {why}",
                         compliance_texts.kind_label(r.kind), _("Mandatory") if r.mandatory else _("Voluntary"), state,
                         compliance_texts.cost_text(r.cost_usd), compliance_texts.days_text(r.lead_time_days)])
        if rows:
            out.append(kit.table([_("Requirement"), _("Kind"), _("Mandatory"), _("Status"), _("Typical cost"),
                                  _("Lead time")], rows, [0.40, 0.12, 0.10, 0.14, 0.13, 0.11]))
        else:
            out.append(kit.para(_("No requirement on file for this product in this market; check with the buyer or "
                                  "an agent."), kit.muted))
    return out


# ---------------------------------------------------------------- charts


def cost_breakdown_png(results: list[dict]) -> bytes:
    """Stacked horizontal bars of each option's cost components (CNY per unit), the selling price as a diamond."""
    from matplotlib import colormaps  # deferred: heavy, loaded only for a chart

    readable = bool(charts.cjk_font_name()) or not i18n.is_zh()
    names = _names() if readable else {"channel": {}, "route": {}}
    labels = [(_option_label(r, names) if readable else f"{r['destination']} · {r['channel']} · {r['route']} · "
               f"{r['customs_mode']}") for r in results][::-1]
    rows = results[::-1]
    figure, axes = charts.new_figure(width=7.0, height=3.6)
    palette = colormaps["tab20"].colors
    positive = [0.0] * len(rows)
    negative = [0.0] * len(rows)
    for n, (name, label) in enumerate(texts.COMPONENT_LABELS.items()):
        values = [float(r["components"].get(name, 0)) for r in rows]
        if not any(values):
            continue
        lefts = [positive[i] if v >= 0 else negative[i] for i, v in enumerate(values)]
        axes.barh(labels, values, left=lefts, color=palette[n % len(palette)], height=0.6,
                  label=charts.caption(label))
        for i, v in enumerate(values):
            if v >= 0:
                positive[i] += v
            else:
                negative[i] += v
    axes.scatter([float(r["selling_price_cny"]) for r in rows], labels, marker="D", s=28, color="#111827", zorder=3,
                 label=charts.caption(N_("Selling price")))
    axes.axvline(0, color="#111827", linewidth=0.6)
    axes.tick_params(labelsize=7)
    axes.grid(axis="y", alpha=0)
    charts.thousands(axes.xaxis)
    axes.set_xlabel("CNY", fontsize=7)
    axes.legend(fontsize=6, ncol=4 if readable and i18n.is_zh() else 3, loc="upper center",
                bbox_to_anchor=(0.5, -0.18), frameon=False)
    return charts.png_bytes(figure)
