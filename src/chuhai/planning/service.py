"""Planning for the platform: the engines fed from the database, with role checks and reference edits.

The engines (`planning.engine`: landed cost, stock, HS codes) stay pure; this module builds their inputs
from products, order lines and stock records, and turns the operator's reference edits into per-option
overrides.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from chuhai.accounts.models import User
from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise, HsCodeSource, Product
from chuhai.demand.models import OrderLine
from chuhai.errors import Forbidden, NotFound, ValidationFailed
from chuhai.i18n import N_
from chuhai.imports.repository import data_versions
from chuhai.planning.engine.hs import EVIDENCE_CORRECTED_WEIGHT, Evidence, EvidenceIndex
from chuhai.planning.engine.landed_cost import evaluate
from chuhai.planning.engine.reference import InputError, load_reference
from chuhai.planning.engine.stock import HISTORY_WEEKS, SkuParams, StockPlan, replenish
from chuhai.planning.models import ReferenceEdit, WarehouseStock
from chuhai.textsearch import contains_pattern
from chuhai.types import RoleCode

DEFAULT_ROUTES = ("air", "sea", "express")
DEFAULT_MODES = ("9610", "9810")
DEFAULT_MARKETS = ("US", "DE", "GB")
DEFAULT_MARKUP = Decimal(3)  # consumer price ≈ 3 × factory cost when no sales history gives one
DEFAULT_COVER_WEEKS_ON_HAND = 6
HOLDING_SHARE_PER_MONTH = Decimal("0.02")  # capital cost of a unit in stock, on top of storage
STOCKOUT_MARGIN_SHARE = Decimal("0.5")


# ---------------------------------------------------------------- reference figures and edits


@dataclass(frozen=True)
class Figure:
    """One editable reference figure and the engine override that carries an edit of it."""

    key: str
    group: str
    label: str
    unit: str
    value: str
    source: str
    as_of: str
    override: str
    scope: tuple[tuple[str, str], ...] = ()
    label_zh: str = ""

    def applies_to(self, option: dict[str, Any]) -> bool:
        return all(str(option.get(name, "")).upper() == wanted.upper() for name, wanted in self.scope)


@lru_cache(maxsize=1)
def reference_figures() -> tuple[Figure, ...]:
    ref = load_reference()
    out: list[Figure] = []
    for currency, entry in ref["fx"]["rates"].items():
        if currency == "CNY":
            continue
        out.append(Figure(f"fx.{currency}", N_("Exchange rates"), f"{currency} → CNY", N_("CNY per unit"),
                          entry["cny_per_unit"], entry.get("source", ""), entry.get("as_of", ""), "fx"))
    domestic = ref["routes"]["domestic_logistics"]
    for basis, unit in (("kg", N_("CNY per kg")), ("cbm", N_("CNY per CBM"))):
        out.append(Figure(f"routes.domestic.{basis}", N_("Freight"), N_("Domestic logistics"), unit,
                          domestic[f"rate_cny_per_{basis}"], domestic.get("source", ""), domestic.get("as_of", ""),
                          f"domestic_logistics_cny_per_{basis}"))
    for route_id, route in ref["routes"]["routes"].items():
        basis = "kg" if route["basis"] == "kg" else "cbm"
        for country, lane in route["lanes"].items():
            out.append(Figure(
                f"routes.{route_id}.{country}", N_("Freight"), f"{route['name_en']} → {country}",
                N_("CNY per kg") if basis == "kg" else N_("CNY per CBM"), lane[f"rate_cny_per_{basis}"],
                lane.get("source", route.get("source", "")), lane.get("as_of", route.get("as_of", "")),
                f"freight_rate_cny_per_{basis}", (("route", route_id), ("destination", country)),
                f"{route['name_zh']} → {ref['countries']['countries'].get(country, {}).get('name_zh', country)}"))
    for country, entry in ref["countries"]["countries"].items():
        vat = entry.get("vat") or {}
        if "rate" in vat:
            out.append(Figure(f"countries.{country}.vat", N_("Import VAT / GST"), f"{entry['name_en']} ({country})",
                              N_("rate"), vat["rate"], vat.get("source", ""), vat.get("as_of", ""), "vat_rate",
                              (("destination", country),), f"{entry['name_zh']}（{country}）"))
    for channel_id, channel in ref["platforms"]["channels"].items():
        for name, group in (("commission_rate", N_("Platform commission")), ("return_rate", N_("Return rate"))):
            if name in channel:
                out.append(Figure(f"platforms.{channel_id}.{name}", group, channel["name_en"], N_("rate"),
                                  channel[name], channel.get("source", ""), channel.get("as_of", ""),
                                  name, (("channel", channel_id),), channel["name_zh"]))
    marketing = ref["defaults"]["marketing_rate"]
    out.append(Figure("defaults.marketing_rate", N_("Defaults"), N_("Marketing (share of product cost)"), N_("rate"),
                      marketing["value"], marketing.get("source", ""), marketing.get("as_of", ""), "marketing_rate"))
    return tuple(out)


def figure(key: str) -> Figure:
    found = next((f for f in reference_figures() if f.key == key), None)
    if found is None:
        raise NotFound("No such reference figure.")
    return found


def latest_edits(session: Session) -> dict[str, ReferenceEdit]:
    """The edit in force for each figure: the latest one."""
    latest: dict[str, ReferenceEdit] = {}
    for edit in session.scalars(select(ReferenceEdit).order_by(ReferenceEdit.created_at, ReferenceEdit.id)):
        latest[edit.figure] = edit
    return latest


def edit_history(session: Session, limit: int = 50) -> list[tuple[ReferenceEdit, str | None]]:
    rows = session.execute(
        select(ReferenceEdit, User.display_name).outerjoin(User, User.id == ReferenceEdit.edited_by_id)
        .order_by(ReferenceEdit.created_at.desc(), ReferenceEdit.id.desc()).limit(limit))
    return [(edit, name) for edit, name in rows]


def edit_figure(session: Session, actor: Principal, key: str, value: str, note: str | None = None) -> ReferenceEdit:
    actor.require(RoleCode.OPERATOR)
    target = figure(key)
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed("Enter a number.", details={"value": "Enter a number."}) from None
    if not number.is_finite() or number < 0 or (target.override == "fx" and number == 0):
        raise ValidationFailed("Enter a positive number.", details={"value": "Enter a positive number."})
    if target.unit == "rate" and number >= 1:
        raise ValidationFailed("A rate is a share below 1 (0.19 = 19%).",
                               details={"value": "A rate is a share below 1."})
    current = latest_edits(session).get(key)
    edit = ReferenceEdit(figure=key, value=format(number, "f"),
                         previous_value=current.value if current else target.value,
                         note=(note or "").strip() or None, edited_by_id=actor.user_id)
    session.add(edit)
    session.flush()
    return edit


def overrides_for(option: dict[str, Any], edits: dict[str, ReferenceEdit]) -> dict[str, Any]:
    """The engine overrides that carry the operator's edits relevant to one option."""
    out: dict[str, Any] = {}
    for key, edit in edits.items():
        try:
            target = figure(key)
        except NotFound:
            continue  # a figure the shipped data no longer has
        if not target.applies_to(option):
            continue
        if target.override == "fx":
            out.setdefault("fx", {})[key.split(".", 1)[1]] = edit.value
        else:
            out[target.override] = edit.value
    return out


