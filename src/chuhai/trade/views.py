"""Pages for trade: an enterprise answers a demand with a quotation (and revises or withdraws it), the buyer
compares the quotations of its demand by landed cost at its door (a fragment of the demand page) and
decides, each demand × enterprise talks in a thread, and a deal moves from sample to order.

Every rule is the service's (`chuhai.trade.service`) and every write goes through `chuhai.trade.flows`; the
pages parse forms, call them and show the result (a refusal with its reason, in the reader's language).
Anyone who is not a party gets the 404 page, as from the API."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from starlette.datastructures import UploadFile

from chuhai.accounts.models import User
from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise, Product
from chuhai.demand import service as demand_service
from chuhai.demand.models import Buyer, Demand
from chuhai.errors import ChuhaiError, NotFound
from chuhai.i18n import N_, error_text, pick
from chuhai.i18n import gettext as _
from chuhai.media import service as media
from chuhai.pagination import PageNumber
from chuhai.trade import flows, service
from chuhai.trade.models import (
    Deal,
    DealStage,
    DeclineReason,
    Incoterm,
    LostReason,
    Quotation,
    QuotationStatus,
    ReportReason,
    Side,
)
from chuhai.trade.schemas import DealIn, QuotationIn, StageIn
from chuhai.trade.texts import COMPONENT_LABELS, basis_text, component_label
from chuhai.types import CustomsMode, ProductStatus, RoleCode
from chuhai.web.deps import AnyUser, DbSession, Operator, SubmittedForm, require, verify_csrf
from chuhai.web.forms import blank_to_none, service_error, validate_form
from chuhai.web.navigation import NavLink, register
from chuhai.web.templating import register_globals, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
EnterpriseMember = Depends(require(RoleCode.ENTERPRISE))
BuyerMember = Depends(require(RoleCode.BUYER))
Trader = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE, RoleCode.BUYER))
TRADERS = (RoleCode.ENTERPRISE, RoleCode.BUYER, RoleCode.OPERATOR)

register(
    NavLink(N_("Trade"), N_("Quotations"), "/quotations", "¥", TRADERS),
    NavLink(N_("Trade"), N_("Messages"), "/conversations", "✎", TRADERS, badge="/conversations/unread"),
    NavLink(N_("Trade"), N_("Deals"), "/deals", "⚑", TRADERS),
)

# The notifications page (matching) names trade's states from their stored values: `p.stage | label(DealStage)`.
register_globals(DealStage=DealStage, DeclineReason=DeclineReason, ReportReason=ReportReason, TradeSide=Side)

TIER_ROWS = 4  # rows of quantity tiers on the quotation form
SORT_LABELS = {"landed_cost": N_("Landed cost"), "lead_time": N_("Lead time"), "supplier": N_("Supplier"),
               "price": N_("Price")}
QUOTATION_FIELDS = {"product_id", "unit_price", "currency", "incoterm", "min_quantity", "lead_time_days",
                    "sample_price", "sample_lead_time_days", "payment_terms", "valid_until", "message", "tiers",
                    "file"}
ORDER_FIELDS = {"quantity", "value", "currency", "expected_ship_date", "customs_mode", "lost_reason", "note"}
NOT_REVISABLE = N_("A deal has started from your quotation; it can no longer be revised.")


def _data_dir(request: Request):
    return request.app.state.settings.data_dir


def _flash(request: Request, kind: str, message: str) -> None:
    request.session["flash"] = {"kind": kind, "message": message}


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _options(enum) -> list[tuple[str, str]]:
    return [(member.value, _(member.label)) for member in enum]


def _text_fields(form) -> dict:
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _uploads(form, *names: str) -> list[tuple[str, bytes]]:
    """The files chosen in the form's file fields (an empty field sends a nameless part: skipped); the
    service checks their type and size (`flows.add_attachment`)."""
    found = []
    for name in names:
        for upload in form.getlist(name):
            if isinstance(upload, UploadFile) and upload.filename:
                found.append((upload.filename, upload.file.read()))
    return found


def _enterprise(db, enterprise_id: int) -> Enterprise:
    """The enterprise with its certifications (what `service.quoting_refusal` reads)."""
    enterprise = db.scalar(select(Enterprise).where(Enterprise.id == enterprise_id)
                           .options(selectinload(Enterprise.certifications)))
    if enterprise is None:
        raise NotFound("No such enterprise.")
    return enterprise


def _refusal_text(db, principal: Principal, demand: Demand, current: Quotation | None, today: dt.date) -> str | None:
    """Why the enterprise may not answer (or revise its answer to) the demand now, in the reader's language."""
    refusal = service.quoting_refusal(_enterprise(db, principal.enterprise_id), demand, today)
    if refusal is not None:
        return error_text(refusal)
    if current is not None and not current.status_on(today).can_revise:
        return _(NOT_REVISABLE)
    return None


