"""The statistics dashboard as an XLSX workbook: a summary sheet, one sheet per breakdown, and the programme's
outcomes (talks, intentions, signed and their value) by month, market, belt and event on "Outcomes"."""

from __future__ import annotations

import io

from chuhai.charts import channel_name, market_label
from chuhai.i18n import N_, pick
from chuhai.i18n import gettext as _
from chuhai.markets.reference import CUSTOMS_MODES, MARKET_GROUP_NAMES
from chuhai.spreadsheets import append_row

SHEETS = (N_("Summary"), N_("Belts"), N_("Markets"), N_("Market groups"), N_("Channels"), N_("Customs modes"),
          N_("Top products"), N_("Monthly"), N_("Outcomes"))


def _reference_label(mapping: dict[str, str], code: str | None) -> str:
    """A reference code's name (`mapping`: code → message id) in the reader's language."""
    return _(mapping[code]) if code in mapping else (code or "—")


def workbook_bytes(data: dict, outcomes: dict | None = None) -> bytes:
    from openpyxl import Workbook  # deferred: openpyxl takes 0.2 s to import; only the export needs it
    from openpyxl.styles import Font  # deferred: as above

    book = Workbook()
    book.remove(book.active)

    def sheet(title: str, header: list[str], rows: list[list]) -> None:
        ws = book.create_sheet(_(title))
        append_row(ws, header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(ws, row)  # names, SKUs and titles as users typed them: text, never a formula
        for column, name in zip(ws.columns, header, strict=False):
            ws.column_dimensions[column[0].column_letter].width = max(12, min(48, len(str(name)) + 4))

    period, totals = data["period"], data["totals"]
    sheet(SHEETS[0], [_("Measure"), _("Value")], [
        [_("Period"), f"{period['from']} – {period['to']}"],
        [_("Trade value (USD)"), round(totals["value"], 2)],
        [_("Same period a year earlier (USD)"), round(totals["previous"], 2) if period["comparable"] else None],
        [_("Year on year"), totals["yoy_growth"]],
        [_("Units"), totals["units"]],
        [_("Order lines"), totals["lines"]],
        [_("Active exporting enterprises"), totals["active_enterprises"]],
        [_("Markets"), totals["markets"]],
    ])
    value_header = [_("Trade value (USD)"), _("Same period a year earlier (USD)"), _("Year on year"), _("Units"),
                    _("Order lines")]

    def values(row: dict) -> list:
        return [round(row["value"], 2), round(row["previous"], 2), row["yoy_growth"], row["units"], row["lines"]]

    sheet(SHEETS[1], [_("Industrial belt"), *value_header],
          [[pick(r["name"]["name_zh"], r["name"]["name_en"]), *values(r)] for r in data["belt"]])
    sheet(SHEETS[2], [_("Country code"), _("Market"), *value_header],
          [[r["key"], market_label(r["key"]), *values(r)] for r in data["market"]])
    sheet(SHEETS[3], [_("Market group"), _("Countries"), *value_header],
          [[_reference_label(MARKET_GROUP_NAMES, r["key"]), r["countries"], *values(r)] for r in data["market_group"]])
    sheet(SHEETS[4], [_("Channel"), *value_header], [[channel_name(r["key"]), *values(r)] for r in data["channel"]])
    sheet(SHEETS[5], [_("Customs mode"), *value_header],
          [[_reference_label(CUSTOMS_MODES, r["key"]), *values(r)] for r in data["customs_mode"]])
    sheet(SHEETS[6], ["SKU", _("Product"), _("Enterprise"), _("Trade value (USD)"), _("Units"), _("Year on year")],
          [[p["sku"], pick(p["title_zh"], p["title_en"]), pick(p["enterprise_zh"], p["enterprise_en"]),
            round(p["value"], 2), p["units"], p["yoy_growth"]] for p in data["products"]])
    sheet(SHEETS[7], [_("Month"), _("Trade value (USD)"), _("Same month a year earlier (USD)")],
          [[m["month"], round(m["value"], 2), None if m["year_before"] is None else round(m["year_before"], 2)]
           for m in data["monthly"]])
    _number_formats(book)
    if outcomes is not None:
        _outcomes_sheet(book, outcomes)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number_formats(book) -> None:
    """Growth as a percentage, values with two decimals (every sheet's header is its first row)."""
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float) and cell.column_letter != "A":
                    cell.number_format = "0.0%" if _is_growth(ws, cell) else "#,##0.00"


def _is_growth(ws, cell) -> bool:
    return ws.cell(row=1, column=cell.column).value == _("Year on year")


def _outcomes_sheet(book, figures: dict) -> None:
    """One sheet, one block per breakdown (a title row, a header, the rows): total, by month, market, belt,
    event. Names as users typed them go through `append_row` (text, never a formula)."""
    from openpyxl.styles import Font  # deferred: as in workbook_bytes

    ws = book.create_sheet(_(SHEETS[8]))
    counts = [_("Talks"), _("Intentions"), _("Signed"), _("Signed value (CNY)"), _("Signed value (USD)")]

    def values(row: dict) -> list:
        return [row["talks"], row["intentions"], row["signed"], float(row["signed_value_cny"]),
                float(row["signed_value_usd"])]

    def block(title: str, header: list[str], rows: list[list]) -> None:
        append_row(ws, [title])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        append_row(ws, header)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(ws, row)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
        append_row(ws, [])

    period = figures["period"]
    block(_("Outcomes %(start)s – %(end)s", start=period["from"], end=period["to"]), [_("Total"), *counts],
          [[_("All"), *values(figures["total"])]])
    block(_("By month"), [_("Month"), *counts], [[m["month"], *values(m)] for m in figures["monthly"]])
    block(_("By market"), [_("Country code"), _("Market"), *counts],
          [[r["key"] or "—", market_label(r["key"]) if r["key"] else "—", *values(r)] for r in figures["market"]])
    block(_("By industrial belt"), [_("Industrial belt"), *counts],
          [[pick(r["name"]["name_zh"], r["name"]["name_en"]) if r["name"] else "—", *values(r)]
           for r in figures["belt"]])
    block(_("By event"), [_("Event"), _("Date"), *counts],
          [[pick(r["name_zh"], r["name_en"]), r["starts_on"].isoformat(), *values(r)] for r in figures["event"]])
    if figures["unpriced_currencies"]:
        append_row(ws, [_("Values in %(currencies)s have no exchange rate and are left out.",
                          currencies=", ".join(figures["unpriced_currencies"]))])
    ws.column_dimensions["A"].width = 36
    for letter in "BCDEFGH":
        ws.column_dimensions[letter].width = 16