# ---------------------------------------------------------------- landed-cost planner


def _fx(currency: str) -> Decimal:
    rates = load_reference()["fx"]["rates"]
    return Decimal(rates[currency]["cny_per_unit"]) if currency in rates else Decimal(0)


def plannable_product(session: Session, actor: Principal, product_id: int) -> Product:
    """A product the actor may plan: the operator any, an enterprise member its own."""
    if not (actor.is_operator or actor.role == RoleCode.ENTERPRISE):
        raise Forbidden("Your role may not plan exports.")
    product = session.scalar(select(Product).where(Product.id == product_id)
                             .options(selectinload(Product.price_tiers), selectinload(Product.enterprise)))
    if product is None or not actor.may_see_enterprise_private(product.enterprise_id):
        raise NotFound("No such product.")
    return product


PLANNER_PICK_LIMIT = 500


def plannable_products(session: Session, actor: Principal, q: str | None = None,
                       limit: int | None = None) -> list[Product]:
    """Active products the actor may plan, optionally those whose SKU or title contains `q`; at most
    `limit` (the operator has thousands: the page asks to search when the list is cut)."""
    query = (select(Product).where(Product.status == "active").order_by(Product.enterprise_id, Product.sku)
             .limit(limit or PLANNER_PICK_LIMIT))
    if not actor.is_operator:
        query = query.where(Product.enterprise_id == (actor.enterprise_id or -1))
    if q and q.strip():
        pattern = contains_pattern(q.strip())
        query = query.where(or_(Product.sku.ilike(pattern, escape="\\"), Product.title_zh.ilike(pattern, escape="\\"),
                                Product.title_en.ilike(pattern, escape="\\")))
    return list(session.scalars(query))


