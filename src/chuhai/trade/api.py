"""JSON API for trade: quotations and their comparison by landed cost, threads and messages, attachments,
deals and their stages, responsiveness, feedback, the operator's settings and the outcome statistics.

Anyone who is not a party to a quotation, thread or deal gets 404 (the operator reads quotations and
deals, and threads once reported). A rule that refuses a request answers 422 with its reason (English
message id and parameters, `chuhai.web.errors`); a party acting for the other side gets 403. Landed-cost
bases come as codes with figures and as text in the request's language (`?lang=` / cookie /
Accept-Language)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import FileResponse

from chuhai.accounts.principal import Principal
from chuhai.i18n import pick
from chuhai.pagination import MAX_PAGE_SIZE, PageOut
from chuhai.trade import flows, service
from chuhai.trade.models import Attachment, Conversation, Deal, DealStage, Quotation, TradeSettings
from chuhai.trade.schemas import (
    AttachmentOut,
    BasisOut,
    ComponentOut,
    ContactOut,
    ConversationListOut,
    ConversationOut,
    DealEventOut,
    DealIn,
    DealOut,
    DeclineIn,
    EventLinkIn,
    LandedCostOut,
    MessageIn,
    MessageListOut,
    MessageOut,
    OutcomeRowOut,
    OutcomesOut,
    PriceOut,
    QuotationIn,
    QuotationItemOut,
    QuotationListOut,
    QuotationOut,
    ReportIn,
    SettingsIn,
    SettingsOut,
    StageIn,
    SupplierOut,
    SuspendIn,
    TierOut,
)
from chuhai.trade.texts import basis_text, component_label
from chuhai.types import RoleCode
from chuhai.web.deps import AnyUser, DbSession, Operator, require, verify_csrf
from chuhai.web.openapi import errors

router = APIRouter(tags=["trade"], dependencies=[Depends(verify_csrf)])
MAX_PAGE = 1_000_000  # page numbers beyond this are refused (422), as every paged route does
EnterpriseMember = Depends(require(RoleCode.ENTERPRISE))
EnterpriseOrOperator = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE))


def _data_dir(request: Request):
    return request.app.state.settings.data_dir


# ----- shapes ---------------------------------------------------------------------------------------------

def quotation_out(quotation: Quotation, today: dt.date | None = None) -> QuotationOut:
    return QuotationOut(**_quotation_fields(quotation, today or dt.date.today()))


def _quotation_fields(q: Quotation, today: dt.date) -> dict:
    return dict(
        id=q.id, demand_id=q.demand_id, enterprise_id=q.enterprise_id, product_id=q.product_id,
        unit_price=q.unit_price, currency=q.currency, incoterm=q.incoterm, min_quantity=q.min_quantity,
        lead_time_days=q.lead_time_days, valid_until=q.valid_until, status=q.status_on(today).value,
        revision=q.revision, supersedes_id=q.supersedes_id, sample_price=q.sample_price,
        sample_lead_time_days=q.sample_lead_time_days, payment_terms=q.payment_terms, message=q.message,
        tiers=[TierOut.model_validate(t) for t in q.tiers],
        decline_reason=q.decline_reason.value if q.decline_reason else None, decline_note=q.decline_note,
        created_at=q.created_at)


def landed_cost_out(cost) -> LandedCostOut:
    return LandedCostOut(
        amount=cost.amount, currency=cost.currency, missing=list(cost.missing), route=cost.route,
        components=[ComponentOut(name=c.name, label=component_label(c.name), amount=c.amount,
                                 basis=BasisOut(code=c.basis.code, params=dict(c.basis.params),
                                                text=basis_text(c.basis)))
                    for c in cost.components])


def compared_out(row: service.ComparedQuotation, today: dt.date) -> QuotationItemOut:
    supplier = row.supplier
    return QuotationItemOut(
        **_quotation_fields(row.quotation, today),
        price_for_quantity=PriceOut(quantity=row.price.quantity, unit_price=row.price.unit_price,
                                    tier_min_quantity=row.price.tier_min_quantity,
                                    below_minimum=row.price.below_minimum),
        landed_cost_per_unit=landed_cost_out(row.landed_cost),
        supplier=SupplierOut(id=supplier.enterprise.id, name=pick(supplier.enterprise.name_zh,
                                                                  supplier.enterprise.name_en),
                             verified=supplier.verified, certifications=supplier.certifications,
                             response_rate=supplier.response.rate,
                             median_response_hours=supplier.response.median_hours,
                             completed_deals=supplier.completed_deals),
        attachments=[AttachmentOut.model_validate(a) for a in row.attachments])


def message_out(view: service.MessageView) -> MessageOut:
    return MessageOut(id=view.message.id, author_role=view.message.author_role, text=view.text,
                      created_at=view.message.created_at,
                      attachments=[AttachmentOut.model_validate(a) for a in view.attachments])


def conversation_out(conversation: Conversation, principal: Principal, unread: int = 0) -> ConversationOut:
    side = service.side_of(principal, conversation.buyer_id, conversation.enterprise_id)
    buyer_contact, enterprise_contact = service.thread_contacts(conversation, side)
    return ConversationOut(
        id=conversation.id, demand_id=conversation.demand_id, enterprise_id=conversation.enterprise_id,
        opened_by=conversation.opened_by.value, contacts_disclosed=conversation.contacts_disclosed,
        reported=conversation.reported,
        report_reason=conversation.report_reason.value if conversation.report_reason else None, unread=unread,
        last_message_at=conversation.last_message_at, created_at=conversation.created_at,
        buyer_contact=ContactOut(**vars(buyer_contact)) if buyer_contact else None,
        enterprise_contact=ContactOut(**vars(enterprise_contact)) if enterprise_contact else None)


def deal_out(deal: Deal, principal: Principal) -> DealOut:
    return DealOut(
        id=deal.id, quotation_id=deal.quotation_id, demand_id=deal.demand_id, enterprise_id=deal.enterprise_id,
        stage=deal.stage, quantity=deal.quantity, value=deal.value, currency=deal.currency,
        expected_ship_date=deal.expected_ship_date, customs_mode=deal.customs_mode, lost_reason=deal.lost_reason,
        lost_note=deal.lost_note, event_id=deal.event_id, created_at=deal.created_at,
        stage_changed_at=deal.stage_changed_at, events=[DealEventOut.model_validate(e) for e in deal.events],
        next_stages=service.next_stages_for(deal, service.deal_side(principal, deal)))


# ----- quotations -----------------------------------------------------------------------------------------

@router.post("/demands/{demand_id}/quotations", response_model=QuotationOut, status_code=201)
def submit_quotation(demand_id: int, body: QuotationIn, db: DbSession, principal: Principal = EnterpriseMember):
    """Answer a demand (or revise the answer: the current quotation is superseded). 422 with the reason when
    a rule refuses it: deadline, cap, a missing or expired certification, verified-only, validity date."""
    return quotation_out(flows.submit_quotation(db, principal, demand_id, body))


@router.get("/demands/{demand_id}/quotations", response_model=QuotationListOut)
def demand_quotations(demand_id: int, db: DbSession, principal: AnyUser, sort: str = "landed_cost",
                      history: bool = False):
    """The demand's quotations side by side with the price for the buyer's quantity and the landed cost
    per unit at its destination: the buyer and the operator see all, an enterprise its own."""
    today = dt.date.today()
    rows = service.compare_quotations(db, principal, demand_id, sort=sort, history=history, today=today)
    return QuotationListOut(items=[compared_out(row, today) for row in rows], total=len(rows),
                            max_quotations=service.trade_settings(db).max_quotations)


@router.get("/quotations", response_model=list[QuotationOut])
def my_quotations(db: DbSession, principal: Principal = EnterpriseOrOperator, enterprise_id: int | None = None,
                  history: bool = False):
    """An enterprise's quotations across demands, newest first."""
    return [quotation_out(q) for q in service.enterprise_quotations(db, principal, enterprise_id, history=history)]


