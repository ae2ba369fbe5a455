"""The batch contract's JSONL lines ↔ engine records, with errors that name file, line and field.

Catalog line: {"product_id", "enterprise_id", "title_zh", "title_en", "description", "category",
"hs_code", "price_usd", "moq", "lead_time_days", "certifications", "monthly_capacity", "verified"}
Demand line:  {"demand_id", "text", "quantity", "target_price_usd", "max_lead_time_days",
"required_certifications", "destination_country"} (+ optional "verified_only", an engine option)
Result line:  {"demand_id", "matches": [{"product_id", "score", "reasons": [str]}]} (the reasons' text
in English, rendered by the caller: `chuhai match batch` uses the platform's message catalog)

Nullable fields may be omitted (= null); lists default to [], `verified` to false. Unknown keys
are ignored. Numbers must be JSON numbers (not strings); integers must be integral.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from chuhai.markets import names
from chuhai.matching.engine.records import CatalogItem, DemandQuery, Match, Reason


class ContractError(ValueError):
    def __init__(self, path: str, line: int, field: str, message: str):
        self.path, self.line, self.field = path, line, field
        super().__init__(f"{path}:{line}: field '{field}': {message}")


class _Line:
    def __init__(self, obj: dict, path: str, number: int):
        self.obj, self.path, self.lineno = obj, path, number

    def fail(self, field: str, message: str):
        raise ContractError(self.path, self.lineno, field, message)

    def string(self, field: str, required: bool = False) -> str | None:
        value = self.obj.get(field)
        if value is None:
            if required:
                self.fail(field, "is required (a non-empty string)")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(field, f"must be a {'non-empty ' if required else ''}string or null, got {value!r}")
        return value

    def number(self, field: str) -> Decimal | None:
        value = self.obj.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.fail(field, f"must be a number or null, got {value!r}")
        if value < 0:
            self.fail(field, f"must not be negative, got {value!r}")
        return Decimal(str(value))

    def integer(self, field: str) -> int | None:
        value = self.obj.get(field)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, f"must be an integer or null, got {value!r}")
        if value < 0:
            self.fail(field, f"must not be negative, got {value!r}")
        return value

    def strings(self, field: str) -> tuple[str, ...]:
        value = self.obj.get(field)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(field, f"must be a list of strings, got {value!r}")
        return tuple(value)

    def boolean(self, field: str) -> bool:
        value = self.obj.get(field, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(field, f"must be true or false, got {value!r}")
        return value


def catalog_item(line: _Line) -> CatalogItem:
    return CatalogItem(
        product_id=line.string("product_id", required=True),  # type: ignore[arg-type]
        enterprise_id=line.string("enterprise_id", required=True),  # type: ignore[arg-type]
        title_zh=line.string("title_zh"),
        title_en=line.string("title_en"),
        description=line.string("description"),
        category=line.string("category"),
        hs_code=line.string("hs_code"),
        price_usd=line.number("price_usd"),
        moq=line.integer("moq"),
        lead_time_days=line.integer("lead_time_days"),
        certifications=line.strings("certifications"),
        monthly_capacity=line.integer("monthly_capacity"),
        verified=line.boolean("verified"),
    )


def demand_query(line: _Line) -> DemandQuery:
    text = line.obj.get("text")
    if not isinstance(text, str):
        line.fail("text", f"is required (a string), got {text!r}")
    country = line.string("destination_country")
    if country is not None:
        code = names.country_code(country)
        if code is None:
            line.fail("destination_country", f"must be an ISO 3166 country (a code such as US or a name) or null, "
                                             f"got {country!r}")
        country = code
    return DemandQuery(
        demand_id=line.string("demand_id", required=True),  # type: ignore[arg-type]
        text=text,
        quantity=line.integer("quantity"),
        target_price_usd=line.number("target_price_usd"),
        max_lead_time_days=line.integer("max_lead_time_days"),
        required_certifications=line.strings("required_certifications"),
        destination_country=country,
        verified_only=line.boolean("verified_only"),
    )


def _read(path: Path, parse: Callable[[_Line], Any]) -> Iterator[tuple[int, Any]]:
    name = str(path)
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115 (closed by the `with` below)
    except OSError as exc:
        raise ContractError(name, 0, "-", f"cannot open: {exc.strerror}") from exc
    with fh:
        number = 0
        try:
            for number, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise ContractError(name, number, "-", f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
                if not isinstance(obj, dict):
                    raise ContractError(name, number, "-", "a line must be a JSON object")
                yield number, parse(_Line(obj, name, number))
        except UnicodeDecodeError as exc:
            raise ContractError(name, number + 1, "-", "not valid UTF-8") from exc


def read_catalog(path: Path) -> list[CatalogItem]:
    items, seen = [], {}
    for number, item in _read(path, catalog_item):
        if item.product_id in seen:
            first = seen[item.product_id]
            message = f"duplicate {item.product_id!r} (first on line {first})"
            raise ContractError(str(path), number, "product_id", message)
        seen[item.product_id] = number
        items.append(item)
    return items


def read_demands(path: Path) -> list[DemandQuery]:
    return [demand for _, demand in _read(path, demand_query)]


def result_line(demand: DemandQuery, matches: list[Match], reason_text: Callable[[Reason], str]) -> dict:
    """One result line; `reason_text` renders a reason (code + parameters) as the line's text."""
    return {
        "demand_id": demand.demand_id,
        "matches": [
            {"product_id": m.product_id, "score": m.score, "reasons": [reason_text(r) for r in m.reasons]}
            for m in matches
        ],
    }