def unit_cost_cny(product: Product) -> Decimal | None:
    """Factory price of the smallest tier, in CNY (a CNY tier when there is one)."""
    tiers = sorted(product.price_tiers, key=lambda t: t.min_quantity)
    cny = [t for t in tiers if t.currency == "CNY"]
    if cny:
        return Decimal(cny[0].unit_price).quantize(Decimal("0.01"))
    for tier in tiers:
        rate = _fx(tier.currency)
        if rate:
            return (Decimal(tier.unit_price) * rate).quantize(Decimal("0.01"))
    return None


def sku_values(product: Product) -> dict[str, Any]:
    return {"unit_cost_cny": unit_cost_cny(product), "weight_kg": product.weight_kg, "length_cm": product.length_cm,
            "width_cm": product.width_cm, "height_cm": product.height_cm, "hs_code": product.hs_code}


def _recent_prices(session: Session, product_id: int) -> dict[str, tuple[Decimal, str, int]]:
    """Mean selling price and currency per country over the product's last year of order lines, by units."""
    last = session.scalar(select(func.max(OrderLine.order_date)).where(OrderLine.product_id == product_id))
    if last is None:
        return {}
    rows = session.execute(
        select(OrderLine.country, OrderLine.currency, func.sum(OrderLine.units),
               func.sum(OrderLine.units * OrderLine.unit_price))
        .where(OrderLine.product_id == product_id, OrderLine.order_date > last - dt.timedelta(days=365),
               OrderLine.channel.notin_(("alibaba", "distributor")))
        .group_by(OrderLine.country, OrderLine.currency))
    out: dict[str, tuple[Decimal, str, int]] = {}
    for country, currency, units, revenue in rows:
        if units and (country not in out or units > out[country][2]):
            out[country] = ((Decimal(str(revenue)) / units).quantize(Decimal("0.01")), currency, int(units))
    return out


def default_options(session: Session, product: Product, unit_cost: Decimal | None) -> list[dict[str, Any]]:
    """The product's top markets × (air, sea, express) × (9610, 9810), priced from its sales where known."""
    ref = load_reference()
    countries, routes = ref["countries"]["countries"], ref["routes"]["routes"]
    prices = _recent_prices(session, product.id)
    by_sales = sorted(prices, key=lambda c: -prices[c][2])
    enterprise = product.enterprise
    markets = [c for c in [*by_sales, *(enterprise.export_markets or []), *DEFAULT_MARKETS] if c in countries]
    markets = list(dict.fromkeys(markets))[:2]
    channels = [c for c in (enterprise.export_channels or []) if c in ref["platforms"]["channels"]
                and ref["platforms"]["channels"][c]["kind"] == "b2c"]
    channel = channels[0] if channels else "amazon"
    options = []
    for market in markets:
        if market in prices:
            price, currency, _units = prices[market]
        else:
            currency = countries[market].get("currency", "USD")
            if currency not in ref["fx"]["rates"]:
                currency = "USD"
            price = ((unit_cost or Decimal(100)) * DEFAULT_MARKUP / _fx(currency)).quantize(Decimal("0.01"))
        for route in DEFAULT_ROUTES:
            if market not in routes[route]["lanes"]:
                continue
            for mode in DEFAULT_MODES:
                options.append({"id": f"{market}-{route}-{mode}", "destination": market, "channel": channel,
                                "route": route, "customs_mode": mode, "selling_price": str(price),
                                "currency": currency})
    return options


