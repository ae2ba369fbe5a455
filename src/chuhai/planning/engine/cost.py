"""Landed cost and margin per unit of a SKU for one market × channel × route × customs-mode option.

Pure engine: plain data in, results out. Every component is named and carries its basis as a code
with the figures (`messages.Msg`), which the edge renders in words (`chuhai.planning.texts`); all
money is `Decimal` in CNY, rounded to fen per component so that the components always add up to
the landed cost shown. The request of the `chuhai plan landed-cost` contract is read, and the
options evaluated and ranked, in `landed_cost`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from chuhai.planning.engine.messages import EMPTY, Msg, Names, msg
from chuhai.planning.engine.reference import InputError, by_hs_prefix, load_reference

if TYPE_CHECKING:  # advice builds on cost, not the other way round
    from chuhai.planning.engine.advice import Advice

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
    basis: Msg  # the arithmetic, as a code with its figures


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
    advice: list[Advice] = field(default_factory=list)  # filled in by landed_cost.evaluate

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


Amount = tuple[Decimal, Msg]  # (CNY, its basis)


# ---------------------------------------------------------------- size and freight


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


class Freight(NamedTuple):
    amount_cny: Decimal  # per unit
    chargeable_kg: Decimal
    tonnes: Decimal  # freight tonnes (W/M) on sea, rail and TIR; zero on kg-based routes
    basis: Msg


def freight_quote(
    sku: Sku, route_id: str, destination: str, overrides: dict[str, Any] | None = None, units_per_parcel: int = 1
) -> Freight:
    """International freight per unit on one route lane: per chargeable kg, or per freight tonne (W/M)."""
    overrides = overrides or {}
    route = load_reference()["routes"]["routes"][route_id]
    if route["basis"] == "kg":
        return _freight_by_kg(sku, route_id, route, destination, overrides, units_per_parcel)
    rate = overrides.get("freight_rate_cny_per_cbm", Decimal(route["lanes"][destination]["rate_cny_per_cbm"]))
    kg_per_cbm = overrides.get("kg_per_cbm", Decimal(route["kg_per_cbm"]))
    tonnes = max(sku.volume_cbm, sku.weight_kg / kg_per_cbm)
    basis = msg("freight_wm", tonnes=_fmt(tonnes, 4), cbm=_fmt(sku.volume_cbm, 4), kg=_fmt(sku.weight_kg, 3),
                kg_per_cbm=_fmt(kg_per_cbm), rate=_fmt(rate), route=_route_name(route), destination=destination)
    return Freight(tonnes * rate, sku.weight_kg, tonnes, basis)


def _freight_by_kg(
    sku: Sku, route_id: str, route: dict, destination: str, overrides: dict[str, Any], units_per_parcel: int
) -> Freight:
    rate = overrides.get("freight_rate_cny_per_kg", Decimal(route["lanes"][destination]["rate_cny_per_kg"]))
    divisor = overrides.get("volumetric_divisor", Decimal(route["divisor"]) if route.get("divisor") else None)
    volumetric = sku.volume_cm3 / divisor if divisor else ZERO
    chargeable = max(sku.weight_kg, volumetric, Decimal(route.get("min_kg", "0")))
    amount = chargeable * rate
    per_parcel = Decimal(route["per_parcel_cny"]) if route.get("per_parcel_cny") else None
    if per_parcel:
        amount += per_parcel / units_per_parcel
    if route.get("max_kg") and chargeable * units_per_parcel > Decimal(route["max_kg"]):
        raise InputError(
            "route",
            f"{route_id} parcels are limited to {route['max_kg']} kg; this parcel weighs "
            f"{_fmt(chargeable * units_per_parcel, 3)} kg",
        )
    basis = msg(
        "freight_kg", chargeable=_fmt(chargeable, 3), kg=_fmt(sku.weight_kg, 3), rate=_fmt(rate),
        route=_route_name(route), destination=destination,
        volumetric=msg("freight_volumetric", length=_fmt(sku.length_cm), width=_fmt(sku.width_cm),
                       height=_fmt(sku.height_cm), divisor=_fmt(divisor), kg=_fmt(volumetric, 3))
        if divisor else EMPTY,
        minimum=msg("freight_minimum", kg=route["min_kg"]) if route.get("min_kg") else EMPTY,
        per_parcel=msg("freight_per_parcel", fee=per_parcel, units=units_per_parcel) if per_parcel else EMPTY,
    )
    return Freight(amount, chargeable, ZERO, basis)


def _route_name(route: dict) -> Names:
    return Names(route["name_zh"], route["name_en"])


# ---------------------------------------------------------------- one option


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

    @property
    def channel_name(self) -> Names:
        return Names(self.channel["name_zh"], self.channel["name_en"])

    def fx(self, currency: str) -> Decimal:
        if currency in self.ov.get("fx", {}):
            return self.ov["fx"][currency]
        return Decimal(self.ref["fx"]["rates"][currency]["cny_per_unit"])


def _context(sku: Sku, option: Option) -> _Context:
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
    return ctx


def evaluate_option(sku: Sku, option: Option) -> OptionResult:
    """Every component of one option, in COMPONENTS order; `facts` keeps figures the advice needs."""
    ctx = _context(sku, option)
    facts: dict[str, Any] = {}
    comps: dict[str, Amount] = {"product_cost": (sku.unit_cost_cny, msg("product_cost"))}
    comps["domestic_logistics"] = domestic = _domestic(ctx)
    freight = freight_quote(sku, option.route, option.destination, ctx.ov, option.units_per_parcel)
    comps["international_freight"] = (freight.amount_cny, freight.basis)
    value = _customs_value(ctx, domestic[0], freight.amount_cny)
    facts.update(fob_value_cny=value.fob, de_minimis=[r["id"] for r in value.rule_effects],
                 customs_value_basis=value.basis, customs_value_cny=value.customs_value)
    comps["insurance"] = (value.insurance, msg(
        "insurance", rate=_pct(value.insurance_rate, 3), share=_fmt(value.insured_share), fob=_fmt(value.fob, 2),
        freight=_fmt(freight.amount_cny, 2)))
    comps["import_duty"], comps["additional_duty"] = _duties(ctx, value)
    comps["import_vat"] = _import_vat(ctx, value)
    comps["platform_commission"] = _commission(ctx)
    comps["fulfilment_fee"] = _fulfilment(ctx)
    comps["marketing"] = _marketing(ctx)
    goods_cost = (sku.unit_cost_cny + domestic[0] + freight.amount_cny + value.insurance
                  + comps["import_duty"][0] + comps["additional_duty"][0])
    comps["returns_allowance"] = _returns(ctx, goods_cost)
    comps["warehouse_storage"], comps["warehouse_retrieval"] = _warehouse(ctx, facts)
    comps["payment_fee"], comps["fx_fee"] = _payment_and_fx(ctx)
    comps["export_vat_rebate"] = _rebate(ctx, facts)

    components = [Component(name, comps[name][0].quantize(FEN, ROUND_HALF_UP), comps[name][1]) for name in COMPONENTS]
    lane = ctx.route["lanes"][option.destination]
    return OptionResult(option, components, ctx.price_cny.quantize(FEN, ROUND_HALF_UP), freight.chargeable_kg,
                        freight.tonnes, ctx.tier, tuple(lane["transit_days"]), facts)


def _domestic(ctx: _Context) -> Amount:
    dom = ctx.ref["routes"]["domestic_logistics"]
    per_kg = ctx.ov.get("domestic_logistics_cny_per_kg", Decimal(dom["rate_cny_per_kg"]))
    per_cbm = ctx.ov.get("domestic_logistics_cny_per_cbm", Decimal(dom["rate_cny_per_cbm"]))
    sku = ctx.sku
    amount = max(sku.weight_kg * per_kg, sku.volume_cbm * per_cbm)
    return amount, msg("domestic", kg=_fmt(sku.weight_kg, 3), rate_kg=_fmt(per_kg), cbm=_fmt(sku.volume_cbm, 4),
                       rate_cbm=_fmt(per_cbm))


@dataclass(frozen=True)
class _Value:
    """The consignment's value for customs: de minimis rules in force, FOB, insurance, customs value."""

    fob: Decimal
    insurance: Decimal
    insurance_rate: Decimal
    insured_share: Decimal
    basis: str  # "CIF" or "FOB"
    customs_value: Decimal
    vat_rate: Decimal
    price_includes_vat: bool
    duty_exempt: dict | None
    vat_exempt: dict | None
    rule_effects: list[dict]


