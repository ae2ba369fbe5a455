"""Demand-side queries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session, joinedload

from chuhai.catalog.models import Enterprise, Product
from chuhai.compliance.models import ScreeningHold
from chuhai.demand.models import Buyer, Demand, OrderLine
from chuhai.textsearch import contains_pattern
from chuhai.types import DemandStatus


def buyers_query(*, q: str | None = None, country: str | None = None, kind: str | None = None) -> Select:
    query = select(Buyer)
    if q:
        query = query.where(or_(Buyer.company.ilike(contains_pattern(q), escape="\\"), Buyer.key == q.strip()))
    if country:
        query = query.where(Buyer.country == country.upper())
    if kind:
        query = query.where(Buyer.kind == kind)
    return query.order_by(Buyer.company, Buyer.id)


def held_for_screening() -> ColumnElement[bool]:
    """A demand held while its buyer's restricted-party screening case is open (`chuhai.compliance.flows`)."""
    return exists().where(ScreeningHold.object_kind == "demand", ScreeningHold.object_id == Demand.id,
                          ScreeningHold.released_at.is_(None))


def answerable_on(day: dt.date) -> ColumnElement[bool]:
    """An open demand whose deadline, if it has one, is not before `day`, and not held for screening: what a
    supplier can still answer (the SQL twin of `DemandStatus.is_answerable` plus the hold)."""
    return ((Demand.status == DemandStatus.OPEN) & (Demand.deadline.is_(None) | (Demand.deadline >= day))
            & ~held_for_screening())


def is_held_for_screening(session: Session, demand_id: int) -> bool:
    return bool(session.scalar(select(held_for_screening()).select_from(Demand).where(Demand.id == demand_id)))


def demands_query(*, buyer_id: int | None = None, status: str | None = None, country: str | None = None,
                  category: str | None = None, q: str | None = None,
                  categories: list[str] | None = None, answerable_on_day: dt.date | None = None) -> Select:
    query = select(Demand).options(joinedload(Demand.buyer))
    if answerable_on_day:
        query = query.where(answerable_on(answerable_on_day))
    if buyer_id:
        query = query.where(Demand.buyer_id == buyer_id)
    if status:
        query = query.where(Demand.status == status)
    if country:
        query = query.where(Demand.destination_country == country.upper())
    if category:
        query = query.where(Demand.category == category)
    if categories:
        query = query.where(Demand.category.in_(categories))
    if q:
        query = query.where(Demand.text.ilike(contains_pattern(q), escape="\\"))
    return query.order_by(Demand.created_at.desc(), Demand.id.desc())


def demand(session: Session, demand_id: int) -> Demand | None:
    return session.scalar(select(Demand).options(joinedload(Demand.buyer)).where(Demand.id == demand_id))


def counts(session: Session, buyer_id: int | None = None) -> dict[str, int]:
    demand_filter = [Demand.buyer_id == buyer_id] if buyer_id else []
    return {
        "buyers": session.scalar(select(func.count(Buyer.id))) or 0,
        "demands": session.scalar(select(func.count(Demand.id)).where(*demand_filter)) or 0,
        "open_demands": session.scalar(
            select(func.count(Demand.id)).where(Demand.status == DemandStatus.OPEN, *demand_filter)) or 0,
        "countries": session.scalar(select(func.count(func.distinct(Buyer.country)))) or 0,
    }


def demands_by_country(session: Session, limit: int = 12) -> list[tuple[str, int]]:
    rows = session.execute(
        select(Demand.destination_country, func.count(Demand.id))
        .where(Demand.destination_country.is_not(None))
        .group_by(Demand.destination_country)
        .order_by(func.count(Demand.id).desc())
        .limit(limit)
    )
    return [(country, count) for country, count in rows]


def monthly_export_value(session: Session, enterprise_product_ids=None) -> list[tuple[str, int, object]]:
    """Units and gross sales (in order currency units, USD-dominant) per month, for the dashboard chart."""
    month = func.strftime("%Y-%m", OrderLine.order_date) if session.bind.dialect.name == "sqlite" else \
        func.to_char(OrderLine.order_date, "YYYY-MM")
    query = select(month, func.sum(OrderLine.units), func.count(OrderLine.id)).group_by(month).order_by(month)
    if enterprise_product_ids is not None:
        query = query.where(OrderLine.product_id.in_(enterprise_product_ids))
    return [(m, units, lines) for m, units, lines in session.execute(query)]


def units_by_country(session: Session, enterprise_product_ids, since: dt.date,
                     limit: int = 10) -> list[tuple[str, int]]:
    """The markets an enterprise's products sold the most units in since `since`, largest first."""
    units = func.sum(OrderLine.units)
    query = (select(OrderLine.country, units)
             .where(OrderLine.product_id.in_(enterprise_product_ids), OrderLine.order_date >= since)
             .group_by(OrderLine.country).order_by(units.desc(), OrderLine.country).limit(limit))
    return [(country, int(total)) for country, total in session.execute(query)]


def enterprises_shipping_to(session: Session, countries: list[str], since: dt.date,
                            limit: int = 15) -> list[tuple[int, int, int, list[str]]]:
    """Verified enterprises by units sold into `countries` since `since`, most first: (enterprise id,
    units, order lines, the countries among them it sold to)."""
    units = func.sum(OrderLine.units)
    scope = (select(Enterprise.id.label("enterprise_id"), OrderLine.country, units.label("units"),
                    func.count(OrderLine.id).label("lines"))
             .join(Product, Product.id == OrderLine.product_id).join(Enterprise, Enterprise.id == Product.enterprise_id)
             .where(OrderLine.country.in_(countries), OrderLine.order_date >= since,
                    Enterprise.verification_status == "verified")
             .group_by(Enterprise.id, OrderLine.country))
    per_country: dict[int, list[tuple[str, int, int]]] = {}
    for enterprise_id, country, total, lines in session.execute(scope):
        per_country.setdefault(enterprise_id, []).append((country, int(total), int(lines)))
    ranked = sorted(per_country.items(), key=lambda item: (-sum(u for _c, u, _l in item[1]), item[0]))[:limit]
    return [(enterprise_id, sum(u for _c, u, _l in rows), sum(n for _c, _u, n in rows),
             [c for c, _u, _l in sorted(rows, key=lambda r: -r[1])]) for enterprise_id, rows in ranked]


def latest_order_date(session: Session) -> dt.date | None:
    return session.scalar(select(func.max(OrderLine.order_date)))


def last_order_date(session: Session, enterprise_product_ids) -> dt.date | None:
    return session.scalar(
        select(func.max(OrderLine.order_date)).where(OrderLine.product_id.in_(enterprise_product_ids)))


def order_lines_query(*, enterprise_id: int | None = None, product_id: int | None = None,
                      country: str | None = None, channel: str | None = None, date_from=None, date_to=None) -> Select:
    query = select(OrderLine)
    if enterprise_id:
        query = query.where(OrderLine.product_id.in_(select(Product.id).where(Product.enterprise_id == enterprise_id)))
    if product_id:
        query = query.where(OrderLine.product_id == product_id)
    if country:
        query = query.where(OrderLine.country == country.upper())
    if channel:
        query = query.where(OrderLine.channel == channel)
    if date_from:
        query = query.where(OrderLine.order_date >= date_from)
    if date_to:
        query = query.where(OrderLine.order_date <= date_to)
    return query.order_by(OrderLine.order_date.desc(), OrderLine.id.desc())
