"""The estimated landed cost per unit of a quotation at the buyer's door, so that quotations under
different Incoterms compare: the quoted price plus what the buyer still pays on top of it
(`incoterms.BUYER_PAYS`), each part with its basis as a code and the figures.

Built on the planner's engine and reference data (`chuhai.planning.engine`): its freight lanes
(`cost.freight_quote`: per freight tonne on sea/rail/TIR, per chargeable kg by air; door to warehouse),
factory-to-port trucking, cargo insurance (rate of the route × 110 % of CIF), the destination's MFN duty
for the longest matching HS prefix and any specific duty, the dated additional duties on the origin
(`cost.additional_duty_measures`: US Section 301 …), the customs value basis (CIF or FOB) and the import
VAT/GST rate and base of the destination.

What an estimate assumes (each basis says it):
- the goods are a commercial (B2B) consignment of the quoted quantity: no de minimis relief applies;
- the main freight is the first of `Assumptions.routes` that serves the destination (sea, else rail,
  TIR, air), or the route asked for;
- a price that already includes freight (CPT, CIP, CIF, DAP) is brought back to an FOB value for a
  destination that values goods FOB by taking off the estimated freight (and insurance); without the
  goods' weight and size that is impossible and the price itself is the customs value (flagged
  `freight_not_deducted`: the duty is then slightly high);
- an EXW buyer pays trucking to the port (the planner's domestic rate) and an export declaration per
  shipment (`Assumptions.export_declaration_cny`, spread over the quantity);
- import VAT/GST is counted although a VAT-registered importer recovers it (`recoverable` in its basis):
  the buyer pays it at the border;
- without an HS code (a quotation without a product) the destination's default duty rates apply.

Amounts are per unit in the requested currency, each component rounded to 0.01 so that they add up to the
total. A component that cannot be estimated (no weight or size for the freight, a destination without
reference data, a currency without a rate) leaves the total unknown (`amount` None) and is named in
`missing`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chuhai.planning.engine.cost import Sku, additional_duty_measures, freight_quote
from chuhai.planning.engine.reference import InputError, by_hs_prefix, load_reference
from chuhai.trade.engine.incoterms import (
    ADDITIONAL_DUTY,
    COMPONENTS,
    EXPORT_CLEARANCE,
    IMPORT_DUTY,
    IMPORT_VAT,
    INSURANCE,
    MAIN_FREIGHT,
    QUOTED_PRICE,
    Coverage,
    buyer_pays,
    coverage,
)

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Assumptions:
    """Figures an estimate needs beyond the planner's reference data (the platform may pass its own)."""

    # Customs declaration and port handling at export, per shipment, paid by an EXW buyer's forwarder
    # (Chuhai default from Qingdao customs brokers' public price lists; replace with a broker's quote).
    export_declaration_cny: Decimal = Decimal("400")
    # The main freight: the first of these routes that serves the destination.
    routes: tuple[str, ...] = ("sea", "rail", "tir", "air")
    origin: str = "CN"


DEFAULT_ASSUMPTIONS = Assumptions()


@dataclass(frozen=True)
class Goods:
    """One unit of the goods: weight and size (for freight), HS code (for duty); any may be unknown."""

    weight_kg: Decimal | None = None
    length_cm: Decimal | None = None
    width_cm: Decimal | None = None
    height_cm: Decimal | None = None
    hs_code: str | None = None

    @property
    def measured(self) -> bool:
        return None not in (self.weight_kg, self.length_cm, self.width_cm, self.height_cm) and all(
            v > 0 for v in (self.weight_kg, self.length_cm, self.width_cm, self.height_cm))


@dataclass(frozen=True)
class Quote:
    """A quotation's terms for one quantity: the unit price (for that quantity), its currency and Incoterm."""

    unit_price: Decimal
    currency: str
    incoterm: str
    quantity: int