def planner_request(sku: dict[str, Any], options: list[dict[str, Any]], edits: dict[str, ReferenceEdit],
                    ship_date: dt.date) -> dict[str, Any]:
    """The engine's INPUT contract for the page's choices, with the operator's edits as per-option overrides."""
    with_overrides = []
    for option in options:
        extra = overrides_for(option, edits)
        with_overrides.append({**option, "overrides": extra} if extra else dict(option))
    return {"sku": {k: (str(v) if isinstance(v, Decimal) else v) for k, v in sku.items()},
            "ship_date": ship_date.isoformat(), "options": with_overrides}


def run_planner(session: Session, sku: dict[str, Any], options: list[dict[str, Any]],
                ship_date: dt.date | None = None) -> tuple[list, dict[str, Any]]:
    """Evaluate the options; returns the engine's results (best margin first) and the request it ran."""
    request = planner_request(sku, options, latest_edits(session), ship_date or dt.date.today())
    try:
        return evaluate(request), request
    except InputError as exc:
        # the engine's own words (English), as the batch contract prints them, after the field they name
        raise ValidationFailed("%(field)s: %(problem)s", field=exc.field, problem=exc.message,
                               details={exc.field: exc.message}) from None


# ---------------------------------------------------------------- overseas warehouse


def warehouse_enterprise(session: Session, actor: Principal, enterprise_id: int | None) -> Enterprise | None:
    if actor.is_operator:
        if enterprise_id is None:
            return None
        enterprise = session.get(Enterprise, enterprise_id)
        if enterprise is None:
            raise NotFound("No such enterprise.")
        return enterprise
    if actor.role != RoleCode.ENTERPRISE or actor.enterprise_id is None:
        raise Forbidden("Your role may not open the warehouse plan.")
    if enterprise_id is not None and enterprise_id != actor.enterprise_id:
        raise NotFound("No such enterprise.")
    enterprise = session.get(Enterprise, actor.enterprise_id)
    if enterprise is None:
        raise NotFound("No such enterprise.")
    return enterprise


def enterprises_with_products(session: Session) -> list[Enterprise]:
    with_products = select(Product.enterprise_id).where(Product.status == "active").distinct()
    return list(session.scalars(select(Enterprise).where(Enterprise.id.in_(with_products)).order_by(Enterprise.id)))


@dataclass
class WarehouseRow:
    product: Product
    plan: StockPlan
    on_hand: int
    on_hand_entered: bool
    lead_time_days: int
    route: str


def _daily_sales(session: Session, product_ids: list[int], since: dt.date) -> list[dict[str, Any]]:
    """Units and mean price per product × day × currency, from this enterprise's lines only (indexed)."""
    if not product_ids:
        return []
    rows = session.execute(
        select(OrderLine.product_id, OrderLine.order_date, OrderLine.currency, func.sum(OrderLine.units),
               func.sum(OrderLine.units * OrderLine.unit_price))
        .where(OrderLine.product_id.in_(product_ids), OrderLine.order_date >= since)
        .group_by(OrderLine.product_id, OrderLine.order_date, OrderLine.currency))
    out = []
    for product_id, day, currency, units, revenue in rows:
        if not units:
            continue
        out.append({"product_id": str(product_id), "order_date": day, "units": int(units), "currency": currency,
                    "unit_price": Decimal(str(revenue)) / int(units)})
    return out


def _route_for(product: Product) -> tuple[str, int]:
    """Air for light, valuable goods; sea otherwise; lead time = factory lead time + transit to the US."""
    routes = load_reference()["routes"]["routes"]
    cost = unit_cost_cny(product) or Decimal(0)
    weight = Decimal(product.weight_kg or 1)
    route = "air" if weight > 0 and cost / weight >= 300 else "sea"
    transit = routes[route]["lanes"].get("US", {"transit_days": [30, 40]})["transit_days"][1]
    return route, int(product.lead_time_days or 15) + int(transit)


