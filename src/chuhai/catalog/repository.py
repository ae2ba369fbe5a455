"""Catalog queries. Every relationship is loaded explicitly here (models default to lazy='raise')."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from chuhai.catalog.models import Enterprise, IndustrialBelt, Product, ServiceProvider
from chuhai.textsearch import contains_pattern


def belts_with_counts(session: Session) -> list[tuple[IndustrialBelt, int, int]]:
    enterprise_count = (
        select(func.count(Enterprise.id)).where(Enterprise.belt_id == IndustrialBelt.id).scalar_subquery()
    )
    product_count = (
        select(func.count(Product.id))
        .join(Enterprise, Product.enterprise_id == Enterprise.id)
        .where(Enterprise.belt_id == IndustrialBelt.id)
        .scalar_subquery()
    )
    rows = session.execute(select(IndustrialBelt, enterprise_count, product_count).order_by(IndustrialBelt.id))
    return [(belt, enterprises, products) for belt, enterprises, products in rows]


def belt(session: Session, belt_id: int) -> IndustrialBelt | None:
    return session.get(IndustrialBelt, belt_id)


def belt_by_code(session: Session, code: str) -> IndustrialBelt | None:
    return session.scalar(select(IndustrialBelt).where(IndustrialBelt.code == code))



def enterprises_query(*, q: str | None = None, belt_id: int | None = None, status: str | None = None,
                      kind: str | None = None, english: bool = False) -> Select:
    """`english`: ordered by the English name (then the Chinese one), as an English reader expects."""
    query = select(Enterprise).options(joinedload(Enterprise.belt))
    if q:
        pattern = contains_pattern(q)
        query = query.where(or_(Enterprise.name_zh.ilike(pattern, escape="\\"),
                                Enterprise.name_en.ilike(pattern, escape="\\"),
                                Enterprise.credit_code == q.strip().upper()))
    if belt_id:
        query = query.where(Enterprise.belt_id == belt_id)
    if status:
        query = query.where(Enterprise.verification_status == status)
    if kind:
        query = query.where(Enterprise.kind == kind)
    if english:
        return query.order_by(func.coalesce(Enterprise.name_en, Enterprise.name_zh), Enterprise.id)
    return query.order_by(Enterprise.name_zh, Enterprise.id)


def enterprise(session: Session, enterprise_id: int) -> Enterprise | None:
    return session.scalar(
        select(Enterprise)
        .options(joinedload(Enterprise.belt), selectinload(Enterprise.certifications))
        .where(Enterprise.id == enterprise_id)
    )


def enterprise_by_credit_code(session: Session, code: str) -> Enterprise | None:
    return session.scalar(select(Enterprise).where(Enterprise.credit_code == code))


def products_query(*, q: str | None = None, category: str | None = None, enterprise_id: int | None = None,
                   belt_id: int | None = None, hs_code: str | None = None, include_archived: bool = False,
                   rejected_visible_to: int | bool | None = True) -> Select:
    """`rejected_visible_to`: True lists every enterprise's products (the operator); otherwise the
    products of rejected enterprises are left out, but for those of the enterprise with this id."""
    query = select(Product).options(joinedload(Product.enterprise), selectinload(Product.price_tiers))
    if q:
        pattern = contains_pattern(q)
        query = query.where(or_(Product.title_zh.ilike(pattern, escape="\\"),
                                Product.title_en.ilike(pattern, escape="\\"),
                                Product.sku.ilike(pattern, escape="\\")))
    if category:
        query = query.where(Product.category == category)
    if enterprise_id:
        query = query.where(Product.enterprise_id == enterprise_id)
    if belt_id:
        query = query.join(Enterprise, Product.enterprise_id == Enterprise.id).where(Enterprise.belt_id == belt_id)
    if hs_code:
        query = query.where(Product.hs_code.startswith(hs_code))
    if not include_archived:
        query = query.where(Product.status == "active")
    if rejected_visible_to is not True:
        rejected = select(Enterprise.id).where(Enterprise.verification_status == "rejected",
                                               Enterprise.id != (rejected_visible_to or 0))
        query = query.where(Product.enterprise_id.not_in(rejected))
    if q:
        # Newest first as ever, but by an expression: ordered by the bare key, PostgreSQL walks the primary key
        # backwards and filters each row, assuming matches are spread evenly — a term whose products are old (one
        # belt's range, imported first) reads the whole table; this way the trigram indexes find the matches.
        return query.order_by((Product.id + 0).desc())
    return query.order_by(Product.id.desc())


def product(session: Session, product_id: int) -> Product | None:
    return session.scalar(
        select(Product)
        .options(joinedload(Product.enterprise).joinedload(Enterprise.belt), selectinload(Product.price_tiers))
        .where(Product.id == product_id)
    )


def product_by_sku(session: Session, enterprise_id: int, sku: str) -> Product | None:
    return session.scalar(select(Product).where(Product.enterprise_id == enterprise_id, Product.sku == sku))


def counts(session: Session) -> dict[str, int]:
    return {
        "belts": session.scalar(select(func.count(IndustrialBelt.id))) or 0,
        "enterprises": session.scalar(select(func.count(Enterprise.id))) or 0,
        "verified_enterprises": session.scalar(
            select(func.count(Enterprise.id)).where(Enterprise.verification_status == "verified")) or 0,
        "products": session.scalar(select(func.count(Product.id))) or 0,
    }


def category_counts(session: Session, enterprise_id: int | None = None) -> list[tuple[str, int]]:
    query = select(Product.category, func.count(Product.id)).group_by(Product.category)
    if enterprise_id:
        query = query.where(Product.enterprise_id == enterprise_id)
    return [(category, count) for category, count in session.execute(query.order_by(func.count(Product.id).desc()))]


def providers_query(*, kind: str | None = None, q: str | None = None, verified_only: bool = True) -> Select:
    query = select(ServiceProvider)
    if kind:
        query = query.where(ServiceProvider.kind == kind)
    if q:
        pattern = contains_pattern(q)
        query = query.where(or_(ServiceProvider.name_zh.ilike(pattern, escape="\\"),
                                ServiceProvider.name_en.ilike(pattern, escape="\\")))
    if verified_only:
        query = query.where(ServiceProvider.verification_status == "verified")
    return query.order_by(ServiceProvider.kind, ServiceProvider.name_zh)
