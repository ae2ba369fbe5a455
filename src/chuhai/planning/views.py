"""Pages for export planning: the landed-cost planner and a product's export dossier (PDF), HS suggestion, the
overseas-warehouse plan, reference data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chuhai.accounts.principal import Principal
from chuhai.compliance import service as compliance
from chuhai.compliance.views import readiness_html
from chuhai.errors import ValidationFailed
from chuhai.i18n import N_, error_text, get_locale, pick
from chuhai.i18n import gettext as _
from chuhai.markets.service import country_name
from chuhai.media import service as media
from chuhai.media.responses import media_config
from chuhai.pdf_cache import cached_pdf
from chuhai.planning import service, texts
from chuhai.planning.dossier import export_dossier
from chuhai.planning.dossier_pdf import dossier_pdf as render_pdf
from chuhai.planning.engine.hs import suggest_item
from chuhai.planning.engine.reference import load_reference
from chuhai.planning.engine.stock import StockPlan
from chuhai.types import RoleCode
from chuhai.web.deps import AnyUser, DbSession, Operator, require, verify_csrf
from chuhai.web.navigation import NavLink, register
from chuhai.web.templating import environment, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Planner = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE))
PLANNERS = (RoleCode.OPERATOR, RoleCode.ENTERPRISE)

register(
    NavLink(N_("Planning"), N_("Export planner"), "/planning/landed-cost", "⚖", PLANNERS),
    NavLink(N_("Planning"), N_("Overseas warehouse"), "/planning/warehouse", "⌂", PLANNERS),
    NavLink(N_("Planning"), N_("Reference data"), "/planning/reference", "☷"),
)

ACTION_BADGES = {"ship": "warn", "test_batch": "info", "plan": "info", "hold": "ok", "slow_hold": "bad",
                 "slow_discount": "bad", "slow_retrieve": "bad", "stalled": "", "do_not_stock": "", "wait": ""}
SKU_FIELDS = ("unit_cost_cny", "weight_kg", "length_cm", "width_cm", "height_cm", "hs_code")
OPTION_FIELDS = ("destination", "channel", "route", "customs_mode", "selling_price", "currency")
BLANK_ROWS = 2


def _choices() -> dict[str, list[tuple[str, str]]]:
    ref = load_reference()
    countries = sorted(ref["countries"]["countries"])
    return {
        "destination": [(c, f"{country_name(c, get_locale())} ({c})") for c in countries],
        "channel": [(k, pick(v["name_zh"], v["name_en"])) for k, v in ref["platforms"]["channels"].items()],
        "route": [(k, pick(v["name_zh"], v["name_en"])) for k, v in ref["routes"]["routes"].items()],
        "customs_mode": [(k, f"{k} · {pick(v['name_zh'], v['name_en'])}")
                         for k, v in ref["customs_modes"]["modes"].items()],
        "currency": [(c, c) for c in ref["fx"]["rates"]] + [("CNY", "CNY")],
    }


def _options_from_query(request: Request) -> list[dict[str, Any]] | None:
    lists = {name: request.query_params.getlist(f"o_{name}") for name in OPTION_FIELDS}
    if not lists["destination"]:
        return None
    options = []
    for i, destination in enumerate(lists["destination"]):
        row = {name: (values[i].strip() if i < len(values) else "") for name, values in lists.items()}
        if not destination.strip() or not row["selling_price"]:
            continue
        row["id"] = f"{i + 1}-{row['destination']}-{row['route']}-{row['customs_mode']}"
        options.append(row)
    return options


def _sku_from(request: Request, product) -> dict[str, Any]:
    values = service.sku_values(product)
    for name in SKU_FIELDS:
        given = request.query_params.get(name, "").strip()
        if given:
            values[name] = given
    return values


def _short(name: str) -> str:
    return name.split("（")[0].split(" (")[0]


def _option_label(option, with_destination: bool = True) -> str:
    ref = load_reference()
    route = ref["routes"]["routes"][option.route]
    channel = ref["platforms"]["channels"][option.channel]
    return (f"{option.destination + ' · ' if with_destination else ''}{pick(channel['name_zh'], channel['name_en'])} · "
            f"{_short(pick(route['name_zh'], route['name_en']))} · {option.customs_mode}")


def _breakdown_chart(results) -> dict[str, Any]:
    labels = [_option_label(r.option) for r in results]
    series = []
    for name, label in texts.COMPONENT_LABELS.items():
        values = [float(r.component(name).amount_cny) for r in results]
        if any(values):
            series.append({"name": _(label), "type": "bar", "stack": "cost", "data": values, "barMaxWidth": 36,
                           "emphasis": {"focus": "series"}})
    series.append({"name": _("Selling price"), "type": "scatter", "symbol": "diamond", "symbolSize": 12,
                   "data": [float(r.selling_price_cny) for r in results], "itemStyle": {"color": "#111827"}})
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 16, "right": 20, "top": 40, "bottom": 16, "containLabel": True},
        "xAxis": {"type": "category", "data": labels, "axisLabel": {"interval": 0, "rotate": 30, "fontSize": 10}},
        "yAxis": {"type": "value", "name": "CNY"},
        "series": series,
    }


def _reason(plan: StockPlan) -> str:
    return texts.render(plan.reason)


@router.get("/planning/landed-cost")
def landed_cost_page(request: Request, db: DbSession, principal: Principal = Planner, product_id: int | None = None,
                     q: str = ""):
    products = service.plannable_products(db, principal, q or None)
    context: dict[str, Any] = {"products": products, "product": None, "results": [], "error": None, "q": q,
                               "list_cut": len(products) >= service.PLANNER_PICK_LIMIT,
                               "choices": _choices(), "component_labels": texts.COMPONENT_LABELS,
                               "basis": texts.basis_text, "advice_text": texts.advice_text}
    if product_id is None:
        return render(request, "planning/landed_cost.html", **context)
    product = service.plannable_product(db, principal, product_id)
    if product not in products:  # reached from its product page: keep it selectable
        context["products"] = [product, *products]
    sku = _sku_from(request, product)
    options = _options_from_query(request)
    if options is None:
        options = service.default_options(db, product, _decimal(sku.get("unit_cost_cny")))
    context.update(product=product, sku=sku, options=options,
                   blank_rows=BLANK_ROWS, ship_date=dt.date.today())
    missing = [name for name in SKU_FIELDS if sku.get(name) in (None, "")]
    if missing:
        context["error"] = _("Enter the product's %(fields)s to plan its export.", fields=", ".join(missing))
    elif options:
        try:
            results, _request = service.run_planner(db, sku, options)
        except ValidationFailed as exc:
            context["error"] = error_text(exc)
        else:
            advice, seen = [], set()
            for result in results:
                for item in result.advice:
                    text = texts.advice_text(item)
                    if text not in seen:
                        seen.add(text)
                        advice.append((_option_label(result.option), text))
            context.update(results=results, chart=_breakdown_chart(results), advice=advice[:8],
                           labels={r.option.id: _option_label(r.option, False) for r in results})
            context.update(_compliance(request, db, product, results))
    return render(request, "planning/landed_cost.html", **context)


def _compliance(request: Request, db, product, results) -> dict[str, Any]:
    """Each option's market requirements against the product's valid certifications: a badge per option and the
    checklists below the results."""
    markets = list(dict.fromkeys(r.option.destination for r in results))
    rows = compliance.readiness(db, product, markets, results[0].option.channel if results else None)
    by_market = {code: row for row in rows for code in (row.code, *row.market.markets)}
    return {"compliance_by_market": by_market,
            "compliance": readiness_html(request, db, product, markets, heading=True, rows=rows)}


@router.get("/planning/products/{product_id}/dossier.pdf")
def dossier_download(request: Request, product_id: int, db: DbSession, principal: Principal = Planner) -> Response:
    """The product's export dossier (出海方案书) as a PDF in the current language."""
    dossier = export_dossier(db, principal, product_id, data_dir=request.app.state.settings.data_dir)
    sku = dossier["product"]["sku"]
    safe_sku = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in sku)
    filename = f"chuhai-dossier-{safe_sku}-{get_locale()}.pdf"
    photos = [data for ref in media.product_images(db, product_id)[:3]
              if (data := media_config(request).storage.get(ref.display_key)) is not None]
    pdf = cached_pdf(request.app.state.settings.data_dir, render_pdf, dossier, photos)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