@dataclass(frozen=True)
class Basis:
    """How a component was reckoned: a code and its figures (strings, numbers, booleans), rendered at the
    edge (`chuhai.trade.texts`)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class Component:
    name: str  # one of incoterms.COMPONENTS
    amount: Decimal | None  # per unit, in the result's currency; None when it could not be estimated
    basis: Basis


@dataclass(frozen=True)
class LandedCost:
    amount: Decimal | None  # per unit; None when a component could not be estimated
    currency: str
    incoterm: str
    destination: str | None
    components: tuple[Component, ...]
    missing: tuple[str, ...] = ()  # what was lacking: weight_and_size, destination, fx:XXX
    route: str | None = None

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)


class _FxMissing(Exception):
    def __init__(self, currency: str) -> None:
        super().__init__(currency)
        self.currency = currency


def _fmt(value: Decimal, places: int = 2) -> str:
    return str(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def _pct(rate: Decimal) -> str:
    text = format((rate * 100).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize(), "f")
    return f"{text}%"


def choose_route(destination: str, routes: tuple[str, ...] = DEFAULT_ASSUMPTIONS.routes) -> str | None:
    """The first of `routes` with a lane to `destination` in the planner's reference data."""
    known = load_reference()["routes"]["routes"]
    return next((r for r in routes if r in known and destination in known[r]["lanes"]), None)