def _customs_value(ctx: _Context, domestic: Decimal, freight: Decimal) -> _Value:
    ov, country, option = ctx.ov, ctx.country, ctx.option
    vat_rate = ov.get("vat_rate", Decimal(country["vat"]["rate"]))
    price_includes_vat = ctx.b2c and country["vat"]["consumer_price_includes_vat"] and vat_rate > 0

    def export_value(includes_vat: bool) -> Decimal:
        if "declared_value_cny" in ov:
            return ov["declared_value_cny"]
        if ctx.mode["customs_value_from"] == "declared_cost":
            return ctx.sku.unit_cost_cny + domestic  # goods moved to your own overseas warehouse: no sale yet
        return ctx.price_cny / (1 + vat_rate) if includes_vat else ctx.price_cny

    # a consignment exempt from VAT carries no VAT in its price, so test that case first
    duty_exempt, vat_exempt, rule_effects = _de_minimis(country, option, export_value(False), ctx.fx, ov)
    if price_includes_vat and vat_exempt:
        price_includes_vat = False
    elif price_includes_vat:
        duty_exempt, vat_exempt, rule_effects = _de_minimis(country, option, export_value(True), ctx.fx, ov)
        vat_exempt = None
    fob = export_value(price_includes_vat)
    insurance_rate = ov.get("insurance_rate", Decimal(ctx.route["insurance_rate"]))
    insured_share = Decimal(ctx.ref["defaults"]["insurance_insured_share"]["value"])
    insurance = insured_share * (fob + freight) * insurance_rate
    basis = ov.get("customs_value_basis", country["customs_value_basis"]["value"])
    customs_value = fob + freight + insurance if basis == "CIF" else fob
    return _Value(fob, insurance, insurance_rate, insured_share, basis, customs_value, vat_rate, price_includes_vat,
                  duty_exempt, vat_exempt, rule_effects)


