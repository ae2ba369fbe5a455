"""The manufacturer's export dossier (出海方案书) for one product, as plain data.

`export_dossier` gathers, for a product the actor may plan (`service.plannable_product`), what the
platform already knows about exporting it: its facts, the landed-cost planner's default options
(the same numbers as the planner page), where it sold over its last 12 months of sales, its row of
the overseas-warehouse plan, and open demands it could answer. It only reads. Every section says
what is missing (`note`, an English message id the renderer translates) instead of failing.

The planning engines' words (warehouse reasons, advice) stay codes that the renderer
(`chuhai.planning.dossier_pdf`) says in the reader's language; matching reasons come in both languages
(`reasons_zh`, `reasons_en`) and the renderer picks by locale.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Certification, IndustrialBelt, Product
from chuhai.compliance import service as compliance
from chuhai.demand.models import Demand, OrderLine
from chuhai.demand.repository import answerable_on
from chuhai.errors import ValidationFailed
from chuhai.i18n import N_
from chuhai.insight.engine.fx import monthly_usd_rate
from chuhai.insight.service import platform_fx
from chuhai.matching import repository
from chuhai.matching import service as matching
from chuhai.matching.models import DemandMatch
from chuhai.matching.reasons import reason_texts
from chuhai.planning import service
from chuhai.planning.engine.hs import glossary
from chuhai.planning.engine.nomenclature import hs6_problem, hs_nomenclature, normalise_hs_code

log = logging.getLogger(__name__)

CENT = Decimal("0.01")
TOP_COUNTRIES = 10
TOP_DEMANDS = 5
SALES_WINDOW_DAYS = 365

NO_SALES = N_("No sales recorded for this product yet.")
NO_WAREHOUSE_ROW = N_("The product is not in its enterprise's overseas-warehouse plan (only active products are).")
NO_DEMANDS = N_("No open demand that this product could answer right now.")
MATCHING_UNAVAILABLE = N_("The matching index is unavailable right now; open demands could not be searched.")
NOT_MATCHABLE = N_("The product is not matchable (inactive, or its enterprise was rejected); "
                   "these are the open demands of its category instead.")
NO_OPTIONS = N_("No export option could be built for this product.")


def export_dossier(session: Session, actor: Principal, product_id: int, data_dir: Path | None = None) -> dict[str, Any]:
    """The dossier of one product (raises what `service.plannable_product` raises)."""
    product = service.plannable_product(session, actor, product_id)
    today = dt.date.today()
    dossier = {
        "generated_on": today,
        "product": _facts(session, product, today),
        "options": _options(session, product),
        "sales": sales_by_country(session, product.id),
        "warehouse": _warehouse(session, actor, product),
        "demands": _demands(session, product, today, data_dir),
    }
    dossier["compliance"] = _compliance(session, product, dossier["options"], today)
    return dossier


# ---------------------------------------------------------------- 6. market requirements


def _compliance(session: Session, product: Product, options: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The checklist of each option's market and the enterprise's export markets (`compliance.readiness`):
    requirements, those the product's valid certifications meet, the gap with its typical cost and lead time."""
    markets = [r["destination"] for r in options.get("results", [])]
    markets = compliance.target_markets(product.enterprise.export_markets, markets)
    ref = compliance.reference(session)
    return {"reference": ref, "markets": compliance.readiness(session, product, markets, today=today, ref=ref)}


# ---------------------------------------------------------------- 1–2. header and product facts


