"""Showcase queries: only what is listed publicly — a verified enterprise the operator has not hidden,
and its active products the operator has not hidden. Relationships are loaded explicitly."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

import numpy as np
from sqlalchemy import ColumnElement, Row, Select, and_, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from chuhai.catalog.models import Enterprise, IndustrialBelt, Product
from chuhai.matching.engine.fingerprints import Fingerprints
from chuhai.types import VerificationStatus


def listed_enterprise() -> ColumnElement[bool]:
    """The enterprises the showcase lists: verified (so neither pending, rejected nor suspended) and not
    hidden by the operator."""
    return and_(Enterprise.verification_status == VerificationStatus.VERIFIED.value,
                Enterprise.showcase_hidden.is_(False))


def listed_product() -> ColumnElement[bool]:
    """Active, not hidden, of a listed enterprise (the query must join Enterprise)."""
    return and_(Product.status == "active", Product.showcase_hidden.is_(False), listed_enterprise())


def products_query(*, belt_id: int | None = None, category: str | None = None, enterprise_id: int | None = None,
                   ids: list[int] | None = None) -> Select:
    query = (select(Product).join(Enterprise, Product.enterprise_id == Enterprise.id).where(listed_product())
             .options(joinedload(Product.enterprise).joinedload(Enterprise.belt), selectinload(Product.price_tiers)))
    if belt_id:
        query = query.where(Enterprise.belt_id == belt_id)
    if category:
        query = query.where(Product.category == category)
    if enterprise_id:
        query = query.where(Product.enterprise_id == enterprise_id)
    if ids is not None:
        query = query.where(Product.id.in_(ids))
    return query.order_by(Product.id.desc())


def newest_per_category(session: Session, per_category: int) -> list[tuple[str, int, int]]:
    """(category, rank, product id) of the `per_category` newest listed products of each category."""
    rank = func.row_number().over(partition_by=Product.category, order_by=Product.id.desc()).label("rank")
    ranked = (select(Product.category, rank, Product.id.label("id"))
              .join(Enterprise, Product.enterprise_id == Enterprise.id).where(listed_product()).subquery())
    rows = session.execute(select(ranked.c.category, ranked.c.rank, ranked.c.id).where(ranked.c.rank <= per_category)
                           .order_by(ranked.c.rank, ranked.c.category))
    return [(category, rank, product_id) for category, rank, product_id in rows]


def products_by_id(session: Session, ids: list[int]) -> dict[int, Product]:
    query = (select(Product).where(Product.id.in_(ids))
             .options(joinedload(Product.enterprise).joinedload(Enterprise.belt), selectinload(Product.price_tiers)))
    return {product.id: product for product in session.scalars(query).unique()}


def product(session: Session, product_id: int) -> Product | None:
    return session.scalar(
        select(Product).join(Enterprise, Product.enterprise_id == Enterprise.id)
        .where(Product.id == product_id, listed_product())
        .options(joinedload(Product.enterprise).joinedload(Enterprise.belt),
                 joinedload(Product.enterprise).selectinload(Enterprise.certifications),
                 selectinload(Product.price_tiers))
    )


def enterprise(session: Session, enterprise_id: int) -> Enterprise | None:
    return session.scalar(
        select(Enterprise).where(Enterprise.id == enterprise_id, listed_enterprise())
        .options(joinedload(Enterprise.belt), selectinload(Enterprise.certifications))
    )


def enterprises_query(*, belt_id: int | None = None) -> Select:
    query = select(Enterprise).where(listed_enterprise()).options(joinedload(Enterprise.belt))
    if belt_id:
        query = query.where(Enterprise.belt_id == belt_id)
    return query.order_by(Enterprise.id)


def belts_with_counts(session: Session) -> list[tuple[IndustrialBelt, int, int]]:
    """Every belt with its listed enterprises and products."""
    enterprises = (select(func.count(Enterprise.id)).where(Enterprise.belt_id == IndustrialBelt.id, listed_enterprise())
                   .scalar_subquery())
    products = (select(func.count(Product.id)).join(Enterprise, Product.enterprise_id == Enterprise.id)
                .where(Enterprise.belt_id == IndustrialBelt.id, listed_product()).scalar_subquery())
    rows = session.execute(select(IndustrialBelt, enterprises, products).order_by(IndustrialBelt.id))
    return [(belt, e, p) for belt, e, p in rows]


def belt_by_code(session: Session, code: str) -> IndustrialBelt | None:
    return session.scalar(select(IndustrialBelt).where(IndustrialBelt.code == code))


def category_counts(session: Session, belt_id: int | None = None) -> list[tuple[str, int]]:
    query = (select(Product.category, func.count(Product.id)).join(Enterprise, Product.enterprise_id == Enterprise.id)
             .where(listed_product()).group_by(Product.category).order_by(func.count(Product.id).desc()))
    if belt_id:
        query = query.where(Enterprise.belt_id == belt_id)
    return [(category, count) for category, count in session.execute(query)]


def product_count(session: Session, enterprise_id: int) -> int:
    return session.scalar(select(func.count(Product.id)).join(Enterprise, Product.enterprise_id == Enterprise.id)
                          .where(Product.enterprise_id == enterprise_id, listed_product())) or 0


def sitemap_products(session: Session) -> list[tuple[int, str | None, str | None, datetime | None]]:
    """(id, title_en, title_zh, updated_at) of every listed product."""
    rows = session.execute(
        select(Product.id, Product.title_en, Product.title_zh, Product.updated_at)
        .join(Enterprise, Product.enterprise_id == Enterprise.id).where(listed_product()).order_by(Product.id))
    return [tuple(row) for row in rows]


def sitemap_enterprises(session: Session) -> list[tuple[int, str | None, str, datetime | None]]:
    """(id, name_en, name_zh, updated_at) of every listed enterprise."""
    rows = session.execute(select(Enterprise.id, Enterprise.name_en, Enterprise.name_zh, Enterprise.updated_at)
                           .where(listed_enterprise()).order_by(Enterprise.id))
    return [tuple(row) for row in rows]


def search_signature(session: Session) -> tuple:
    """Changes whenever a product or an enterprise is added or changed (edited, archived, hidden, verified or
    not; prices and certificates move their record's `updated_at` too): when the search index or its list of
    what is listed is stale. Two index lookups for the products (read on every public page; products are
    archived, never deleted on their own), a count for the few enterprises (an applicant can be deleted)."""
    products = session.execute(select(func.max(Product.updated_at), func.max(Product.id))).one()
    enterprises = session.execute(select(func.count(Enterprise.id), func.max(Enterprise.updated_at))).one()
    return (*products, *enterprises)


def belts_signature(session: Session) -> tuple:
    """Changes when a belt is added, renamed or removed (the sitemap lists the belts' pages)."""
    return tuple(session.execute(select(func.count(IndustrialBelt.id), func.max(IndustrialBelt.code))).one())


def listed_facets(session: Session, ids: Sequence[int] | None = None) -> dict[int, tuple[int | None, str]]:
    """product id → (belt id, category) of every listed product (of these `ids`)."""
    query = (select(Product.id, Enterprise.belt_id, Product.category)
             .join(Enterprise, Product.enterprise_id == Enterprise.id).where(listed_product()))
    return {product_id: (belt_id, category) for product_id, belt_id, category in _in_chunks(session, query, ids)}


def search_documents(session: Session, ids: Sequence[int] | None = None
                     ) -> list[tuple[int, str | None, str | None, dict, str, str | None]]:
    """(id, title_zh, title_en, attributes, category, enterprise's English name) of every active product (of these
    `ids`; what is listed is decided at query time, so hiding needs no rebuild)."""
    query = (select(Product.id, Product.title_zh, Product.title_en, Product.attributes, Product.category,
                    Enterprise.name_en)
             .join(Enterprise, Product.enterprise_id == Enterprise.id).where(Product.status == "active"))
    return [tuple(row) for row in _in_chunks(session, query, ids)]


def search_fingerprints(session: Session) -> Fingerprints:
    """(ids, fingerprints) of every product, ordered by id: a fingerprint moves when the product or its
    enterprise changes (their `updated_at`: edits, status, hiding, verification, prices, certificates). One
    narrow read that tells the search which products to read again."""
    rows = session.execute(select(Product.id, Product.updated_at, Enterprise.updated_at)
                           .join(Enterprise, Product.enterprise_id == Enterprise.id)
                           .order_by(Product.id).execution_options(yield_per=20000))
    ids, prints = [], []
    for product_id, product_changed, enterprise_changed in rows:
        ids.append(product_id)
        prints.append(hash((product_changed, enterprise_changed)))  # compared within one process only
    return np.array(ids, dtype=np.int64), np.array(prints, dtype=np.int64)


IN_CHUNK = 5000  # ids per IN list (SQLite's bound-parameter limit, and PostgreSQL's plans, like them short)


def _in_chunks(session: Session, query: Select, ids: Sequence[int] | None) -> Iterator[Row]:
    if ids is None:
        yield from session.execute(query)
        return
    ids = sorted(ids)
    for start in range(0, len(ids), IN_CHUNK):
        yield from session.execute(query.where(Product.id.in_(ids[start:start + IN_CHUNK])))


def hidden_enterprises(session: Session) -> list[Enterprise]:
    return list(session.scalars(select(Enterprise).where(Enterprise.showcase_hidden.is_(True))
                                .order_by(Enterprise.name_zh)))


def hidden_products(session: Session) -> list[Product]:
    return list(session.scalars(select(Product).where(Product.showcase_hidden.is_(True))
                                .options(joinedload(Product.enterprise)).order_by(Product.id)))