# ---------------------------------------------------------------- duties


def _duties(ctx: _Context, value: _Value) -> tuple[Amount, Amount]:
    """Import duty and the additional duty on the origin, after the de minimis rules in force."""
    customs_value = msg("customs_value_cif" if value.basis == "CIF" else "customs_value_fob",
                        value=_fmt(value.customs_value, 2))
    replace = next((r for r in value.rule_effects if r["effect"] == "replace_rate"), None)
    flat = next((r for r in value.rule_effects if r["effect"] == "flat"), None)
    if replace:
        rate = Decimal(replace["rate"])
        return (
            (value.customs_value * rate, msg("duty_simplified", rate=_pct(rate), customs_value=customs_value,
                                             rule=replace["id"], source=replace["source"])),
            (ZERO, msg("additional_in_simplified", rule=replace["id"])),
        )
    if flat:
        return _flat_duty(ctx, flat), (ZERO, msg("additional_in_flat", rule=flat["id"]))
    if value.duty_exempt:
        rule = value.duty_exempt
        return (ZERO, msg("exempt", rule=rule["id"], source=rule["source"])), (
            ZERO, msg("additional_exempt", rule=rule["id"]))
    return _tariff_duty(ctx, value, customs_value), _additional_duty(ctx, value, customs_value)


def _flat_duty(ctx: _Context, rule: dict) -> Amount:
    units = ctx.option.units_per_parcel
    amount = Decimal(rule["flat_amount"]) * ctx.fx(rule["currency"]) / units
    return amount, msg("duty_flat", amount=rule["flat_amount"], currency=rule["currency"], threshold=rule["threshold"],
                       units=units, rule=rule["id"], source=rule["source"])


