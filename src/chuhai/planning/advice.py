"""Advice in words beside the landed-cost numbers: stable codes with parameters and zh/en text.

The codes are the contract (pages translate them, tests assert them); the sentences are one
rendering of them. Each rule encodes a practice the seeds report or the customs-mode rules imply.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chuhai.planning.reference import InputError, load_reference

CENTRAL_ASIA_RUSSIA = ("KZ", "UZ", "RU")
EU_RAIL = ("DE", "PL", "NL", "FR", "IT", "ES")
LIGHT_HIGH_VALUE_ROUTES = ("sea", "rail", "tir")


TEXTS: dict[str, tuple[str, str]] = {
    "AIR_FOR_HIGH_VALUE_LIGHT": (
        "货值高、重量轻（约{value_per_kg}元/公斤）：空运每件运费{air_freight_cny}元（现{freight_cny}元），"
        "{air_days}天内到仓而非{days}天；假发、假睫毛、棒球帽等适合从机场保税区空运。",
        "High value, light weight (about {value_per_kg} CNY/kg): air costs {air_freight_cny} CNY a unit "
        "(now {freight_cny}) and arrives within {air_days} days instead of {days}; wigs, false eyelashes and caps "
        "suit air freight from the airport bonded zone.",
    ),
    "SEA_FOR_BULKY": (
        "空运运费占售价{share_pct}%：改走{route}每件{freight_cny}元，约{days}天。",
        "Air freight is {share_pct}% of the price: {route} costs {freight_cny} CNY a unit and takes about {days} days.",
    ),
    "CENTRAL_ASIA_TIR_VS_RAIL": (
        "发往{destination}：TIR公路每件{tir_cny}元、约{tir_days}天，比中欧班列（{rail_cny}元、约{rail_days}天）"
        "快一半；急单和高货值走TIR，大批量走班列。",
        "To {destination}: TIR road costs {tir_cny} CNY a unit in about {tir_days} days, half the time of "
        "China–Europe rail ({rail_cny} CNY, about {rail_days} days); use TIR for urgent or high-value goods, "
        "rail for volume.",
    ),
    "CENTRAL_ASIA_TIR_VS_RAIL+sea": (
        "海运（{sea_cny}元）最便宜但最慢。",
        "Sea ({sea_cny} CNY) is cheapest but slowest.",
    ),
    "EUROPE_RAIL": (
        "发往{destination}可走中欧班列：每件{rail_cny}元、约{rail_days}天（现方案{freight_cny}元、{days}天），"
        "介于海运与空运之间。",
        "China–Europe rail to {destination}: {rail_cny} CNY a unit in about {rail_days} days "
        "(now {freight_cny} CNY, {days} days), between sea and air.",
    ),
    "REBATE_9610_FORGONE": (
        "9610直邮清单申报无法退税，每件少退{forgone_cny}元；备货到海外仓走9810（或9710）并取得增值税发票即可退税。",
        "9610 parcels cleared by list get no export VAT rebate: {forgone_cny} CNY a unit forgone; shipping stock "
        "under 9810 (or 9710) with VAT invoices earns it.",
    ),
    "REBATE_9810": (
        "9810海外仓模式报关出口即可办理退税，每件退{rebate_cny}元；退货可回海外仓重新上架。",
        "9810 (export to an overseas warehouse) earns the export VAT rebate, {rebate_cny} CNY a unit, and returns "
        "go back into the warehouse for resale.",
    ),
    "RETURNS_1210": (
        "该渠道退货率约{return_rate_pct}%：9610直邮退货基本无法回收（损失约{loss_9610_pct}%），"
        "1210保税模式退货可复运入区（损失约{loss_1210_pct}%）。",
        "This channel returns about {return_rate_pct}% of units: 9610 parcels rarely come back (about "
        "{loss_9610_pct}% lost), under 1210 returns can re-enter the bonded zone (about {loss_1210_pct}% lost).",
    ),
    "US_DE_MINIMIS_ENDED": (
        "美国800美元免税额度已于2025年5月2日对中国和香港取消、8月29日对所有国家取消：每个包裹都要缴纳关税。",
        "The US USD 800 de minimis ended for China and Hong Kong on 2 May 2025 and for all countries on "
        "29 Aug 2025: every parcel pays duty.",
    ),
    "DE_MINIMIS_EDGE": (
        "包裹申报价值{value} {currency}，刚超过{threshold} {currency}的免税额度（{rule}）："
        "小幅调价或拆分包裹即可免关税。",
        "The parcel's value, {value} {currency}, is just over the {threshold} {currency} de minimis ({rule}): "
        "a small price change or a split parcel avoids the duty.",
    ),
    "OVERSIZE_WAREHOUSE_RISK": (
        "超大件放海外仓风险高：每件取回约{retrieval_cny}元（青岛家具企业两件滞销品货值16万元，仅取回就花了6万元）。"
        "先发30–50件试销，卖得动再补货，并发展分销商分担库存。",
        "Oversized goods are costly to store and to pull out: about {retrieval_cny} CNY a unit to retrieve "
        "(a Qingdao furniture maker paid 60,000 CNY to retrieve two slow items worth 160,000 CNY). Send a "
        "30–50 unit test batch, restock only what sells, and let distributors carry stock.",
    ),
    "NEGATIVE_MARGIN": (
        "该方案每件亏损{margin_cny}元：换渠道、路线或针对价格敏感市场重新定价（如滑梯屋在印尼重新定价）。",
        "This option loses {margin_cny} CNY a unit: change channel or route, or reprice for a price-sensitive "
        "market (as the slide-house maker did in Indonesia).",
    ),
    "NEGATIVE_MARGIN+breakeven": (
        "保本售价约{breakeven_price} {currency}。",
        "Break-even price: about {breakeven_price} {currency}.",
    ),
}


def _money(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


ROUTE_WORDS = {
    "sea": ("海运", "sea freight"), "air": ("空运", "air freight"), "rail": ("中欧班列", "China–Europe rail"),
    "tir": ("TIR公路运输", "TIR road transport"), "express": ("国际快递", "express"), "postal": ("邮政小包", "postal"),
}


def _item(code: str, params: dict[str, Any], *extras: str) -> dict[str, Any]:
    """An advice entry; `extras` name optional sentences (TEXTS["CODE+extra"]) appended to the text.
    A `route` parameter keeps its id in `params` and reads as the route's name in each language."""
    zh, en = TEXTS[code]
    for extra in extras:
        more_zh, more_en = TEXTS[f"{code}+{extra}"]
        zh, en = zh + more_zh, en + " " + more_en
    route = params.get("route")
    route_zh, route_en = ROUTE_WORDS.get(route, (route, route))
    return {"code": code, "params": params, "zh": zh.format(**{**params, "route": route_zh}),
            "en": en.format(**{**params, "route": route_en})}


