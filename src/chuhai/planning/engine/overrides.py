"""The override keys a landed-cost run accepts: each replaces one reference value for that run only.

Overrides may be given for the whole request (`overrides`) and per option (`options[i].overrides`,
which win). Unknown keys are refused so that a typo cannot silently leave a reference value in place.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chuhai.planning.engine.reference import InputError, to_decimal

# key -> (kind, what it replaces)
OVERRIDE_KEYS: dict[str, tuple[str, str]] = {
    "fx": ("fx", 'CNY per one unit of a currency, e.g. {"USD": "7.15"} (fx.json)'),
    "domestic_logistics_cny_per_kg": ("rate", "factory-to-port trucking per kg (routes.json domestic_logistics)"),
    "domestic_logistics_cny_per_cbm": ("rate", "factory-to-port trucking per CBM (routes.json domestic_logistics)"),
    "freight_rate_cny_per_kg": (
        "rate",
        "international freight per chargeable kg on kg-based routes (air, express, postal)",
    ),
    "freight_rate_cny_per_cbm": ("rate", "international freight per freight tonne (W/M) on sea, rail and TIR"),
    "volumetric_divisor": ("positive", "cm3 per kg for volumetric weight (air 6000, express 5000)"),
    "kg_per_cbm": ("positive", "W/M ratio: kg counted as one CBM (sea 1000, rail/TIR 333)"),
    "insurance_rate": ("rate", "cargo insurance premium rate on 110% of (FOB + freight)"),
    "declared_value_cny": ("rate", "declared export (FOB) value per unit, instead of the customs mode's rule"),
    "customs_value_basis": ("basis", '"CIF" or "FOB": the destination\'s customs value basis'),
    "duty_rate": ("rate", "ad valorem import duty rate (replaces the HS lookup and any specific duty)"),
    "additional_duty_rate": (
        "rate",
        "total additional duty on the origin (replaces the dated measures, e.g. US 301/122)",
    ),
    "vat_rate": ("rate", "import VAT/GST rate of the destination"),
    "apply_de_minimis": ("bool", "false ignores every de minimis rule (e.g. a consolidated B2C shipment)"),
    "commission_rate": ("rate", "platform commission / referral fee rate on the selling price"),
    "fulfilment_fee_cny": ("rate", "fulfilment fee per unit (platform or overseas-warehouse pick, pack, deliver)"),
    "payment_fee_rate": ("rate", "payment processing rate on the selling price"),
    "fx_fee_rate": ("rate", "collection and currency conversion rate on the selling price"),
    "marketing_rate": ("rate", "marketing as a share of product cost (default 10%)"),
    "return_rate": ("rate", "share of units returned"),
    "return_loss_fraction": ("rate", "share of a returned unit's landed goods cost that is lost"),
    "storage_cny_per_cbm_month": ("rate", "overseas-warehouse storage per CBM per month"),
    "storage_months": ("rate", "months a unit spends in the overseas warehouse on average"),
    "retrieval_cny_per_unit": ("rate", "cost to retrieve (remove) one unit from the overseas warehouse"),
    "slow_mover_share": ("rate", "share of units expected to be retrieved unsold"),
    "rebate_rate": ("rate", "export VAT rebate rate (replaces the HS lookup)"),
    "domestic_vat_rate": ("rate", "Chinese VAT rate included in unit_cost_cny (13%)"),
    "rebate_documents": ("bool", "whether the export declaration and VAT invoices for the rebate exist"),
}


def parse_overrides(raw: Any, field: str) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError(field, "expected an object of override keys")
    parsed: dict[str, Any] = {}
    for key, value in raw.items():
        where = f"{field}.{key}"
        if key not in OVERRIDE_KEYS:
            raise InputError(where, f"unknown override key (known: {', '.join(sorted(OVERRIDE_KEYS))})")
        kind = OVERRIDE_KEYS[key][0]
        if kind == "bool":
            if not isinstance(value, bool):
                raise InputError(where, f"expected true or false, got {value!r}")
            parsed[key] = value
        elif kind == "basis":
            if value not in ("CIF", "FOB"):
                raise InputError(where, f'expected "CIF" or "FOB", got {value!r}')
            parsed[key] = value
        elif kind == "fx":
            if not isinstance(value, dict):
                raise InputError(where, "expected an object {currency: CNY per unit}")
            parsed[key] = {str(cur).upper(): _positive(rate, f"{where}.{cur}") for cur, rate in value.items()}
        elif kind == "positive":
            parsed[key] = _positive(value, where)
        else:
            number = to_decimal(value, where)
            if number < 0:
                raise InputError(where, f"must not be negative, got {value!r}")
            parsed[key] = number
    return parsed


def _positive(value: Any, where: str) -> Decimal:
    number = to_decimal(value, where)
    if number <= 0:
        raise InputError(where, f"must be positive, got {value!r}")
    return number
