"""The shell: per-role dashboards, language switch, health check."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from chuhai.accounts.models import AuditLog, User
from chuhai.catalog import repository as catalog_repo
from chuhai.catalog.categories import category_name
from chuhai.catalog.models import Enterprise, Product, ServiceProvider
from chuhai.demand import repository as demand_repo
from chuhai.demand import service as demand_service
from chuhai.i18n import SUPPORTED_LOCALES, get_locale, normalise_locale
from chuhai.i18n import gettext as _
from chuhai.imports.repository import data_version
from chuhai.markets.service import country_name
from chuhai.types import RoleCode, UserStatus
from chuhai.web.cache import cached
from chuhai.web.charts import bar_chart, line_chart, pie_chart
from chuhai.web.deps import DbSession, MaybeUser, csrf_token
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


API_DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chuhai 出海 · API</title><link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
<body><redoc spec-url="/api/v1/openapi.json" hide-download-button="false"></redoc>
<script src="/static/vendor/redoc.standalone.js"></script></body></html>"""


@router.get("/api/docs")
def api_docs() -> HTMLResponse:
    """The OpenAPI reference, rendered by the vendored ReDoc (every asset local)."""
    return HTMLResponse(API_DOCS_HTML)


@router.get("/lang/{code}")
def switch_language(code: str, request: Request, next: str = "/") -> RedirectResponse:
    locale = normalise_locale(code)
    target = next if urlparse(next).netloc == "" and next.startswith("/") else "/"
    response = RedirectResponse(target, status_code=303)
    if locale in SUPPORTED_LOCALES:
        response.set_cookie("lang", locale, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/")
def dashboard(request: Request, db: DbSession, principal: MaybeUser):
    csrf_token(request)
    if principal is None:
        belts = catalog_repo.belts_with_counts(db)
        return render(request, "landing.html", belts=belts, counts=catalog_repo.counts(db),
                      demand_counts=demand_repo.counts(db))
    context: dict = {"counts": catalog_repo.counts(db)}
    if principal.role == RoleCode.OPERATOR:
        context["demand_counts"] = demand_repo.counts(db)
        context["pending_members"] = db.scalar(
            select(User.id).where(User.status == UserStatus.PENDING).limit(1)) is not None
        context["recent_audit"] = list(db.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(8)))
        context["sales_chart"] = _sales_chart(request, db)
        context["country_chart"] = _country_chart(db)
        context["category_chart"] = _category_chart(db)
        return render(request, "dashboard_operator.html", **context)
    if principal.role == RoleCode.ENTERPRISE:
        enterprise = catalog_repo.enterprise(db, principal.enterprise_id)
        product_ids = select(Product.id).where(Product.enterprise_id == principal.enterprise_id)
        categories = [c for c, _n in catalog_repo.category_counts(db, principal.enterprise_id)]
        fitting = demand_service.list_demands(db, principal, size=8, categories=categories or None).items
        context.update(enterprise=enterprise, demands=fitting,
                       markets_chart=_markets_chart(db, product_ids),
                       sales_chart=_sales_chart(request, db, product_ids))
        return render(request, "dashboard_enterprise.html", **context)
    if principal.role == RoleCode.BUYER:
        context["demands"] = demand_service.list_demands(db, principal, size=10)
        context["demand_counts"] = demand_repo.counts(db, principal.buyer_id)
        context["belts"] = catalog_repo.belts_with_counts(db)
        return render(request, "dashboard_buyer.html", **context)
    context["belts"] = catalog_repo.belts_with_counts(db)
    provider = db.get(ServiceProvider, principal.provider_id) if principal.provider_id else None
    context["provider"] = provider
    context["leads"] = _provider_leads(db, request.app.state.database_url, provider)
    if not context["leads"]:
        context["enterprises"] = list(db.scalars(
            select(Enterprise).where(Enterprise.verification_status == "verified").order_by(Enterprise.id).limit(10)))
    return render(request, "dashboard_provider.html", **context)


def _provider_leads(db, url: str, provider) -> list[tuple]:
    """The verified manufacturers that shipped most into the provider's regions over the last 12 months
    of order data: (enterprise, units, order lines, those of its markets the provider serves). The
    ranking scans the order lines (a second on the full demo), so it is cached like the sales chart."""
    if provider is None or not provider.regions:
        return []
    regions = tuple(sorted(provider.regions))
    rows = cached(("provider_leads", url, regions), SALES_TTL_S, lambda: _shipping_to(url, regions),
                  version=lambda: data_version(url, "order_lines"))
    enterprises = {e.id: e for e in db.scalars(select(Enterprise).options(joinedload(Enterprise.belt))
                                               .where(Enterprise.id.in_([r[0] for r in rows])))}
    return [(enterprises[eid], units, lines, countries) for eid, units, lines, countries in rows if eid in enterprises]


SALES_TTL_S = 600


def _shipping_to(url: str, regions: tuple[str, ...]) -> list:
    from chuhai.database import new_session

    with new_session(url) as session:
        last = demand_repo.latest_order_date(session)
        if last is None:
            return []
        return demand_repo.enterprises_shipping_to(session, list(regions), since=last - dt.timedelta(days=365))


def monthly_sales(db, database_url: str, product_ids=None) -> list:
    """Units per month; the programme-wide series scans every order line, so it is cached."""
    if product_ids is not None:
        return demand_repo.monthly_export_value(db, product_ids)[-24:]
    return programme_monthly_sales(database_url)


def programme_monthly_sales(url: str) -> list:
    """Units per month over every order line, cached for SALES_TTL_S or until an import changes them."""
    return cached(("monthly_sales", url), SALES_TTL_S, lambda: _programme_monthly_sales(url),
                  version=lambda: data_version(url, "order_lines"))


def _programme_monthly_sales(url: str) -> list:
    from chuhai.database import new_session

    with new_session(url) as session:
        return demand_repo.monthly_export_value(session)[-24:]


def _sales_chart(request: Request, db, product_ids=None) -> dict:
    rows = monthly_sales(db, request.app.state.database_url, product_ids)
    return line_chart([month for month, _u, _l in rows], {_("Units sold"): [int(u or 0) for _m, u, _l in rows]})


def _country_chart(db) -> dict:
    rows = demand_repo.demands_by_country(db)
    return bar_chart([country_name(c, get_locale()) for c, _n in rows], {_("Demands"): [n for _c, n in rows]})


def _markets_chart(db, product_ids) -> dict | None:
    """Units sold per market over the last 12 months of the enterprise's sales (None: no sales yet)."""
    last = demand_repo.last_order_date(db, product_ids)
    if last is None:
        return None
    rows = demand_repo.units_by_country(db, product_ids, since=last - dt.timedelta(days=365))
    names = [country_name(c, get_locale()) for c, _n in rows]
    return bar_chart(names[::-1], {_("Units sold"): [n for _c, n in rows][::-1]}, horizontal=True)


def _category_chart(db, enterprise_id=None) -> dict:
    rows = catalog_repo.category_counts(db, enterprise_id)
    return pie_chart([(category_name(c), n) for c, n in rows])