def route_alternatives(sku, destination: str, overrides: dict | None = None) -> list[dict[str, Any]]:
    """Freight per unit and transit for every route serving `destination`, cheapest first."""
    from chuhai.planning.cost import freight_quote

    out = []
    for route_id, route in load_reference()["routes"]["routes"].items():
        if destination not in route["lanes"]:
            continue
        try:
            fx_only = {k: v for k, v in (overrides or {}).items() if k == "fx"}
            freight, *_ = freight_quote(sku, route_id, destination, fx_only)
        except InputError:
            continue  # e.g. too heavy for a postal packet
        days = route["lanes"][destination]["transit_days"]
        out.append({"route": route_id, "freight_cny": _money(freight), "transit_days": days})
    return sorted(out, key=lambda r: r["freight_cny"])


def advise(sku, result, all_results) -> list[dict[str, Any]]:
    from chuhai.planning.cost import evaluate_option

    ref = load_reference()
    option = result.option
    out: list[dict[str, Any]] = []
    freight = result.component("international_freight").amount_cny
    density = sku.unit_cost_cny / max(result.chargeable_weight_kg, sku.weight_kg, sku.volume_cm3 / 6000)
    threshold = Decimal(ref["defaults"]["high_value_density_cny_per_kg"]["value"])
    alternatives = {a["route"]: a for a in route_alternatives(sku, option.destination, option.overrides)}
    price = result.selling_price_cny

    if option.route in LIGHT_HIGH_VALUE_ROUTES and density >= threshold and "air" in alternatives:
        air = alternatives["air"]
        params = {
            "value_per_kg": _money(density),
            "air_freight_cny": air["freight_cny"],
            "freight_cny": _money(freight),
            "air_days": air["transit_days"][1],
            "days": result.transit_days[1],
        }
        out.append(_item("AIR_FOR_HIGH_VALUE_LIGHT", params))
    if option.route == "air" and price > 0 and freight / price > Decimal("0.15"):
        cheapest = next((a for a in alternatives.values() if a["route"] in LIGHT_HIGH_VALUE_ROUTES), None)
        if cheapest:
            params = {
                "share_pct": _money(freight / price * 100),
                "route": cheapest["route"],
                "freight_cny": cheapest["freight_cny"],
                "days": cheapest["transit_days"][1],
            }
            out.append(_item("SEA_FOR_BULKY", params))
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
            out.append(_item("CENTRAL_ASIA_TIR_VS_RAIL", params, *(["sea"] if "sea" in lanes else [])))
    if option.destination in EU_RAIL and option.route in ("sea", "air") and "rail" in alternatives:
        rail = alternatives["rail"]
        params = {
            "destination": option.destination,
            "rail_cny": rail["freight_cny"],
            "rail_days": rail["transit_days"][1],
            "freight_cny": _money(freight),
            "days": result.transit_days[1],
        }
        out.append(_item("EUROPE_RAIL", params))
    rebate = result.component("export_vat_rebate").amount_cny
    if option.customs_mode == "9610" and rebate == 0 and result.facts.get("rebate_forgone_cny"):
        out.append(_item("REBATE_9610_FORGONE", {"forgone_cny": _money(result.facts["rebate_forgone_cny"])}))
    if option.customs_mode == "9810" and rebate < 0:
        out.append(_item("REBATE_9810", {"rebate_cny": _money(-rebate)}))
    channel = ref["platforms"]["channels"][option.channel]
    if option.customs_mode == "9610" and Decimal(channel["return_rate"]) >= Decimal("0.06"):
        modes = ref["customs_modes"]["modes"]
        params = {
            "return_rate_pct": _money(Decimal(channel["return_rate"]) * 100),
            "loss_9610_pct": _money(Decimal(modes["9610"]["return_loss_fraction"]) * 100),
            "loss_1210_pct": _money(Decimal(modes["1210"]["return_loss_fraction"]) * 100),
        }
        out.append(_item("RETURNS_1210", params))
    mode = ref["customs_modes"]["modes"][option.customs_mode]
    if option.destination == "US" and mode["shipment"] == "parcel" and option.origin in ("CN", "HK"):
        out.append(_item("US_DE_MINIMIS_ENDED", {"ship_date": option.ship_date.isoformat()}))
    if mode["shipment"] == "parcel":
        out.extend(_de_minimis_edges(ref, result))
    if result.size_tier == "oversize" and result.component("warehouse_storage").amount_cny > 0:
        retrieval = _money(result.facts.get("retrieval_cost_per_unit_cny", Decimal(0)))
        out.append(_item("OVERSIZE_WAREHOUSE_RISK", {"retrieval_cny": retrieval}))
    if result.margin_cny < 0:
        breakeven = _breakeven_price(sku, result, evaluate_option)
        params = {
            "margin_cny": _money(result.margin_cny),
            "breakeven_price": _money(breakeven) if breakeven else None,
            "currency": option.currency,
        }
        out.append(_item("NEGATIVE_MARGIN", params, *(["breakeven"] if breakeven else [])))
    return out


def _de_minimis_edges(ref: dict, result) -> list[dict[str, Any]]:
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
        if not relevant or rule["id"] in result.facts["de_minimis"] or not dt_in_force(rule, option):
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
            out.append(_item("DE_MINIMIS_EDGE", params))
    return out


def dt_in_force(rule: dict, option) -> bool:
    import datetime as dt

    start = dt.date.fromisoformat(rule["effective_from"])
    end = dt.date.fromisoformat(rule["effective_to"]) if rule.get("effective_to") else None
    except_from = rule.get("origin_except", {}).get(option.origin)
    if except_from and option.ship_date >= dt.date.fromisoformat(except_from):
        return False
    return start <= option.ship_date and (end is None or option.ship_date < end)


def _breakeven_price(sku, result, evaluate_option) -> Decimal | None:
    """Price (option currency) at which margin is zero, from two evaluations (cost is affine in price)."""
    option = result.option
    p1, p2 = option.selling_price, option.selling_price * 2
    r2 = evaluate_option(sku, dataclasses.replace(option, selling_price=p2))
    m1, m2 = result.margin_cny, r2.margin_cny
    if m2 == m1:
        return None
    price = p1 - m1 * (p2 - p1) / (m2 - m1)
    return price if price > 0 else None
