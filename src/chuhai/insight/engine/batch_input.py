"""Reading and validating the batch contract's input files: ORDERS.csv, DEMANDS.jsonl and FX.csv.

Every problem is reported as a `RowError` naming the file, the line (1 = the CSV header or the
first JSONL line) and the column. ORDERS.csv is checked in blocks of rows with pyarrow, column by
column, so that ten million lines take seconds rather than minutes; its lines are CSV records (a
quoted value that spans several physical lines counts as one). Without `skip_bad_rows` the first
problem raises `InputError`; with it, bad rows are left out and returned so the report can count
and list them. A file-level problem (missing column, unreadable file) always raises.

An order's currency must be in the FX table; a well-formed code that the table lacks raises
`InputError` even with `skip_bad_rows`, because dropping those rows would silently understate
revenue.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
import pyarrow.parquet as pq
import pycountry

from chuhai.insight.engine.fx import FxRate
from chuhai.markets import names

ORDER_COLUMNS = ("order_date", "channel", "country", "product_id", "units", "unit_price", "currency")
OPTIONAL_ORDER_COLUMNS = ("category", "enterprise")

_CURRENCY = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, column '{self.column}': {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "error": self.message}


class InputError(Exception):
    """Input that cannot be turned into a report; the message names file, line and column."""


@dataclass
class Orders:
    """The valid order lines (order_date date32, units int64, unit_price float64, the rest strings):
    a pyarrow table, or the Parquet file they were written to (`read_orders(spill_to=...)`); and the
    rows left out under `skip_bad_rows`."""

    table: object | None  # pyarrow.Table, None when spilled
    has_category: bool
    has_enterprise: bool
    skipped: list[RowError] = field(default_factory=list)
    parquet: Path | None = None
    rows: int = 0

    def __len__(self) -> int:
        return self.rows

    def source(self):
        """What `chuhai.insight.engine.backends.open_tables` takes as orders: the table or the Parquet path."""
        return self.parquet if self.parquet is not None else self.table


@dataclass
class Demands:
    rows: list[dict]
    skipped: list[RowError] = field(default_factory=list)


def _known_countries() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def _country_resolver(countries: frozenset[str]) -> Callable[[str], str | None]:
    def resolve(value: str) -> str | None:
        code = names.country_code(value)
        return code if code in countries else None
    return resolve


def _channel(value: str) -> str:
    """A known channel's code ("Amazon", "TikTok Shop" → amazon, tiktok_shop); any other channel as written
    (the report groups by it: eBay or a local marketplace is a channel too)."""
    return names.channel_code(value) or value


def _named(column: pa.Array, resolve: Callable[[str], str | None]) -> tuple[pa.Array, np.ndarray]:
    """`column`'s names resolved to codes (once per distinct value) and which of them resolved; an
    unresolved value stays as it was (the caller reports it)."""
    encoded = pc.dictionary_encode(column)
    written = encoded.dictionary.to_pylist()
    codes = [resolve(value) for value in written]
    known = np.array([code is not None for code in codes], dtype=bool)
    resolved = pa.array([code if code is not None else value for code, value in zip(codes, written, strict=True)],
                        pa.string())
    indices = encoded.indices
    if not len(indices):
        return pa.array([], pa.string()), np.zeros(0, bool)
    return resolved.take(indices), known[indices.to_numpy(zero_copy_only=False)]


def _fail_or_skip(error: RowError, skip_bad_rows: bool, skipped: list[RowError]) -> None:
    if not skip_bad_rows:
        raise InputError(str(error))
    skipped.append(error)


def _open_text(path: Path):
    try:
        return path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc


def _require_columns(path: Path, header: list[str] | None, required: tuple[str, ...]) -> None:
    if header is None:
        raise InputError(f"{path}, line 1: the file is empty; expected a header with {', '.join(required)}")
    missing = [name for name in required if name not in header]
    if missing:
        raise InputError(f"{path}, line 1: missing column(s) {', '.join(missing)}")


class _StructuralErrors(Exception):
    """The threaded CSV parser met a row with the wrong number of fields; it cannot say where."""


BATCH_BYTES = 1 << 23  # pyarrow parses the file in blocks of this size


def _read_header(path: Path) -> list[str]:
    with _open_text(path) as handle:
        try:
            header = next(csv.reader(handle), None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path}, line 1: cannot read the header ({exc})") from exc
    return [name.strip() for name in header] if header is not None else None


def read_orders(path: Path, known_currencies: set[str], skip_bad_rows: bool = False,
                progress: Callable[[int], None] | None = None, spill_to: Path | None = None) -> Orders:
    """ORDERS.csv, parsed and checked column by column on whole blocks of rows (pyarrow), so that
    millions of lines take seconds. Lines are CSV records counted from the header (line 1); a
    quoted value spanning several physical lines counts once. With `spill_to`, the checked rows go
    to that Parquet file block by block instead of memory, so a file of any size fits (the caller
    removes the file)."""
    header = _read_header(path)
    _require_columns(path, header, ORDER_COLUMNS)
    try:
        return _read_order_blocks(path, header, known_currencies, skip_bad_rows, True, progress, spill_to)
    except _StructuralErrors:
        # Only the single-threaded parser numbers the records it rejects.
        return _read_order_blocks(path, header, known_currencies, skip_bad_rows, False, progress, spill_to)


def _read_order_blocks(path: Path, header: list[str], known_currencies: set[str], skip_bad_rows: bool,
                       use_threads: bool, progress: Callable[[int], None] | None,
                       spill_to: Path | None) -> Orders:
    blocks = _OrderBlocks(path, header, known_currencies, skip_bad_rows, progress)
    names = [f"c{i}" for i in range(len(header))]
    reader_options = dict(
        read_options=pv.ReadOptions(column_names=names, skip_rows=1, block_size=BATCH_BYTES,
                                    use_threads=use_threads, encoding="utf8"),
        parse_options=pv.ParseOptions(delimiter=",", quote_char='"', double_quote=True, escape_char=False,
                                      newlines_in_values=True, ignore_empty_lines=False,
                                      invalid_row_handler=blocks.wrong_field_count),
        convert_options=pv.ConvertOptions(column_types={name: pa.string() for name in names},
                                          strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    schema = _order_schema(blocks.has_category, blocks.has_enterprise)
    writer = pq.ParquetWriter(str(spill_to), schema) if spill_to is not None else None
    try:
        blocks.read(pv.open_csv(str(path), **reader_options), writer)
    except pa.ArrowInvalid as exc:
        raise InputError(f"{path}: malformed CSV ({exc})") from exc
    finally:
        if writer is not None:
            writer.close()
    if blocks.first_line_of_currency:
        listed = ", ".join(f"{code} (first on line {line})"
                           for code, line in sorted(blocks.first_line_of_currency.items(), key=lambda item: item[1]))
        raise InputError(
            f"{path}, column 'currency': unknown currency {listed}; the FX table has no rate for it. "
            "Pass --fx FX.csv with a usd_rate for it."
        )
    skipped = sorted(blocks.skipped, key=lambda error: error.line)
    if spill_to is not None:
        return Orders(None, blocks.has_category, blocks.has_enterprise, skipped, parquet=spill_to, rows=blocks.kept)
    return Orders(pa.Table.from_batches(blocks.kept_blocks, schema=schema), blocks.has_category,
                  blocks.has_enterprise, skipped, rows=blocks.kept)


class _OrderBlocks:
    """One pass over ORDERS.csv's blocks: each block checked (on a worker thread, while the reader
    parses the next) and taken in file order, its errors numbered by line, its valid rows kept (in
    memory or written to Parquet); the rows the parser rejected for their field count; and the first
    line of each currency the FX table lacks."""
    def __init__(self, path: Path, header: list[str], known_currencies: set[str], skip_bad_rows: bool,
                 progress: Callable[[int], None] | None) -> None:
        self.path, self.header = path, header
        self.known_currencies, self.skip_bad_rows, self.progress = known_currencies, skip_bad_rows, progress
        self.country_codes = _known_countries()
        self.position = {name: header.index(name) for name in (*ORDER_COLUMNS, *OPTIONAL_ORDER_COLUMNS)
                         if name in header}
        self.has_category, self.has_enterprise = "category" in self.position, "enterprise" in self.position
        self.rejected: list[RowError] = []  # rows with the wrong number of fields, in file order: not in the blocks
        self.unnumbered = False
        self.kept_blocks: list = []
        self.kept = 0
        self.skipped: list[RowError] = []
        self.first_line_of_currency: dict[str, int] = {}
        self.rows_before = 0  # well-formed records before the current block
        self.reported_rejects = 0
        self.writer = None

    def wrong_field_count(self, row) -> str:
        """pyarrow's invalid_row_handler: the row is recorded and skipped."""
        if row.number is None:  # an exception raised here would come back as a parse error
            self.unnumbered = True
            return "skip"
        if row.actual_columns > row.expected_columns:
            column, message = self.header[-1], "more fields than the header has"
        else:
            column, message = self.header[row.actual_columns], "fewer fields than the header has"
        self.rejected.append(RowError(str(self.path), row.number, column, message))
        return "skip"

    def read(self, reader, writer) -> None:
        """Every block of `reader`; raises _StructuralErrors when the parser could not number a reject."""
        self.writer = writer
        # Checking a block overlaps with parsing the next one (both release the GIL): one worker
        # keeps the blocks in file order, which the line numbers need.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="orders-check") as pool:
            pending = None
            for batch in reader:
                if self.unnumbered:
                    raise _StructuralErrors
                ahead = pool.submit(self.check, batch)
                if pending is not None:
                    self.take(*pending.result())
                pending = ahead
            if pending is not None:
                self.take(*pending.result())
        if self.unnumbered:
            raise _StructuralErrors
        trailing = self.rejected[self.reported_rejects:]
        if trailing and not self.skip_bad_rows:
            raise InputError(str(trailing[0]))
        self.skipped.extend(trailing)

    def check(self, batch):  # runs on the worker thread, while the reader parses the next block
        columns = {name: batch.column(self.position[name]) for name in self.position}
        # A blank line arrives as a row of empty fields: no order, no error, but it keeps its line.
        block, valid, errors = _check_order_block(columns, self.country_codes, _blank_rows(batch))
        return batch.num_rows, block, valid, errors, _first_offsets(block.column("currency"), self.known_currencies)

    def take(self, num_rows, block, valid, errors, unknown_currencies) -> None:
        """The checked block in file order: its errors numbered, its rows kept."""
        outside = [error.line for error in self.rejected]
        lines = _record_lines(self.rows_before, [row for row, _, _ in errors], outside)
        found = [RowError(str(self.path), line, column, message)
                 for line, (_, column, message) in zip(lines, errors, strict=True)]
        # The parser may have read ahead: only rejects up to this block's last record belong here.
        last_line = _record_lines(self.rows_before, [num_rows - 1], outside)[0] if num_rows else 0
        while self.reported_rejects < len(self.rejected) and self.rejected[self.reported_rejects].line <= last_line:
            found.append(self.rejected[self.reported_rejects])
            self.reported_rejects += 1
        found.sort(key=lambda error: error.line)
        if found and not self.skip_bad_rows:
            raise InputError(str(found[0]))
        self.skipped.extend(found)
        for code, offset in unknown_currencies.items():
            if code not in self.first_line_of_currency:
                row = int(np.flatnonzero(valid)[offset])
                self.first_line_of_currency[code] = _record_lines(self.rows_before, [row], outside)[0]
        if self.writer is not None:
            self.writer.write_batch(block)
        else:
            self.kept_blocks.append(block)
        self.kept += block.num_rows
        self.rows_before += num_rows
        if self.progress is not None:
            self.progress(self.rows_before + len(self.rejected))


