"""Landed cost and margin per unit for a SKU across market × channel × route × customs-mode options.

Pure engine: a request dict in (the `chuhai plan landed-cost` contract), results out. Every
component is named and carries its basis in words, in English (the contract's text) and in Chinese
(for the pages) with the same figures; all money is `Decimal` in CNY, rounded to fen
per component so that the components always add up to the landed cost shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chuhai.planning.overrides import parse_overrides
from chuhai.planning.reference import InputError, by_hs_prefix, load_reference, to_decimal

COMPONENTS = (
    "product_cost",
    "domestic_logistics",
    "international_freight",
    "insurance",
    "import_duty",
    "additional_duty",
    "import_vat",
    "platform_commission",
    "fulfilment_fee",
    "marketing",
    "returns_allowance",
    "warehouse_storage",
    "warehouse_retrieval",
    "payment_fee",
    "fx_fee",
    "export_vat_rebate",
)
FEN = Decimal("0.01")
TIER_ZH = {"standard": "标准尺寸", "large": "大件", "oversize": "超大件"}
ZERO = Decimal(0)


@dataclass(frozen=True)
class Sku:
    unit_cost_cny: Decimal
    weight_kg: Decimal
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    hs_code: str

    @property
    def volume_cm3(self) -> Decimal:
        return self.length_cm * self.width_cm * self.height_cm

    @property
    def volume_cbm(self) -> Decimal:
        return self.volume_cm3 / Decimal(1_000_000)


@dataclass(frozen=True)
class Option:
    id: str
    destination: str
    channel: str
    route: str
    customs_mode: str
    selling_price: Decimal
    currency: str
    ship_date: dt.date
    origin: str = "CN"
    units_per_parcel: int = 1
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Component:
    name: str
    amount_cny: Decimal
    basis: str
    basis_zh: str = ""


def basis_text(component: Component, zh: bool) -> str:
    """The component's basis in the reader's language (English where no Chinese was given)."""
    return component.basis_zh or component.basis if zh else component.basis


@dataclass
class OptionResult:
    option: Option
    components: list[Component]
    selling_price_cny: Decimal
    chargeable_weight_kg: Decimal
    freight_tonnes: Decimal
    size_tier: str
    transit_days: tuple[int, int]
    facts: dict[str, Any]
    advice: list[dict[str, Any]] = field(default_factory=list)

    @property
    def landed_cost_cny(self) -> Decimal:
        return sum((c.amount_cny for c in self.components), ZERO)

    @property
    def margin_cny(self) -> Decimal:
        return self.selling_price_cny - self.landed_cost_cny

    @property
    def margin_pct(self) -> Decimal:
        if self.selling_price_cny == 0:
            return ZERO
        return (self.margin_cny / self.selling_price_cny * 100).quantize(FEN, ROUND_HALF_UP)

    def component(self, name: str) -> Component:
        return next(c for c in self.components if c.name == name)


# ---------------------------------------------------------------- input


def parse_request(data: Any, today: dt.date | None = None) -> tuple[Sku, list[Option]]:
    """Validate the contract's INPUT; raises InputError naming the offending field."""
    ref = load_reference()
    if not isinstance(data, dict):
        raise InputError("$", "expected a JSON object with 'sku' and 'options'")
    sku_raw = data.get("sku")
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
    sku = Sku(hs_code=hs_code[:6], **numbers)

    global_overrides = parse_overrides(data.get("overrides"), "overrides")
    default_date = (
        _parse_date(data.get("ship_date"), "ship_date") if data.get("ship_date") else (today or dt.date.today())
    )
    options_raw = data.get("options")
    if not isinstance(options_raw, list) or not options_raw:
        raise InputError("options", "expected a non-empty list")
    options, seen = [], set()
    for i, raw in enumerate(options_raw):
        where = f"options[{i}]"
        if not isinstance(raw, dict):
            raise InputError(where, "expected an object")
        for key in ("id", "destination", "channel", "route", "customs_mode", "selling_price", "currency"):
            if raw.get(key) in (None, ""):
                raise InputError(f"{where}.{key}", "missing")
        option_id = str(raw["id"])
        if option_id in seen:
            raise InputError(f"{where}.id", f"duplicate id {option_id!r}")
        seen.add(option_id)
        destination = str(raw["destination"]).upper()
        _known(destination, ref["countries"]["countries"], f"{where}.destination")
        channel = str(raw["channel"])
        _known(channel, ref["platforms"]["channels"], f"{where}.channel")
        route = str(raw["route"])
        _known(route, ref["routes"]["routes"], f"{where}.route")
        lanes = ref["routes"]["routes"][route]["lanes"]
        if destination not in lanes:
            raise InputError(
                f"{where}.route", f"route {route!r} does not serve {destination} (it serves {', '.join(sorted(lanes))})"
            )
        mode = str(raw["customs_mode"])
        _known(mode, ref["customs_modes"]["modes"], f"{where}.customs_mode")
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
        options.append(
            Option(
                option_id,
                destination,
                channel,
                route,
                mode,
                price,
                currency,
                ship_date,
                str(raw.get("origin", "CN")).upper(),
                units_per_parcel,
                overrides,
            )
        )
    return sku, options