@router.get("/quotations/{quotation_id}", response_model=QuotationItemOut)
def quotation(quotation_id: int, db: DbSession, principal: AnyUser):
    q = service.get_quotation(db, principal, quotation_id)
    today = dt.date.today()
    row = next(r for r in service.compare_quotations(db, principal, q.demand_id, history=True, today=today)
               if r.quotation.id == q.id)
    return compared_out(row, today)


@router.post("/quotations/{quotation_id}/shortlist", response_model=QuotationOut)
def shortlist(quotation_id: int, db: DbSession, principal: AnyUser):
    return quotation_out(flows.shortlist(db, principal, quotation_id))


@router.post("/quotations/{quotation_id}/decline", response_model=QuotationOut)
def decline(quotation_id: int, body: DeclineIn, db: DbSession, principal: AnyUser):
    return quotation_out(flows.decline(db, principal, quotation_id, body.reason, body.note))


@router.post("/quotations/{quotation_id}/withdraw", response_model=QuotationOut)
def withdraw(quotation_id: int, db: DbSession, principal: AnyUser):
    return quotation_out(flows.withdraw(db, principal, quotation_id))


def _read_upload(upload: UploadFile, limit: int) -> bytes:
    return upload.file.read(limit + 1)  # one byte more than allowed is enough to refuse it