def _record_lines(rows_before: int, rows: list[int], outside: list[int]) -> list[int]:
    """Record numbers (header = 1) of rows given by their index in the current block (ascending),
    counting the records left out of the blocks (`outside`, ascending) that precede them."""
    lines = []
    passed = 0
    for row in rows:
        line = 2 + rows_before + row + passed
        while passed < len(outside) and outside[passed] <= line:
            passed += 1
            line += 1
        lines.append(line)
    return lines


def _first_offsets(column, known: set[str]) -> dict[str, int]:
    """Where each value outside `known` first occurs in `column`."""
    unknown = [code for code in pc.unique(column).to_pylist() if code not in known]
    return {code: pc.index(column, code).as_py() for code in unknown}


def _order_schema(has_category: bool, has_enterprise: bool):
    fields = [("order_date", pa.date32()), ("channel", pa.string()), ("country", pa.string()),
              ("product_id", pa.string()), ("units", pa.int64()), ("unit_price", pa.float64()),
              ("currency", pa.string())]
    fields += [("category", pa.string())] if has_category else []
    fields += [("enterprise", pa.string())] if has_enterprise else []
    return pa.schema(fields)


def _blank_rows(batch) -> np.ndarray:
    """Rows whose every field is empty (blank lines). Only rows with an empty first field are
    looked at further: in a normal block there are none, and one comparison settles it."""
    candidates = pc.equal(batch.column(0), "")
    if not pc.any(candidates).as_py():
        return np.zeros(batch.num_rows, dtype=bool)
    blank = candidates.to_numpy(zero_copy_only=False)
    for column in batch.columns[1:]:
        blank &= pc.equal(column, "").to_numpy(zero_copy_only=False)
    return blank