def _facts(session: Session, product: Product, today: dt.date) -> dict[str, Any]:
    enterprise = product.enterprise
    belt = session.get(IndustrialBelt, enterprise.belt_id) if enterprise.belt_id else None
    certifications = [c for c in session.scalars(
        select(Certification).where(Certification.enterprise_id == enterprise.id).order_by(Certification.name))
        if c.is_valid_on(today)]
    code = normalise_hs_code(product.hs_code or "")
    chapter = _hs_chapter(code[:2]) if len(code) >= 2 else None
    dims = (product.length_cm, product.width_cm, product.height_cm)
    return {
        "id": product.id, "sku": product.sku, "title_zh": product.title_zh, "title_en": product.title_en,
        "status": product.status, "category": product.category,
        "enterprise": {"id": enterprise.id, "name_zh": enterprise.name_zh, "name_en": enterprise.name_en},
        "belt": {"code": belt.code, "name_zh": belt.name_zh, "name_en": belt.name_en} if belt else None,
        "hs_code": code or None,
        "hs_description": hs_nomenclature(6).get(code) if code else None,
        "hs_chapter_zh": chapter,
        "hs_problem": hs6_problem(code) if code else None,
        "moq": product.moq,
        "price_tiers": [{"min_quantity": t.min_quantity, "unit_price": Decimal(t.unit_price), "currency": t.currency}
                        for t in sorted(product.price_tiers, key=lambda t: (t.min_quantity, t.currency))],
        "unit_cost_cny": service.unit_cost_cny(product),
        "weight_kg": product.weight_kg,
        "dimensions_cm": dims if all(d is not None for d in dims) else None,
        "lead_time_days": product.lead_time_days,
        "monthly_capacity": enterprise.monthly_capacity,
        "certifications": [{"name": c.name, "number": c.number, "valid_until": c.valid_until}
                           for c in certifications],
        "product_certifications": list(product.certifications or []),
    }


def _hs_chapter(chapter: str) -> str | None:
    return glossary()["chapters"].get(chapter, {}).get("zh")


# ---------------------------------------------------------------- 3. export options


def _options(session: Session, product: Product) -> dict[str, Any]:
    """The planner page's default options for the product and the engine's results, best margin first."""
    sku = service.sku_values(product)
    out: dict[str, Any] = {"sku": sku, "missing": [name for name, value in sku.items() if value in (None, "")],
                           "results": [], "error": None, "note": None}
    if out["missing"]:
        return out
    options = service.default_options(session, product, service.unit_cost_cny(product))
    if not options:
        out["note"] = NO_OPTIONS
        return out
    try:
        results, _request = service.run_planner(session, sku, options)
    except ValidationFailed as exc:
        out["error"] = exc  # said in the reader's language by the renderer
        return out
    out["results"] = [_result(r) for r in results]
    return out


def _result(result) -> dict[str, Any]:
    option = result.option
    return {
        "id": option.id, "destination": option.destination, "channel": option.channel, "route": option.route,
        "customs_mode": option.customs_mode, "selling_price": option.selling_price, "currency": option.currency,
        "selling_price_cny": result.selling_price_cny, "landed_cost_cny": result.landed_cost_cny,
        "margin_cny": result.margin_cny, "margin_pct": result.margin_pct, "transit_days": tuple(result.transit_days),
        "components": {c.name: c.amount_cny for c in result.components},
        "advice": list(result.advice),  # engine.advice.Advice codes, said by the renderer
    }


# ---------------------------------------------------------------- 4. where it sells


def sales_by_country(session: Session, product_id: int) -> dict[str, Any]:
    """Units, revenue and average price in USD per country over the product's last 12 months of order lines
    (the 365 days up to its latest line), priced with the platform's dated monthly FX (the insight engine's
    rule: the rate in force for the month, the currency's earliest rate before it)."""
    last = session.scalar(select(func.max(OrderLine.order_date)).where(OrderLine.product_id == product_id))
    if last is None:
        return {"period": None, "countries": [], "more_countries": 0, "total_units": 0,
                "total_revenue_usd": Decimal(0), "unpriced_currencies": [], "note": NO_SALES}
    first = last - dt.timedelta(days=SALES_WINDOW_DAYS - 1)
    month = func.substr(cast(OrderLine.order_date, String), 1, 7)
    rows = session.execute(
        select(OrderLine.country, OrderLine.currency, month, func.sum(OrderLine.units),
               func.sum(OrderLine.units * OrderLine.unit_price))
        .where(OrderLine.product_id == product_id, OrderLine.order_date >= first)
        .group_by(OrderLine.country, OrderLine.currency, month))
    rate = _usd_rates(session)
    units: dict[str, int] = defaultdict(int)
    revenue: dict[str, Decimal] = defaultdict(Decimal)
    unpriced: set[str] = set()
    for country, currency, month_text, count, amount in rows:
        usd = rate(currency, str(month_text))
        if usd is None:
            unpriced.add(currency)
            continue
        units[country] += int(count or 0)
        revenue[country] += Decimal(str(amount or 0)) * usd
    countries = [{"country": c, "units": units[c], "revenue_usd": revenue[c].quantize(CENT),
                  "avg_price_usd": (revenue[c] / units[c]).quantize(CENT) if units[c] else None}
                 for c in units]
    countries.sort(key=lambda r: (-r["revenue_usd"], -r["units"], r["country"]))
    return {"period": (first, last), "countries": countries[:TOP_COUNTRIES],
            "more_countries": max(len(countries) - TOP_COUNTRIES, 0),
            "total_units": sum(units.values()), "total_revenue_usd": sum(revenue.values(), Decimal(0)).quantize(CENT),
            "unpriced_currencies": sorted(unpriced), "note": None if countries else NO_SALES}


