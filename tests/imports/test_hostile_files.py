"""Files crafted to exhaust the server: each is refused (a clear problem in the report) before it costs much.

A hang guard (`_finishes`) stands in for "does not run away": the unguarded readers took minutes or
gigabytes on these files; the guard's seconds are far above what the checks need and far below that.
"""

from __future__ import annotations

import io
import threading
import zipfile

import pytest

from chuhai.imports import values as v
from chuhai.imports.readers import ReadLimits, TableSource, UnreadableFile
from chuhai.imports.service import run_import

from .factories import xlsx_bytes

HANG_GUARD_S = 20


def _finishes(function, *args):
    """Runs function(*args) in a thread; fails the test if it has not finished within HANG_GUARD_S."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG_GUARD_S)
    assert not thread.is_alive(), "still running: the file ran away with the CPU"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _replace(xlsx: bytes, entries: dict[str, bytes], *, extra: int = 0) -> bytes:
    """The workbook with some entries' content replaced (or added), plus `extra` small junk entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, entries.get(info.filename, source.read(info.filename)))
        for name, content in entries.items():
            if name not in source.namelist():
                target.writestr(name, content)
        for number in range(extra):
            target.writestr(f"junk/{number}.xml", b"<x/>")
    return out.getvalue()


def _read_all(data: bytes, limits: ReadLimits | None = None) -> int:
    source = TableSource(io.BytesIO(data), "upload.xlsx", limits=limits)
    with source.open() as table:
        return sum(1 for _ in table.rows)


def _sheet(dimension: str, cells: str) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<dimension ref="' + dimension.encode() + b'"/><sheetData>' + cells.encode() + b"</sheetData></worksheet>")


GOOD = xlsx_bytes([["sku", "title"], ["A", "one"]])
SHEET = "xl/worksheets/sheet1.xml"


def test_a_zip_bomb_is_refused_before_parsing():
    """A sheet of 200 MB of whitespace squeezed into a few hundred KB: the compression ratio gives it away."""
    padding = b" " * (200 << 20)
    bomb = _replace(GOOD, {SHEET: _sheet("A1:B2", '<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c></row>')
                           .replace(b"<sheetData>", padding + b"<sheetData>")})
    assert len(bomb) < 2 << 20
    with pytest.raises(UnreadableFile) as refused:
        _finishes(_read_all, bomb)
    assert "compressed" in refused.value.reason


def test_too_much_uncompressed_content_or_too_many_entries_is_refused():
    with pytest.raises(UnreadableFile, match="uncompressed"):
        _read_all(GOOD, ReadLimits(max_uncompressed_bytes=1000))
    with pytest.raises(UnreadableFile, match="entries"):
        _read_all(_replace(GOOD, {}, extra=50), ReadLimits(max_zip_entries=40))


def test_a_huge_shared_string_table_is_refused_before_it_is_loaded():
    """openpyxl loads every shared string into memory even in read-only mode: 3 million strings (150 MB of
    Python objects) from a 130 KB file."""
    strings = b"<si><t>x</t></si>" * 3_000_000
    table = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main" count="3000000" uniqueCount="3000000">' + strings + b"</sst>")
    crafted = _replace(GOOD, {"xl/sharedStrings.xml": table})
    with pytest.raises(UnreadableFile, match="shared"):
        _finishes(_read_all, crafted, ReadLimits(max_compression_ratio=10_000, max_shared_strings_bytes=16 << 20))


def test_a_far_away_cell_is_refused_instead_of_filling_a_million_rows():
    """One cell at XFD1048576 and a dimension to match: the reader padded every row to 16,384 columns,
    17 billion empty cells."""
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c></row>'
             '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')
    crafted = _replace(GOOD, {SHEET: _sheet("A1:XFD1048576", cells)})
    with pytest.raises(UnreadableFile, match="columns"):
        _finishes(_read_all, crafted)


def test_a_far_away_row_without_a_dimension_stops_at_the_row_cap():
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c></row>'
             '<row r="999999999999"><c r="A999999999999" t="inlineStr"><is><t>x</t></is></c></row>')
    crafted = _replace(GOOD, {SHEET: _sheet("A1", cells).replace(b'<dimension ref="A1"/>', b"")})
    with pytest.raises(UnreadableFile, match="rows"):
        _finishes(_read_all, crafted, ReadLimits(max_rows=10_000))


def test_a_cell_longer_than_excel_allows_is_refused():
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "x" * 40_000 + "</t></is></c></row>")
    crafted = _replace(GOOD, {SHEET: _sheet("A1:A2", cells)})
    with pytest.raises(UnreadableFile, match="characters"):
        _read_all(crafted)


def test_a_hostile_file_is_a_problem_in_the_report_not_a_crash(session):
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c>'
             '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>')
    crafted = _replace(GOOD, {SHEET: _sheet("A1:XFD1", cells)})
    report = run_import(session, "products", io.BytesIO(crafted), filename="p.xlsx")
    assert not report.ok and report.errors[0].row == 0
    assert "columns" in report.errors[0].reason


def test_splitting_a_list_cell_is_linear_on_long_whitespace():
    """`\\s*[;,]\\s*` backtracks over every run of spaces from every starting point: minutes on 200,000 spaces."""
    spaces = " " * 200_000
    assert _finishes(v.split_list, "a" + spaces + "b, c") == ["a" + spaces + "b", "c"]
    with pytest.raises(v.BadValue):  # a name of 200,003 characters, found at once
        _finishes(v.certifications, "CE" + spaces + "x; ISO")
    assert _finishes(v.price_tiers, "100" + spaces + ":" + spaces + "12.5") == [(100, v.decimal("12.5"))]
    with pytest.raises(v.BadValue):
        _finishes(v.attributes, "colour" + spaces + "black")
    assert _finishes(v.split_list, " a ; b ,c、d") == ["a", "b", "c", "d"]
