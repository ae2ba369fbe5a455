"""The shared rule of every spreadsheet export: what users typed is text, never a formula."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook

from chuhai.spreadsheets import append_row, csv_row


def test_csv_cells_that_would_start_a_formula_get_an_apostrophe():
    out = io.StringIO()
    csv.writer(out).writerow(csv_row(["=1+1", "+A1", "-A1", "@SUM(A1)", "\t=1", "\r=1", "plain", 12, -3, None]))
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [
        "'=1+1", "'+A1", "'-A1", "'@SUM(A1)", "'\t=1", "'\r=1", "plain", "12", "-3", ""]


def test_xlsx_rows_are_text_and_survive_control_characters():
    book = Workbook()
    append_row(book.active, ["=cmd()", "bell\x07here", None, 5, -2.5])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(load_workbook(buffer).active.iter_rows())
    assert [cell.value for cell in cells] == ["=cmd()", "bellhere", None, 5, -2.5]
    assert cells[0].data_type == "s" and cells[0].quotePrefix