def landed_cost(quote: Quote, goods: Goods, destination: str | None, *, currency: str | None = None,
                fx: Mapping[str, Decimal] | None = None, ship_date: dt.date | None = None,
                route: str | None = None, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> LandedCost:
    """The landed cost per unit of `quote` at `destination` (ISO alpha-2), in `currency` (default: the
    quote's). `fx` gives CNY per unit of a currency (the planner's reference rates fill the gaps);
    `ship_date` (default today) decides which dated duties are in force. ValueError for an unknown
    Incoterm or route."""
    cover = coverage(quote.incoterm)
    incoterm = quote.incoterm.upper()
    target = (currency or quote.currency).upper()
    ship_date = ship_date or dt.date.today()
    ref = load_reference()
    rates = {k.upper(): Decimal(v) for k, v in (fx or {}).items()}

    def cny_per(code: str) -> Decimal:
        code = code.upper()
        if code == "CNY":
            return Decimal(1)
        if code in rates:
            return rates[code]
        if code in ref["fx"]["rates"]:
            return Decimal(ref["fx"]["rates"][code]["cny_per_unit"])
        raise _FxMissing(code)

    try:
        price_cny = quote.unit_price * cny_per(quote.currency)
        to_target = Decimal(1) / cny_per(target)
    except _FxMissing as missing:
        return LandedCost(None, target, incoterm, destination, (), (f"fx:{missing.currency}",))

    same = quote.currency.upper() == target
    price = Component(QUOTED_PRICE, quote.unit_price if same else price_cny * to_target,
                      Basis("quoted_price", {"incoterm": incoterm, "unit_price": str(quote.unit_price),
                                             "currency": quote.currency.upper(), "quantity": quote.quantity}))
    wanted = buyer_pays(incoterm)
    if not wanted:
        return _result([price], (), target, incoterm, destination, None, to_target)
    country = ref["countries"]["countries"].get((destination or "").upper())
    if country is None:
        components = [price] + [Component(name, None, Basis("no_reference_data", {"destination": destination or ""}))
                                for name in wanted]
        return _result(components, ("destination",), target, incoterm, destination, None, to_target)
    destination = destination.upper()
    estimate = _Estimate(quote, goods, destination, country, cover, price_cny, ship_date, assumptions, ref,
                         route or choose_route(destination, assumptions.routes), cny_per)
    parts = estimate.components()
    components = [price] + [parts[name] for name in wanted]
    missing = ("weight_and_size",) if any(c.amount is None for c in components) else ()
    return _result(components, missing, target, incoterm, destination, estimate.route, to_target)


def _result(components: list[Component], missing: tuple[str, ...], currency: str, incoterm: str,
            destination: str | None, route: str | None, to_target: Decimal) -> LandedCost:
    """Components in the target currency (the price component is already in it), rounded to cents."""
    out = []
    for c in components:
        amount = c.amount if c.name == QUOTED_PRICE else (None if c.amount is None else c.amount * to_target)
        out.append(Component(c.name, None if amount is None else amount.quantize(CENT, ROUND_HALF_UP), c.basis))
    out.sort(key=lambda c: COMPONENTS.index(c.name))
    total = None if any(c.amount is None for c in out) else sum((c.amount for c in out), ZERO)
    return LandedCost(total, currency, incoterm, destination, tuple(out), missing, route)


@dataclass
class _Estimate:
    """The figures of one estimate in CNY per unit; `None` where the goods' weight and size are lacking."""

    quote: Quote
    goods: Goods
    destination: str
    country: dict[str, Any]
    cover: Coverage
    price: Decimal  # CNY
    ship_date: dt.date
    assumptions: Assumptions
    ref: dict[str, Any]
    route: str | None
    cny_per: Any

    def components(self) -> dict[str, Component]:
        sku = self._sku()
        known = self.ref["routes"]["routes"]
        if self.route and self.route not in known:
            raise ValueError(f"unknown route {self.route!r}")
        if self.route and self.destination not in known[self.route]["lanes"]:
            self.route = None  # the route asked for does not serve the destination
        route = known[self.route] if self.route else None
        share = Decimal(self.ref["defaults"]["insurance_insured_share"]["value"])
        ins_rate = Decimal(route["insurance_rate"]) if route else Decimal(0)
        ins_factor = share * ins_rate

        freight = None
        if sku is not None and self.route:
            try:
                freight = freight_quote(sku, self.route, self.destination)
            except InputError:  # e.g. a postal weight limit: no estimate
                freight = None
        freight_cny = freight.amount_cny if freight else None
        clearance = self._export_clearance(sku)
        price = self.price

        # The goods' value at the port of export (FOB) and at the border (CIF), from what the price covers.
        approximate = False
        if self.cover is Coverage.WORKS:
            fob = None if clearance is None else price + clearance[0]
        elif self.cover is Coverage.PORT:
            fob = price
        elif self.cover is Coverage.CARRIAGE:
            fob = None if freight_cny is None else max(price - freight_cny, ZERO)
        else:  # INSURED
            fob = None if freight_cny is None else max(price / (1 + ins_factor) - freight_cny, ZERO)
        if self.cover is Coverage.CARRIAGE:
            insurance = ins_factor * price
            cif = price + insurance
        elif self.cover is Coverage.INSURED:
            insurance, cif = None, price
        else:
            insurance = None if fob is None or freight_cny is None else ins_factor * (fob + freight_cny)
            cif = None if insurance is None else fob + freight_cny + insurance
        basis_name = self.country["customs_value_basis"]["value"]
        customs_value = cif if basis_name == "CIF" else fob
        if customs_value is None and self.cover in (Coverage.CARRIAGE, Coverage.INSURED):
            customs_value, approximate = price, True  # freight unknown: not taken off the price

        out: dict[str, Component] = {}
        out[EXPORT_CLEARANCE] = (Component(EXPORT_CLEARANCE, clearance[0], clearance[1]) if clearance
                                 else Component(EXPORT_CLEARANCE, None, Basis("needs_weight_and_size")))
        out[MAIN_FREIGHT] = self._freight_component(freight)
        out[INSURANCE] = self._insurance_component(insurance, ins_rate, share, fob, freight_cny)
        duty, additional, vat = self._import_side(customs_value, basis_name, approximate, cif, fob)
        out[IMPORT_DUTY], out[ADDITIONAL_DUTY], out[IMPORT_VAT] = duty, additional, vat
        return out

    # ------------------------------------------------------------------------------------------ export side

    def _sku(self) -> Sku | None:
        g = self.goods
        if not g.measured:
            return None
        return Sku(unit_cost_cny=self.price, weight_kg=g.weight_kg, length_cm=g.length_cm, width_cm=g.width_cm,
                   height_cm=g.height_cm, hs_code=(g.hs_code or "000000")[:6])

    def _export_clearance(self, sku: Sku | None) -> tuple[Decimal, Basis] | None:
        if sku is None:
            return None
        domestic = self.ref["routes"]["domestic_logistics"]
        per_kg, per_cbm = Decimal(domestic["rate_cny_per_kg"]), Decimal(domestic["rate_cny_per_cbm"])
        trucking = max(sku.weight_kg * per_kg, sku.volume_cbm * per_cbm)
        declaration = self.assumptions.export_declaration_cny / max(self.quote.quantity, 1)
        return trucking + declaration, Basis("export_clearance", {
            "trucking_cny": _fmt(trucking), "kg": _fmt(sku.weight_kg, 3), "rate_kg": str(per_kg),
            "cbm": _fmt(sku.volume_cbm, 4), "rate_cbm": str(per_cbm),
            "declaration_cny": _fmt(self.assumptions.export_declaration_cny), "quantity": self.quote.quantity})

    def _freight_component(self, freight) -> Component:
        if not self.route:
            return Component(MAIN_FREIGHT, None, Basis("no_route", {"destination": self.destination}))
        if freight is None:
            return Component(MAIN_FREIGHT, None, Basis("needs_weight_and_size", {"route": self.route}))
        params = {k: v for k, v in freight.basis.params.items() if isinstance(v, str | int) and v != ""}
        params.update(route=self.route, destination=self.destination)
        code = "freight_per_tonne" if freight.tonnes > 0 else "freight_per_kg"
        return Component(MAIN_FREIGHT, freight.amount_cny, Basis(code, params))

    def _insurance_component(self, insurance, rate, share, fob, freight) -> Component:
        if self.cover is Coverage.CARRIAGE:
            return Component(INSURANCE, insurance, Basis("insurance_on_price", {
                "rate": _pct(rate), "share": _pct(share), "value_cny": _fmt(self.price)}))
        if insurance is None:
            return Component(INSURANCE, None, Basis("needs_weight_and_size"))
        return Component(INSURANCE, insurance, Basis("insurance", {
            "rate": _pct(rate), "share": _pct(share), "fob_cny": _fmt(fob), "freight_cny": _fmt(freight)}))

    # ------------------------------------------------------------------------------------------ import side

    def _import_side(self, customs_value, basis_name, approximate, cif, fob) -> tuple[Component, ...]:
        if customs_value is None:
            return tuple(Component(name, None, Basis("needs_weight_and_size"))
                         for name in (IMPORT_DUTY, ADDITIONAL_DUTY, IMPORT_VAT))
        hs = (self.goods.hs_code or "")[:6]
        duty_table = self.country["duty"]
        found, key = by_hs_prefix(duty_table["by_hs"], hs, duty_table["default"]) if hs else (
            duty_table["default"], "default")
        rate = Decimal(found)
        duty = customs_value * rate
        value_params = {"customs_value_cny": _fmt(customs_value), "customs_value_basis": basis_name,
                        "freight_not_deducted": approximate}
        params = {**value_params, "rate": _pct(rate), "destination": self.destination,
                  "hs_key": key if key != "default" else "", "hs_code": hs}
        specific = duty_table.get("specific_per_kg", {}).get(hs[:4]) if hs else None
        if specific and self.goods.weight_kg is not None:
            extra = Decimal(specific["amount"]) * self.cny_per(specific["currency"]) * self.goods.weight_kg
            duty += extra
            params.update(specific_amount=specific["amount"], specific_currency=specific["currency"],
                          kg=_fmt(self.goods.weight_kg, 3))
        duty_component = Component(IMPORT_DUTY, duty, Basis("import_duty" if hs else "import_duty_default", params))

        measures = additional_duty_measures(self.country, hs, self.assumptions.origin, self.ship_date)
        add_rate = sum((r for _, r in measures), ZERO)
        additional = customs_value * add_rate
        additional_component = Component(ADDITIONAL_DUTY, additional, Basis(
            "additional_duty" if measures else "additional_duty_none",
            {**value_params, "rate": _pct(add_rate), "measures": ", ".join(m["id"] for m, _ in measures),
             "origin": self.assumptions.origin, "destination": self.destination,
             "date": self.ship_date.isoformat()}))

        vat = self.country["vat"]
        vat_rate = Decimal(vat["rate"])
        if vat["base"] == "none" or vat_rate == 0:
            vat_component = Component(IMPORT_VAT, ZERO, Basis("import_vat_none", {"destination": self.destination}))
        else:
            base = customs_value + duty + additional
            plus_freight = vat["base"].endswith("plus_freight") and basis_name == "FOB"
            if plus_freight and cif is not None and fob is not None:
                base += cif - fob
            vat_component = Component(IMPORT_VAT, base * vat_rate, Basis("import_vat", {
                "rate": _pct(vat_rate), "base_cny": _fmt(base), "destination": self.destination,
                "plus_freight": plus_freight, "recoverable": True}))
        return duty_component, additional_component, vat_component
