"""The `chuhai plan landed-cost` contract as an engine: a request dict in, ranked options with advice out.

`parse_request` validates the INPUT (an InputError names the offending field), `evaluate` costs each
option (`cost`), advises on it (`advice`) and ranks them. The OUT JSON, with its words rendered from
the catalogs, is `chuhai.planning.contracts`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chuhai.markets import names
from chuhai.planning.engine.advice import advise
from chuhai.planning.engine.cost import Option, OptionResult, Sku, evaluate_option
from chuhai.planning.engine.overrides import parse_overrides
from chuhai.planning.engine.reference import InputError, load_reference, to_decimal


def evaluate(data: Any, today: dt.date | None = None) -> list[OptionResult]:
    """All options of a request, best margin first (ties: shorter transit, then id)."""
    sku, options = parse_request(data, today)
    results = []
    for i, option in enumerate(options):
        try:
            results.append(evaluate_option(sku, option))
        except InputError as exc:
            field_name = f"options[{i}].{exc.field}" if not exc.field.startswith("options") else exc.field
            raise InputError(field_name, exc.message) from None
    for result in results:
        result.advice = advise(sku, result)
    results.sort(key=lambda r: (-r.margin_cny, r.transit_days[1], r.option.id))
    return results


# ---------------------------------------------------------------- input


def parse_request(data: Any, today: dt.date | None = None) -> tuple[Sku, list[Option]]:
    """Validate the contract's INPUT; raises InputError naming the offending field."""
    if not isinstance(data, dict):
        raise InputError("$", "expected a JSON object with 'sku' and 'options'")
    sku = _parse_sku(data.get("sku"))
    global_overrides = parse_overrides(data.get("overrides"), "overrides")
    default_date = (
        _parse_date(data.get("ship_date"), "ship_date") if data.get("ship_date") else (today or dt.date.today())
    )
    options_raw = data.get("options")
    if not isinstance(options_raw, list) or not options_raw:
        raise InputError("options", "expected a non-empty list")
    seen: set[str] = set()
    options = [_parse_option(raw, f"options[{i}]", seen, global_overrides, default_date)
               for i, raw in enumerate(options_raw)]
    return sku, options


def _parse_sku(sku_raw: Any) -> Sku:
    if not isinstance(sku_raw, dict):
        raise InputError("sku", "missing or not an object")
    numbers = {}
    for key in ("unit_cost_cny", "weight_kg", "length_cm", "width_cm", "height_cm"):
        if key not in sku_raw:
            raise InputError(f"sku.{key}", "missing")
        numbers[key] = to_decimal(sku_raw[key], f"sku.{key}")
        if numbers[key] < 0 or (key != "unit_cost_cny" and numbers[key] == 0):
            raise InputError(f"sku.{key}", f"must be positive, got {sku_raw[key]!r}")
    hs_code = str(sku_raw.get("hs_code", "")).replace(".", "").strip()
    if not (hs_code.isdigit() and len(hs_code) >= 6):
        raise InputError("sku.hs_code", f"expected at least 6 digits, got {sku_raw.get('hs_code')!r}")
    return Sku(hs_code=hs_code[:6], **numbers)


def _parse_option(
    raw: Any, where: str, seen: set[str], global_overrides: dict[str, Any], default_date: dt.date
) -> Option:
    """One option of the request; `seen` collects the ids so far (an id may appear once)."""
    ref = load_reference()
    if not isinstance(raw, dict):
        raise InputError(where, "expected an object")
    for key in ("id", "destination", "channel", "route", "customs_mode", "selling_price", "currency"):
        if raw.get(key) in (None, ""):
            raise InputError(f"{where}.{key}", "missing")
    option_id = str(raw["id"])
    if option_id in seen:
        raise InputError(f"{where}.id", f"duplicate id {option_id!r}")
    seen.add(option_id)
    destination = _known(str(raw["destination"]), ref["countries"]["countries"], f"{where}.destination",
                         names.country_code(str(raw["destination"])))
    channel = _known(str(raw["channel"]), ref["platforms"]["channels"], f"{where}.channel",
                     names.channel_code(str(raw["channel"])))
    route = _known(str(raw["route"]), ref["routes"]["routes"], f"{where}.route",
                   names.lookup(str(raw["route"]), ref["routes"]["routes"], names.ROUTE_ALIASES))
    lanes = ref["routes"]["routes"][route]["lanes"]
    if destination not in lanes:
        raise InputError(
            f"{where}.route", f"route {route!r} does not serve {destination} (it serves {', '.join(sorted(lanes))})"
        )
    mode = _known(str(raw["customs_mode"]), ref["customs_modes"]["modes"], f"{where}.customs_mode",
                  names.customs_mode_code(str(raw["customs_mode"])))
    price = to_decimal(raw["selling_price"], f"{where}.selling_price")
    if price <= 0:
        raise InputError(f"{where}.selling_price", f"must be positive, got {raw['selling_price']!r}")
    overrides = {**global_overrides, **parse_overrides(raw.get("overrides"), f"{where}.overrides")}
    currency = str(raw["currency"]).upper()
    if currency not in ref["fx"]["rates"] and currency not in overrides.get("fx", {}):
        raise InputError(f"{where}.currency", f"no FX rate for {currency!r}; give one in overrides.fx")
    units_per_parcel = raw.get("units_per_parcel", 1)
    if not isinstance(units_per_parcel, int) or isinstance(units_per_parcel, bool) or units_per_parcel < 1:
        raise InputError(f"{where}.units_per_parcel", f"expected a positive integer, got {units_per_parcel!r}")
    ship_date = _parse_date(raw["ship_date"], f"{where}.ship_date") if raw.get("ship_date") else default_date
    origin = str(raw.get("origin", "CN")).upper()
    return Option(option_id, destination, channel, route, mode, price, currency, ship_date, origin,
                  units_per_parcel, overrides)


def _known(value: str, table: dict, field_name: str, candidate: str | None = None) -> str:
    """The key of `table` that `value` names as a user writes it (`chuhai.markets.names`: case, spaces,
    punctuation; `candidate`, the code a name resolved to, e.g. "UK" → GB, "TikTok Shop" → tiktok_shop)."""
    for option in (candidate, names.lookup(value, table)):
        if option is not None and option in table:
            return option
    raise InputError(field_name, f"unknown value {value!r} (known: {', '.join(sorted(table))})")


def _parse_date(value: Any, field_name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(field_name, f"expected YYYY-MM-DD, got {value!r}") from None
