"""Reading and validating the batch contract's input files: ORDERS.csv, DEMANDS.jsonl and FX.csv.

Every problem is reported as a `RowError` naming the file, the line (1 = the CSV header or the
first JSONL line) and the column. Without `skip_bad_rows` the first problem raises `InputError`;
with it, bad rows are left out and returned so the report can count and list them. A file-level
problem (missing column, unreadable file) always raises.

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
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from chuhai.insight.fx import FxRate

ORDER_COLUMNS = ("order_date", "channel", "country", "product_id", "units", "unit_price", "currency")
OPTIONAL_ORDER_COLUMNS = ("category", "enterprise")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")
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
    columns: dict[str, list]
    has_category: bool
    has_enterprise: bool
    skipped: list[RowError] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.columns["units"])

    def to_arrow(self):
        import pyarrow as pa

        types = {
            "order_date": pa.date32(),
            "channel": pa.string(),
            "country": pa.string(),
            "product_id": pa.string(),
            "units": pa.int64(),
            "unit_price": pa.float64(),
            "currency": pa.string(),
            "category": pa.string(),
            "enterprise": pa.string(),
        }
        return pa.table({name: pa.array(values, types[name]) for name, values in self.columns.items()})


@dataclass
class Demands:
    rows: list[dict]
    skipped: list[RowError] = field(default_factory=list)


def _known_countries() -> frozenset[str]:
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


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


def _parse_order(raw: dict, countries: frozenset[str]) -> tuple[dict, str | None, str | None]:
    """Returns (values, bad column, message); values is partial when a column is bad."""
    values: dict = {}
    text = (raw.get("order_date") or "").strip()
    if not _DATE.fullmatch(text):
        return values, "order_date", f"expected a date YYYY-MM-DD, got {text!r}"
    try:
        values["order_date"] = dt.date.fromisoformat(text)
    except ValueError:
        return values, "order_date", f"not a valid calendar date: {text!r}"
    for name in ("channel", "product_id"):
        text = (raw.get(name) or "").strip()
        if not text:
            return values, name, "must not be empty"
        values[name] = text
    text = (raw.get("country") or "").strip().upper()
    if text not in countries:
        return values, "country", f"expected an ISO 3166 alpha-2 country code, got {raw.get('country')!r}"
    values["country"] = text
    text = (raw.get("units") or "").strip()
    if not _INTEGER.fullmatch(text) or int(text) < 0:
        return values, "units", f"expected a whole number of units >= 0, got {text!r}"
    values["units"] = int(text)
    text = (raw.get("unit_price") or "").strip()
    try:
        price = Decimal(text)
    except InvalidOperation:
        return values, "unit_price", f"expected a decimal number, got {text!r}"
    if not price.is_finite() or price < 0:
        return values, "unit_price", f"expected a price >= 0, got {text!r}"
    values["unit_price"] = float(price)
    text = (raw.get("currency") or "").strip()
    if not _CURRENCY.fullmatch(text):
        return values, "currency", f"expected a 3-letter ISO 4217 currency code, got {text!r}"
    values["currency"] = text.upper()
    return values, None, None


def read_orders(path: Path, known_currencies: set[str], skip_bad_rows: bool = False) -> Orders:
    countries = _known_countries()
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames
        _require_columns(path, header, ORDER_COLUMNS)
        has_category = "category" in header
        has_enterprise = "enterprise" in header
        names = list(ORDER_COLUMNS) + [n for n in OPTIONAL_ORDER_COLUMNS if n in header]
        columns: dict[str, list] = {name: [] for name in names}
        skipped: list[RowError] = []
        first_line_of_currency: dict[str, int] = {}
        try:
            for raw in reader:
                line = reader.line_num
                if None in raw:
                    _fail_or_skip(
                        RowError(str(path), line, header[-1], "more fields than the header has"),
                        skip_bad_rows, skipped,
                    )
                    continue
                values, bad_column, message = _parse_order(raw, countries)
                if bad_column is not None:
                    _fail_or_skip(RowError(str(path), line, bad_column, message), skip_bad_rows, skipped)
                    continue
                first_line_of_currency.setdefault(values["currency"], line)
                for name in ORDER_COLUMNS:
                    columns[name].append(values[name])
                if has_category:
                    columns["category"].append((raw.get("category") or "").strip() or None)
                if has_enterprise:
                    columns["enterprise"].append((raw.get("enterprise") or "").strip() or None)
        except csv.Error as exc:
            raise InputError(f"{path}, line {reader.line_num}: malformed CSV ({exc})") from exc
    unknown = sorted(set(first_line_of_currency) - known_currencies, key=first_line_of_currency.get)
    if unknown:
        listed = ", ".join(f"{code} (first on line {first_line_of_currency[code]})" for code in unknown)
        raise InputError(
            f"{path}, column 'currency': unknown currency {listed}; the FX table has no rate for it. "
            "Pass --fx FX.csv with a usd_rate for it."
        )
    return Orders(columns, has_category, has_enterprise, skipped)


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
    if not isinstance(country, str) or country.strip().upper() not in countries:
        return {}, "country", f"expected an ISO 3166 alpha-2 country code, got {country!r}"
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
        "country": country.strip().upper(),
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