def _tariff_duty(ctx: _Context, value: _Value, customs_value: Msg) -> Amount:
    """The destination's rate for the longest matching HS prefix, plus any specific duty per kg."""
    sku, ov, country = ctx.sku, ctx.ov, ctx.country
    found, key = by_hs_prefix(country["duty"]["by_hs"], sku.hs_code, country["duty"]["default"])
    rate = ov.get("duty_rate", Decimal(found))
    duty = value.customs_value * rate
    specific = None if "duty_rate" in ov else country["duty"].get("specific_per_kg", {}).get(sku.hs_code[:4])
    if specific:
        duty += Decimal(specific["amount"]) * ctx.fx(specific["currency"]) * sku.weight_kg
    return duty, msg(
        "duty_tariff", rate=_pct(rate), destination=ctx.option.destination, customs_value=customs_value,
        key=msg("hs_key", key=key) if key != "default" else msg("duty_default_key"),
        specific=msg("duty_specific", amount=specific["amount"], currency=specific["currency"],
                     kg=_fmt(sku.weight_kg, 3), note=specific["note"]) if specific else EMPTY,
        override=msg("override_mark") if "duty_rate" in ov else EMPTY,
    )


def _additional_duty(ctx: _Context, value: _Value, customs_value: Msg) -> Amount:
    """The dated measures on the origin (or their override), summed."""
    sku, option, ov = ctx.sku, ctx.option, ctx.ov
    if "additional_duty_rate" in ov:
        rate = ov["additional_duty_rate"]
        rates: Msg | str = msg("rate_override", rate=_pct(rate))
        notes = ""
    else:
        measures = additional_duty_measures(ctx.country, sku.hs_code, option.origin, option.ship_date)
        rate = sum((r for _, r in measures), ZERO)
        rates = " + ".join(f"{_pct(r)} {m['id']}" for m, r in measures)
        notes = " — " + "; ".join(m["note"] for m, _ in measures) if measures else ""
    if not rate:
        return ZERO, msg("additional_none", origin=option.origin, destination=option.destination,
                         date=option.ship_date.isoformat())
    return value.customs_value * rate, msg("additional", rates=rates, origin=option.origin,
                                           customs_value=customs_value, notes=notes)


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


def _de_minimis(
    country: dict, option: Option, fob_cny: Decimal, fx, ov: dict
) -> tuple[dict | None, dict | None, list[dict]]:
    """The de minimis rules that apply to this consignment: (duty exemption, VAT exemption, all applying)."""
    if ov.get("apply_de_minimis") is False:
        return None, None, []
    applying = []
    for rule in sorted(country.get("de_minimis", []), key=lambda r: Decimal(r["threshold"])):
        if option.customs_mode not in rule["modes"] or not in_force(rule, option):
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


def in_force(rule: dict, option: Option) -> bool:
    """Whether a dated de minimis rule applies on the option's ship date to its origin."""
    start = dt.date.fromisoformat(rule["effective_from"])
    end = dt.date.fromisoformat(rule["effective_to"]) if rule.get("effective_to") else None
    except_from = rule.get("origin_except", {}).get(option.origin)
    if except_from and option.ship_date >= dt.date.fromisoformat(except_from):
        return False
    return start <= option.ship_date and (end is None or option.ship_date < end)


# ---------------------------------------------------------------- taxes and fees


def _import_vat(ctx: _Context, value: _Value) -> Amount:
    """The VAT/GST the seller bears: the VAT inside a B2C consumer price, else nothing (with why)."""
    vat_rate = value.vat_rate
    if not ctx.b2c:
        return ZERO, msg("vat_b2b", rate=_pct(vat_rate))
    if vat_rate == 0:
        return ZERO, msg("vat_none", source=ctx.country["vat"]["source"])
    if value.vat_exempt:
        return ZERO, msg("exempt", rule=value.vat_exempt["id"], source=value.vat_exempt["source"])
    if value.price_includes_vat:
        vat = ctx.price_cny - ctx.price_cny / (1 + vat_rate)
        return vat, msg("vat_inside_price", rate=_pct(vat_rate), price=_fmt(ctx.price_cny, 2),
                        divisor=_fmt(1 + vat_rate), vat=_fmt(vat_rate),
                        how=msg("vat_collected_at_sale" if ctx.parcel else "vat_reclaimed"))
    return ZERO, msg("vat_on_top", rate=_pct(vat_rate))