# ----- the enterprise's quotation ------------------------------------------------------------------------

def _own_quotations(db, principal: Principal, demand_id: int) -> list[Quotation]:
    """The enterprise's own quotations on the demand (every revision, newest first); NotFound where it may
    neither answer the demand nor has answered it (`service.list_quotations`)."""
    own = service.list_quotations(db, principal, demand_id, history=True)
    return sorted(own, key=lambda q: q.revision, reverse=True)


def _current(own: list[Quotation]) -> Quotation | None:
    return next((q for q in own if q.status is not QuotationStatus.SUPERSEDED), None)


def _quotation_values(quotation: Quotation) -> dict:
    values = {key: getattr(quotation, key) for key in (
        "product_id", "unit_price", "currency", "min_quantity", "lead_time_days", "sample_price",
        "sample_lead_time_days", "payment_terms", "valid_until", "message")}
    values["incoterm"] = quotation.incoterm.value
    for i, tier in enumerate(quotation.tiers[:TIER_ROWS]):
        values[f"tier_quantity_{i}"], values[f"tier_price_{i}"] = tier.min_quantity, tier.unit_price
    return values


def _form_quotation(form: dict) -> dict:
    values = blank_to_none(form)
    tiers = []
    for i in range(TIER_ROWS):
        quantity, price = values.pop(f"tier_quantity_{i}", None), values.pop(f"tier_price_{i}", None)
        if quantity is not None or price is not None:
            tiers.append({"min_quantity": quantity, "unit_price": price})
    values["tiers"] = tiers
    values.pop("csrf_token", None)
    return values


def _quote_form(request, db, principal, demand_id: int, values=None, errors=None, status_code=200):
    today = dt.date.today()
    own = _own_quotations(db, principal, demand_id)
    demand = db.get(Demand, demand_id)
    current = _current(own)
    if values is None:
        values = _quotation_values(current) if current is not None else {
            "currency": demand.currency or "USD", "incoterm": Incoterm.FOB.value,
            "min_quantity": demand.quantity or "", "valid_until": today + dt.timedelta(days=30)}
    errors = errors or {}
    products = db.scalars(select(Product).where(Product.enterprise_id == principal.enterprise_id,
                                                Product.status == ProductStatus.ACTIVE).order_by(Product.sku))
    return render(request, "trade/quote_form.html", status_code=status_code, demand=demand, own=own,
                  current=current, values=values, errors=errors,
                  refusal=_refusal_text(db, principal, demand, current, today),
                  general_errors=[message for key, message in errors.items() if key not in QUOTATION_FIELDS],
                  product_options=[("", _("No product named (a general offer)"))] + [
                      (str(p.id), f"{p.sku} · {pick(p.title_zh, p.title_en)}") for p in products],
                  incoterm_options=_options(Incoterm), tier_rows=range(TIER_ROWS))


@router.get("/demands/{demand_id}/quote")
def quote_form(request: Request, demand_id: int, db: DbSession, principal: Principal = EnterpriseMember):
    return _quote_form(request, db, principal, demand_id)


@router.post("/demands/{demand_id}/quote")
def submit_quote(request: Request, demand_id: int, db: DbSession, form: SubmittedForm,
                 principal: Principal = EnterpriseMember):
    _own_quotations(db, principal, demand_id)  # NotFound before reading anything else
    fields = _text_fields(form)
    data, errors = validate_form(QuotationIn, _form_quotation(fields))
    if data is not None:
        try:
            quotation = flows.submit_quotation(db, principal, demand_id, data)
            for name, content in _uploads(form, "spec_sheet", "photos"):
                flows.add_attachment(db, principal, _data_dir(request), file_name=name, content=content,
                                     quotation_id=quotation.id)
            _flash(request, "ok", _("Your quotation is sent to the buyer.") if quotation.revision == 1
                   else _("Your revised quotation (revision %(revision)s) is sent.", revision=quotation.revision))
            return _see_other(f"/quotations#q-{quotation.id}")
        except ChuhaiError as exc:
            db.rollback()  # the quotation goes with its files or not at all
            errors = service_error(exc)
    return _quote_form(request, db, principal, demand_id, fields, errors, status_code=422)