@router.post("/quotations/{quotation_id}/attachments", response_model=AttachmentOut, status_code=201)
def quotation_attachment(request: Request, quotation_id: int, db: DbSession, principal: AnyUser,
                         file: UploadFile = File(...)):
    """A spec sheet (PDF) or a photo (JPEG, PNG, WebP) for the enterprise's own quotation."""
    content = _read_upload(file, service.trade_settings(db).max_attachment_bytes)
    return flows.add_attachment(db, principal, _data_dir(request), file_name=file.filename or "",
                                content=content, quotation_id=quotation_id)


@router.post("/messages/{message_id}/attachments", response_model=AttachmentOut, status_code=201)
def message_attachment(request: Request, message_id: int, db: DbSession, principal: AnyUser,
                       file: UploadFile = File(...)):
    content = _read_upload(file, service.trade_settings(db).max_attachment_bytes)
    return flows.add_attachment(db, principal, _data_dir(request), file_name=file.filename or "",
                                content=content, message_id=message_id)


@router.get("/attachments/{attachment_id}")
def attachment(request: Request, attachment_id: int, db: DbSession, principal: AnyUser):
    row, path = service.get_attachment(db, principal, attachment_id, _data_dir(request))
    return _file_response(row, path)


def _file_response(row: Attachment, path) -> FileResponse:
    return FileResponse(path, media_type=row.content_type, filename=row.file_name,
                        content_disposition_type="attachment", headers={"X-Content-Type-Options": "nosniff"})


# ----- messages -------------------------------------------------------------------------------------------

@router.get("/quotations/{quotation_id}/messages", response_model=MessageListOut)
def quotation_messages(quotation_id: int, db: DbSession, principal: AnyUser):
    """The thread of the quotation's demand and enterprise, for its two parties (marked read)."""
    conversation = service.conversation_of_quotation(db, principal, quotation_id)
    _, views = service.read_messages(db, principal, conversation.id)
    return MessageListOut(items=[message_out(v) for v in views], conversation_id=conversation.id)


@router.post("/quotations/{quotation_id}/messages", response_model=MessageOut, status_code=201)
def post_quotation_message(quotation_id: int, body: MessageIn, db: DbSession, principal: AnyUser):
    return message_out(flows.post_message_on_quotation(db, principal, quotation_id, body.text))


@router.get("/conversations", response_model=ConversationListOut, responses=errors(403))
def conversations(db: DbSession, principal: AnyUser, page: int = Query(1, ge=1, le=MAX_PAGE),
                  size: int = Query(25, ge=1, le=MAX_PAGE_SIZE), reported: bool = False):
    """The caller's threads with unread counts (the operator's: reported threads)."""
    result = service.list_conversations(db, principal, page=page, size=size, reported_only=reported)
    return ConversationListOut(items=[conversation_out(s.conversation, principal, s.unread) for s in result.items],
                               unread=service.unread_count(db, principal))


