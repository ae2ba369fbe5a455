"""Matching queries, and platform records → engine records (`CatalogItem`, `DemandQuery`).

Prices and target prices go to the engine in USD: the latest monthly rate in `fx_rates` for the
currency, else a fixed fallback (`FALLBACK_USD_PER_UNIT`, documented so that a fresh database
without rates still matches on price).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from chuhai.catalog.models import Enterprise, Product
from chuhai.demand.models import Demand
from chuhai.demand.repository import answerable_on
from chuhai.markets.models import FxRate
from chuhai.matching.engine.records import CatalogItem, DemandQuery
from chuhai.matching.models import DemandMatch, FitScan, MatchStatus, ProductFit
from chuhai.types import DemandStatus, VerificationStatus

# USD per unit, used only when fx_rates has no rate for the currency (CNY: 2026 average, about 7.1 per USD).
FALLBACK_USD_PER_UNIT = {"USD": Decimal("1"), "CNY": Decimal("0.14"), "EUR": Decimal("1.08")}
CENT = Decimal("0.01")


def usd_rates(session: Session) -> dict[str, Decimal]:
    latest = select(FxRate.currency, func.max(FxRate.month).label("month")).group_by(FxRate.currency).subquery()
    rows = session.execute(select(FxRate.currency, FxRate.usd_rate).join(
        latest, (FxRate.currency == latest.c.currency) & (FxRate.month == latest.c.month)))
    return {**FALLBACK_USD_PER_UNIT, **{currency: rate for currency, rate in rows}}


def rates_signature(session: Session) -> tuple:
    """Changes when a stored exchange rate is added or changed (prices are compared in USD)."""
    return tuple(session.execute(select(func.count(), func.max(FxRate.month), func.sum(FxRate.usd_rate))).one())


def to_usd(amount: Decimal | None, currency: str | None, rates: dict[str, Decimal]) -> Decimal | None:
    if amount is None:
        return None
    rate = rates.get((currency or "USD").upper())
    return None if rate is None else (Decimal(amount) * rate).quantize(CENT)


def valid_certifications(enterprise: Enterprise, today: date) -> list[str]:
    return [c.name for c in enterprise.certifications
            if (c.valid_from is None or c.valid_from <= today) and (c.valid_until is None or c.valid_until >= today)]


def catalog_item(product: Product, today: date, rates: dict[str, Decimal]) -> CatalogItem:
    """`product` with its enterprise (and the enterprise's certifications) and price tiers loaded."""
    enterprise = product.enterprise
    tiers = sorted(product.price_tiers, key=lambda t: t.min_quantity)
    price = to_usd(tiers[0].unit_price, tiers[0].currency, rates) if tiers else None
    certifications = dict.fromkeys([*(product.certifications or []), *valid_certifications(enterprise, today)])
    return CatalogItem(
        product_id=str(product.id), enterprise_id=str(enterprise.id), title_zh=product.title_zh,
        title_en=product.title_en, description=product.description, category=product.category,
        hs_code=product.hs_code, price_usd=price, moq=product.moq, lead_time_days=product.lead_time_days,
        certifications=tuple(certifications), monthly_capacity=enterprise.monthly_capacity,
        verified=enterprise.verification_status == VerificationStatus.VERIFIED,
    )


def demand_query(demand: Demand, today: date, rates: dict[str, Decimal]) -> DemandQuery:
    max_days = max((demand.deadline - today).days, 0) if demand.deadline else None
    return DemandQuery(
        demand_id=str(demand.id), text=demand.text, quantity=demand.quantity,
        target_price_usd=to_usd(demand.target_price, demand.currency, rates), max_lead_time_days=max_days,
        required_certifications=tuple(demand.required_certifications or ()),
        destination_country=demand.destination_country, verified_only=bool(demand.verified_only),
    )


def matchable_products(session: Session, product_ids: Iterable[int] | None = None) -> list[Product]:
    """Active products of enterprises that were not rejected (all of them, or those among `product_ids`)."""
    query = (select(Product).join(Enterprise, Product.enterprise_id == Enterprise.id)
             .options(joinedload(Product.enterprise).selectinload(Enterprise.certifications),
                      selectinload(Product.price_tiers))
             .where(Product.status == "active", Enterprise.verification_status != VerificationStatus.REJECTED)
             .order_by(Product.id))
    if product_ids is not None:
        query = query.where(Product.id.in_(list(product_ids)))
    return list(session.scalars(query).unique())


def matchable_fingerprints(session: Session) -> tuple[np.ndarray, np.ndarray]:
    """(ids, fingerprints) of every matchable product (see `matchable_products`), ordered by id: a fingerprint
    changes when the product or its enterprise changes (their `updated_at`; prices and certificates move it
    too). One narrow read instead of loading every product with its enterprise, certificates and tiers."""
    rows = session.execute(select(Product.id, Product.updated_at, Enterprise.updated_at)
                           .join(Enterprise, Product.enterprise_id == Enterprise.id)
                           .where(Product.status == "active",
                                  Enterprise.verification_status != VerificationStatus.REJECTED)
                           .order_by(Product.id).execution_options(yield_per=20000))
    ids, product_us, enterprise_us = [], [], []
    for product_id, product_changed, enterprise_changed in rows:
        ids.append(product_id)
        product_us.append(_microseconds(product_changed))
        enterprise_us.append(_microseconds(enterprise_changed))
    # The same in every process (a saved index keeps them): the two times mixed into one integer.
    mixed = np.array(product_us, dtype=np.uint64) ^ (np.array(enterprise_us, dtype=np.uint64) * _MIX)
    return np.array(ids, dtype=np.int64), mixed.view(np.int64)


_MIX = np.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit constant (the golden ratio's): a multiply that mixes bits
_EPOCH = datetime(1970, 1, 1)


def _microseconds(moment: datetime | None) -> int:
    return 0 if moment is None else (moment.replace(tzinfo=None) - _EPOCH) // timedelta(microseconds=1)


def bilingual_titles(session: Session) -> Iterable[tuple[str, str]]:
    """(title_zh, title_en) of every active product that has both: the platform's parallel corpus for
    mining term pairs (`chuhai match mine-terms`), streamed."""
    query = (select(Product.title_zh, Product.title_en)
             .where(Product.status == "active", Product.title_zh.is_not(None), Product.title_en.is_not(None))
             .order_by(Product.id).execution_options(yield_per=5000))
    yield from ((title_zh, title_en) for title_zh, title_en in session.execute(query))


def product_ids_of(session: Session, enterprise_ids: Iterable[int]) -> list[int]:
    return list(session.scalars(select(Product.id).where(Product.enterprise_id.in_(list(enterprise_ids)))))


def open_demands(session: Session, demand_ids: Iterable[int] | None = None) -> list[Demand]:
    query = select(Demand).where(Demand.status == DemandStatus.OPEN).order_by(Demand.id)
    if demand_ids is not None:
        query = query.where(Demand.id.in_(list(demand_ids)))
    return list(session.scalars(query))


def open_demand_categories(session: Session) -> dict[int, str | None]:
    return dict(session.execute(select(Demand.id, Demand.category).where(Demand.status == DemandStatus.OPEN)).all())


def matches_of_demand(session: Session, demand_id: int, enterprise_id: int | None = None) -> list[DemandMatch]:
    query = (select(DemandMatch).options(joinedload(DemandMatch.product), joinedload(DemandMatch.enterprise))
             .where(DemandMatch.demand_id == demand_id).order_by(DemandMatch.rank))
    if enterprise_id is not None:
        query = query.where(DemandMatch.enterprise_id == enterprise_id)
    else:  # the buyer's short list: a rejected enterprise's stored rows leave it (and come back if verified again)
        query = query.where(DemandMatch.enterprise_id.not_in(
            select(Enterprise.id).where(Enterprise.verification_status == VerificationStatus.REJECTED)))
    return list(session.scalars(query))


def match(session: Session, match_id: int) -> DemandMatch | None:
    return session.scalar(select(DemandMatch).options(
        joinedload(DemandMatch.demand).joinedload(Demand.buyer), joinedload(DemandMatch.product),
        joinedload(DemandMatch.enterprise)).where(DemandMatch.id == match_id))


def accepted_exists(session: Session, *, enterprise_id: int, demand_id: int | None = None,
                    buyer_id: int | None = None) -> bool:
    query = select(DemandMatch.id).where(DemandMatch.enterprise_id == enterprise_id,
                                         DemandMatch.status == MatchStatus.ACCEPTED)
    if demand_id is not None:
        query = query.where(DemandMatch.demand_id == demand_id)
    if buyer_id is not None:
        query = query.join(Demand, Demand.id == DemandMatch.demand_id).where(Demand.buyer_id == buyer_id)
    return session.scalar(query.limit(1)) is not None


def enterprise_matches(session: Session, enterprise_id: int, today: date, limit: int = 200) -> list[DemandMatch]:
    """The enterprise's matches to demands it can still answer (open, deadline not passed)."""
    return list(session.scalars(
        select(DemandMatch).join(Demand, Demand.id == DemandMatch.demand_id)
        .options(joinedload(DemandMatch.demand).joinedload(Demand.buyer), joinedload(DemandMatch.product))
        .where(DemandMatch.enterprise_id == enterprise_id, answerable_on(today))
        .order_by(DemandMatch.created_at.desc(), DemandMatch.rank).limit(limit)))


def demands_by_id(session: Session, demand_ids: Iterable[int]) -> dict[int, Demand]:
    ids = list(demand_ids)
    if not ids:
        return {}
    query = select(Demand).options(joinedload(Demand.buyer)).where(Demand.id.in_(ids))
    return {d.id: d for d in session.scalars(query)}


def products_by_id(session: Session, product_ids: Iterable[int]) -> dict[int, Product]:
    ids = list(product_ids)
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(ids)))}


