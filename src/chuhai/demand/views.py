"""Pages for buyers and demands."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from chuhai.accounts.principal import Principal
from chuhai.catalog.categories import CATEGORIES, category_name
from chuhai.demand import flows, service
from chuhai.demand.models import Buyer
from chuhai.demand.schemas import BuyerIn, DemandIn
from chuhai.errors import ChuhaiError
from chuhai.i18n import gettext as _
from chuhai.i18n import is_zh
from chuhai.matching import service as matching
from chuhai.types import BuyerKind, DemandStatus, RoleCode
from chuhai.web.deps import AnyUser, DbSession, Operator, SubmittedForm, require, verify_csrf
from chuhai.web.forms import blank_to_none, enum_options, service_error, split_list, validate_form
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Poster = Depends(require(RoleCode.OPERATOR, RoleCode.BUYER))


def _query(**params) -> str:
    return urlencode({key: value for key, value in params.items() if value not in (None, "")})


@router.get("/buyers")
def buyers(request: Request, db: DbSession, principal: Operator, q: str = "", country: str = "", kind: str = "",
           page: int = 1):
    result = service.list_buyers(db, principal, q=q or None, country=country or None, kind=kind or None, page=page)
    return render(request, "demand/buyers.html", page=result, q=q, country=country, kind=kind,
                  kind_options=enum_options(BuyerKind), base_query=_query(q=q, country=country, kind=kind))


def _buyer_form(request, values, errors, buyer=None, status_code=200):
    return render(request, "demand/buyer_form.html", status_code=status_code, values=values, errors=errors,
                  buyer=buyer, kind_options=enum_options(BuyerKind))


@router.get("/buyers/new")
def new_buyer(request: Request, principal: Operator):
    return _buyer_form(request, {"kind": "importer", "language": "en"}, {})


@router.post("/buyers/new")
def create_buyer(request: Request, db: DbSession, principal: Operator, submitted: SubmittedForm):
    form = dict(submitted)
    data, errors = validate_form(BuyerIn, blank_to_none(form))
    if data is not None:
        try:
            buyer = flows.create_buyer(db, principal, data)
            return RedirectResponse(f"/buyers/{buyer.id}", status_code=303)
        except ChuhaiError as exc:
            errors = service_error(exc)
    return _buyer_form(request, form, errors, status_code=422)


@router.get("/buyers/{buyer_id}")
def buyer_detail(request: Request, buyer_id: int, db: DbSession, principal: AnyUser):
    buyer = service.get_buyer(db, principal, buyer_id)
    demands = service.list_demands(db, principal, buyer_id=buyer_id, size=50)
    return render(request, "demand/buyer_detail.html", buyer=buyer, demands=demands)


@router.get("/buyers/{buyer_id}/edit")
def edit_buyer(request: Request, buyer_id: int, db: DbSession, principal: AnyUser):
    buyer = service.get_buyer(db, principal, buyer_id)
    values = {key: getattr(buyer, key) for key in ("key", "company", "country", "kind", "language", "website",
                                                   "contact_name", "contact_email", "contact_phone")}
    return _buyer_form(request, values, {}, buyer)


@router.post("/buyers/{buyer_id}/edit")
def update_buyer(request: Request, buyer_id: int, db: DbSession, principal: AnyUser, submitted: SubmittedForm):
    buyer = service.get_buyer(db, principal, buyer_id)
    form = dict(submitted)
    data, errors = validate_form(BuyerIn, blank_to_none(form))
    if data is not None:
        flows.update_buyer(db, principal, buyer_id, data)
        request.session["flash"] = {"kind": "ok", "message": _("Saved.")}
        return RedirectResponse(f"/buyers/{buyer_id}", status_code=303)
    return _buyer_form(request, form, errors, buyer, status_code=422)


@router.get("/demands")
def demands(request: Request, db: DbSession, principal: AnyUser, q: str = "", status: str = "", country: str = "",
            category: str = "", page: int = 1):
    status = status if status in {known.value for known in DemandStatus} else ""  # an unknown one: all
    result = service.list_demands(db, principal, q=q or None, status=status or None, country=country or None,
                                  category=category or None, page=page)
    return render(request, "demand/demands.html", page=result, q=q, status=status, country=country,
                  statuses=list(DemandStatus), category=category, category_options=[("", _("All categories"))] + [
                      (code, category_name(code)) for code in CATEGORIES],
                  base_query=_query(q=q, status=status, country=country, category=category))


def _demand_form(request, db, principal, values, errors, demand=None, status_code=200):
    buyer_options = []
    if principal.is_operator:
        buyer_options = [(str(b.id), f"{b.company} ({b.country})")
                         for b in db.scalars(select(Buyer).order_by(Buyer.company).limit(2000))]
    return render(request, "demand/demand_form.html", status_code=status_code, values=values, errors=errors,
                  demand=demand, buyer_options=buyer_options,
                  category_options=[("", _("Not sure"))] + [(code, category_name(code)) for code in CATEGORIES])


def _demand_values(form: dict) -> dict:
    values = blank_to_none(form)
    values["required_certifications"] = split_list(form.get("required_certifications"))
    values["verified_only"] = form.get("verified_only") == "1"
    return values


@router.get("/demands/new")
def new_demand(request: Request, db: DbSession, principal: Principal = Poster, product: int | None = None):
    values: dict = {"currency": "USD"}
    if product is not None:  # "Request a quote" on a product page: start from that product
        values.update(service.quote_request_values(db, principal, product, "zh" if is_zh() else "en"))
    return _demand_form(request, db, principal, values, {})


@router.post("/demands/new")
def create_demand(request: Request, db: DbSession, submitted: SubmittedForm, principal: Principal = Poster):
    form = dict(submitted)
    data, errors = validate_form(DemandIn, _demand_values(form))
    if data is not None:
        try:
            # A plain `def` handler runs on the thread pool: matching a demand takes tens of milliseconds and
            # waits for the match index's lock, which must not hold up the other requests of this worker.
            demand = flows.post_demand(db, principal, data, request.app.state.settings.data_dir)
            request.session["flash"] = {"kind": "ok", "message": _("Your demand is posted.")}
            return RedirectResponse(f"/demands/{demand.id}", status_code=303)
        except ChuhaiError as exc:
            errors = service_error(exc)
    return _demand_form(request, db, principal, form, errors, status_code=422)


@router.get("/demands/{demand_id}")
def demand_detail(request: Request, demand_id: int, db: DbSession, principal: AnyUser):
    demand = service.get_demand(db, principal, demand_id)
    return render(request, "demand/demand_detail.html", demand=demand,
                  can_edit=principal.is_operator or principal.owns_buyer(demand.buyer_id),
                  show_contacts=matching.may_see_buyer_contacts(db, principal, demand))


@router.get("/demands/{demand_id}/edit")
def edit_demand(request: Request, demand_id: int, db: DbSession, principal: Principal = Poster):
    demand = service.get_demand(db, principal, demand_id)
    values = {key: getattr(demand, key) for key in ("text", "quantity", "target_price", "currency",
                                                    "destination_country", "category", "deadline", "verified_only")}
    values["required_certifications"] = ", ".join(demand.required_certifications or [])
    return _demand_form(request, db, principal, values, {}, demand)


@router.post("/demands/{demand_id}/edit")
def update_demand(request: Request, demand_id: int, db: DbSession, submitted: SubmittedForm,
                  principal: Principal = Poster):
    demand = service.get_demand(db, principal, demand_id)
    form = dict(submitted)
    data, errors = validate_form(DemandIn, _demand_values(form))
    if data is not None:
        try:
            flows.change_demand(db, principal, demand_id, data)
            request.session["flash"] = {"kind": "ok", "message": _("Saved.")}
            return RedirectResponse(f"/demands/{demand_id}", status_code=303)
        except ChuhaiError as exc:
            errors = service_error(exc)
    return _demand_form(request, db, principal, form, errors, demand, status_code=422)


@router.post("/demands/{demand_id}/status")
def demand_status(request: Request, demand_id: int, db: DbSession, principal: Principal = Poster,
                  status: DemandStatus = Form(...)):
    flows.set_demand_status(db, principal, demand_id, status)
    return RedirectResponse(f"/demands/{demand_id}", status_code=303)
