"""What every spreadsheet export shares: values users control are written as text, never as formulas.

A name, SKU or title that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
Excel or LibreOffice when the operator opens the file (formula or "CSV" injection). In an XLSX export every
text cell is written with the string type and Excel's quote prefix when it looks like a formula (shown exactly
as typed, and still text when the cell is edited); in a CSV export such a value gets a leading apostrophe, as
OWASP advises. Characters XML cannot carry (control characters) are dropped instead of failing the export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """A value for a CSV writer: text that would start a formula gets a leading apostrophe."""
    return "'" + value if formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """`sheet.append(values)` on an openpyxl worksheet, every text written as text (never a formula)."""
    values = [_NOT_IN_XML.sub("", value) if isinstance(value, str) else value for value in values]
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if formula_like(cell.value):
                cell.quotePrefix = True