# An enterprise's warehouse plan (its sales history aggregated, forecast and planned: ~100 ms for a range of a
# few dozen SKUs) is the same until its products, their stock records or the order lines change, or the day
# turns: kept per database and enterprise (the warehouse page, the API and every product's dossier ask for it).
WAREHOUSE_PLANS_KEPT = 64
_warehouse_plans: OrderedDict[tuple[str, int], tuple[tuple, dt.date, dict[int, tuple]]] = OrderedDict()
_warehouse_plans_lock = threading.Lock()


def warehouse_plan(session: Session, actor: Principal, enterprise: Enterprise,
                   as_of: dt.date | None = None) -> tuple[list[WarehouseRow], dt.date]:
    products = list(session.scalars(
        select(Product).where(Product.enterprise_id == enterprise.id, Product.status == "active")
        .options(selectinload(Product.price_tiers)).order_by(Product.sku)))
    ids = [p.id for p in products]
    stock = ({s.product_id: s for s in session.scalars(
        select(WarehouseStock).where(WarehouseStock.product_id.in_(ids)))} if ids else {})
    if as_of is not None:
        return _warehouse_plan(session, products, stock, as_of)
    url = session.get_bind().url.render_as_string(hide_password=True)
    key = (url, enterprise.id)
    signature = (dt.date.today(), *data_versions(session, ("order_lines",)),
                 tuple((p.id, p.updated_at) for p in products),
                 tuple(sorted((pid, s.on_hand, s.updated_at) for pid, s in stock.items())))
    with _warehouse_plans_lock:
        hit = _warehouse_plans.get(key)
        if hit is not None and hit[0] == signature:
            _warehouse_plans.move_to_end(key)
            _signature, as_of, plans = hit
            return [WarehouseRow(product, *plans[product.id]) for product in products], as_of
    rows, as_of = _warehouse_plan(session, products, stock, None)
    with _warehouse_plans_lock:
        _warehouse_plans[key] = (signature, as_of, {row.product.id: (row.plan, row.on_hand, row.on_hand_entered,
                                                                     row.lead_time_days, row.route) for row in rows})
        _warehouse_plans.move_to_end(key)
        while len(_warehouse_plans) > WAREHOUSE_PLANS_KEPT:
            _warehouse_plans.popitem(last=False)
    return rows, as_of


def _warehouse_plan(session: Session, products: list[Product], stock: dict[int, WarehouseStock],
                    as_of: dt.date | None) -> tuple[list[WarehouseRow], dt.date]:
    ids = [p.id for p in products]
    if as_of is None:
        last = (session.scalar(select(func.max(OrderLine.order_date)).where(OrderLine.product_id.in_(ids)))
                if ids else None)
        as_of = min(dt.date.today(), last + dt.timedelta(days=1)) if last else dt.date.today()
    orders = _daily_sales(session, ids, as_of - dt.timedelta(weeks=HISTORY_WEEKS))
    recent_units: dict[int, int] = {}
    six_weeks_ago = as_of - dt.timedelta(weeks=DEFAULT_COVER_WEEKS_ON_HAND)
    for order in orders:
        if six_weeks_ago <= order["order_date"] < as_of:
            pid = int(order["product_id"])
            recent_units[pid] = recent_units.get(pid, 0) + order["units"]
    params: dict[str, SkuParams] = {}
    meta: dict[int, tuple[int, bool, int, str]] = {}
    storage = Decimal(load_reference()["defaults"]["warehouse"]["storage_cny_per_cbm_month"]["US"])
    for product in products:
        cost = unit_cost_cny(product) or Decimal(100)
        volume = ((Decimal(product.length_cm) * Decimal(product.width_cm) * Decimal(product.height_cm) / 1_000_000)
                  if product.length_cm and product.width_cm and product.height_cm else Decimal("0.01"))
        entered = stock.get(product.id)
        on_hand = entered.on_hand if entered else recent_units.get(product.id, 0)  # ≈ 6 weeks of recent sales
        route, lead = _route_for(product)
        params[str(product.id)] = SkuParams(
            product_id=str(product.id), unit_cost_cny=cost, unit_volume_m3=volume, lead_time_days=lead,
            holding_cost_cny_per_unit_month=(volume * storage + cost * HOLDING_SHARE_PER_MONTH).quantize(
                Decimal("0.01")),
            stockout_cost_cny_per_unit=(cost * (DEFAULT_MARKUP - 1) * STOCKOUT_MARGIN_SHARE).quantize(Decimal("0.01")),
            on_hand=on_hand, extra={"category": product.category})
        meta[product.id] = (on_hand, entered is not None, lead, route)
    if not params:
        return [], as_of
    result = replenish(orders, params, as_of)
    rows = []
    for product, entry in zip(products, result.skus, strict=True):
        on_hand, entered, lead, route = meta[product.id]
        rows.append(WarehouseRow(product, entry, on_hand, entered, lead, route))
    return rows, as_of


