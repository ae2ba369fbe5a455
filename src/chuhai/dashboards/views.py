"""The home page: the public landing page, or the signed-in role's dashboard with its charts."""

from __future__ import annotations

from fastapi import APIRouter, Request

from chuhai.catalog.categories import category_name
from chuhai.charts import market_label
from chuhai.dashboards import service
from chuhai.i18n import gettext as _
from chuhai.types import RoleCode
from chuhai.web.charts import bar_chart, line_chart, pie_chart
from chuhai.web.deps import DbSession, MaybeUser, csrf_token
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, db: DbSession, principal: MaybeUser):
    csrf_token(request)
    url = request.app.state.database_url
    if principal is None:
        return render(request, "dashboards/landing.html", **service.landing(db))
    if principal.role == RoleCode.OPERATOR:
        data = service.operator_overview(db, url)
        return render(request, "dashboards/operator.html", **data, sales_chart=_sales_chart(data["sales"]),
                      country_chart=_country_chart(data["demands_by_country"]),
                      category_chart=_category_chart(data["categories"]))
    if principal.role == RoleCode.ENTERPRISE:
        data = service.enterprise_overview(db, principal, url)
        return render(request, "dashboards/enterprise.html", **data, sales_chart=_sales_chart(data["sales"]),
                      markets_chart=_markets_chart(data["markets"]))
    if principal.role == RoleCode.BUYER:
        return render(request, "dashboards/buyer.html", **service.buyer_overview(db, principal))
    return render(request, "dashboards/provider.html", **service.provider_overview(db, url, principal))


def _sales_chart(rows: list) -> dict:
    return line_chart([month for month, _u, _l in rows], {_("Units sold"): [int(u or 0) for _m, u, _l in rows]})


def _country_chart(rows: list[tuple[str, int]]) -> dict:
    return bar_chart([market_label(c) for c, _n in rows], {_("Demands"): [n for _c, n in rows]})


def _markets_chart(rows: list[tuple[str, int]] | None) -> dict | None:
    """Units sold per market, the largest on top (None: no sales yet)."""
    if rows is None:
        return None
    names = [market_label(c) for c, _n in rows]
    return bar_chart(names[::-1], {_("Units sold"): [n for _c, n in rows][::-1]}, horizontal=True)


def _category_chart(rows: list[tuple[str, int]]) -> dict:
    return pie_chart([(category_name(c), n) for c, n in rows])
