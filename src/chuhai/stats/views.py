"""The operator's statistics dashboard (统计监测) and its XLSX export, with the same period and belt filters."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from chuhai.charts import channel_name, market_label
from chuhai.errors import NotFound
from chuhai.i18n import N_, pick
from chuhai.i18n import gettext as _
from chuhai.markets.reference import CUSTOMS_MODES, MARKET_GROUP_NAMES
from chuhai.stats import service
from chuhai.stats.xlsx import workbook_bytes
from chuhai.types import RoleCode
from chuhai.web.charts import bar_chart, line_chart, pie_chart, world_map
from chuhai.web.deps import DbSession, Operator, verify_csrf
from chuhai.web.navigation import NavLink, register
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

register(NavLink(N_("Insight"), N_("Statistics"), "/stats", "▥", (RoleCode.OPERATOR,)))

TOP_COUNTRIES = 20
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request: Request) -> service.StatsFilters:
    params = request.query_params
    return service.parse_filters(params.get("from"), params.get("to"), params.get("belt"))


def _label(mapping: dict[str, str], code: str | None) -> str:
    """A reference code's name (`mapping`: code → message id) in the reader's language."""
    return _(mapping[code]) if code in mapping else (code or "—")


def dashboard_charts(data: dict) -> dict:
    countries = data["market"][:TOP_COUNTRIES]
    monthly = data["monthly"]
    series = {_("Trade value (USD)"): [round(m["value"], 2) for m in monthly]}
    if data["period"]["comparable"]:
        series[_("A year earlier")] = [round(m["year_before"], 2) for m in monthly]
    return {
        "monthly": line_chart([m["month"] for m in monthly], series, area=False),
        "countries": bar_chart([market_label(r["key"]) for r in countries],
                               {_("Trade value (USD)"): [round(r["value"], 2) for r in countries]}),
        "world": world_map({r["key"]: round(r["value"], 2) for r in data["market"] if r["key"]},
                           {r["key"]: market_label(r["key"]) for r in data["market"] if r["key"]},
                           _("Trade value (USD)"), (_("More"), _("Less"))),
        "belts": bar_chart([pick(r["name"]["name_zh"], r["name"]["name_en"]) for r in reversed(data["belt"])],
                           {_("Trade value (USD)"): [round(r["value"], 2) for r in reversed(data["belt"])]},
                           horizontal=True),
        "channels": pie_chart([(channel_name(r["key"]), round(r["value"], 2)) for r in data["channel"]]),
        "customs": pie_chart([(_label(CUSTOMS_MODES, r["key"]), round(r["value"], 2)) for r in data["customs_mode"]]),
    }


def outcome_charts(figures: dict) -> dict:
    """The outcomes by month (counts) and by market (talks, intentions, signed)."""
    months = figures["monthly"]
    counts = {_("Talks"): [m["talks"] for m in months], _("Intentions"): [m["intentions"] for m in months],
              _("Signed"): [m["signed"] for m in months]}
    markets = figures["market"][:TOP_COUNTRIES]
    return {
        "monthly": bar_chart([m["month"] for m in months], counts),
        "markets": bar_chart([market_label(r["key"]) if r["key"] else _("Unknown") for r in markets],
                             {_("Talks"): [r["talks"] for r in markets],
                              _("Intentions"): [r["intentions"] for r in markets],
                              _("Signed"): [r["signed"] for r in markets]}),
    }


@router.get("/stats")
def stats_dashboard(request: Request, db: DbSession, principal: Operator):
    filters = _filters(request)
    data = service.dashboard(request.app.state.database_url, filters)
    outcomes = service.outcome_figures(db, principal, filters)
    query = urlencode({key: value for key, value in (("from", filters.from_month), ("to", filters.to_month),
                                                     ("belt", filters.belt_id)) if value is not None})
    return render(request, "stats/dashboard.html", data=data, filters=filters,
                  freshness=service.freshness(request.app.state.database_url, filters),
                  charts={} if data["empty"] else dashboard_charts(data), export_query=query,
                  outcomes=outcomes, outcome_charts=outcome_charts(outcomes),
                  channel_name=channel_name, market_group_label=lambda code: _label(MARKET_GROUP_NAMES, code),
                  customs_label=lambda code: _label(CUSTOMS_MODES, code))


@router.get("/stats/export.xlsx")
def stats_export(request: Request, db: DbSession, principal: Operator):
    filters = _filters(request)
    data = service.dashboard(request.app.state.database_url, filters)
    if data["empty"]:
        raise NotFound("There are no order lines to export.")
    name = f"chuhai-stats-{data['period']['from']}-{data['period']['to']}.xlsx"
    outcomes = service.outcome_figures(db, principal, filters)
    return Response(workbook_bytes(data, outcomes), media_type=XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