def _check_order_block(columns: dict, countries: frozenset[str], blank: np.ndarray):
    """(the valid rows as a typed record batch, [(row, column, message)] for the others), each invalid
    row reported at its first bad column in the order order_date, channel, product_id, country,
    units, unit_price, currency. Whitespace around values is ignored (ASCII whitespace); `blank`
    rows (blank lines) are left out without an error. `columns` may hold category and enterprise."""
    clean = None if blank.any() else _clean_block(columns, countries)
    if clean is not None:
        return clean, np.ones(len(blank), dtype=bool), []
    return _checked_block(columns, countries, blank)


def _clean_block(columns: dict, countries: frozenset[str]):
    """The typed record batch when every row of the block is valid, else None (then `_checked_block`
    finds and names the bad rows). Typed casts replace the row-by-row patterns here; each is at
    least as strict as the pattern it stands for, so a block accepted here is one `_checked_block`
    would accept too, with the same values: Arrow's date cast takes exactly YYYY-MM-DD with a real
    day; its integer cast also takes hexadecimal (0x10) and more than 18 digits, and its float cast
    also takes inf and nan, which are turned away before the cast or by the range checks; none of
    the casts takes surrounding whitespace, so a value with spaces goes to the full check."""
    units_text = columns["units"]
    if (pc.max(pc.binary_length(units_text)).as_py() or 0) > 18 or \
            pc.any(pc.match_substring(units_text, "x", ignore_case=True)).as_py():
        return None
    try:
        dates = pc.cast(columns["order_date"], pa.date32())
        units = pc.cast(units_text, pa.int64())
        price = pc.cast(columns["unit_price"], pa.float64())
    except pa.ArrowInvalid:
        return None
    if len(units) and ((pc.min(units).as_py() < 0) or not pc.all(pc.is_finite(price)).as_py()
                       or pc.min(price).as_py() < 0):
        return None
    text = {name: pc.ascii_trim_whitespace(columns[name])
            for name in columns if name not in ("order_date", "units", "unit_price")}
    if pc.any(pc.equal(text["channel"], "")).as_py() or pc.any(pc.equal(text["product_id"], "")).as_py():
        return None
    country, known_country = _named(text["country"], _country_resolver(countries))
    if not known_country.all() or \
            not all(_CURRENCY.fullmatch(value) for value in pc.unique(text["currency"]).to_pylist()):
        return None
    channel, _ = _named(text["channel"], _channel)
    data = {"order_date": dates, "channel": channel, "country": country, "product_id": text["product_id"],
            "units": units, "unit_price": price, "currency": pc.ascii_upper(text["currency"])}
    for name in OPTIONAL_ORDER_COLUMNS:
        if name in text:
            data[name] = _empty_as_null(text[name])
    return pa.RecordBatch.from_pydict(data, schema=_order_schema("category" in text, "enterprise" in text))


