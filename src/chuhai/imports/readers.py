"""Stream the rows of a CSV or XLSX file, numbered as the spreadsheet shows them (header = row 1).

A source is read twice by an import (validate everything, then write), so `TableSource` can be
opened repeatedly; a non-seekable stream is first spooled to a temporary file. Nothing here holds
more than one row in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, BinaryIO

from chuhai.imports.report import ImportProblem

DELIMITERS = (",", ";", "\t", "|")
_BLOCK = 1 << 20
_XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, SyntaxError)


@dataclass(frozen=True)
class ReadLimits:
    """What a file may ask of the server. A crafted workbook of a few KB could otherwise cost gigabytes of
    memory (a zip bomb, a table of millions of shared strings, which openpyxl loads whole even in read-only
    mode) or hours of CPU (one cell at XFD1048576 made every row 16,384 cells wide). The zip is checked
    before openpyxl opens it; rows and columns as they are read. Legitimate sheets compress about 15:1."""

    max_zip_entries: int = 1000
    max_uncompressed_bytes: int = 1 << 30
    max_compression_ratio: int = 100  # for entries over 1 MiB unpacked
    max_shared_strings_bytes: int = 64 << 20
    max_rows: int = 1_048_576  # Excel's own maximum
    max_columns: int = 500
    max_cell_chars: int = 32_767  # Excel's own maximum


_RATIO_FROM_BYTES = 1 << 20


class UnreadableFile(ImportProblem):
    """The file is not a table we can read; the message says why and what to do."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str | None]]]  # (spreadsheet row number, cell texts)
    file_type: str
    encoding: str | None = None
    delimiter: str | None = None