def _commission(ctx: _Context) -> Amount:
    rate = ctx.ov.get("commission_rate", Decimal(ctx.channel["commission_rate"]))
    return ctx.price_cny * rate, msg("commission", rate=_pct(rate), price=_fmt(ctx.price_cny, 2),
                                     channel=ctx.channel_name)


def _fulfilment(ctx: _Context) -> Amount:
    if "fulfilment_fee_cny" in ctx.ov:
        return ctx.ov["fulfilment_fee_cny"], msg("fulfilment_override")
    if not ctx.b2c:
        return ZERO, msg("fulfilment_b2b")
    if ctx.parcel:
        route = Names(ctx.route["name_zh"], ctx.route["name_en"].lower())
        return ZERO, msg("fulfilment_parcel", route=route)
    platform = ctx.channel["fulfilment"] == "platform"
    table = ctx.channel["fulfilment_fee_usd"] if platform else ctx.ref["platforms"]["warehouse_fulfilment_usd"]
    row = table[ctx.tier]
    usd = ctx.fx("USD")
    fee_usd = Decimal(row["base"]) + Decimal(row["per_kg"]) * ctx.sku.weight_kg
    who = msg("fulfilment_platform", channel=ctx.channel_name) if platform else msg("fulfilment_warehouse")
    return fee_usd * usd, msg("fulfilment_fee", who=who, tier=msg(f"tier_{ctx.tier}"), base=row["base"],
                              per_kg=row["per_kg"], kg=_fmt(ctx.sku.weight_kg, 3), usd=_fmt(usd))


def _marketing(ctx: _Context) -> Amount:
    marketing = ctx.ref["defaults"]["marketing_rate"]
    rate = ctx.ov.get("marketing_rate", Decimal(marketing["value"]))
    basis = (msg("marketing_override", rate=_pct(rate)) if "marketing_rate" in ctx.ov
             else msg("marketing", rate=_pct(rate), source=marketing["source"]))
    return ctx.sku.unit_cost_cny * rate, basis


def _returns(ctx: _Context, goods_cost: Decimal) -> Amount:
    return_rate = ctx.ov.get("return_rate", Decimal(ctx.channel["return_rate"]))
    loss = ctx.ov.get("return_loss_fraction", Decimal(ctx.mode["return_loss_fraction"]))
    return return_rate * loss * goods_cost, msg(
        "returns", rate=_pct(return_rate), channel=ctx.channel_name, loss=_pct(loss), mode=ctx.option.customs_mode,
        note=ctx.mode["return_note"], goods_cost=_fmt(goods_cost, 2))