def _usd_rates(session: Session):
    rate = monthly_usd_rate(platform_fx(session))
    return lambda currency, month_text: rate(currency, *(int(part) for part in month_text.split("-")[:2]))


# ---------------------------------------------------------------- 5. overseas warehouse


def _warehouse(session: Session, actor: Principal, product: Product) -> dict[str, Any]:
    rows, as_of = service.warehouse_plan(session, actor, product.enterprise)
    row = next((r for r in rows if r.product.id == product.id), None)
    if row is None:
        return {"as_of": as_of, "row": None, "note": NO_WAREHOUSE_ROW}
    plan = row.plan
    return {"as_of": as_of, "note": None, "row": {
        "action": plan.action, "reason": plan.reason, "on_hand": row.on_hand, "on_hand_entered": row.on_hand_entered,
        "forecast_4_weeks": round(sum(plan.forecast_weekly[:4]), 1), "reorder_point": plan.reorder_point,
        "order_quantity": plan.order_quantity, "ship_by": plan.ship_by, "route": row.route,
        "lead_time_days": row.lead_time_days, "slow_mover": plan.slow_mover,
        "costs_cny": plan.costs_cny, "excess_units": plan.excess_units, "method": plan.method,
    }}


# ---------------------------------------------------------------- 6. open demands


def _demands(session: Session, product: Product, today: dt.date, data_dir: Path | None) -> dict[str, Any]:
    """Open demands the product could answer: its stored matches plus the demands the reverse search found fit
    it (stored when the product was written, searched now when it never was; as the enterprise's opportunities
    are found), best score first."""
    found: dict[int, tuple[float, list[dict]]] = {}
    for row in session.scalars(select(DemandMatch).join(DemandMatch.demand)
                               .where(DemandMatch.product_id == product.id, answerable_on(today))):
        if matching.is_good(row.score, row.reasons) and row.score > found.get(row.demand_id, (-1.0,))[0]:
            found[row.demand_id] = (row.score, row.reasons)
    matchable = repository.matchable_products(session, [product.id])
    if not matchable:
        return _category_demands(session, product, today, NOT_MATCHABLE)
    note = None
    try:
        for demand_id, score, reasons in matching.product_fits(session, matchable[0], today, data_dir):
            if score > found.get(demand_id, (-1.0,))[0]:
                found[demand_id] = (score, reasons)
    except Exception:  # the dossier still comes out without the matching index
        log.exception("reverse matching for product %s failed", product.id)
        note = MATCHING_UNAVAILABLE
    demands = repository.demands_by_id(session, found)
    ranked = sorted(((found[d][0], demand) for d, demand in demands.items() if demand.is_answerable(today)),
                    key=lambda pair: (-pair[0], -pair[1].id))
    items = [_demand_item(demand, score, found[demand.id][1]) for score, demand in ranked[:TOP_DEMANDS]]
    return {"source": "matching", "items": items, "note": note or (None if items else NO_DEMANDS)}


def _category_demands(session: Session, product: Product, today: dt.date, note: str) -> dict[str, Any]:
    demands = session.scalars(select(Demand).where(Demand.category == product.category, answerable_on(today))
                              .order_by(Demand.created_at.desc(), Demand.id.desc()).limit(TOP_DEMANDS))
    return {"source": "category", "items": [_demand_item(d, None, []) for d in demands], "note": note}


def _demand_item(demand, score: float | None, reasons: list[dict]) -> dict[str, Any]:
    return {"id": demand.id, "ref": demand.ref, "text": demand.text, "destination": demand.destination_country,
            "quantity": demand.quantity, "deadline": demand.deadline, "category": demand.category,
            "score": round(score, 3) if score is not None else None,
            "reasons_en": reason_texts(reasons, "en"),
            "reasons_zh": reason_texts(reasons, "zh")}