def stored_fits(session: Session, enterprise_id: int, today: date) -> list[ProductFit]:
    """The enterprise's stored fits to demands it can still answer, of its products that are still matchable."""
    return list(session.scalars(
        select(ProductFit).join(Demand, Demand.id == ProductFit.demand_id)
        .join(Product, Product.id == ProductFit.product_id).join(Enterprise, Enterprise.id == ProductFit.enterprise_id)
        .where(ProductFit.enterprise_id == enterprise_id, answerable_on(today), Product.status == "active",
               Enterprise.verification_status != VerificationStatus.REJECTED)))


def stored_fits_of_product(session: Session, product_id: int, today: date) -> list[ProductFit] | None:
    """The product's stored fits to demands it can still answer; None when it was never searched."""
    if session.get(FitScan, product_id) is None:
        return None
    return list(session.scalars(select(ProductFit).join(Demand, Demand.id == ProductFit.demand_id)
                                .where(ProductFit.product_id == product_id, answerable_on(today))))


def unsearched_product_ids(session: Session, enterprise_id: int) -> list[int]:
    """The enterprise's active products whose fits were never stored."""
    return list(session.scalars(
        select(Product.id).where(Product.enterprise_id == enterprise_id, Product.status == "active",
                                 Product.id.not_in(select(FitScan.product_id)
                                                   .where(FitScan.enterprise_id == enterprise_id)))
        .order_by(Product.id)))


def unsearched_products(session: Session, limit: int) -> list[int]:
    """Matchable products (see `matchable_products`) whose fits were never stored (written in bulk: an import,
    the demo), oldest first, at most `limit`."""
    return list(session.scalars(
        select(Product.id).join(Enterprise, Product.enterprise_id == Enterprise.id)
        .where(Product.status == "active", Enterprise.verification_status != VerificationStatus.REJECTED,
               Product.id.not_in(select(FitScan.product_id)))
        .order_by(Product.id).limit(limit)))


def forget_fits(session: Session, product_ids: Iterable[int]) -> None:
    ids = list(product_ids)
    session.execute(delete(ProductFit).where(ProductFit.product_id.in_(ids)))
    session.execute(delete(FitScan).where(FitScan.product_id.in_(ids)))