def _empty_as_null(column):
    empty = pc.equal(column, "")
    if not pc.any(empty).as_py():  # the usual case, and if_else copies every string
        return column
    return pc.if_else(empty, pa.scalar(None, pa.string()), column)


def _checked_block(columns: dict, countries: frozenset[str], blank: np.ndarray):
    """`_check_order_block` row by row: each check on the whole column, each failure named."""
    text = {name: pc.ascii_trim_whitespace(columns[name]) for name in columns}
    date_shape = pc.match_substring_regex(text["order_date"], r"^\d{4}-\d{2}-\d{2}$")
    dates, calendar_date = _parse_dates(pc.if_else(date_shape, text["order_date"], "2000-01-01"))
    country, known_country = _named(text["country"], _country_resolver(countries))
    channel, _ = _named(text["channel"], _channel)
    units_text = text["units"]
    units_shape = pc.match_substring_regex(units_text, r"^[+-]?\d{1,18}$")
    if pc.any(pc.starts_with(units_text, "+")).as_py():
        units_text = pc.replace_substring_regex(units_text, r"^\+", "")
    units = pc.cast(pc.if_else(units_shape, units_text, "0"), pa.int64())
    price_shape = pc.match_substring_regex(text["unit_price"], r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
    price = pc.cast(pc.if_else(price_shape, text["unit_price"], "0"), pa.float64())

    def message_for(template):
        return lambda raw, clean: template.format(raw=raw, clean=clean)

    checks = [
        ("order_date", date_shape, message_for("expected a date YYYY-MM-DD, got {clean!r}")),
        ("order_date", calendar_date, message_for("not a valid calendar date: {clean!r}")),
        ("channel", pc.not_equal(text["channel"], ""), message_for("must not be empty")),
        ("product_id", pc.not_equal(text["product_id"], ""), message_for("must not be empty")),
        ("country", known_country,
         message_for("expected an ISO 3166 country (a code such as US or a name such as United Kingdom), got {raw!r}")),
        ("units", units_shape, message_for("expected a whole number of units >= 0, got {clean!r}")),
        ("units", pc.greater_equal(units, 0), message_for("expected a whole number of units >= 0, got {clean!r}")),
        ("unit_price", price_shape, message_for("expected a decimal number, got {clean!r}")),
        ("unit_price", pc.and_(pc.is_finite(price), pc.greater_equal(price, 0.0)),
         message_for("expected a price >= 0, got {clean!r}")),
        ("currency", pc.match_substring_regex(text["currency"], r"^[A-Za-z]{3}$"),
         message_for("expected a 3-letter ISO 4217 currency code, got {clean!r}")),
    ]
    valid = ~blank
    first_failure: dict[int, tuple[str, str]] = {}
    for column, passed, message in checks:
        passed = passed if isinstance(passed, np.ndarray) else passed.to_numpy(zero_copy_only=False)
        failed = np.flatnonzero(valid & ~passed)
        if len(failed):
            raw = columns[column].take(failed).to_pylist()
            clean = text[column].take(failed).to_pylist()
            for row, raw_value, clean_value in zip(failed.tolist(), raw, clean, strict=True):
                first_failure[row] = (column, message(raw_value, clean_value))
            valid[failed] = False
    errors = [(row, *first_failure[row]) for row in sorted(first_failure)]
    data = {"order_date": dates, "channel": channel, "country": country, "product_id": text["product_id"],
            "units": units, "unit_price": price, "currency": pc.ascii_upper(text["currency"])}
    for name in OPTIONAL_ORDER_COLUMNS:
        if name in text:
            data[name] = _empty_as_null(text[name])
    block = pa.RecordBatch.from_pydict(data, schema=_order_schema("category" in text, "enterprise" in text))
    if not valid.all():
        block = block.filter(pa.array(valid))
    return block, valid, errors


def _parse_dates(text):
    """(date32 values, whether each is a real calendar date) for strings shaped YYYY-MM-DD."""
    try:  # the common case: every date is real, and the strict cast is fast
        return pc.cast(text, pa.date32()), np.ones(len(text), dtype=bool)
    except pa.ArrowInvalid:
        pass
    # strptime rolls 2025-02-30 over to 2 March: a real date keeps the day it was written with.
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    written_day = pc.cast(pc.utf8_slice_codeunits(text, 8, 10), pa.int64())
    real = pc.fill_null(pc.equal(pc.day(parsed), written_day), False)
    dates = pc.cast(pc.if_else(real, parsed, pa.scalar(0, pa.timestamp("s"))), pa.date32())
    return dates, real.to_numpy(zero_copy_only=False)


def read_fx(path: Path) -> list[FxRate]:
    """FX.csv: `currency,usd_rate` (US dollars per unit), optionally `valid_from` for dated rates."""
    rates: list[FxRate] = []
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        _require_columns(path, reader.fieldnames, ("currency", "usd_rate"))
        dated = "valid_from" in reader.fieldnames
        for raw in reader:
            line = reader.line_num
            code = (raw.get("currency") or "").strip()
            if not _CURRENCY.fullmatch(code):
                raise InputError(str(RowError(str(path), line, "currency", f"expected ISO 4217, got {code!r}")))
            text = (raw.get("usd_rate") or "").strip()
            try:
                rate = float(Decimal(text))
            except InvalidOperation:
                rate = math.nan
            if not math.isfinite(rate) or rate <= 0:
                raise InputError(str(RowError(str(path), line, "usd_rate", f"expected a rate > 0, got {text!r}")))
            valid_from = dt.date(1900, 1, 1)
            if dated and (raw.get("valid_from") or "").strip():
                text = raw["valid_from"].strip()
                try:
                    valid_from = dt.date.fromisoformat(text)
                except ValueError:
                    raise InputError(
                        str(RowError(str(path), line, "valid_from", f"expected YYYY-MM-DD, got {text!r}"))
                    ) from None
            rates.append(FxRate(code.upper(), valid_from, rate))
    if not rates:
        raise InputError(f"{path}: no rates")
    return rates


def _parse_demand(raw: object, countries: frozenset[str]) -> tuple[dict, str | None, str | None]:
    if not isinstance(raw, dict):
        return {}, "(line)", "expected a JSON object"
    text_fields = {}
    for name in ("category", "product", "text"):
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            return {}, name, f"expected a string or null, got {value!r}"
        text_fields[name] = value.strip() if value and value.strip() else None
    country = raw.get("country", raw.get("destination_country"))
    code = _country_resolver(countries)(country) if isinstance(country, str) else None
    if code is None:
        return {}, "country", f"expected an ISO 3166 country (a code such as US or a name), got {country!r}"
    quantity = raw.get("quantity")
    if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, (int, float))
                                 or quantity < 0):
        return {}, "quantity", f"expected a number >= 0, got {quantity!r}"
    matched = raw.get("matched")
    if matched is not None and not isinstance(matched, bool):
        return {}, "matched", f"expected true or false, got {matched!r}"
    demand_id = raw.get("demand_id", raw.get("id", raw.get("ref")))
    return {
        "demand_id": None if demand_id is None else str(demand_id),
        **text_fields,
        "country": code,
        "quantity": quantity,
        "matched": matched,
    }, None, None


def read_demands(path: Path, skip_bad_rows: bool = False) -> Demands:
    """DEMANDS.jsonl: one object per line with `country` (alpha-2, or `destination_country`) and
    optionally `demand_id` (or `id`, `ref`), `category`, `product`, `text`, `quantity` and `matched`
    (true/false). Blank lines are ignored."""
    countries = _known_countries()
    rows: list[dict] = []
    skipped: list[RowError] = []
    with _open_text(path) as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as exc:
                _fail_or_skip(RowError(str(path), line, "(line)", f"not valid JSON ({exc.msg})"),
                              skip_bad_rows, skipped)
                continue
            values, bad_field, message = _parse_demand(raw, countries)
            if bad_field is not None:
                _fail_or_skip(RowError(str(path), line, bad_field, message), skip_bad_rows, skipped)
                continue
            rows.append(values)
    return Demands(rows, skipped)
