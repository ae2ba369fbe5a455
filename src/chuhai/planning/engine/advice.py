"""Advice beside the landed-cost numbers: stable codes with parameters, rendered in words at the edge.

The codes are the contract (pages and the contract's `zh`/`en` texts render them from the catalogs,
tests assert them). Each rule encodes a practice the seeds report or the customs-mode rules imply.
`CODES` names every code with its parameters; an advice may add optional sentences (`extras`,
rendered after the main one).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chuhai.planning.engine.cost import OptionResult, Sku, evaluate_option, freight_quote, in_force
from chuhai.planning.engine.reference import InputError, load_reference

CENTRAL_ASIA_RUSSIA = ("KZ", "UZ", "RU")
EU_RAIL = ("DE", "PL", "NL", "FR", "IT", "ES")
LIGHT_HIGH_VALUE_ROUTES = ("sea", "rail", "tir")

# code -> its parameters (`route` is a route id, rendered as the route's name)
CODES: dict[str, tuple[str, ...]] = {
    "AIR_FOR_HIGH_VALUE_LIGHT": ("value_per_kg", "air_freight_cny", "freight_cny", "air_days", "days"),
    "SEA_FOR_BULKY": ("share_pct", "route", "freight_cny", "days"),
    "CENTRAL_ASIA_TIR_VS_RAIL": ("destination", "tir_cny", "tir_days", "rail_cny", "rail_days", "sea_cny"),
    "EUROPE_RAIL": ("destination", "rail_cny", "rail_days", "freight_cny", "days"),
    "REBATE_9610_FORGONE": ("forgone_cny",),
    "REBATE_9810": ("rebate_cny",),
    "RETURNS_1210": ("return_rate_pct", "loss_9610_pct", "loss_1210_pct"),
    "US_DE_MINIMIS_ENDED": ("ship_date",),
    "DE_MINIMIS_EDGE": ("rule", "value", "threshold", "currency"),
    "OVERSIZE_WAREHOUSE_RISK": ("retrieval_cny",),
    "NEGATIVE_MARGIN": ("margin_cny", "breakeven_price", "currency"),
}
EXTRAS = {"CENTRAL_ASIA_TIR_VS_RAIL": ("sea",), "NEGATIVE_MARGIN": ("breakeven",)}


@dataclass(frozen=True)
class Advice:
    code: str
    params: dict[str, Any]
    extras: tuple[str, ...] = field(default=())  # optional sentences that apply (EXTRAS[code])


def _money(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def route_alternatives(sku: Sku, destination: str, overrides: dict | None = None) -> list[dict[str, Any]]:
    """Freight per unit and transit for every route serving `destination`, cheapest first."""
    out = []
    for route_id, route in load_reference()["routes"]["routes"].items():
        if destination not in route["lanes"]:
            continue
        try:
            fx_only = {k: v for k, v in (overrides or {}).items() if k == "fx"}
            freight = freight_quote(sku, route_id, destination, fx_only).amount_cny
        except InputError:
            continue  # e.g. too heavy for a postal packet
        days = route["lanes"][destination]["transit_days"]
        out.append({"route": route_id, "freight_cny": _money(freight), "transit_days": days})
    return sorted(out, key=lambda r: r["freight_cny"])


def advise(sku: Sku, result: OptionResult) -> list[Advice]:
    """Every rule that applies to one option, in a fixed order: routes, rebate, returns, duty, stock, margin."""
    ref = load_reference()
    option = result.option
    alternatives = {a["route"]: a for a in route_alternatives(sku, option.destination, option.overrides)}
    out = _route_advice(sku, result, alternatives, ref)
    out += _rebate_and_returns_advice(result, ref)
    mode = ref["customs_modes"]["modes"][option.customs_mode]
    if option.destination == "US" and mode["shipment"] == "parcel" and option.origin in ("CN", "HK"):
        out.append(Advice("US_DE_MINIMIS_ENDED", {"ship_date": option.ship_date.isoformat()}))
    if mode["shipment"] == "parcel":
        out.extend(_de_minimis_edges(ref, result))
    if result.size_tier == "oversize" and result.component("warehouse_storage").amount_cny > 0:
        retrieval = _money(result.facts.get("retrieval_cost_per_unit_cny", Decimal(0)))
        out.append(Advice("OVERSIZE_WAREHOUSE_RISK", {"retrieval_cny": retrieval}))
    if result.margin_cny < 0:
        breakeven = _breakeven_price(sku, result)
        params = {
            "margin_cny": _money(result.margin_cny),
            "breakeven_price": _money(breakeven) if breakeven else None,
            "currency": option.currency,
        }
        out.append(Advice("NEGATIVE_MARGIN", params, ("breakeven",) if breakeven else ()))
    return out


def _route_advice(sku: Sku, result: OptionResult, alternatives: dict[str, dict], ref: dict) -> list[Advice]:
    """A faster, cheaper or steadier route than the option's, where the goods or the lane call for one."""
    option, out = result.option, []
    freight = result.component("international_freight").amount_cny
    density = sku.unit_cost_cny / max(result.chargeable_weight_kg, sku.weight_kg, sku.volume_cm3 / 6000)
    threshold = Decimal(ref["defaults"]["high_value_density_cny_per_kg"]["value"])
    price = result.selling_price_cny
    if option.route in LIGHT_HIGH_VALUE_ROUTES and density >= threshold and "air" in alternatives:
        air = alternatives["air"]
        out.append(Advice("AIR_FOR_HIGH_VALUE_LIGHT", {
            "value_per_kg": _money(density), "air_freight_cny": air["freight_cny"], "freight_cny": _money(freight),
            "air_days": air["transit_days"][1], "days": result.transit_days[1]}))
    if option.route == "air" and price > 0 and freight / price > Decimal("0.15"):
        cheapest = next((a for a in alternatives.values() if a["route"] in LIGHT_HIGH_VALUE_ROUTES), None)
        if cheapest:
            out.append(Advice("SEA_FOR_BULKY", {
                "share_pct": _money(freight / price * 100), "route": cheapest["route"],
                "freight_cny": cheapest["freight_cny"], "days": cheapest["transit_days"][1]}))
    if option.destination in CENTRAL_ASIA_RUSSIA:
        lanes = {k: v for k, v in alternatives.items() if k in ("tir", "rail", "sea")}
        if "tir" in lanes and "rail" in lanes:
            params = {
                "destination": option.destination,
                "tir_cny": lanes["tir"]["freight_cny"],
                "tir_days": lanes["tir"]["transit_days"][1],
                "rail_cny": lanes["rail"]["freight_cny"],
                "rail_days": lanes["rail"]["transit_days"][1],
                "sea_cny": lanes["sea"]["freight_cny"] if "sea" in lanes else None,
            }
            out.append(Advice("CENTRAL_ASIA_TIR_VS_RAIL", params, ("sea",) if "sea" in lanes else ()))
    if option.destination in EU_RAIL and option.route in ("sea", "air") and "rail" in alternatives:
        rail = alternatives["rail"]
        out.append(Advice("EUROPE_RAIL", {
            "destination": option.destination, "rail_cny": rail["freight_cny"], "rail_days": rail["transit_days"][1],
            "freight_cny": _money(freight), "days": result.transit_days[1]}))
    return out