def _known(value: str, table: dict, field_name: str) -> None:
    if value not in table:
        raise InputError(field_name, f"unknown value {value!r} (known: {', '.join(sorted(table))})")


def _parse_date(value: Any, field_name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(field_name, f"expected YYYY-MM-DD, got {value!r}") from None


# ---------------------------------------------------------------- engine


def size_tier(sku: Sku) -> str:
    tiers = load_reference()["platforms"]["size_tiers"]
    dims = sorted((sku.length_cm, sku.width_cm, sku.height_cm), reverse=True)
    if all(
        d <= Decimal(m) for d, m in zip(dims, tiers["standard"]["max_cm"], strict=True)
    ) and sku.weight_kg <= Decimal(tiers["standard"]["max_kg"]):
        return "standard"
    if dims[0] <= tiers["large"]["max_longest_cm"] and sku.weight_kg <= Decimal(tiers["large"]["max_kg"]):
        return "large"
    return "oversize"


def freight_quote(
    sku: Sku, route_id: str, destination: str, overrides: dict[str, Any] | None = None, units_per_parcel: int = 1
) -> tuple[Decimal, Decimal, Decimal, str]:
    """(freight per unit CNY, chargeable kg, freight tonnes, basis text, 中文依据) for one route lane."""
    overrides = overrides or {}
    route = load_reference()["routes"]["routes"][route_id]
    lane = route["lanes"][destination]
    if route["basis"] == "kg":
        rate = overrides.get("freight_rate_cny_per_kg", Decimal(lane["rate_cny_per_kg"]))
        divisor = overrides.get("volumetric_divisor", Decimal(route["divisor"]) if route.get("divisor") else None)
        volumetric = sku.volume_cm3 / divisor if divisor else ZERO
        chargeable = max(sku.weight_kg, volumetric, Decimal(route.get("min_kg", "0")))
        amount = chargeable * rate
        text = (
            f"chargeable weight {_fmt(chargeable, 3)} kg = max(actual {_fmt(sku.weight_kg, 3)} kg"
            + (
                f", volumetric {_fmt(sku.length_cm)}×{_fmt(sku.width_cm)}×{_fmt(sku.height_cm)} cm ÷ {_fmt(divisor)} "
                f"= {_fmt(volumetric, 3)} kg"
                if divisor
                else ""
            )
            + (f", minimum {route['min_kg']} kg" if route.get("min_kg") else "")
            + f") × {_fmt(rate)} CNY/kg ({route['name_en']}, {destination})"
        )
        text_zh = (
            f"计费重 {_fmt(chargeable, 3)} 公斤 = max(实重 {_fmt(sku.weight_kg, 3)} 公斤"
            + (
                f"，体积重 {_fmt(sku.length_cm)}×{_fmt(sku.width_cm)}×{_fmt(sku.height_cm)} 厘米 ÷ {_fmt(divisor)} "
                f"= {_fmt(volumetric, 3)} 公斤"
                if divisor
                else ""
            )
            + (f"，最低 {route['min_kg']} 公斤" if route.get("min_kg") else "")
            + f") × {_fmt(rate)} 元/公斤（{route['name_zh']}，{destination}）"
        )
        if route.get("per_parcel_cny"):
            per_parcel = Decimal(route["per_parcel_cny"])
            amount += per_parcel / units_per_parcel
            text += f" + {per_parcel} CNY per parcel ÷ {units_per_parcel} unit(s)"
            text_zh += f" + 每包裹 {per_parcel} 元 ÷ {units_per_parcel} 件"
        if route.get("max_kg") and chargeable * units_per_parcel > Decimal(route["max_kg"]):
            raise InputError(
                "route",
                f"{route_id} parcels are limited to {route['max_kg']} kg; this parcel weighs "
                f"{_fmt(chargeable * units_per_parcel, 3)} kg",
            )
        return amount, chargeable, ZERO, text, text_zh
    rate = overrides.get("freight_rate_cny_per_cbm", Decimal(lane["rate_cny_per_cbm"]))
    kg_per_cbm = overrides.get("kg_per_cbm", Decimal(route["kg_per_cbm"]))
    tonnes = max(sku.volume_cbm, sku.weight_kg / kg_per_cbm)
    text = (
        f"W/M freight tonnes {_fmt(tonnes, 4)} = max({_fmt(sku.volume_cbm, 4)} CBM, {_fmt(sku.weight_kg, 3)} kg ÷ "
        f"{_fmt(kg_per_cbm)} kg/CBM)"
        f" × {_fmt(rate)} CNY per CBM ({route['name_en']}, {destination})"
    )
    text_zh = (
        f"重量/体积计费吨 {_fmt(tonnes, 4)} = max({_fmt(sku.volume_cbm, 4)} 立方米, {_fmt(sku.weight_kg, 3)} 公斤 ÷ "
        f"{_fmt(kg_per_cbm)} 公斤/立方米)"
        f" × 每立方米 {_fmt(rate)} 元（{route['name_zh']}，{destination}）"
    )
    return tonnes * rate, sku.weight_kg, tonnes, text, text_zh


@dataclass
class _Context:
    """What every component of one option needs: the SKU, the option and its reference rows."""

    sku: Sku
    option: Option
    ov: dict[str, Any]
    ref: dict[str, Any]
    country: dict[str, Any]
    route: dict[str, Any]
    mode: dict[str, Any]
    channel: dict[str, Any]
    tier: str
    price_cny: Decimal = ZERO

    @property
    def b2c(self) -> bool:
        return self.channel["kind"] == "b2c"

    @property
    def parcel(self) -> bool:
        return self.mode["shipment"] == "parcel"

    @property
    def stocked_overseas(self) -> bool:
        return self.mode["stock_location"] == "overseas_warehouse" or (not self.parcel and self.b2c)

    def fx(self, currency: str) -> Decimal:
        if currency in self.ov.get("fx", {}):
            return self.ov["fx"][currency]
        return Decimal(self.ref["fx"]["rates"][currency]["cny_per_unit"])


def evaluate_option(sku: Sku, option: Option) -> OptionResult:
    ref = load_reference()
    ctx = _Context(
        sku,
        option,
        option.overrides,
        ref,
        ref["countries"]["countries"][option.destination],
        ref["routes"]["routes"][option.route],
        ref["customs_modes"]["modes"][option.customs_mode],
        ref["platforms"]["channels"][option.channel],
        size_tier(sku),
    )
    ctx.price_cny = option.selling_price * ctx.fx(option.currency)
    ov, country = ctx.ov, ctx.country
    comps: dict[str, Amount] = {}
    facts: dict[str, Any] = {}

    comps["product_cost"] = (
        sku.unit_cost_cny,
        "unit cost from the factory, VAT included (sku.unit_cost_cny)",
        "工厂单件成本，含增值税（sku.unit_cost_cny）",
    )
    dom = ref["routes"]["domestic_logistics"]
    dom_kg = ov.get("domestic_logistics_cny_per_kg", Decimal(dom["rate_cny_per_kg"]))
    dom_cbm = ov.get("domestic_logistics_cny_per_cbm", Decimal(dom["rate_cny_per_cbm"]))
    domestic = max(sku.weight_kg * dom_kg, sku.volume_cbm * dom_cbm)
    comps["domestic_logistics"] = (
        domestic,
        f"factory to port/airport: max({_fmt(sku.weight_kg, 3)} kg × {_fmt(dom_kg)} CNY/kg, "
        f"{_fmt(sku.volume_cbm, 4)} CBM × {_fmt(dom_cbm)} CNY/CBM)",
        f"工厂至港口/机场：max({_fmt(sku.weight_kg, 3)} 公斤 × {_fmt(dom_kg)} 元/公斤，"
        f"{_fmt(sku.volume_cbm, 4)} 立方米 × {_fmt(dom_cbm)} 元/立方米)",
    )
    freight, chargeable, tonnes, freight_text, freight_zh = freight_quote(
        sku, option.route, option.destination, ov, option.units_per_parcel
    )
    comps["international_freight"] = (freight, freight_text, freight_zh)

    vat_rate = ov.get("vat_rate", Decimal(country["vat"]["rate"]))
    price_includes_vat = ctx.b2c and country["vat"]["consumer_price_includes_vat"] and vat_rate > 0

    def export_value(includes_vat: bool) -> Decimal:
        if "declared_value_cny" in ov:
            return ov["declared_value_cny"]
        if ctx.mode["customs_value_from"] == "declared_cost":
            return sku.unit_cost_cny + domestic  # goods moved to your own overseas warehouse: no sale yet
        return ctx.price_cny / (1 + vat_rate) if includes_vat else ctx.price_cny

    # a consignment exempt from VAT carries no VAT in its price, so test that case first
    duty_exempt, vat_exempt, rule_effects = _de_minimis(country, option, export_value(False), ctx.fx, ov)
    if price_includes_vat and vat_exempt:
        price_includes_vat = False
    elif price_includes_vat:
        duty_exempt, vat_exempt, rule_effects = _de_minimis(country, option, export_value(True), ctx.fx, ov)
        vat_exempt = None
    fob = export_value(price_includes_vat)
    facts.update(fob_value_cny=fob, de_minimis=[r["id"] for r in rule_effects])

    ins_rate = ov.get("insurance_rate", Decimal(ctx.route["insurance_rate"]))
    insured_share = Decimal(ref["defaults"]["insurance_insured_share"]["value"])
    insurance = insured_share * (fob + freight) * ins_rate
    comps["insurance"] = (
        insurance,
        f"{_pct(ins_rate, 3)} × {_fmt(insured_share)} × (FOB {_fmt(fob, 2)} + freight {_fmt(freight, 2)}) CNY",
        f"{_pct(ins_rate, 3)} × {_fmt(insured_share)} × (FOB价 {_fmt(fob, 2)} + 运费 {_fmt(freight, 2)}) 元",
    )
    basis = ov.get("customs_value_basis", country["customs_value_basis"]["value"])
    customs_value = fob + freight + insurance if basis == "CIF" else fob
    facts.update(customs_value_basis=basis, customs_value_cny=customs_value)

    comps["import_duty"], comps["additional_duty"] = _duties(ctx, basis, customs_value, rule_effects, duty_exempt)
    comps["import_vat"] = _import_vat(ctx, vat_rate, vat_exempt, price_includes_vat)
    commission_rate = ov.get("commission_rate", Decimal(ctx.channel["commission_rate"]))
    comps["platform_commission"] = (
        ctx.price_cny * commission_rate,
        f"{_pct(commission_rate)} × selling price {_fmt(ctx.price_cny, 2)} CNY ({ctx.channel['name_en']})",
        f"{_pct(commission_rate)} × 售价 {_fmt(ctx.price_cny, 2)} 元（{ctx.channel['name_zh']}）",
    )
    comps["fulfilment_fee"] = _fulfilment(ctx)
    marketing = ref["defaults"]["marketing_rate"]
    marketing_rate = ov.get("marketing_rate", Decimal(marketing["value"]))
    comps["marketing"] = (
        sku.unit_cost_cny * marketing_rate,
        f"{_pct(marketing_rate)} of product cost ({'override' if 'marketing_rate' in ov else marketing['source']})",
        f"产品成本的 {_pct(marketing_rate)}"
        f"（{'手动覆盖' if 'marketing_rate' in ov else '来源：' + marketing['source']}）",
    )
    goods_cost = (
        sku.unit_cost_cny + domestic + freight + insurance + comps["import_duty"][0] + comps["additional_duty"][0]
    )
    comps["returns_allowance"] = _returns(ctx, goods_cost)
    comps["warehouse_storage"], comps["warehouse_retrieval"] = _warehouse(ctx, facts)
    comps["payment_fee"], comps["fx_fee"] = _payment_and_fx(ctx)
    comps["export_vat_rebate"] = _rebate(ctx, facts)

    components = [
        Component(name, comps[name][0].quantize(FEN, ROUND_HALF_UP), comps[name][1], comps[name][2])
        for name in COMPONENTS
    ]
    lane = ctx.route["lanes"][option.destination]
    return OptionResult(
        option,
        components,
        ctx.price_cny.quantize(FEN, ROUND_HALF_UP),
        chargeable,
        tonnes,
        ctx.tier,
        tuple(lane["transit_days"]),
        facts,
    )


Amount = tuple[Decimal, str, str]  # (CNY, basis in English, the same basis in Chinese)


def _duties(
    ctx: _Context, basis: str, customs_value: Decimal, rule_effects: list[dict], duty_exempt: dict | None
) -> tuple[Amount, Amount]:
    """Import duty and the additional duty on the origin, after the de minimis rules in force."""
    sku, option, ov, country = ctx.sku, ctx.option, ctx.ov, ctx.country
    cv_text = (
        f"CIF customs value {_fmt(customs_value, 2)} CNY (FOB + freight + insurance)"
        if basis == "CIF"
        else f"FOB customs value {_fmt(customs_value, 2)} CNY (freight and insurance excluded)"
    )
    cv_zh = (
        f"CIF完税价格 {_fmt(customs_value, 2)} 元（FOB价 + 运费 + 保险费）"
        if basis == "CIF"
        else f"FOB完税价格 {_fmt(customs_value, 2)} 元（不含运费和保险费）"
    )
    replace = next((r for r in rule_effects if r["effect"] == "replace_rate"), None)
    flat = next((r for r in rule_effects if r["effect"] == "flat"), None)
    if replace:
        rate = Decimal(replace["rate"])
        return (
            (
                customs_value * rate,
                f"{_pct(rate)} simplified low-value rate × {cv_text} — rule {replace['id']}: {replace['source']}",
                f"{_pct(rate)} 低值简易税率 × {cv_zh} — 规则 {replace['id']}：{replace['source']}",
            ),
            (
                ZERO,
                f"included in the simplified rate of rule {replace['id']}",
                f"已含在规则 {replace['id']} 的简易税率中",
            ),
        )
    if flat:
        amount = Decimal(flat["flat_amount"]) * ctx.fx(flat["currency"]) / option.units_per_parcel
        return (
            (
                amount,
                f"flat {flat['flat_amount']} {flat['currency']} per item in a parcel ≤ {flat['threshold']} "
                f"{flat['currency']} ÷ {option.units_per_parcel} unit(s) — rule {flat['id']}: {flat['source']}",
                f"价值 ≤ {flat['threshold']} {flat['currency']} 的包裹每件固定 "
                f"{flat['flat_amount']} {flat['currency']} "
                f"÷ {option.units_per_parcel} 件 — 规则 {flat['id']}：{flat['source']}",
            ),
            (ZERO, f"replaced by the flat duty of rule {flat['id']}", f"由规则 {flat['id']} 的固定关税替代"),
        )
    if duty_exempt:
        return (
            (
                ZERO,
                f"exempt: consignment within de minimis — {duty_exempt['id']}: {duty_exempt['source']}",
                f"免征：货值在免税额度内 — {duty_exempt['id']}：{duty_exempt['source']}",
            ),
            (ZERO, f"exempt under {duty_exempt['id']}", f"依 {duty_exempt['id']} 免征"),
        )
    found, duty_key = by_hs_prefix(country["duty"]["by_hs"], sku.hs_code, country["duty"]["default"])
    duty_rate = ov.get("duty_rate", Decimal(found))
    duty = customs_value * duty_rate
    key_text = f"HS {duty_key}" if duty_key != "default" else "its default"
    text = f"{_pct(duty_rate)} ({option.destination} rate for {key_text}) × {cv_text}"
    key_zh = f"HS {duty_key}" if duty_key != "default" else "默认"
    text_zh = f"{_pct(duty_rate)}（{option.destination} {key_zh}税率）× {cv_zh}"
    specific = None if "duty_rate" in ov else country["duty"].get("specific_per_kg", {}).get(sku.hs_code[:4])
    if specific:
        duty += Decimal(specific["amount"]) * ctx.fx(specific["currency"]) * sku.weight_kg
        text += f" + {specific['amount']} {specific['currency']}/kg × {_fmt(sku.weight_kg, 3)} kg ({specific['note']})"
        text_zh += (
            f" + {specific['amount']} {specific['currency']}/公斤 × {_fmt(sku.weight_kg, 3)} 公斤（{specific['note']}）"
        )
    if "duty_rate" in ov:
        text += " [override]"
        text_zh += "［手动覆盖］"
    if "additional_duty_rate" in ov:
        add_rate = ov["additional_duty_rate"]
        add_text = f"{_pct(add_rate)} [override]"
        add_zh, notes = f"{_pct(add_rate)}［手动覆盖］", ""
    else:
        measures = additional_duty_measures(country, sku.hs_code, option.origin, option.ship_date)
        add_rate = sum((rate for _, rate in measures), ZERO)
        add_text = " + ".join(f"{_pct(rate)} {m['id']}" for m, rate in measures)
        add_zh = " + ".join(f"{_pct(rate)} {m['id']}" for m, rate in measures)
        notes = "; ".join(m["note"] for m, _ in measures)
        if measures:
            add_text += " — " + notes
    if add_rate:
        additional = (
            customs_value * add_rate,
            f"{add_text.split(' — ')[0]} on {option.origin} origin × {cv_text}"
            + (f" — {add_text.split(' — ', 1)[1]}" if " — " in add_text else ""),
            f"{add_zh}（{option.origin} 原产）× {cv_zh}" + (f" — {notes}" if notes else ""),
        )
    else:
        additional = (
            ZERO,
            f"no additional duty on {option.origin} origin in {option.destination} on {option.ship_date}",
            f"{option.ship_date} {option.destination} 对 {option.origin} 原产货物无附加关税",
        )
    return (duty, text, text_zh), additional


def additional_duty_measures(
    country: dict, hs_code: str, origin: str, ship_date: dt.date
) -> list[tuple[dict, Decimal]]:
    """The additional duties (trade-remedy or emergency tariffs) in force for this origin, code and date.

    A measure either has one rate table over [effective_from, effective_to) or dated `periods` of one
    rate; `origins` may be ["*"] with `origins_except`; `yields_to` names measures it does not stack on.
    """
    applying: list[tuple[dict, Decimal]] = []
    for measure in country.get("additional_duty", []):
        origins = measure["origins"]
        if ("*" not in origins and origin not in origins) or origin in measure.get("origins_except", []):
            continue
        if "periods" in measure:
            rate = next(
                (
                    Decimal(r)
                    for start, end, r in measure["periods"]
                    if dt.date.fromisoformat(start) <= ship_date < dt.date.fromisoformat(end)
                ),
                None,
            )
            if rate is None or any(hs_code.startswith(p) for p in measure.get("by_hs_zero", [])):
                continue
        else:
            start = dt.date.fromisoformat(measure["effective_from"])
            end = dt.date.fromisoformat(measure["effective_to"]) if measure.get("effective_to") else None
            if ship_date < start or (end and ship_date >= end):
                continue
            found, _ = by_hs_prefix(measure["by_hs"], hs_code, measure["default"])
            rate = Decimal(found)
        if rate > 0:
            applying.append((measure, rate))
    present = {m["id"] for m, _ in applying}
    return [(m, rate) for m, rate in applying if not set(m.get("yields_to", [])) & present]


def _import_vat(ctx: _Context, vat_rate: Decimal, vat_exempt: dict | None, price_includes_vat: bool) -> Amount:
    """The VAT/GST the seller bears: the VAT inside a B2C consumer price, else nothing (with why)."""
    if not ctx.b2c:
        return (
            ZERO,
            f"B2B: import VAT/GST ({_pct(vat_rate)}) is paid by the importer of record and recovered as input tax",
            f"B2B：进口增值税/消费税（{_pct(vat_rate)}）由进口商缴纳，并作为进项税抵扣",
        )
    if vat_rate == 0:
        source = ctx.country["vat"]["source"]
        return ZERO, f"no VAT/GST on imports: {source}", f"进口不征增值税/消费税：{source}"
    if vat_exempt:
        return (
            ZERO,
            f"exempt: consignment within de minimis — {vat_exempt['id']}: {vat_exempt['source']}",
            f"免征：货值在免税额度内 — {vat_exempt['id']}：{vat_exempt['source']}",
        )
    if price_includes_vat:
        vat = ctx.price_cny - ctx.price_cny / (1 + vat_rate)
        how, how_zh = (
            ("collected at sale (IOSS / marketplace)", "销售时代收（IOSS/平台代扣）")
            if ctx.parcel
            else (
                "import VAT on (customs value + duty) is reclaimed against it",
                "按（完税价格 + 关税）缴纳的进口增值税可抵扣",
            )
        )
        return (
            vat,
            f"{_pct(vat_rate)} VAT inside the consumer price: {_fmt(ctx.price_cny, 2)} ÷ {_fmt(1 + vat_rate)} × "
            f"{_fmt(vat_rate)}; {how}",
            f"消费者价格内含 {_pct(vat_rate)} 增值税：{_fmt(ctx.price_cny, 2)} ÷ {_fmt(1 + vat_rate)} × "
            f"{_fmt(vat_rate)}；{how_zh}",
        )
    return (
        ZERO,
        f"{_pct(vat_rate)} GST/sales tax is added on top of the price and paid by the buyer",
        f"{_pct(vat_rate)} 消费税/销售税在售价之外另加，由买家承担",
    )


def _fulfilment(ctx: _Context) -> Amount:
    if "fulfilment_fee_cny" in ctx.ov:
        return ctx.ov["fulfilment_fee_cny"], "per unit (override)", "每件（手动覆盖）"
    if not ctx.b2c:
        return ZERO, "B2B: the buyer receives the goods in bulk", "B2B：买家整批收货"
    if ctx.parcel:
        return (
            ZERO,
            f"the {ctx.route['name_en'].lower()} parcel is delivered straight to the consumer",
            f"{ctx.route['name_zh']}包裹直接送达消费者",
        )
    platform = ctx.channel["fulfilment"] == "platform"
    table = ctx.channel["fulfilment_fee_usd"] if platform else ctx.ref["platforms"]["warehouse_fulfilment_usd"]
    row = table[ctx.tier]
    usd = ctx.fx("USD")
    fee_usd = Decimal(row["base"]) + Decimal(row["per_kg"]) * ctx.sku.weight_kg
    who = f"{ctx.channel['name_en']} fulfilment" if platform else "overseas warehouse (3PL) pick, pack and last-mile"
    who_zh = f"{ctx.channel['name_zh']}平台配送" if platform else "海外仓（3PL）拣货、打包和尾程派送"
    return (
        fee_usd * usd,
        f"{who}, {ctx.tier} tier: ({row['base']} + {row['per_kg']} × {_fmt(ctx.sku.weight_kg, 3)} kg) USD × "
        f"{_fmt(usd)}",
        f"{who_zh}，{TIER_ZH.get(ctx.tier, ctx.tier)}档：({row['base']} + {row['per_kg']} × "
        f"{_fmt(ctx.sku.weight_kg, 3)} 公斤) 美元 × {_fmt(usd)}",
    )


def _returns(ctx: _Context, goods_cost: Decimal) -> Amount:
    return_rate = ctx.ov.get("return_rate", Decimal(ctx.channel["return_rate"]))
    loss = ctx.ov.get("return_loss_fraction", Decimal(ctx.mode["return_loss_fraction"]))
    return (
        return_rate * loss * goods_cost,
        f"{_pct(return_rate)} returned ({ctx.channel['name_en']}) × {_pct(loss)} lost under {ctx.option.customs_mode} "
        f"({ctx.mode['return_note']}) × goods cost {_fmt(goods_cost, 2)} CNY",
        f"退货率 {_pct(return_rate)}（{ctx.channel['name_zh']}）× {ctx.option.customs_mode} 模式下损失 {_pct(loss)}"
        f"（{ctx.mode['return_note']}）× 货物成本 {_fmt(goods_cost, 2)} 元",
    )


def _warehouse(ctx: _Context, facts: dict[str, Any]) -> tuple[Amount, Amount]:
    """Overseas storage and the allowance for retrieving slow stock, for goods held overseas."""
    if not ctx.stocked_overseas:
        where = {
            "none": "parcels ship straight to consumers",
            "china_bonded": "stock waits in a Chinese bonded zone",
            "buyer": "the buyer holds the stock",
        }
        where_zh = {"none": "包裹直接发给消费者", "china_bonded": "库存存放在中国保税区", "buyer": "库存由买家持有"}
        location = ctx.mode["stock_location"]
        return (
            ZERO,
            f"no overseas stock: {where.get(location, 'no overseas warehouse')}",
            f"无海外库存：{where_zh.get(location, '不使用海外仓')}",
        ), (ZERO, "no overseas stock to retrieve", "无需取回海外库存")
    sku, ov, oversize = ctx.sku, ctx.ov, ctx.tier == "oversize"
    warehouse = ctx.ref["defaults"]["warehouse"]
    rates = warehouse["storage_cny_per_cbm_month"]
    default_rate = rates.get(ctx.option.destination) or rates.get(ctx.country["group"]) or rates["default"]
    store_rate = ov.get("storage_cny_per_cbm_month", Decimal(default_rate))
    months = ov.get("storage_months", Decimal(warehouse["storage_months_oversize" if oversize else "storage_months"]))
    storage = (
        sku.volume_cbm * store_rate * months,
        f"{_fmt(sku.volume_cbm, 4)} CBM × {_fmt(store_rate)} CNY/CBM/month × {_fmt(months)} months in the overseas "
        "warehouse",
        f"{_fmt(sku.volume_cbm, 4)} 立方米 × {_fmt(store_rate)} 元/立方米/月 × 在海外仓 {_fmt(months)} 个月",
    )
    share = ov.get(
        "slow_mover_share", Decimal(warehouse["slow_mover_share_oversize" if oversize else "slow_mover_share"])
    )
    if "retrieval_cny_per_unit" in ov:
        per_unit, how, how_zh = ov["retrieval_cny_per_unit"], "override", "手动覆盖"
    elif oversize:
        per_cbm = Decimal(warehouse["retrieval_cny_per_cbm_oversize"])
        per_unit = sku.volume_cbm * per_cbm
        how = (
            f"oversize: {_fmt(sku.volume_cbm, 4)} CBM × {_fmt(per_cbm)} CNY/CBM, calibrated on the seed case "
            "(furniture worth 160,000 CNY cost 60,000 CNY to retrieve)"
        )
        how_zh = (
            f"超大件：{_fmt(sku.volume_cbm, 4)} 立方米 × {_fmt(per_cbm)} 元/立方米，按种子案例校准"
            "（货值160,000元的家具取回花了60,000元）"
        )
    else:
        per_unit = Decimal(warehouse["retrieval_cny_per_unit"])
        how, how_zh = "standard removal fee per unit", "每件标准移除费"
    facts["retrieval_cost_per_unit_cny"] = per_unit
    return storage, (
        share * per_unit,
        f"{_pct(share)} of units retrieved unsold × {_fmt(per_unit, 2)} CNY ({how})",
        f"{_pct(share)} 的货滞销取回 × {_fmt(per_unit, 2)} 元（{how_zh}）",
    )


def _payment_and_fx(ctx: _Context) -> tuple[Amount, Amount]:
    channel, ov = ctx.channel, ctx.ov
    pay_rate = ov.get("payment_fee_rate", Decimal(channel["payment_fee_rate"]))
    pay_fixed = ZERO if "payment_fee_rate" in ov else Decimal(channel["payment_fee_fixed_usd"]) * ctx.fx("USD")
    fixed_text = f" + {channel['payment_fee_fixed_usd']} USD per order" if pay_fixed else ""
    fixed_zh = f" + 每单 {channel['payment_fee_fixed_usd']} 美元" if pay_fixed else ""
    payment = (
        ctx.price_cny * pay_rate + pay_fixed,
        f"{_pct(pay_rate)} × selling price{fixed_text}",
        f"{_pct(pay_rate)} × 售价{fixed_zh}",
    )
    currency = ctx.option.currency
    if currency == "CNY":
        return payment, (ZERO, "priced in CNY: no conversion", "以人民币定价：无需换汇")
    fx_rate = ov.get("fx_fee_rate", Decimal(ctx.ref["platforms"]["payment_fx"]["fx_fee_rate"]))
    return payment, (
        ctx.price_cny * fx_rate,
        f"{_pct(fx_rate)} × selling price: collection and conversion {currency}→CNY at {_fmt(ctx.fx(currency))}",
        f"{_pct(fx_rate)} × 售价：收款并按 {_fmt(ctx.fx(currency))} 将{currency}换成人民币",
    )


def _rebate(ctx: _Context, facts: dict[str, Any]) -> Amount:
    """The export VAT rebate (negative), or nothing without the documents the customs mode needs."""
    rebates = ctx.ref["rebates"]["rebate"]
    found, key = by_hs_prefix(rebates["by_hs"], ctx.sku.hs_code, rebates["default"])
    rate = ctx.ov.get("rebate_rate", Decimal(found))
    domestic_vat = ctx.ov.get("domestic_vat_rate", Decimal(rebates["domestic_vat_rate"]))
    documents = ctx.ov.get("rebate_documents", ctx.mode["rebate"]["documents_default"])
    facts["rebate_documents"] = documents
    rebate = ctx.sku.unit_cost_cny / (1 + domestic_vat) * rate
    mode_code = ctx.option.customs_mode
    if documents and ctx.mode["rebate"]["eligible_with_documents"]:
        label = f"HS {key}" if key != "default" else "default rate"
        label_zh = f"HS {key}" if key != "default" else "默认退税率"
        return (
            -rebate,
            f"− {_fmt(ctx.sku.unit_cost_cny, 2)} ÷ {_fmt(1 + domestic_vat)} × {_pct(rate)} rebate ({label}) under "
            f"{mode_code} with export declaration and VAT invoices",
            f"− {_fmt(ctx.sku.unit_cost_cny, 2)} ÷ {_fmt(1 + domestic_vat)} × {_pct(rate)} 退税率（{label_zh}），"
            f"{mode_code} 模式报关出口并取得增值税发票",
        )
    facts["rebate_forgone_cny"] = rebate
    return (
        ZERO,
        f"no rebate under {mode_code} without the documents ({ctx.mode['rebate']['note']}); {_fmt(rebate, 2)} CNY "
        "forgone",
        f"{mode_code} 模式缺少退税单证，无法退税（{ctx.mode['rebate']['note']}）；少退 {_fmt(rebate, 2)} 元",
    )


def _de_minimis(
    country: dict, option: Option, fob_cny: Decimal, fx, ov: dict
) -> tuple[dict | None, dict | None, list[dict]]:
    """The de minimis rules that apply to this consignment: (duty exemption, VAT exemption, all applying)."""
    if ov.get("apply_de_minimis") is False:
        return None, None, []
    applying = []
    for rule in sorted(country.get("de_minimis", []), key=lambda r: Decimal(r["threshold"])):
        if option.customs_mode not in rule["modes"]:
            continue
        start = dt.date.fromisoformat(rule["effective_from"])
        end = dt.date.fromisoformat(rule["effective_to"]) if rule.get("effective_to") else None
        if option.ship_date < start or (end and option.ship_date >= end):
            continue
        except_from = rule.get("origin_except", {}).get(option.origin)
        if except_from and option.ship_date >= dt.date.fromisoformat(except_from):
            continue
        consignment = fob_cny * option.units_per_parcel / fx(rule["currency"])
        if consignment <= Decimal(rule["threshold"]):
            applying.append(rule)
    duty_rules = [r for r in applying if r["applies_to"] in ("duty", "both")]
    if duty_rules and duty_rules[0]["effect"] != "exempt":
        duty_rules = duty_rules[:1]  # the lowest band of a tiered simplified regime wins
        applying = [r for r in applying if r["applies_to"] == "vat" or r is duty_rules[0]]
    duty_exempt = next((r for r in duty_rules if r["effect"] == "exempt"), None)
    vat_exempt = next((r for r in applying if r["applies_to"] in ("vat", "both") and r["effect"] == "exempt"), None)
    return duty_exempt, vat_exempt, applying


def evaluate(data: Any, today: dt.date | None = None) -> list[OptionResult]:
    """All options of a request, best margin first (ties: shorter transit, then id)."""
    from chuhai.planning.advice import advise

    sku, options = parse_request(data, today)
    results = []
    for i, option in enumerate(options):
        try:
            results.append(evaluate_option(sku, option))
        except InputError as exc:
            field_name = f"options[{i}].{exc.field}" if not exc.field.startswith("options") else exc.field
            raise InputError(field_name, exc.message) from None
    for result in results:
        result.advice = advise(sku, result, results)
    results.sort(key=lambda r: (-r.margin_cny, r.transit_days[1], r.option.id))
    return results


def result_to_dict(result: OptionResult) -> dict[str, Any]:
    return {
        "id": result.option.id,
        "destination": result.option.destination,
        "channel": result.option.channel,
        "route": result.option.route,
        "customs_mode": result.option.customs_mode,
        "components": [{"name": c.name, "amount_cny": _num(c.amount_cny), "basis": c.basis} for c in result.components],
        "landed_cost_cny": _num(result.landed_cost_cny),
        "selling_price_cny": _num(result.selling_price_cny),
        "margin_cny": _num(result.margin_cny),
        "margin_pct": _num(result.margin_pct),
        "chargeable_weight_kg": _num(result.chargeable_weight_kg.quantize(Decimal("0.001"), ROUND_HALF_UP)),
        "size_tier": result.size_tier,
        "transit_days": list(result.transit_days),
        "advice": result.advice,
    }


def _num(value: Decimal) -> int | float:
    # 2-decimal Decimals survive a float round-trip exactly in their shortest repr
    return int(value) if value == value.to_integral_value() else float(value)


def _fmt(value: Decimal, places: int | None = None) -> str:
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = (
        format(value.normalize(), "f") if value == value.to_integral_value() or places is None else format(value, "f")
    )
    return text.rstrip("0").rstrip(".") if "." in text else text


def _pct(rate: Decimal, places: int = 2) -> str:
    return f"{_fmt(rate * 100, places)}%"