def cell_text(value: object) -> str | None:
    """A cell as the text the user typed; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel stores every number as a float: 12.0 is what the user typed as 12.
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() or None


def detect_file_type(filename: str, head: bytes) -> str:
    suffix = Path(filename).suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile("old Excel .xls files are not supported: save the sheet as .xlsx or .csv")
    if suffix in {".xlsx", ".xlsm"} or head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if suffix == ".xls":
        raise UnreadableFile("old Excel .xls files are not supported: save the sheet as .xlsx or .csv")
    return "csv"


def detect_encoding(stream: BinaryIO) -> str:
    """utf-8-sig, utf-8, or gb18030 (the superset of GBK that Chinese Excel saves CSV in).

    The whole file is checked, not a sample: a file can be ASCII for 500,000 rows and then have
    one GBK-encoded name.
    """
    stream.seek(0)
    head = stream.read(3)
    if head == codecs.BOM_UTF8:
        return "utf-8-sig"
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while block := stream.read(_BLOCK):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"
    finally:
        stream.seek(0)


def detect_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _first_line(text: io.TextIOBase) -> str:
    sample = text.read(64 * 1024)
    for line in sample.splitlines():
        if line.strip():
            return line
    return ""


def _numbered(rows: Iterator[list]) -> Iterator[tuple[int, list]]:
    return iter(enumerate(rows, start=1))


def _split_header(numbered: Iterator[tuple[int, list[str | None]]]) -> tuple[list[str], Iterator]:
    for _number, cells in numbered:
        if any(cells):
            return [cell or "" for cell in cells], numbered
    return [], iter(())


def _csv_rows(text: IO[str], delimiter: str) -> Iterator[list[str | None]]:
    for record in csv.reader(text, delimiter=delimiter):
        yield [cell.strip() or None for cell in record]


def _xlsx_rows(sheet, limits: ReadLimits) -> Iterator[list[str | None]]:
    """The sheet's rows (padded to its declared width, which is checked first), up to the row, column and
    cell-length limits; a damaged sheet is an UnreadableFile. A blank row is [] (the gaps of a sparse sheet
    cost nothing)."""
    if (sheet.max_column or 0) > limits.max_columns or (sheet.max_row or 0) > limits.max_rows:
        raise UnreadableFile("the sheet declares %(rows)s rows and %(columns)s columns; at most %(max_rows)s rows "
                             "and %(max_columns)s columns can be imported", rows=sheet.max_row,
                             columns=sheet.max_column, max_rows=limits.max_rows, max_columns=limits.max_columns)
    rows = sheet.iter_rows(min_row=1, values_only=True)
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except _XLSX_ERRORS as exc:
            raise UnreadableFile("the sheet is damaged near row %(row)s (%(error)s)", row=number + 1,
                                 error=str(exc)[:200]) from exc
        number += 1
        if number > limits.max_rows:
            raise UnreadableFile("the sheet has more than %(max_rows)s rows", max_rows=limits.max_rows)
        if not any(value is not None for value in values):
            yield []
            continue
        if len(values) > limits.max_columns:
            raise UnreadableFile("row %(row)s has %(columns)s columns; at most %(max_columns)s can be imported",
                                 row=number, columns=len(values), max_columns=limits.max_columns)
        cells = [cell_text(value) for value in values]
        for cell in cells:
            if cell is not None and len(cell) > limits.max_cell_chars:
                raise UnreadableFile("row %(row)s has a cell of %(length)s characters; at most %(max_chars)s fit",
                                     row=number, length=len(cell), max_chars=limits.max_cell_chars)
        yield cells


def check_zip(binary: BinaryIO, limits: ReadLimits) -> None:
    """Refuses a workbook whose zip would unpack into too much (in total, per shared-string table, or at a
    compression ratio no spreadsheet has) or that has too many entries, from the zip's directory alone.
    The sizes it declares are binding: zipfile stops at the declared size and fails the CRC beyond it."""
    try:
        with zipfile.ZipFile(binary) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile("not a readable .xlsx workbook (%(error)s)", error=str(exc)) from exc
    finally:
        binary.seek(0)
    if len(entries) > limits.max_zip_entries:
        raise UnreadableFile("the workbook has %(entries)s entries; at most %(max_entries)s are accepted",
                             entries=len(entries), max_entries=limits.max_zip_entries)
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        raise UnreadableFile("the workbook unpacks to %(size)s MB uncompressed; at most %(max_size)s MB are "
                             "accepted (save large data as CSV)", size=total >> 20,
                             max_size=limits.max_uncompressed_bytes >> 20)
    for entry in entries:
        if entry.filename.lower().endswith("sharedstrings.xml") and entry.file_size > limits.max_shared_strings_bytes:
            raise UnreadableFile("the workbook's shared strings unpack to %(size)s MB; at most %(max_size)s MB are "
                                 "accepted (save large data as CSV)", size=entry.file_size >> 20,
                                 max_size=limits.max_shared_strings_bytes >> 20)
        if (entry.file_size > _RATIO_FROM_BYTES
                and entry.file_size > limits.max_compression_ratio * max(entry.compress_size, 1)):
            raise UnreadableFile("the workbook entry %(entry)s is compressed %(ratio)s to 1, beyond what a "
                                 "spreadsheet needs; it is refused", entry=entry.filename[:100],
                                 ratio=entry.file_size // max(entry.compress_size, 1))


class TableSource:
    """A path or a binary file object that can be opened as a table as often as needed."""

    def __init__(self, source: str | Path | BinaryIO, filename: str | None = None,
                 limits: ReadLimits | None = None) -> None:
        self._spool: IO[bytes] | None = None
        self.limits = limits or ReadLimits()
        if isinstance(source, str | Path):
            self._path: Path | None = Path(source)
            self._stream: BinaryIO | None = None
            self.filename = filename or self._path.name
        else:
            self._path = None
            self.filename = filename or Path(str(getattr(source, "name", "") or "upload")).name
            if source.seekable():
                self._stream = source
            else:
                self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
                shutil.copyfileobj(source, self._spool)
                self._stream = self._spool  # type: ignore[assignment]
        self._encoding: str | None = None

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    @contextmanager
    def _binary(self) -> Iterator[BinaryIO]:
        if self._path is not None:
            try:
                with self._path.open("rb") as handle:
                    yield handle
            except FileNotFoundError as exc:
                raise UnreadableFile("no such file: %(path)s", path=str(self._path)) from exc
        else:
            assert self._stream is not None
            self._stream.seek(0)
            yield self._stream

    @contextmanager
    def open(self) -> Iterator[Table]:
        with self._binary() as binary:
            head = binary.read(8)
            binary.seek(0)
            file_type = detect_file_type(self.filename, head)
            if file_type == "xlsx":
                with self._open_xlsx(binary) as table:
                    yield table
            else:
                with self._open_csv(binary) as table:
                    yield table

    @contextmanager
    def _open_csv(self, binary: BinaryIO) -> Iterator[Table]:
        if self._encoding is None:
            self._encoding = detect_encoding(binary)
        text = io.TextIOWrapper(binary, encoding=self._encoding, newline="")
        try:
            delimiter = detect_delimiter(_first_line(text))
            text.seek(0)
            header, rows = _split_header(_numbered(_csv_rows(text, delimiter)))
            yield Table(header, rows, "csv", encoding=self._encoding, delimiter=delimiter)
        finally:
            # The caller owns the underlying stream; only the path handle is closed by _binary.
            text.detach()

    @contextmanager
    def _open_xlsx(self, binary: BinaryIO) -> Iterator[Table]:
        from openpyxl import load_workbook  # deferred: a heavy dependency, loaded only for .xlsx files

        check_zip(binary, self.limits)
        try:
            workbook = load_workbook(binary, read_only=True, data_only=True)
        except _XLSX_ERRORS as exc:
            raise UnreadableFile("not a readable .xlsx workbook (%(error)s)", error=str(exc)[:200]) from exc
        try:
            sheet = workbook.active or workbook.worksheets[0]
            header, rows = _split_header(_numbered(_xlsx_rows(sheet, self.limits)))
            yield Table(header, rows, "xlsx")
        finally:
            workbook.close()