def _rebate_and_returns_advice(result: OptionResult, ref: dict) -> list[Advice]:
    option, out = result.option, []
    rebate = result.component("export_vat_rebate").amount_cny
    if option.customs_mode == "9610" and rebate == 0 and result.facts.get("rebate_forgone_cny"):
        out.append(Advice("REBATE_9610_FORGONE", {"forgone_cny": _money(result.facts["rebate_forgone_cny"])}))
    if option.customs_mode == "9810" and rebate < 0:
        out.append(Advice("REBATE_9810", {"rebate_cny": _money(-rebate)}))
    channel = ref["platforms"]["channels"][option.channel]
    if option.customs_mode == "9610" and Decimal(channel["return_rate"]) >= Decimal("0.06"):
        modes = ref["customs_modes"]["modes"]
        out.append(Advice("RETURNS_1210", {
            "return_rate_pct": _money(Decimal(channel["return_rate"]) * 100),
            "loss_9610_pct": _money(Decimal(modes["9610"]["return_loss_fraction"]) * 100),
            "loss_1210_pct": _money(Decimal(modes["1210"]["return_loss_fraction"]) * 100)}))
    return out


def _de_minimis_edges(ref: dict, result: OptionResult) -> list[Advice]:
    """Duty exemptions this parcel misses by less than 10% of the threshold."""
    option = result.option
    country = ref["countries"]["countries"][option.destination]
    value_cny = result.facts["fob_value_cny"] * option.units_per_parcel
    out = []
    for rule in country.get("de_minimis", []):
        relevant = (
            rule["applies_to"] in ("duty", "both")
            and rule["effect"] == "exempt"
            and option.customs_mode in rule["modes"]
        )
        if not relevant or rule["id"] in result.facts["de_minimis"] or not in_force(rule, option):
            continue
        value = value_cny / Decimal(ref["fx"]["rates"][rule["currency"]]["cny_per_unit"])
        limit = Decimal(rule["threshold"])
        if limit < value <= limit * Decimal("1.10"):
            params = {
                "rule": rule["id"],
                "value": _money(value),
                "threshold": _money(limit),
                "currency": rule["currency"],
            }
            out.append(Advice("DE_MINIMIS_EDGE", params))
    return out


def _breakeven_price(sku: Sku, result: OptionResult) -> Decimal | None:
    """Price (option currency) at which margin is zero, from two evaluations (cost is affine in price)."""
    option = result.option
    p1, p2 = option.selling_price, option.selling_price * 2
    r2 = evaluate_option(sku, dataclasses.replace(option, selling_price=p2))
    m1, m2 = result.margin_cny, r2.margin_cny
    if m2 == m1:
        return None
    price = p1 - m1 * (p2 - p1) / (m2 - m1)
    return price if price > 0 else None