def set_on_hand(session: Session, actor: Principal, product_id: int, on_hand: int) -> WarehouseStock:
    product = session.get(Product, product_id)
    if product is None or not actor.may_see_enterprise_private(product.enterprise_id):
        raise NotFound("No such product.")
    if on_hand < 0:
        raise ValidationFailed("Stock on hand cannot be negative.", details={"on_hand": "Must not be negative."})
    record = session.scalar(select(WarehouseStock).where(WarehouseStock.product_id == product_id))
    if record is None:
        record = WarehouseStock(product_id=product_id, on_hand=on_hand, updated_by_id=actor.user_id)
        session.add(record)
    else:
        record.on_hand, record.updated_by_id = on_hand, actor.user_id
    session.flush()
    return record


def weeks_axis(as_of: dt.date, history: int, ahead: int) -> list[str]:
    """Labels (week start dates) for `history` past weeks ending the day before `as_of` and `ahead` weeks after."""
    first = as_of - dt.timedelta(weeks=history)
    return [(first + dt.timedelta(weeks=i)).isoformat() for i in range(history + ahead)]


# ---------------------------------------------------------------- HS suggestion with the platform's evidence

HS_EVIDENCE_LIMIT = 20000  # the most recent confirmed products the suggester looks at
_hs_evidence_cache: dict[str, Any] = {"key": None, "index": None}


def hs_evidence(db: Session) -> EvidenceIndex:
    """The products whose HS code an enterprise confirmed (saved its product with it) or an operator corrected
    (catalog.models.HsCodeSource), as nearest-neighbour evidence for `engine.hs.suggest_item` — titles in both
    languages, a correction weighted above a confirmation; an imported code is none until its enterprise saves
    the product. Rebuilt when the products change (their count or latest update); never mixed with the
    evaluation sets in bench/."""
    sources = [source for source in HsCodeSource if source.is_evidence]
    count, latest = db.execute(
        select(func.count(Product.id), func.max(Product.updated_at))
        .where(Product.status == "active", Product.hs_code_source.in_(sources))
    ).one()
    key = (id(db.get_bind()), count, latest)
    if _hs_evidence_cache["key"] != key:
        rows = db.execute(
            select(Product.title_zh, Product.title_en, Product.hs_code, Product.hs_code_source)
            .where(Product.status == "active", Product.hs_code_source.in_(sources))
            .order_by(Product.updated_at.desc(), Product.id.desc())
            .limit(HS_EVIDENCE_LIMIT)
        ).all()
        weight = {HsCodeSource.CONFIRMED: 1.0, HsCodeSource.CORRECTED: EVIDENCE_CORRECTED_WEIGHT}
        evidence = [Evidence(title, code, weight[source]) for zh, en, code, source in rows
                    for title in (zh, en) if title and code]
        _hs_evidence_cache.update(key=key, index=EvidenceIndex(evidence))
    return _hs_evidence_cache["index"]