@router.post("/quotations/{quotation_id}/withdraw")
def withdraw(request: Request, quotation_id: int, db: DbSession, principal: Principal = EnterpriseMember):
    try:
        flows.withdraw(db, principal, quotation_id)
        _flash(request, "ok", _("Quotation withdrawn."))
    except NotFound:
        raise
    except ChuhaiError as exc:
        _flash(request, "bad", error_text(exc))
    return _see_other("/quotations")


# ----- lists of quotations ------------------------------------------------------------------------------

@router.get("/quotations")
def quotations(request: Request, db: DbSession, principal: Principal = Trader, enterprise: int | None = None):
    """An enterprise's quotations with their status (revise, withdraw, talk); a buyer's received
    quotations by demand; the operator's view of one enterprise's."""
    today = dt.date.today()
    if principal.role == RoleCode.BUYER:
        groups = []
        for demand in demand_service.list_demands(db, principal, buyer_id=principal.buyer_id, size=100).items:
            rows = service.list_quotations(db, principal, demand.id)
            if rows:
                groups.append((demand, rows))
        return render(request, "trade/quotations_buyer.html", groups=groups, today=today)
    enterprise_id = principal.enterprise_id if principal.role == RoleCode.ENTERPRISE else enterprise
    rows = service.enterprise_quotations(db, principal, enterprise_id) if enterprise_id else []
    deals = {d.quotation_id: d for d in db.scalars(select(Deal).where(Deal.quotation_id.in_([q.id for q in rows])))}
    chosen = db.get(Enterprise, enterprise_id) if enterprise_id else None
    return render(request, "trade/quotations.html", rows=rows, deals=deals, today=today, enterprise=chosen,
                  enterprise_id=enterprise_id)


# ----- the buyer's comparison (a fragment of the demand page) ---------------------------------------------

def _comparison_row(row: service.ComparedQuotation) -> dict:
    cost = row.landed_cost
    components = {c.name: {"label": component_label(c.name), "amount": c.amount, "basis": basis_text(c.basis)}
                  for c in cost.components}
    return {"row": row, "q": row.quotation, "status": row.status, "components": components,
            "supplier_name": pick(row.supplier.enterprise.name_zh, row.supplier.enterprise.name_en),
            "missing": list(cost.missing)}


@router.get("/trade/demands/{demand_id}/quotations")
def demand_quotations(request: Request, demand_id: int, db: DbSession, principal: AnyUser,
                      sort: str = "landed_cost"):
    """The quotations of a demand side by side (the buyer, the operator) or the enterprise's own answer with
    the button to answer or revise (or why it may not); nothing for anyone else."""
    if sort not in SORT_LABELS:
        sort = "landed_cost"
    today = dt.date.today()
    try:
        rows = service.compare_quotations(db, principal, demand_id, sort=sort, today=today)
    except NotFound:
        return HTMLResponse("")
    demand = db.get(Demand, demand_id)
    is_buyer = principal.owns_buyer(demand.buyer_id)
    context = {"demand": demand, "rows": [_comparison_row(r) for r in rows], "sort": sort, "today": today,
               "sort_labels": SORT_LABELS, "is_buyer": is_buyer, "refusal": None, "can_quote": False,
               "component_names": _component_names(rows),
               "decline_options": _options(DeclineReason), "customs_options": [("", "—"), *_options(CustomsMode)],
               "max_quotations": service.trade_settings(db).max_quotations,
               "covers": media.cover_images(db, [r.quotation.product_id for r in rows if r.quotation.product_id])}
    if principal.role == RoleCode.ENTERPRISE:
        own = _own_quotations(db, principal, demand_id)
        current = _current(own)
        context["refusal"] = _refusal_text(db, principal, demand, current, today)
        context["can_quote"] = context["refusal"] is None
        context["current"] = current
    elif not (is_buyer or principal.is_operator):
        return HTMLResponse("")
    return render(request, "trade/_comparison.html", **context)


def _component_names(rows: list[service.ComparedQuotation]) -> list[tuple[str, str]]:
    """The landed-cost parts any quotation has (name, label), in the order of the cost (the price first)."""
    present = {c.name for r in rows for c in r.landed_cost.components}
    return [(name, component_label(name)) for name in COMPONENT_LABELS if name in present]


def _back_to_demand(quotation_id: int, db, principal) -> str:
    return f"/demands/{service.get_quotation(db, principal, quotation_id).demand_id}#quotations"


@router.post("/quotations/{quotation_id}/shortlist")
def shortlist(request: Request, quotation_id: int, db: DbSession, principal: Principal = BuyerMember):
    back = _back_to_demand(quotation_id, db, principal)
    try:
        flows.shortlist(db, principal, quotation_id)
        _flash(request, "ok", _("Quotation shortlisted."))
    except ChuhaiError as exc:
        _flash(request, "bad", error_text(exc))
    return _see_other(back)