@router.get("/conversations/{conversation_id}", response_model=ConversationOut)
def conversation(conversation_id: int, db: DbSession, principal: AnyUser):
    row = service.get_conversation(db, principal, conversation_id)
    side = service.side_of(principal, row.buyer_id, row.enterprise_id)
    return conversation_out(row, principal, service.unread_in(db, row, side))


@router.get("/conversations/{conversation_id}/messages", response_model=MessageListOut)
def conversation_messages(conversation_id: int, db: DbSession, principal: AnyUser):
    row, views = service.read_messages(db, principal, conversation_id)
    return MessageListOut(items=[message_out(v) for v in views], conversation_id=row.id)


@router.post("/conversations/{conversation_id}/messages", response_model=MessageOut, status_code=201)
def post_conversation_message(conversation_id: int, body: MessageIn, db: DbSession, principal: AnyUser):
    return message_out(flows.post_message(db, principal, conversation_id, body.text))


@router.post("/conversations/{conversation_id}/disclose", response_model=ConversationOut)
def disclose(conversation_id: int, db: DbSession, principal: AnyUser):
    """The buyer discloses both sides' contact details in this thread."""
    return conversation_out(flows.disclose_contacts(db, principal, conversation_id), principal)


@router.post("/conversations/{conversation_id}/report", response_model=ConversationOut)
def report(conversation_id: int, body: ReportIn, db: DbSession, principal: AnyUser):
    return conversation_out(flows.report_conversation(db, principal, conversation_id, body.reason, body.note),
                            principal)


@router.post("/conversations/{conversation_id}/suspend")
def suspend(conversation_id: int, body: SuspendIn, db: DbSession, principal: Operator) -> dict:
    """The operator suspends one side of a reported thread (`{"side": "buyer" | "enterprise"}`): its users
    are disabled."""
    return {"suspended_users": flows.suspend_side(db, principal, conversation_id, body.side)}


@router.post("/conversations/{conversation_id}/event", response_model=ConversationOut)
def conversation_event(conversation_id: int, body: EventLinkIn, db: DbSession, principal: AnyUser):
    """Mark the thread as a talk at a matchmaking event (`{event_id?, event_meeting_id?}`)."""
    row = flows.link_event(db, principal, conversation_id=conversation_id, event_id=body.event_id,
                           event_meeting_id=body.event_meeting_id)
    return conversation_out(row, principal)


@router.post("/deals/{deal_id}/event", response_model=DealOut)
def deal_event(deal_id: int, body: EventLinkIn, db: DbSession, principal: AnyUser):
    """Mark the deal as coming from a matchmaking event (`{event_id?, event_meeting_id?}`)."""
    row = flows.link_event(db, principal, deal_id=deal_id, event_id=body.event_id,
                           event_meeting_id=body.event_meeting_id)
    return deal_out(row, principal)


@router.post("/matches/{match_id}/conversation", response_model=ConversationOut, status_code=201)
def match_conversation(match_id: int, db: DbSession, principal: AnyUser):
    """A thread for an accepted match (its buyer or enterprise opens it)."""
    return conversation_out(flows.open_for_match(db, principal, match_id), principal)


# ----- deals ----------------------------------------------------------------------------------------------

@router.post("/quotations/{quotation_id}/deal", response_model=DealOut, status_code=201)
def open_deal(quotation_id: int, body: DealIn, db: DbSession, principal: AnyUser):
    """The buyer starts a deal at `sample_requested` or `order_placed` (`{stage, quantity?, value?, currency?}`)."""
    return deal_out(flows.open_deal(db, principal, quotation_id, body), principal)


@router.get("/deals", response_model=PageOut[DealOut], responses=errors(403))
def deals(db: DbSession, principal: AnyUser, stage: DealStage | None = None,
          page: int = Query(1, ge=1, le=MAX_PAGE), size: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
          enterprise_id: int | None = None):
    """The caller's deals (the operator's: all, or one enterprise's), latest move first."""
    result = service.list_deals(db, principal, stage=stage, page=page, size=size,
                                enterprise_id=enterprise_id)
    return PageOut[DealOut](items=[deal_out(d, principal) for d in result.items], total=result.total,
                            page=result.page, size=result.size)


