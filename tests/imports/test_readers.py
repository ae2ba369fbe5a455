"""Reading CSV and XLSX: encodings, delimiters, and the row numbers a spreadsheet shows."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from chuhai.imports.readers import TableSource, UnreadableFile, cell_text

from .factories import csv_bytes, xlsx_bytes


def read(data: bytes, filename: str = "file.csv"):
    source = TableSource(io.BytesIO(data), filename)
    with source.open() as table:
        return table.header, list(table.rows), table


def test_csv_rows_are_numbered_as_the_spreadsheet_shows_them():
    data = b'sku,title\r\nA,"two\nlines"\r\n\r\nB,plain\r\n'

    header, rows, _table = read(data)

    assert header == ["sku", "title"]
    assert [(number, cells) for number, cells in rows if any(cells)] == [(2, ["A", "two\nlines"]), (4, ["B", "plain"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_detected(delimiter):
    header, rows, table = read(csv_bytes([["sku", "title", "price"], ["A", "x, y", "1.5"]], delimiter=delimiter))

    assert table.delimiter == delimiter
    assert header == ["sku", "title", "price"]
    assert rows[0][1] == ["A", "x, y", "1.5"]


def test_a_bom_does_not_end_up_in_the_first_header():
    header, _rows, table = read("\ufeff货号,中文标题\nA,假发\n".encode())

    assert table.encoding == "utf-8-sig"
    assert header == ["货号", "中文标题"]


def test_gbk_is_detected_even_after_a_megabyte_of_ascii():
    ascii_rows = [["sku", "title"]] + [[f"SKU-{number}", "plain ascii title"] for number in range(60_000)]
    data = csv_bytes(ascii_rows) + "LAST,真人发假发\r\n".encode("gbk")
    assert len(data) > 1 << 20

    _header, rows, table = read(data)

    assert table.encoding == "gb18030"
    assert rows[-1] == (60_002, ["LAST", "真人发假发"])


def test_xlsx_rows_keep_their_numbers_across_blank_rows_and_cells_become_text():
    data = xlsx_bytes([["sku", "moq", "price", "date"], ["A", 10, 12.5, datetime(2026, 3, 1)], [], ["B", 1.0, 3, None]])

    header, rows, table = read(data, "products.xlsx")

    assert table.file_type == "xlsx"
    assert header == ["sku", "moq", "price", "date"]
    assert [(number, cells) for number, cells in rows if any(cells)] == [
        (2, ["A", "10", "12.5", "2026-03-01"]),
        (4, ["B", "1", "3", None]),
    ]


def test_a_file_object_is_read_twice_even_when_it_cannot_seek():
    class Stream(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer) -> int:
            chunk = self._inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    source = TableSource(Stream(b"sku\nA\nB\n"), "s.csv")
    for _ in range(2):
        with source.open() as table:
            assert [cells for _number, cells in table.rows] == [["A"], ["B"]]
    source.close()


def test_old_excel_files_are_refused_with_advice():
    with pytest.raises(UnreadableFile, match=r"save the sheet as .xlsx or .csv"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls")


@pytest.mark.parametrize(("value", "text"), [
    (None, None), ("  ", None), (" A ", "A"), (12.0, "12"), (0.1, "0.1"), (7, "7"), (True, "true"),
    (date(2026, 1, 2), "2026-01-02"), (datetime(2026, 1, 2, 13, 30), "2026-01-02T13:30:00"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text
