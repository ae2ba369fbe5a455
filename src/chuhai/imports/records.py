"""Rows → records: parse each mapped cell, then the checks and conversions that span several cells.

Pure: no database. A record holds the values of the model's columns that the file provides (a
column the file lacks is never touched on update), the references the service must resolve
(enterprise credit code, buyer key, belt, SKU).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chuhai.imports import values as v
from chuhai.imports.columns import HeaderMap
from chuhai.imports.report import ImportProblem, RowError

# What an empty cell in a present column means for a column the database needs a value in.
DEFAULTS: dict[str, dict[str, Any]] = {
    "enterprises": {"kind": "manufacturer", "capabilities": [], "export_markets": [], "export_channels": [],
                    "certifications": []},
    "products": {"moq": 1, "attributes": {}, "certifications": []},
    "buyers": {"language": "en"},
    "demands": {"currency": "USD", "status": "open", "required_certifications": [], "verified_only": False},
    "order_lines": {},
}

# Amazon's fulfilment channel says where the goods left from: Amazon's own (overseas) warehouses
# were stocked under 9810; a merchant shipping each parcel from China uses 9610 direct mail.
AMAZON_CUSTOMS_MODE = {"amazon": "9810", "afn": "9810", "merchant": "9610", "mfn": "9610"}
_CANCELLED = {"cancelled", "canceled"}
_MISSING = object()
_MEMO_SIZE = 4096
_IMMUTABLE = (str, int, Decimal, date, tuple)


@dataclass(slots=True)
class Record:
    row: int
    fields: dict[str, Any]  # model column → value
    refs: dict[str, Any] = field(default_factory=dict)  # enterprise, buyer, belt, sku…
    extra: dict[str, Any] = field(default_factory=dict)  # price tiers, certifications


@dataclass(slots=True)
class ParsedRow:
    row: int
    record: Record | None
    errors: list[RowError]
    ignored: str | None = None  # why a row carries no record (a cancelled order)


class RowBuilder:
    def __init__(self, header_map: HeaderMap) -> None:
        self.header_map = header_map
        self.kind = header_map.layout.kind
        self.format = header_map.layout.format
        # Dates, countries, SKUs and prices repeat down a column: parse each distinct text once.
        self._cells = [
            (column.name, header_map.index[column.name], column.parse, column.required, {})
            for column in header_map.layout.columns
            if column.name in header_map.index
        ]
        self._finish = getattr(self, f"_{self.kind}")
        self._labels = {
            column.name: self.label(column.name) for column in header_map.layout.columns
        }

    def label(self, name: str) -> str:
        """The column as the user's file names it (what they will look for in the sheet)."""
        position = self.header_map.index.get(name)
        return name if position is None else self.header_map.header[position].strip()

    def error(self, row: int, name: str, problem: ImportProblem) -> RowError:
        return RowError.of(row, self._labels.get(name, name), problem, name)

    def rows(self, numbered: Iterator[tuple[int, list[str | None]]]) -> Iterator[ParsedRow]:
        for row, cells in numbered:
            if not any(cells):
                continue
            yield self.build(row, cells)

    def build(self, row: int, cells: list[str | None]) -> ParsedRow:
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        width = len(cells)
        for name, position, parse, required, memo in self._cells:
            raw = cells[position] if position < width else None
            if raw is None:
                if required:
                    errors.append(self.error(row, name, ImportProblem("is required")))
                values[name] = None
                continue
            value = memo.get(raw, _MISSING)
            if value is _MISSING:
                try:
                    value = parse(raw)
                except v.BadValue as exc:
                    errors.append(self.error(row, name, exc))
                    continue
                if len(memo) < _MEMO_SIZE and isinstance(value, _IMMUTABLE):
                    memo[raw] = value
            values[name] = value
        if errors:
            return ParsedRow(row, None, errors)
        return self._finish(row, values)

    def _fill(self, values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
        defaults = DEFAULTS[self.kind]
        return {
            name: (defaults.get(name) if values[name] is None else values[name])
            for name in names
            if name in values
        }

    def _enterprises(self, row: int, values: dict[str, Any]) -> ParsedRow:
        fields = self._fill(values, (
            "credit_code", "name_zh", "name_en", "kind", "capabilities", "monthly_capacity", "export_markets",
            "export_channels", "website", "description_zh", "description_en", "contact_name", "contact_phone",
            "contact_email",
        ))
        record = Record(row, fields)
        if "belt" in values:
            record.refs["belt"] = values["belt"]
        if "certifications" in values:
            record.extra["certifications"] = values["certifications"] or []
        return ParsedRow(row, record, [])

    def _products(self, row: int, values: dict[str, Any]) -> ParsedRow:
        errors = []
        if not values.get("title_zh") and not values.get("title_en"):
            errors.append(self.error(row, "title_zh" if "title_zh" in values else "title_en",
                                     ImportProblem("a Chinese or English title is required")))
        fields = self._fill(values, (
            "sku", "title_zh", "title_en", "description", "category", "hs_code", "attributes", "certifications",
            "moq", "weight_kg", "length_cm", "width_cm", "height_cm", "lead_time_days",
        ))
        if values.get("dimensions_cm"):
            for name, size in zip(("length_cm", "width_cm", "height_cm"), values["dimensions_cm"], strict=True):
                if fields.get(name) is None:
                    fields[name] = size
        elif "dimensions_cm" in values:
            for name in ("length_cm", "width_cm", "height_cm"):
                fields.setdefault(name, None)
        record = Record(row, fields, refs={"enterprise": values.get("enterprise")})
        if "price" in values or "price_tiers" in values:
            tiers = dict(values.get("price_tiers") or [])
            if values.get("price") is not None:
                tiers.setdefault(fields.get("moq") or 1, values["price"])
            currency = values.get("currency")
            if tiers and not currency:
                errors.append(self.error(row, "currency", ImportProblem("a currency is required with a price")))
            record.extra["tiers"] = sorted((minimum, price, currency) for minimum, price in tiers.items())
        if errors:
            return ParsedRow(row, None, errors)
        return ParsedRow(row, record, [])

    def _buyers(self, row: int, values: dict[str, Any]) -> ParsedRow:
        fields = self._fill(values, (
            "key", "company", "country", "kind", "language", "website", "contact_name", "contact_email",
            "contact_phone",
        ))
        return ParsedRow(row, Record(row, fields), [])

    def _demands(self, row: int, values: dict[str, Any]) -> ParsedRow:
        fields = self._fill(values, (
            "ref", "text", "language", "category", "quantity", "target_price", "currency", "destination_country",
            "required_certifications", "verified_only", "deadline", "status",
        ))
        return ParsedRow(row, Record(row, fields, refs={"buyer": values.get("buyer")}), [])

    def _order_lines(self, row: int, values: dict[str, Any]) -> ParsedRow:
        if self.format == "amazon":
            statuses = {str(values.get(name) or "").casefold() for name in ("order_status", "item_status")}
            if statuses & _CANCELLED:
                return ParsedRow(row, None, [], ignored="cancelled order")
            if values.get("line_total") is None and "pending" in statuses:
                return ParsedRow(row, None, [], ignored="pending order without a price yet")
            if str(values.get("marketplace") or "").casefold() == "non-amazon":
                # Multi-channel fulfilment: another channel's sale shipped from Amazon's warehouse;
                # it belongs to (and is imported with) that channel's own export.
                return ParsedRow(row, None, [], ignored="not an Amazon sale (multi-channel fulfilment)")
            errors = [self.error(row, name, ImportProblem("is required"))
                      for name in ("line_total", "currency", "country") if values.get(name) is None]
            if values["units"] == 0:
                errors.append(self.error(row, "units",
                                         ImportProblem("quantity is 0 on an order that is not cancelled")))
            if errors:
                return ParsedRow(row, None, errors)
        units = values["units"]
        unit_price = values.get("unit_price")
        if unit_price is None:
            if values.get("line_total") is None:
                name = "unit_price" if "unit_price" in values else "line_total"
                problem = ImportProblem("a unit price or a line total is required")
                return ParsedRow(row, None, [self.error(row, name, problem)])
            unit_price = (values["line_total"] / units).quantize(v.MONEY_SCALE, rounding=ROUND_HALF_UP)
        customs_mode = values.get("customs_mode")
        if customs_mode is None and self.format == "amazon":
            customs_mode = AMAZON_CUSTOMS_MODE.get(str(values.get("fulfillment") or "").casefold())
        channel = "amazon" if self.format == "amazon" else values["channel"]
        line_ref = f"{values['order_id']}/{values.get('line') or values['sku']}"
        fields = {
            "source": self.format,
            "order_date": values["order_date"],
            "channel": channel,
            "country": values["country"],
            "units": units,
            "unit_price": Decimal(unit_price),
            "currency": values["currency"],
            "customs_mode": customs_mode,
        }
        if "notes" in values:
            fields["notes"] = values["notes"]
        record = Record(row, fields, refs={"enterprise": values.get("enterprise"), "sku": values["sku"],
                                           "line_ref": line_ref})
        return ParsedRow(row, record, [])