@router.post("/quotations/{quotation_id}/decline")
def decline(request: Request, quotation_id: int, db: DbSession, principal: Principal = BuyerMember,
            reason: str = Form(""), note: str = Form("")):
    back = _back_to_demand(quotation_id, db, principal)
    try:
        flows.decline(db, principal, quotation_id, DeclineReason(reason), note or None)
        _flash(request, "ok", _("Quotation declined; the enterprise sees your reason."))
    except ValueError:
        _flash(request, "bad", _("Choose a reason."))
    except ChuhaiError as exc:
        _flash(request, "bad", error_text(exc))
    return _see_other(back)


@router.post("/quotations/{quotation_id}/deal")
def open_deal(request: Request, quotation_id: int, db: DbSession, form: SubmittedForm,
              principal: Principal = BuyerMember):
    """The buyer requests a sample or places an order: a deal opens from the quotation."""
    back = _back_to_demand(quotation_id, db, principal)
    data, errors = validate_form(DealIn, blank_to_none(_text_fields(form)))
    if data is not None:
        try:
            deal = flows.open_deal(db, principal, quotation_id, data)
            _flash(request, "ok", _("Deal opened: %(stage)s.", stage=_(deal.stage.label)))
            return _see_other(f"/deals/{deal.id}")
        except ChuhaiError as exc:
            db.rollback()
            errors = service_error(exc)
    _flash(request, "bad", "; ".join(errors.values()))
    return _see_other(back)


# ----- conversations -------------------------------------------------------------------------------------

@router.get("/conversations")
def conversations(request: Request, db: DbSession, page: PageNumber = 1, principal: Principal = Trader):
    """The reader's threads, latest first, with unread counts; the operator's: reported threads only."""
    result = service.list_conversations(db, principal, page=page, size=25)
    return render(request, "trade/conversations.html", page=result, base_query="",
                  unread=service.unread_count(db, principal))


@router.get("/conversations/unread")
def unread_badge(request: Request, db: DbSession, principal: AnyUser):
    """The sidebar's count of unread messages (an htmx fragment; empty when none)."""
    count = service.unread_count(db, principal) if principal.role in (RoleCode.BUYER, RoleCode.ENTERPRISE) else 0
    if not count:
        return HTMLResponse("")
    return HTMLResponse(f'<span class="badge warn" data-testid="unread-count" '
                        f'style="margin-left:auto">{int(count)}</span>')


@router.get("/quotations/{quotation_id}/thread")
def quotation_thread(quotation_id: int, db: DbSession, principal: AnyUser):
    """The thread of a quotation's demand and enterprise (opened for its parties when it is not yet)."""
    return _see_other(f"/conversations/{service.conversation_of_quotation(db, principal, quotation_id).id}")


