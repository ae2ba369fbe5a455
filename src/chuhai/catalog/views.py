"""Pages for belts, enterprises and products. Thin: parse, call the service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from chuhai.accounts.principal import Principal
from chuhai.catalog import flows, service
from chuhai.catalog.categories import CATEGORIES, category_name
from chuhai.catalog.forms import enterprise_form, enterprise_values, product_form, product_values
from chuhai.catalog.models import Enterprise, IndustrialBelt
from chuhai.catalog.schemas import BeltIn, EnterpriseIn, ProductIn
from chuhai.compliance import service as compliance
from chuhai.compliance.views import readiness_html
from chuhai.errors import ChuhaiError, NotFound
from chuhai.i18n import gettext as _
from chuhai.i18n import is_zh, pick
from chuhai.matching import service as matching
from chuhai.media import service as media
from chuhai.pagination import PageNumber
from chuhai.trade import service as trade
from chuhai.types import EnterpriseKind, ProviderKind, RoleCode, VerificationStatus
from chuhai.web.deps import AnyUser, DbSession, Operator, SubmittedForm, require, verify_csrf
from chuhai.web.forms import blank_to_none, enum_options, service_error, split_list, validate_form
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Manager = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE))


def _query(**params) -> str:
    return urlencode({key: value for key, value in params.items() if value not in (None, "")})


def _belt_options(db) -> list[tuple[str, str]]:
    belts = db.scalars(select(IndustrialBelt).order_by(IndustrialBelt.id))
    return [(belt.code, pick(belt.name_zh, belt.name_en)) for belt in belts]


def _category_options() -> list[tuple[str, str]]:
    return [(code, category_name(code)) for code in CATEGORIES]


@router.get("/belts")
def belts(request: Request, db: DbSession, principal: AnyUser):
    return render(request, "catalog/belts.html", belts=service.list_belts(db))


def _belt_form_page(request, values, errors, belt=None, status_code=200):
    return render(request, "catalog/belt_form.html", status_code=status_code, values=values, errors=errors,
                  belt=belt, category_options=_category_options())


def _belt_values(form: dict) -> dict:
    values = blank_to_none(form)
    values["categories"] = split_list(form.get("categories"))
    facts = []
    for line in (form.get("key_facts") or "").splitlines():
        zh, _, en = line.partition("|")
        if zh.strip() or en.strip():
            facts.append({"zh": zh.strip(), "en": en.strip()})
    values["key_facts"] = facts
    return values


@router.get("/belts/new")
def new_belt(request: Request, principal: Operator):
    return _belt_form_page(request, {"province": "山东"}, {})


@router.get("/belts/{belt_id}/edit")
def edit_belt(request: Request, belt_id: int, db: DbSession, principal: Operator):
    belt = service.get_belt(db, belt_id)
    values = {key: getattr(belt, key) for key in ("code", "name_zh", "name_en", "province", "city", "county",
                                                  "description_zh", "description_en")}
    values["categories"] = ", ".join(belt.categories)
    values["key_facts"] = "\n".join(f"{fact.get('zh', '')} | {fact.get('en', '')}" for fact in belt.key_facts)
    return _belt_form_page(request, values, {}, belt)


@router.post("/belts/new")
@router.post("/belts/{belt_id}/edit")
def save_belt(request: Request, db: DbSession, principal: Operator, submitted: SubmittedForm,
              belt_id: int | None = None):
    form = dict(submitted)
    data, errors = validate_form(BeltIn, _belt_values(form))
    if data is not None:
        try:
            belt = service.save_belt(db, principal, data, belt_id)
            request.session["flash"] = {"kind": "ok", "message": _("Saved.")}
            return RedirectResponse(f"/belts/{belt.id}", status_code=303)
        except ChuhaiError as exc:
            errors = service_error(exc)
    belt = service.get_belt(db, belt_id) if belt_id else None
    return _belt_form_page(request, form, errors, belt, status_code=422)


@router.get("/belts/{belt_id}")
def belt_detail(request: Request, belt_id: int, db: DbSession, principal: AnyUser):
    belt = service.get_belt(db, belt_id)
    enterprises = service.list_enterprises(db, principal, belt_id=belt_id, size=50)
    return render(request, "catalog/belt_detail.html", belt=belt, enterprises=enterprises)


@router.get("/enterprises")
def enterprises(request: Request, db: DbSession, principal: AnyUser, q: str = "", belt: int | None = None,
                status: str = "", kind: str = "", page: PageNumber = 1):
    result = service.list_enterprises(db, principal, q=q or None, belt_id=belt, status=status or None,
                                      kind=kind or None, english=not is_zh(), page=page, size=25)
    return render(request, "catalog/enterprises.html", page=result, q=q, belt=belt, status=status, kind=kind,
                  belts=list(db.scalars(select(IndustrialBelt).order_by(IndustrialBelt.id))),
                  kind_options=enum_options(EnterpriseKind),
                  base_query=_query(q=q, belt=belt, status=status, kind=kind))


def _enterprise_form_page(request, db, values, errors, enterprise=None, status_code=200):
    return render(request, "catalog/enterprise_form.html", status_code=status_code, values=values, errors=errors,
                  enterprise=enterprise, belt_options=[("", "—"), *_belt_options(db)],
                  kind_options=enum_options(EnterpriseKind))


@router.get("/enterprises/new")
def new_enterprise(request: Request, db: DbSession, principal: Operator):
    return _enterprise_form_page(request, db, {"kind": "manufacturer"}, {})


@router.post("/enterprises/new")
def create_enterprise(request: Request, db: DbSession, principal: Operator, submitted: SubmittedForm):
    values = enterprise_values(dict(submitted))
    data, errors = validate_form(EnterpriseIn, values)
    if data is not None:
        try:
            enterprise = service.create_enterprise(db, principal, data)
            return RedirectResponse(f"/enterprises/{enterprise.id}", status_code=303)
        except ChuhaiError as exc:
            errors = service_error(exc)
    return _enterprise_form_page(request, db, dict(submitted), errors, status_code=422)


@router.get("/enterprises/{enterprise_id}")
def enterprise_detail(request: Request, enterprise_id: int, db: DbSession, principal: AnyUser):
    enterprise = service.get_enterprise(db, principal, enterprise_id)
    products = service.list_products(db, principal, enterprise_id=enterprise_id, size=20)
    # How it answers buyers: what the quotation comparison shows, on its profile too.
    response = trade.enterprise_response_stats(db, [enterprise_id]).get(enterprise_id)
    completed = trade.completed_deal_counts(db, [enterprise_id]).get(enterprise_id, 0)
    return render(request, "catalog/enterprise_detail.html", enterprise=enterprise, products=products,
                  files=media.enterprise_images(db, enterprise_id, media.visible_kinds(principal, enterprise_id)),
                  covers=media.cover_images(db, [p.id for p in products.items]),
                  private=principal.may_see_enterprise_private(enterprise_id),
                  contacts_shared=matching.may_see_enterprise_contacts(db, principal, enterprise_id),
                  response=response, completed_deals=completed)


def _own_enterprise(db, principal: Principal, enterprise_id: int) -> Enterprise:
    enterprise = service.get_enterprise(db, principal, enterprise_id)
    if not principal.may_see_enterprise_private(enterprise_id):
        raise NotFound("No such enterprise.")
    return enterprise


@router.get("/enterprises/{enterprise_id}/edit")
def edit_enterprise(request: Request, enterprise_id: int, db: DbSession, principal: Principal = Manager):
    enterprise = _own_enterprise(db, principal, enterprise_id)
    return _enterprise_form_page(request, db, enterprise_form(enterprise), {}, enterprise)


@router.post("/enterprises/{enterprise_id}/edit")
def update_enterprise(request: Request, enterprise_id: int, db: DbSession, submitted: SubmittedForm,
                      principal: Principal = Manager):
    enterprise = _own_enterprise(db, principal, enterprise_id)
    form = dict(submitted)
    data, errors = validate_form(EnterpriseIn, enterprise_values(form))
    if data is not None:
        try:
            flows.update_enterprise(db, principal, enterprise_id, data)
            request.session["flash"] = {"kind": "ok", "message": _("Saved.")}
            return RedirectResponse(f"/enterprises/{enterprise_id}", status_code=303)
        except ChuhaiError as exc:
            errors = service_error(exc)
    return _enterprise_form_page(request, db, form, errors, enterprise, status_code=422)


@router.post("/enterprises/{enterprise_id}/verification")
def verify_enterprise(request: Request, enterprise_id: int, db: DbSession, principal: Operator,
                      status: VerificationStatus = Form(...)):
    flows.set_verification(db, principal, enterprise_id, status)
    request.session["flash"] = {"kind": "ok", "message": _("Verification status updated.")}
    return RedirectResponse(f"/enterprises/{enterprise_id}", status_code=303)


@router.get("/products")
def products(request: Request, db: DbSession, principal: AnyUser, q: str = "", category: str = "",
             enterprise: int | None = None, belt: int | None = None, hs: str = "", mine: int = 0, page: PageNumber = 1):
    if mine and principal.enterprise_id:
        enterprise = principal.enterprise_id
    result = service.list_products(db, principal, q=q or None, category=category or None, enterprise_id=enterprise,
                                   belt_id=belt, hs_code=hs or None, page=page, size=25)
    return render(request, "catalog/products.html", page=result, q=q, category=category, enterprise=enterprise,
                  covers=media.cover_images(db, [p.id for p in result.items]),
                  belt=belt, hs=hs, mine=mine, category_options=[("", _("All categories")), *_category_options()],
                  belts=list(db.scalars(select(IndustrialBelt).order_by(IndustrialBelt.id))),
                  base_query=_query(q=q, category=category, enterprise=enterprise, belt=belt, hs=hs, mine=mine or None))


def _product_form_page(request, db, principal, values, errors, product=None, status_code=200):
    enterprise_options = []
    if principal.is_operator:
        rows = db.execute(select(Enterprise.id, Enterprise.name_zh).order_by(Enterprise.name_zh))
        enterprise_options = [(str(id_), name) for id_, name in rows]
    return render(request, "catalog/product_form.html", status_code=status_code, values=values, errors=errors,
                  product=product, category_options=_category_options(), enterprise_options=enterprise_options)


@router.get("/products/new")
def new_product(request: Request, db: DbSession, principal: Principal = Manager):
    return _product_form_page(request, db, principal, {"currency": "USD", "moq": 1}, {})


@router.post("/products/new")
def create_product(request: Request, db: DbSession, submitted: SubmittedForm, principal: Principal = Manager):
    form = dict(submitted)
    data, errors = validate_form(ProductIn, product_values(form))
    if data is not None:
        try:
            product = flows.create_product(db, principal, data)
            request.session["flash"] = {"kind": "ok", "message": _("Product created.")}
            return RedirectResponse(f"/products/{product.id}", status_code=303)
        except ChuhaiError as exc:
            errors = service_error(exc)
    return _product_form_page(request, db, principal, form, errors, status_code=422)


@router.get("/products/{product_id}")
def product_detail(request: Request, product_id: int, db: DbSession, principal: AnyUser, market: str = ""):
    product = service.get_product(db, principal, product_id)
    markets = compliance.target_markets(product.enterprise.export_markets, [market[:40]] if market.strip() else [])
    return render(request, "catalog/product_detail.html", product=product, photos=media.product_images(db, product_id),
                  can_edit=principal.may_see_enterprise_private(product.enterprise_id),
                  compliance=readiness_html(request, db, product, markets))


@router.get("/products/{product_id}/edit")
def edit_product(request: Request, product_id: int, db: DbSession, principal: Principal = Manager):
    product = service.get_product(db, principal, product_id)
    if not principal.may_see_enterprise_private(product.enterprise_id):
        raise NotFound("No such product.")
    return _product_form_page(request, db, principal, product_form(product), {}, product)


@router.post("/products/{product_id}/edit")
def update_product(request: Request, product_id: int, db: DbSession, submitted: SubmittedForm,
                   principal: Principal = Manager):
    product = service.get_product(db, principal, product_id)
    if not principal.may_see_enterprise_private(product.enterprise_id):
        raise NotFound("No such product.")  # as the form's GET: another enterprise's product has no form here
    form = dict(submitted)
    data, errors = validate_form(ProductIn, product_values(form))
    if data is not None:
        try:
            flows.update_product(db, principal, product_id, data)
            request.session["flash"] = {"kind": "ok", "message": _("Saved.")}
            return RedirectResponse(f"/products/{product_id}", status_code=303)
        except ChuhaiError as exc:
            errors = service_error(exc)
    return _product_form_page(request, db, principal, form, errors, product, status_code=422)


@router.post("/products/{product_id}/archive")
def archive_product(request: Request, product_id: int, db: DbSession, principal: Principal = Manager):
    flows.archive_product(db, principal, product_id)
    request.session["flash"] = {"kind": "ok", "message": _("Product archived.")}
    return RedirectResponse("/products?mine=1", status_code=303)


@router.get("/providers")
def providers(request: Request, db: DbSession, principal: AnyUser, q: str = "", kind: str = "",
              page: PageNumber = 1):
    result = service.list_providers(db, principal, q=q or None, kind=kind or None, page=page)
    return render(request, "catalog/providers.html", page=result, q=q, kind=kind,
                  kind_options=enum_options(ProviderKind), base_query=_query(q=q, kind=kind))