@router.get("/deals/{deal_id}", response_model=DealOut)
def deal(deal_id: int, db: DbSession, principal: AnyUser):
    return deal_out(service.get_deal(db, principal, deal_id), principal)


@router.post("/deals/{deal_id}/stage", response_model=DealOut)
def deal_stage(deal_id: int, body: StageIn, db: DbSession, principal: AnyUser):
    """Move the deal (`{stage, …}`): order terms with `order_placed`, `lost_reason` with `lost`."""
    return deal_out(flows.move_deal(db, principal, deal_id, body), principal)


# ----- records, feedback, settings, outcomes --------------------------------------------------------------

@router.get("/enterprises/{enterprise_id}/trade-record")
def trade_record(enterprise_id: int, db: DbSession, principal: AnyUser) -> dict:
    """Response rate, median response time (first replies to the demands that fitted it, within 24 h) and
    completed deals: shown on the enterprise's profile and in the comparison."""
    stats = service.enterprise_response_stats(db, [enterprise_id])[enterprise_id]
    return {"enterprise_id": enterprise_id, "response_rate": stats.rate, "median_response_hours": stats.median_hours,
            "fits": stats.fits, "answered_in_time": stats.answered_in_time,
            "completed_deals": service.completed_deal_counts(db, [enterprise_id]).get(enterprise_id, 0)}


@router.get("/trade/feedback")
def feedback(db: DbSession, principal: Principal = EnterpriseOrOperator, enterprise_id: int | None = None) -> dict:
    """Why an enterprise's quotations lose (declines, lost deals by reason) and where they win, by market."""
    rows = service.enterprise_feedback(db, principal, enterprise_id)
    return {"markets": [vars(row) for row in rows]}


@router.get("/trade/settings", response_model=SettingsOut)
def settings(db: DbSession, principal: Operator) -> TradeSettings:
    return service.trade_settings(db)


@router.put("/trade/settings", response_model=SettingsOut)
def update_settings(body: SettingsIn, db: DbSession, principal: Operator) -> TradeSettings:
    """The operator's trade rules: how many quotations a demand takes, the attachment size limit."""
    return service.update_settings(db, principal, max_quotations=body.max_quotations,
                                   max_attachment_bytes=body.max_attachment_bytes)


def _row(key, counts: service.OutcomeCounts, name: str | None = None) -> OutcomeRowOut:
    return OutcomeRowOut(key=None if key is None else str(key), name=name, talks=counts.talks,
                         intentions=counts.intentions, signed=counts.signed,
                         signed_value_cny=counts.signed_value_cny, signed_value_usd=counts.signed_value_usd)


@router.get("/stats/outcomes", response_model=OutcomesOut)
def outcomes(db: DbSession, principal: Operator, period_from: str | None = Query(None, alias="from"),
             period_to: str | None = Query(None, alias="to"), event_id: int | None = None,
             belt_id: int | None = None):
    """The programme's outcomes over months `from`..`to` (YYYY-MM; default the last 12): talks (threads),
    intentions (samples requested or approved), signed (orders placed) and their value in CNY and USD, by
    market, belt and event."""
    result = service.outcomes(db, principal, period_from=period_from, period_to=period_to, event_id=event_id,
                              belt_id=belt_id)
    total = result.total
    belts = result.belts
    return OutcomesOut(
        period_from=result.period_from, period_to=result.period_to, talks=total.talks, intentions=total.intentions,
        signed=total.signed, signed_value_cny=total.signed_value_cny, signed_value_usd=total.signed_value_usd,
        by_market=[_row(k, v) for k, v in sorted(result.by_market.items(), key=lambda kv: (-kv[1].talks,
                                                                                          kv[0] or ""))],
        by_belt=[_row(belts[k].code if k in belts else None, v, pick(belts[k].name_zh, belts[k].name_en)
                      if k in belts else None)
                 for k, v in sorted(result.by_belt.items(), key=lambda kv: (-kv[1].talks, kv[0] or 0))],
        by_event=[_row(k, v) for k, v in sorted(result.by_event.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))],
        unpriced_currencies=result.unpriced_currencies)
