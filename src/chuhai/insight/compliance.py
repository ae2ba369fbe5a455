"""Markets a product sells into without a mandatory requirement on file (chuhai.compliance): the feedback
report's compliance flags.

For each product of the scope and each country it sold to over the year before its scope's last sale, the
destination's mandatory requirements in force are checked against the product's certifications and its
enterprise's valid ones; the pairs with a gap are flagged, most units first.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chuhai.catalog.models import Enterprise, Product
from chuhai.compliance import service as compliance
from chuhai.compliance.engine.requirements import gaps, requirements_for, status_against
from chuhai.database import new_session
from chuhai.demand.models import OrderLine
from chuhai.imports.repository import data_version
from chuhai.insight.service import Scope
from chuhai.web.cache import cached

WINDOW_DAYS = 365
MAX_FLAGS = 30
SOLD_TTL_S = 600


def _sold_by_market(session: Session, scope: Scope) -> list[tuple[int, str, int]]:
    """(product, country, units) over the year before the scope's last sale."""
    condition = Product.enterprise_id == scope.id if scope.kind == "enterprise" else Enterprise.belt_id == scope.id
    lines = (select(OrderLine.product_id, OrderLine.country, OrderLine.units, OrderLine.order_date)
             .join(Product, Product.id == OrderLine.product_id).join(Enterprise, Enterprise.id == Product.enterprise_id)
             .where(condition).subquery())
    last = session.scalar(select(func.max(lines.c.order_date)))
    if last is None:
        return []
    return [tuple(row) for row in session.execute(
        select(lines.c.product_id, lines.c.country, func.sum(lines.c.units))
        .where(lines.c.order_date > last - dt.timedelta(days=WINDOW_DAYS))
        .group_by(lines.c.product_id, lines.c.country)).all()]


def sold_by_market(url: str, scope: Scope) -> list[tuple[int, str, int]]:
    """`_sold_by_market`, cached per scope until an import changes the order lines (the version is read from
    the database, so every worker notices)."""

    def compute():
        with new_session(url) as session:
            return _sold_by_market(session, scope)

    return cached(("insight_sold_by_market", url, scope.kind, scope.id), SOLD_TTL_S, compute,
                  version=lambda: data_version(url, "order_lines"))


def market_gaps(session: Session, scope: Scope, today: dt.date | None = None, url: str | None = None) -> dict:
    """{"flags": [{product_id, sku, title_zh, title_en, country, units, missing: [Requirement]}], "total": n}

    With `url` (the pages), the year's units per product and market — a scan of the scope's order lines, most of
    the cost — are cached until the order lines change (`sold_by_market`); the requirements and certifications
    are read now, so a certificate added shows at once."""
    sold = sold_by_market(url, scope) if url is not None else _sold_by_market(session, scope)
    if not sold:
        return {"flags": [], "total": 0}
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_({r[0] for r in sold})))}
    held = compliance.held_certifications_of(session, list(products.values()), today)
    ref = compliance.reference(session)

    @lru_cache(maxsize=4096)
    def applicable(hs: str, category: str, country: str):
        where = compliance.known_market(ref, country)
        return requirements_for(ref, hs, category, where, None, today) if where else []

    flags = []
    for product_id, country, units in sold:
        product = products.get(product_id)
        if product is None or not country:
            continue
        missing = gaps(status_against(applicable(product.hs_code, product.category or "", country),
                                      held.get(product_id, [])))
        if missing:
            flags.append({"product_id": product_id, "sku": product.sku, "title_zh": product.title_zh,
                          "title_en": product.title_en, "country": country, "units": int(units or 0),
                          "missing": [s.applicable.requirement for s in missing]})
    flags.sort(key=lambda f: (-f["units"], f["sku"], f["country"]))
    return {"flags": flags[:MAX_FLAGS], "total": len(flags)}