def _users(db, ids) -> dict[int, User]:
    ids = sorted({i for i in ids if i is not None})
    return {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


def _thread_page(request, db, principal, conversation_id: int, errors=None, draft: str = "", status_code=200):
    conversation, messages = service.read_messages(db, principal, conversation_id)
    side = service.side_of(principal, conversation.buyer_id, conversation.enterprise_id)
    buyer_contact, enterprise_contact = service.thread_contacts(conversation, side)
    try:
        quotations = [q for q in service.list_quotations(db, principal, conversation.demand_id)
                      if q.enterprise_id == conversation.enterprise_id]
    except NotFound:
        quotations = []
    deals = list(db.scalars(select(Deal).where(Deal.quotation_id.in_([q.id for q in quotations]))))
    return render(request, "trade/thread.html", status_code=status_code, conversation=conversation,
                  messages=messages, side=side, buyer_contact=buyer_contact, enterprise_contact=enterprise_contact,
                  quotations=quotations, deals=deals, errors=errors or {}, draft=draft, today=dt.date.today(),
                  report_options=_options(ReportReason))


@router.get("/conversations/{conversation_id}")
def thread(request: Request, conversation_id: int, db: DbSession, principal: AnyUser):
    return _thread_page(request, db, principal, conversation_id)


@router.post("/conversations/{conversation_id}")
def post_message(request: Request, conversation_id: int, db: DbSession, principal: AnyUser, form: SubmittedForm):
    service.get_conversation(db, principal, conversation_id)  # NotFound first
    text = str(form.get("text") or "")
    try:
        view = flows.post_message(db, principal, conversation_id, text)
        for name, content in _uploads(form, "file"):
            flows.add_attachment(db, principal, _data_dir(request), file_name=name, content=content,
                                 message_id=view.message.id)
        return _see_other(f"/conversations/{conversation_id}#m-{view.message.id}")
    except ChuhaiError as exc:
        db.rollback()  # the message goes with its file or not at all
        errors = service_error(exc)
    return _thread_page(request, db, principal, conversation_id, errors, text, status_code=422)


@router.post("/conversations/{conversation_id}/disclose")
def disclose(request: Request, conversation_id: int, db: DbSession, principal: AnyUser):
    flows.disclose_contacts(db, principal, conversation_id)
    _flash(request, "ok", _("Contact details are now shown to both sides of this conversation."))
    return _see_other(f"/conversations/{conversation_id}")


@router.post("/conversations/{conversation_id}/report")
def report(request: Request, conversation_id: int, db: DbSession, principal: AnyUser, reason: str = Form(""),
           note: str = Form("")):
    service.get_conversation(db, principal, conversation_id)
    try:
        flows.report_conversation(db, principal, conversation_id, ReportReason(reason), note or None)
        _flash(request, "ok", _("Reported. The operator will read this conversation."))
    except ValueError:
        _flash(request, "bad", _("Choose a reason."))
    return _see_other(f"/conversations/{conversation_id}")


@router.post("/conversations/{conversation_id}/suspend")
def suspend(request: Request, conversation_id: int, db: DbSession, principal: Operator, side: str = Form("")):
    try:
        count = flows.suspend_side(db, principal, conversation_id, Side(side))
    except ValueError:
        raise NotFound("No such conversation.") from None
    _flash(request, "ok", _("%(count)s user accounts suspended.", count=count))
    return _see_other(f"/conversations/{conversation_id}")


# ----- deals ---------------------------------------------------------------------------------------------

@router.get("/deals")
def deals(request: Request, db: DbSession, page: PageNumber = 1, stage: str = "", principal: Principal = Trader):
    chosen = DealStage(stage) if stage in {s.value for s in DealStage} else None
    result = service.list_deals(db, principal, stage=chosen, page=page, size=25)
    buyers = {b.id: b for b in db.scalars(select(Buyer).where(Buyer.id.in_([d.buyer_id for d in result.items])))}
    return render(request, "trade/deals.html", page=result, buyers=buyers, stage=stage,
                  stage_options=[("", _("All stages")), *_options(DealStage)],
                  base_query=f"stage={chosen.value}" if chosen else "")


def _deal_page(request, db, principal, deal_id: int, values=None, errors=None, status_code=200):
    deal = service.get_deal(db, principal, deal_id)
    side = service.deal_side(principal, deal)
    next_stages = service.next_stages_for(deal, side)
    quotation = deal.quotation
    return render(request, "trade/deal.html", status_code=status_code, deal=deal, side=side,
                  moves=[s for s in next_stages if s not in (DealStage.ORDER_PLACED, DealStage.LOST)],
                  can_order=DealStage.ORDER_PLACED in next_stages, can_lose=DealStage.LOST in next_stages,
                  quotation=quotation, price=service.quotation_price(quotation, deal.quantity or deal.demand.quantity),
                  enterprise=db.get(Enterprise, deal.enterprise_id), buyer=db.get(Buyer, deal.buyer_id),
                  users=_users(db, [e.by_user_id for e in deal.events]), values=values or {}, errors=errors or {},
                  general_errors=[m for k, m in (errors or {}).items() if k not in ORDER_FIELDS],
                  lost_options=_options(LostReason), customs_options=[("", "—"), *_options(CustomsMode)])


@router.get("/deals/{deal_id}")
def deal(request: Request, deal_id: int, db: DbSession, principal: AnyUser):
    return _deal_page(request, db, principal, deal_id)


@router.post("/deals/{deal_id}/stage")
def deal_stage(request: Request, deal_id: int, db: DbSession, principal: AnyUser, submitted: SubmittedForm):
    service.get_deal(db, principal, deal_id)  # NotFound first
    form = blank_to_none(_text_fields(submitted))
    form.pop("csrf_token", None)
    data, errors = validate_form(StageIn, form)
    if data is not None:
        try:
            moved = flows.move_deal(db, principal, deal_id, data)
            _flash(request, "ok", _("The deal is now: %(stage)s.", stage=_(moved.stage.label)))
            return _see_other(f"/deals/{deal_id}")
        except ChuhaiError as exc:
            db.rollback()
            errors = service_error(exc)
    return _deal_page(request, db, principal, deal_id, form, errors, status_code=422)
