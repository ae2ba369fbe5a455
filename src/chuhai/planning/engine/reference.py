"""Reference data for export planning: versioned JSON files shipped in `planning/reference/`.

Every figure there carries a `source` and an `as_of` date. The engines read the data through
`load_reference()` and never mutate it: one run's changes come in as `overrides`.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

REFERENCE_FILES = ("fx", "countries", "routes", "customs_modes", "platforms", "rebates", "defaults")


class InputError(ValueError):
    """Bad input for a planning engine; `field` names where it is (e.g. `options[1].destination`)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@lru_cache(maxsize=1)
def load_reference() -> dict[str, Any]:
    root = resources.files("chuhai.planning") / "reference"
    return {name: json.loads((root / f"{name}.json").read_text(encoding="utf-8")) for name in REFERENCE_FILES}


def reference_versions() -> dict[str, str]:
    return {name: data.get("version", "") for name, data in load_reference().items()}


def to_decimal(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise InputError(field, f"expected a number, got {value!r}")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InputError(field, f"expected a number, got {value!r}") from None
    if not number.is_finite():
        raise InputError(field, f"expected a finite number, got {value!r}")
    return number


def by_hs_prefix(table: dict[str, Any], hs_code: str, default: Any) -> tuple[Any, str]:
    """The entry for the longest HS prefix (6, 4 or 2 digits) of `hs_code`, and the key that matched."""
    for length in (6, 4, 2):
        key = hs_code[:length]
        if len(key) == length and key in table:
            return table[key], key
    return default, "default"


def cny_per_unit(currency: str, fx_overrides: dict[str, Decimal] | None = None) -> Decimal:
    if fx_overrides and currency in fx_overrides:
        return fx_overrides[currency]
    rates = load_reference()["fx"]["rates"]
    if currency not in rates:
        raise KeyError(currency)
    return Decimal(rates[currency]["cny_per_unit"])