@router.get("/planning/hs-suggest")
def hs_suggest_fragment(request: Request, db: DbSession, principal: AnyUser, text: str = "", title_zh: str = "",
                        title_en: str = "", description: str = "", category: str = "", top: int = 5):
    query = " ".join(part for part in (text, title_zh, title_en, description) if part.strip())[:5000]
    answer = suggest_item(query, top=max(1, min(top, 10)), category=category[:200] or None,
                          evidence=service.hs_evidence(db)) if query.strip() else None
    html = environment().get_template("planning/_hs_suggestions.html").render(
        suggestions=answer.suggestions if answer else [], text=query, request=request,
        question=texts.hs_question(answer.question) if answer and answer.question else None)
    return HTMLResponse(html)


@router.get("/planning/hs-suggest/pick")
def hs_pick_fragment(request: Request, principal: AnyUser, code: str = ""):
    code = "".join(ch for ch in code if ch.isdigit())[:6]
    html = environment().get_template("planning/_hs_field.html").render(code=code)
    return HTMLResponse(html)


@router.get("/planning/warehouse")
def warehouse_page(request: Request, db: DbSession, principal: Principal = Planner, enterprise_id: int | None = None,
                   sku: int | None = None):
    enterprise = service.warehouse_enterprise(db, principal, enterprise_id)
    context: dict[str, Any] = {"enterprise": enterprise, "rows": [], "action_labels": texts.ACTION_LABELS,
                               "action_badges": ACTION_BADGES, "reason": _reason}
    if principal.is_operator:
        context["enterprises"] = service.enterprises_with_products(db)
    if enterprise is None:
        return render(request, "planning/warehouse.html", **context)
    rows, as_of = service.warehouse_plan(db, principal, enterprise)
    selected = next((r for r in rows if r.product.id == sku), None) or max(
        rows, key=lambda r: (sum(r.plan.history_weekly), -r.product.id), default=None)
    chart = None
    if selected is not None:
        history = selected.plan.history_weekly
        forecast = selected.plan.forecast_weekly
        axis = service.weeks_axis(as_of, len(history), len(forecast))
        chart = {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 16, "right": 20, "top": 36, "bottom": 24, "containLabel": True},
            "xAxis": {"type": "category", "data": axis, "boundaryGap": False},
            "yAxis": {"type": "value", "name": _("Units per week")},
            "series": [
                {"name": _("Sales"), "type": "line", "data": history + [None] * len(forecast), "showSymbol": False,
                 "areaStyle": {"opacity": 0.12}},
                {"name": _("Forecast"), "type": "line", "showSymbol": False, "lineStyle": {"type": "dashed"},
                 "data": [None] * (len(history) - 1) + [history[-1] if history else 0] + forecast},
            ],
        }
    seed_case = load_reference()["defaults"]["warehouse"]["seed_case"]
    route_names = {k: _short(pick(v["name_zh"], v["name_en"])) for k, v in load_reference()["routes"]["routes"].items()}
    context.update(rows=rows, as_of=as_of, selected=selected, chart=chart, seed_case=seed_case, route_names=route_names,
                   to_ship=sum(1 for r in rows if r.plan.action == "ship"),
                   slow=[r for r in rows if r.plan.slow_mover],
                   tests=[r for r in rows if r.plan.action in ("test_batch", "wait")],
                   base_query=urlencode({"enterprise_id": enterprise.id}) if principal.is_operator else "")
    return render(request, "planning/warehouse.html", **context)