def _warehouse(ctx: _Context, facts: dict[str, Any]) -> tuple[Amount, Amount]:
    """Overseas storage and the allowance for retrieving slow stock, for goods held overseas."""
    if not ctx.stocked_overseas:
        location = ctx.mode["stock_location"]
        where = location if location in ("none", "china_bonded", "buyer") else "other"
        return (ZERO, msg(f"no_overseas_stock_{where}")), (ZERO, msg("no_stock_to_retrieve"))
    sku, ov, oversize = ctx.sku, ctx.ov, ctx.tier == "oversize"
    warehouse = ctx.ref["defaults"]["warehouse"]
    rates = warehouse["storage_cny_per_cbm_month"]
    default_rate = rates.get(ctx.option.destination) or rates.get(ctx.country["group"]) or rates["default"]
    store_rate = ov.get("storage_cny_per_cbm_month", Decimal(default_rate))
    months = ov.get("storage_months", Decimal(warehouse["storage_months_oversize" if oversize else "storage_months"]))
    storage = (sku.volume_cbm * store_rate * months,
               msg("storage", cbm=_fmt(sku.volume_cbm, 4), rate=_fmt(store_rate), months=_fmt(months)))
    share = ov.get(
        "slow_mover_share", Decimal(warehouse["slow_mover_share_oversize" if oversize else "slow_mover_share"])
    )
    if "retrieval_cny_per_unit" in ov:
        per_unit, how = ov["retrieval_cny_per_unit"], msg("override")
    elif oversize:
        per_cbm = Decimal(warehouse["retrieval_cny_per_cbm_oversize"])
        per_unit = sku.volume_cbm * per_cbm
        how = msg("retrieval_oversize", cbm=_fmt(sku.volume_cbm, 4), rate=_fmt(per_cbm))
    else:
        per_unit, how = Decimal(warehouse["retrieval_cny_per_unit"]), msg("retrieval_standard")
    facts["retrieval_cost_per_unit_cny"] = per_unit
    return storage, (share * per_unit, msg("retrieval", share=_pct(share), cost=_fmt(per_unit, 2), how=how))


def _payment_and_fx(ctx: _Context) -> tuple[Amount, Amount]:
    channel, ov = ctx.channel, ctx.ov
    pay_rate = ov.get("payment_fee_rate", Decimal(channel["payment_fee_rate"]))
    pay_fixed = ZERO if "payment_fee_rate" in ov else Decimal(channel["payment_fee_fixed_usd"]) * ctx.fx("USD")
    fixed = msg("payment_fixed", fee=channel["payment_fee_fixed_usd"]) if pay_fixed else EMPTY
    payment = (ctx.price_cny * pay_rate + pay_fixed, msg("payment", rate=_pct(pay_rate), fixed=fixed))
    currency = ctx.option.currency
    if currency == "CNY":
        return payment, (ZERO, msg("fx_none"))
    fx_rate = ov.get("fx_fee_rate", Decimal(ctx.ref["platforms"]["payment_fx"]["fx_fee_rate"]))
    return payment, (ctx.price_cny * fx_rate,
                     msg("fx_fee", rate=_pct(fx_rate), currency=currency, fx=_fmt(ctx.fx(currency))))


def _rebate(ctx: _Context, facts: dict[str, Any]) -> Amount:
    """The export VAT rebate (negative), or nothing without the documents the customs mode needs."""
    rebates = ctx.ref["rebates"]["rebate"]
    found, key = by_hs_prefix(rebates["by_hs"], ctx.sku.hs_code, rebates["default"])
    rate = ctx.ov.get("rebate_rate", Decimal(found))
    domestic_vat = ctx.ov.get("domestic_vat_rate", Decimal(rebates["domestic_vat_rate"]))
    documents = ctx.ov.get("rebate_documents", ctx.mode["rebate"]["documents_default"])
    facts["rebate_documents"] = documents
    rebate = ctx.sku.unit_cost_cny / (1 + domestic_vat) * rate
    mode = ctx.option.customs_mode
    if documents and ctx.mode["rebate"]["eligible_with_documents"]:
        label = msg("hs_key", key=key) if key != "default" else msg("rebate_default_rate")
        return -rebate, msg("rebate", cost=_fmt(ctx.sku.unit_cost_cny, 2), divisor=_fmt(1 + domestic_vat),
                            rate=_pct(rate), label=label, mode=mode)
    facts["rebate_forgone_cny"] = rebate
    return ZERO, msg("rebate_none", mode=mode, note=ctx.mode["rebate"]["note"], forgone=_fmt(rebate, 2))


# ---------------------------------------------------------------- figures as the bases print them


def _fmt(value: Decimal, places: int | None = None) -> str:
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = (
        format(value.normalize(), "f") if value == value.to_integral_value() or places is None else format(value, "f")
    )
    return text.rstrip("0").rstrip(".") if "." in text else text


def _pct(rate: Decimal, places: int = 2) -> str:
    return f"{_fmt(rate * 100, places)}%"
