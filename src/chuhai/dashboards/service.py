"""What each role's dashboard shows, read from the catalog, demand, accounts and order data (no HTTP, no
text: the page turns the rows into charts and words).

The programme-wide monthly sales and a provider's leads scan every order line (about a second on the
full demo), so they are cached for SALES_TTL_S or until an import changes the order lines.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from chuhai.accounts.models import AuditLog, User
from chuhai.accounts.principal import Principal
from chuhai.catalog import repository as catalog_repo
from chuhai.catalog.models import Enterprise, Product, ServiceProvider
from chuhai.database import new_session
from chuhai.demand import repository as demand_repo
from chuhai.demand import service as demand_service
from chuhai.imports.repository import data_version
from chuhai.types import UserStatus, VerificationStatus
from chuhai.web.cache import cached

SALES_TTL_S = 600
RECENT_AUDIT = 8
FALLBACK_ENTERPRISES = 10


def landing(session: Session) -> dict:
    """The public page: the belts and the programme's size."""
    return {"belts": catalog_repo.belts_with_counts(session), "counts": catalog_repo.counts(session),
            "demand_counts": demand_repo.counts(session)}


def operator_overview(session: Session, url: str) -> dict:
    """Supply and demand counts, members waiting, recent changes, and the rows of the three charts."""
    return {
        "counts": catalog_repo.counts(session),
        "demand_counts": demand_repo.counts(session),
        "pending_members": session.scalar(
            select(User.id).where(User.status == UserStatus.PENDING).limit(1)) is not None,
        "recent_audit": list(session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(RECENT_AUDIT))),
        "sales": programme_monthly_sales(url),
        "demands_by_country": demand_repo.demands_by_country(session),
        "categories": catalog_repo.category_counts(session),
    }


def enterprise_overview(session: Session, principal: Principal, url: str | None = None) -> dict:
    """The member's enterprise, the open demands in its categories, its monthly sales and its markets (the
    two scans of its order lines cached per enterprise, like the programme's sales, when `url` is given)."""
    categories = [c for c, _n in catalog_repo.category_counts(session, principal.enterprise_id)]
    sales, markets = (enterprise_sales(url, principal.enterprise_id) if url is not None
                      else _enterprise_sales(session, principal.enterprise_id))
    return {
        "counts": catalog_repo.counts(session),
        "enterprise": catalog_repo.enterprise(session, principal.enterprise_id),
        "demands": demand_service.list_demands(session, principal, size=8, categories=categories or None).items,
        "sales": sales,
        "markets": markets,
    }


def enterprise_sales(url: str, enterprise_id: int) -> tuple[list, list[tuple[str, int]] | None]:
    """An enterprise's monthly sales (last 24 months) and units per market: half a second of order-line scans at
    full demo scale, cached for SALES_TTL_S or until an import changes the order lines (in every worker: the
    version is read from the database)."""

    def compute():
        with new_session(url) as session:
            return _enterprise_sales(session, enterprise_id)

    return cached(("enterprise_sales", url, enterprise_id), SALES_TTL_S, compute,
                  version=lambda: data_version(url, "order_lines"))


def _enterprise_sales(session: Session, enterprise_id: int | None) -> tuple[list, list[tuple[str, int]] | None]:
    product_ids = select(Product.id).where(Product.enterprise_id == enterprise_id)
    return demand_repo.monthly_export_value(session, product_ids)[-24:], _markets(session, product_ids)


def _markets(session: Session, product_ids) -> list[tuple[str, int]] | None:
    """Units sold per market over the last 12 months of the enterprise's sales (None: no sales yet)."""
    last = demand_repo.last_order_date(session, product_ids)
    if last is None:
        return None
    return demand_repo.units_by_country(session, product_ids, since=last - dt.timedelta(days=365))


def buyer_overview(session: Session, principal: Principal) -> dict:
    return {
        "counts": catalog_repo.counts(session),
        "demands": demand_service.list_demands(session, principal, size=10),
        "demand_counts": demand_repo.counts(session, principal.buyer_id),
        "belts": catalog_repo.belts_with_counts(session),
    }


def provider_overview(session: Session, url: str, principal: Principal) -> dict:
    """The manufacturers shipping into the provider's regions; without any, the first verified ones."""
    provider = session.get(ServiceProvider, principal.provider_id) if principal.provider_id else None
    context = {"counts": catalog_repo.counts(session), "belts": catalog_repo.belts_with_counts(session),
               "provider": provider, "leads": provider_leads(session, url, provider)}
    if not context["leads"]:
        context["enterprises"] = list(session.scalars(
            select(Enterprise).where(Enterprise.verification_status == VerificationStatus.VERIFIED)
            .order_by(Enterprise.id).limit(FALLBACK_ENTERPRISES)))
    return context


def provider_leads(session: Session, url: str, provider: ServiceProvider | None) -> list[tuple]:
    """The verified manufacturers that shipped most into the provider's regions over the last 12 months
    of order data: (enterprise, units, order lines, those of its markets the provider serves). The
    ranking scans the order lines (a second on the full demo), so it is cached like the sales chart."""
    if provider is None or not provider.regions:
        return []
    regions = tuple(sorted(provider.regions))
    rows = cached(("provider_leads", url, regions), SALES_TTL_S, lambda: _shipping_to(url, regions),
                  version=lambda: data_version(url, "order_lines"))
    enterprises = {e.id: e for e in session.scalars(select(Enterprise).options(joinedload(Enterprise.belt))
                                                    .where(Enterprise.id.in_([r[0] for r in rows])))}
    return [(enterprises[eid], units, lines, countries) for eid, units, lines, countries in rows if eid in enterprises]


def _shipping_to(url: str, regions: tuple[str, ...]) -> list:
    with new_session(url) as session:
        last = demand_repo.latest_order_date(session)
        if last is None:
            return []
        return demand_repo.enterprises_shipping_to(session, list(regions), since=last - dt.timedelta(days=365))


def programme_monthly_sales(url: str) -> list:
    """Units per month over every order line (the last 24 months), cached for SALES_TTL_S or until an
    import changes them."""
    return cached(("monthly_sales", url), SALES_TTL_S, lambda: _programme_monthly_sales(url),
                  version=lambda: data_version(url, "order_lines"))


def _programme_monthly_sales(url: str) -> list:
    with new_session(url) as session:
        return demand_repo.monthly_export_value(session)[-24:]