@router.post("/planning/warehouse/stock")
def save_stock(request: Request, db: DbSession, principal: Principal = Planner, product_id: int = Form(...),
               on_hand: str = Form(...), enterprise_id: int | None = Form(None)):
    try:
        units = int(on_hand.strip())
    except ValueError:
        raise ValidationFailed("Stock on hand must be a whole number.", details={"on_hand": on_hand}) from None
    service.set_on_hand(db, principal, product_id, units)
    request.session["flash"] = {"kind": "ok", "message": _("Stock on hand saved.")}
    query = f"?enterprise_id={enterprise_id}&sku={product_id}" if principal.is_operator and enterprise_id else \
        f"?sku={product_id}"
    return RedirectResponse(f"/planning/warehouse{query}", status_code=303)


@router.get("/planning/reference")
def reference_page(request: Request, db: DbSession, principal: AnyUser, group: str = ""):
    figures = service.reference_figures()
    groups = list(dict.fromkeys(f.group for f in figures))
    edits = service.latest_edits(db)
    shown = [f for f in figures if not group or f.group == group]
    return render(request, "planning/reference.html", figures=shown, groups=groups, group=group, edits=edits,
                  history=service.edit_history(db, 20) if principal.is_operator else [],
                  versions={name: data.get("version", "") for name, data in load_reference().items()},
                  can_edit=principal.is_operator)


@router.post("/planning/reference")
def edit_reference(request: Request, db: DbSession, principal: Operator, figure: str = Form(...),
                   value: str = Form(...), note: str = Form(""), group: str = Form("")):
    service.edit_figure(db, principal, figure, value, note)
    request.session["flash"] = {"kind": "ok",
                                "message": _("Reference figure updated; later calculations use the new value.")}
    return RedirectResponse("/planning/reference" + (f"?{urlencode({'group': group})}" if group else ""),
                            status_code=303)
