"""Trade in the platform: quotations answering demands, their comparison by landed cost at the buyer's
door, conversations, deals from sample to order, responsiveness, and the outcomes the programme reports.

Who may do what (each refusal is a `chuhai.errors` error with a message id and parameters):
- **Parties.** A quotation, its thread and its deal belong to two parties: the demand's buyer and the
  quoting enterprise. Anyone else gets `NotFound` (404), never a hint that the record exists. The operator
  reads quotations and deals, and a thread only once one side has reported it.
- **Quoting** (`submit_quotation`): an active member of an enterprise that is not rejected answers a demand
  that is open and not past its deadline (`Demand.is_answerable`); a verified-only demand takes verified
  enterprises only; every certification the demand requires must be held by the enterprise and valid today
  (`catalog.Certification.is_valid_on`; names compared as the matcher does, "ISO 9001" = "iso9001"); the
  product, if named, is one of the enterprise's own active products; the validity date is not in the past.
  An enterprise has one live quotation per demand: submitting again supersedes the current one (kept,
  `superseded`, with `supersedes_id` and `revision` linking the history), unless a deal has started from it.
  A demand takes at most `TradeSettings.max_quotations` quotations (default 10, the operator sets it:
  `update_settings`): the places are held by the enterprises' current quotations that are submitted,
  shortlisted, declined or accepted (withdrawn and expired ones free their place; a revision keeps its
  enterprise's place).
- **Expiry.** A live quotation past `valid_until` reads `expired` everywhere (`Quotation.status_on`);
  `expire_quotations` stores it (the CLI or the demo may sweep).
- **Buyer's decisions**: shortlist, decline with a reason (`DeclineReason`, the enterprise sees it and the
  note), open a deal at `sample_requested` or `order_placed`. **Enterprise**: withdraw.
- **Threads**: one per demand × enterprise, opened by a quotation or an accepted match. Contact details are
  not shown — neither the records' nor any written into messages (masked, `engine.contacts`) — until the
  buyer discloses them (`disclose_contacts`; an accepted match had disclosed them already). Either side
  may report a thread (`report_conversation`); the operator then reads it and may suspend a side
  (`flows.suspend_side`).
- **Deals** move along `DealStage.next_stages`, each move by the side it names, time-stamped as a
  `DealEvent` (and audited like every write). An order records quantity, value, currency, expected ship
  date and customs mode.

The service flushes, never commits. Notifications, the demand's status once an order is placed, and
suspensions are consequences in other domains: `chuhai.trade.flows`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise, IndustrialBelt, Product
from chuhai.database import after_rollback, utcnow
from chuhai.demand.models import Buyer, Demand
from chuhai.errors import Forbidden, NotFound, ValidationFailed
from chuhai.insight.engine.fx import monthly_usd_rate
from chuhai.insight.service import platform_fx
from chuhai.matching.engine.constraints import normalise_certification
from chuhai.matching.models import DemandMatch, MatchStatus
from chuhai.matching.service import is_good
from chuhai.pagination import Page, paginate
from chuhai.trade import repository
from chuhai.trade.engine import files
from chuhai.trade.engine.contacts import mask_contacts
from chuhai.trade.engine.landed_cost import Goods, LandedCost, Quote, landed_cost
from chuhai.trade.engine.pricing import PriceForQuantity, check_tiers, price_for_quantity
from chuhai.trade.engine.response import ResponseStats, response_stats
from chuhai.trade.models import (
    Attachment,
    Conversation,
    Deal,
    DealEvent,
    DealStage,
    DeclineReason,
    Message,
    Quotation,
    QuotationStatus,
    QuotationTier,
    ReportReason,
    Side,
    ThreadOrigin,
    TradeSettings,
)
from chuhai.trade.schemas import DealIn, QuotationIn, StageIn
from chuhai.types import ProductStatus, RoleCode, VerificationStatus

CENT = Decimal("0.01")
RESPONSE_WINDOW_DAYS = 180  # responsiveness looks at the demands that fitted an enterprise in this many days
SORTS = ("landed_cost", "price", "lead_time", "supplier", "submitted")


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


# ----- settings -------------------------------------------------------------------------------------------

def trade_settings(session: Session) -> TradeSettings:
    """The operator's trade rules: the stored row, or the defaults (a transient row, not added)."""
    return repository.settings_row(session) or TradeSettings(
        id=1, max_quotations=TradeSettings.DEFAULT_MAX_QUOTATIONS,
        max_attachment_bytes=TradeSettings.DEFAULT_MAX_ATTACHMENT_BYTES)


def update_settings(session: Session, actor: Principal, *, max_quotations: int | None = None,
                    max_attachment_bytes: int | None = None) -> TradeSettings:
    actor.require(RoleCode.OPERATOR)
    row = repository.settings_row(session)
    if row is None:
        row = trade_settings(session)
        session.add(row)
    if max_quotations is not None:
        if max_quotations < 1:
            raise ValidationFailed("A demand must take at least one quotation.", details={"field": "max_quotations"})
        row.max_quotations = max_quotations
    if max_attachment_bytes is not None:
        row.max_attachment_bytes = max_attachment_bytes
    row.updated_by_id = actor.user_id
    session.flush()
    return row


# ----- parties --------------------------------------------------------------------------------------------

def side_of(actor: Principal, buyer_id: int, enterprise_id: int) -> Side | None:
    """The actor's side in a demand × enterprise affair, None when it is not a party."""
    if actor.owns_buyer(buyer_id):
        return Side.BUYER
    if actor.owns_enterprise(enterprise_id):
        return Side.ENTERPRISE
    return None


def _party_quotation(session: Session, actor: Principal, quotation_id: int) -> tuple[Quotation, Side | None]:
    """The quotation and the actor's side in it (None for the operator); NotFound for anyone else."""
    quotation = repository.quotation(session, quotation_id)
    if quotation is None:
        raise NotFound("No such quotation.")
    side = side_of(actor, quotation.demand.buyer_id, quotation.enterprise_id)
    if side is None and not actor.is_operator:
        raise NotFound("No such quotation.")
    return quotation, side


def get_quotation(session: Session, actor: Principal, quotation_id: int) -> Quotation:
    return _party_quotation(session, actor, quotation_id)[0]


# ----- quoting --------------------------------------------------------------------------------------------

def quoting_refusal(enterprise: Enterprise, demand: Demand, today: dt.date | None = None) -> ValidationFailed | None:
    """Why `enterprise` may not quote on `demand` today, or None: the demand is closed or past its deadline,
    the enterprise is rejected, or it misses a hard requirement (verified only; a required certification
    missing or not valid today). Pages use it to explain before the form; `submit_quotation` raises it.
    Needs `enterprise.certifications` loaded."""
    today = _today(today)
    if not demand.status.is_open:
        return ValidationFailed("This demand is no longer open for quotations.")
    if not demand.is_answerable(today):
        return ValidationFailed("This demand stopped taking quotations at its deadline %(deadline)s.",
                                deadline=demand.deadline.isoformat())
    if enterprise.verification_status == VerificationStatus.REJECTED:
        return ValidationFailed("Your enterprise's verification was rejected; it cannot send quotations.")
    if demand.verified_only and enterprise.verification_status != VerificationStatus.VERIFIED:
        return ValidationFailed("This demand takes quotations from verified enterprises only; "
                                "your enterprise is not verified yet.")
    held: dict[str, list] = defaultdict(list)
    for certification in enterprise.certifications:
        held[normalise_certification(certification.name)].append(certification)
    for required in demand.required_certifications or []:
        if not required.strip():
            continue
        found = held.get(normalise_certification(required), [])
        if not found:
            return ValidationFailed("This demand requires %(certification)s, which your enterprise does not hold.",
                                    certification=required, details={"field": "certifications"})
        if not any(c.is_valid_on(today) for c in found):
            until = max((c.valid_until for c in found if c.valid_until), default=None)
            if until is not None and until < today:
                return ValidationFailed("This demand requires %(certification)s; your certificate expired on "
                                        "%(date)s.", certification=required, date=until.isoformat(),
                                        details={"field": "certifications"})
            return ValidationFailed("This demand requires %(certification)s; your certificate is not valid today.",
                                    certification=required, details={"field": "certifications"})
    return None


def _enterprise_with_certifications(session: Session, enterprise_id: int) -> Enterprise:
    enterprise = session.scalar(select(Enterprise).where(Enterprise.id == enterprise_id)
                                .options(selectinload(Enterprise.certifications)))
    if enterprise is None:
        raise NotFound("No such enterprise.")
    return enterprise


def _check_terms(session: Session, enterprise_id: int, data: QuotationIn, today: dt.date) -> None:
    if data.valid_until < today:
        raise ValidationFailed("The validity date is in the past.", details={"field": "valid_until"})
    if data.product_id is not None:
        product = session.get(Product, data.product_id)
        if product is None or product.enterprise_id != enterprise_id or product.status != ProductStatus.ACTIVE:
            raise ValidationFailed("Choose one of your own active products.", details={"field": "product_id"})
    problem = check_tiers(data.min_quantity, data.unit_price, [(t.min_quantity, t.unit_price) for t in data.tiers])
    if problem == "tier_not_above_minimum":
        raise ValidationFailed("Each quantity tier starts above the minimum quantity %(min_quantity)s.",
                               min_quantity=data.min_quantity, details={"field": "tiers"})
    if problem == "tier_duplicate":
        raise ValidationFailed("Two quantity tiers start at the same quantity.", details={"field": "tiers"})
    if problem == "tier_price_rises":
        raise ValidationFailed("A larger quantity cannot cost more per unit.", details={"field": "tiers"})


def submit_quotation(session: Session, actor: Principal, demand_id: int, data: QuotationIn, *,
                     today: dt.date | None = None, max_quotations: int | None = None) -> Quotation:
    """An enterprise member answers a demand (or revises its answer: the current quotation is superseded).
    `max_quotations` overrides the operator's setting (tests, the demo)."""
    today = _today(today)
    if actor.role != RoleCode.ENTERPRISE or actor.enterprise_id is None:
        raise Forbidden("Only enterprise members send quotations.")
    demand = session.get(Demand, demand_id)
    if demand is None or (not demand.status.is_open
                          and not repository.quoted_demand_ids(session, actor.enterprise_id, [demand_id])):
        raise NotFound("No such demand.")
    enterprise = _enterprise_with_certifications(session, actor.enterprise_id)
    refusal = quoting_refusal(enterprise, demand, today)
    if refusal is not None:
        raise refusal
    _check_terms(session, enterprise.id, data, today)

    current = repository.current_quotation(session, demand.id, enterprise.id)
    if current is not None and not current.status.can_revise:
        raise ValidationFailed("A deal has started from your quotation; it can no longer be revised.")
    if current is None or not current.status_on(today).holds_a_place:
        cap = max_quotations if max_quotations is not None else trade_settings(session).max_quotations
        if repository.places_taken(session, demand.id, today) >= cap:
            raise ValidationFailed("This demand takes at most %(cap)s quotations.", cap=cap)
    quotation = Quotation(
        demand_id=demand.id, enterprise_id=enterprise.id, product_id=data.product_id, submitted_by_id=actor.user_id,
        unit_price=data.unit_price, currency=data.currency, incoterm=data.incoterm, min_quantity=data.min_quantity,
        lead_time_days=data.lead_time_days, sample_price=data.sample_price,
        sample_lead_time_days=data.sample_lead_time_days, payment_terms=data.payment_terms,
        valid_until=data.valid_until, message=data.message, status=QuotationStatus.SUBMITTED,
        revision=repository.last_revision(session, demand.id, enterprise.id) + 1,
        supersedes_id=current.id if current is not None else None,
        tiers=[QuotationTier(min_quantity=t.min_quantity, unit_price=t.unit_price)
               for t in sorted(data.tiers, key=lambda t: t.min_quantity)])
    if current is not None:
        current.status = QuotationStatus.SUPERSEDED
        session.flush()
    session.add(quotation)
    session.flush()
    open_conversation(session, demand, enterprise.id, ThreadOrigin.QUOTATION)
    return quotation


def list_quotations(session: Session, actor: Principal, demand_id: int, *, history: bool = False) -> list[Quotation]:
    """The demand's buyer and the operator see every current quotation (every revision with `history`);
    an enterprise sees only its own (NotFound for a demand it neither quoted on nor can still answer).
    Anyone else: NotFound."""
    demand = session.get(Demand, demand_id)
    if demand is None:
        raise NotFound("No such demand.")
    if actor.is_operator or actor.owns_buyer(demand.buyer_id):
        return repository.quotations_of_demand(session, demand.id, history=history)
    if actor.role == RoleCode.ENTERPRISE and actor.enterprise_id is not None:
        own = repository.quotations_of_demand(session, demand.id, enterprise_id=actor.enterprise_id, history=history)
        if own or demand.is_answerable(dt.date.today()):  # a demand it may not see yet: as `demand.service`
            return own
    raise NotFound("No such demand.")


def enterprise_quotations(session: Session, actor: Principal, enterprise_id: int | None = None, *,
                          history: bool = False) -> list[Quotation]:
    """An enterprise's quotations across demands, newest first (its own; the operator names one)."""
    if actor.role == RoleCode.ENTERPRISE:
        enterprise_id = actor.enterprise_id
    elif not actor.is_operator:
        raise Forbidden("Only enterprises and the operator see an enterprise's quotations.")
    if enterprise_id is None:
        raise ValidationFailed("Choose the enterprise.", details={"field": "enterprise_id"})
    return repository.quotations_of_enterprise(session, enterprise_id, history=history)


def _buyer_decision(session: Session, actor: Principal, quotation_id: int) -> Quotation:
    quotation, side = _party_quotation(session, actor, quotation_id)
    if side is not Side.BUYER:
        raise Forbidden("Only the buyer who posted the demand decides on its quotations.")
    return quotation


def shortlist(session: Session, actor: Principal, quotation_id: int, *, today: dt.date | None = None) -> Quotation:
    quotation = _buyer_decision(session, actor, quotation_id)
    status = quotation.status_on(_today(today))
    if not status.can_shortlist:
        raise ValidationFailed("A quotation that is %(status)s cannot be shortlisted.", status=status)
    quotation.status, quotation.decided_at = QuotationStatus.SHORTLISTED, utcnow()
    session.flush()
    return quotation


def decline(session: Session, actor: Principal, quotation_id: int, reason: DeclineReason, note: str | None = None,
            *, today: dt.date | None = None) -> Quotation:
    """The buyer declines with a reason the enterprise sees (and an optional note)."""
    quotation = _buyer_decision(session, actor, quotation_id)
    status = quotation.status_on(_today(today))
    if not status.can_decline:
        raise ValidationFailed("A quotation that is %(status)s cannot be declined.", status=status)
    quotation.status, quotation.decided_at = QuotationStatus.DECLINED, utcnow()
    quotation.decline_reason, quotation.decline_note = DeclineReason(reason), (note or "").strip() or None
    session.flush()
    return quotation


def withdraw(session: Session, actor: Principal, quotation_id: int, *, today: dt.date | None = None) -> Quotation:
    quotation, side = _party_quotation(session, actor, quotation_id)
    if side is not Side.ENTERPRISE:
        raise Forbidden("Only the enterprise that sent a quotation withdraws it.")
    status = quotation.status_on(_today(today))
    if not status.can_withdraw:
        raise ValidationFailed("A quotation that is %(status)s cannot be withdrawn.", status=status)
    quotation.status, quotation.decided_at = QuotationStatus.WITHDRAWN, utcnow()
    session.flush()
    return quotation


def expire_quotations(session: Session, today: dt.date | None = None) -> int:
    """Store `expired` on every live quotation past its validity date; returns how many."""
    count = repository.expire_due(session, _today(today))
    session.flush()
    return count


# ----- the buyer's comparison -----------------------------------------------------------------------------

@dataclass
class Supplier:
    enterprise: Enterprise
    verified: bool
    certifications: list[str]  # valid today
    response: ResponseStats
    completed_deals: int


@dataclass
class ComparedQuotation:
    """A row of the comparison: the quotation, its status today, its price for the buyer's quantity and its
    estimated landed cost per unit at the buyer's door (in the demand's currency)."""

    quotation: Quotation
    status: QuotationStatus
    price: PriceForQuantity
    landed_cost: LandedCost
    supplier: Supplier
    attachments: list[Attachment] = field(default_factory=list)


def goods_of(product: Product | None) -> Goods:
    if product is None:
        return Goods()
    return Goods(product.weight_kg, product.length_cm, product.width_cm, product.height_cm, product.hs_code)


def quotation_price(quotation: Quotation, quantity: int | None) -> PriceForQuantity:
    """The unit price for `quantity` (the quotation's minimum when None) from its base price and tiers."""
    return price_for_quantity(quantity or quotation.min_quantity, quotation.unit_price, quotation.min_quantity,
                              [(t.min_quantity, t.unit_price) for t in quotation.tiers])


def estimate_landed_cost(quotation: Quotation, demand: Demand, *, quantity: int | None = None,
                         ship_date: dt.date | None = None) -> LandedCost:
    """The landed cost per unit of `quotation` at the demand's destination, in the demand's currency, for
    `quantity` (default: the demand's quantity, else the quotation's minimum). The planner's reference
    data price freight, duty and VAT and convert currencies (`engine.landed_cost`). Needs the quotation's
    product and tiers loaded."""
    quantity = quantity or demand.quantity or quotation.min_quantity
    price = quotation_price(quotation, quantity)
    return landed_cost(Quote(price.unit_price, quotation.currency, quotation.incoterm.value, quantity),
                       goods_of(quotation.product), demand.destination_country,
                       currency=demand.currency or quotation.currency, ship_date=ship_date)


def compare_quotations(session: Session, actor: Principal, demand_id: int, *, sort: str = "landed_cost",
                       history: bool = False, today: dt.date | None = None) -> list[ComparedQuotation]:
    """The demand's quotations side by side as the actor may see them (`list_quotations`), sorted by
    landed cost (unknown last), price, lead time, supplier name or submission."""
    if sort not in SORTS:
        raise ValidationFailed("Sort by one of %(sorts)s.", sorts=", ".join(SORTS), details={"field": "sort"})
    today = _today(today)
    quotations = list_quotations(session, actor, demand_id, history=history)
    if not quotations:
        return []
    demand = session.get(Demand, demand_id)
    enterprise_ids = sorted({q.enterprise_id for q in quotations})
    responses = enterprise_response_stats(session, enterprise_ids)
    completed = repository.completed_deals(session, enterprise_ids)
    attachments, _ = repository.attachments_of(session, quotation_ids=[q.id for q in quotations])
    rows = []
    for q in quotations:
        enterprise = q.enterprise
        supplier = Supplier(enterprise, enterprise.verification_status == VerificationStatus.VERIFIED,
                            sorted({c.name for c in enterprise.certifications if c.is_valid_on(today)}),
                            responses[q.enterprise_id], completed.get(q.enterprise_id, 0))
        rows.append(ComparedQuotation(q, q.status_on(today), quotation_price(q, demand.quantity),
                                      estimate_landed_cost(q, demand), supplier, attachments.get(q.id, [])))
    far = Decimal("Infinity")
    keys = {
        "landed_cost": lambda r: (r.landed_cost.amount is None, r.landed_cost.amount or far, r.quotation.id),
        "price": lambda r: (r.price.unit_price, r.quotation.id),
        "lead_time": lambda r: (r.quotation.lead_time_days, r.quotation.id),
        "supplier": lambda r: ((r.supplier.enterprise.name_en or r.supplier.enterprise.name_zh).lower(),
                               r.quotation.id),
        "submitted": lambda r: (r.quotation.created_at, r.quotation.id),
    }
    rows.sort(key=keys[sort])
    return rows


# ----- conversations --------------------------------------------------------------------------------------

def open_conversation(session: Session, demand: Demand, enterprise_id: int, origin: ThreadOrigin,
                      match_id: int | None = None) -> Conversation:
    """The thread of the demand and the enterprise, created the first time (no access check: callers are
    the quoting and match paths, which checked)."""
    conversation = repository.conversation_of(session, demand.id, enterprise_id)
    if conversation is None:
        conversation = Conversation(demand_id=demand.id, enterprise_id=enterprise_id, buyer_id=demand.buyer_id,
                                    opened_by=origin, match_id=match_id)
        if origin is ThreadOrigin.MATCH:  # accepting the match shared contacts already
            conversation.contacts_disclosed, conversation.contacts_disclosed_at = True, utcnow()
        session.add(conversation)
        session.flush()
    return conversation


def open_for_match(session: Session, actor: Principal, match_id: int) -> Conversation:
    """A thread for an accepted match, opened by its buyer or its enterprise."""
    match = session.scalar(select(DemandMatch).where(DemandMatch.id == match_id)
                           .options(selectinload(DemandMatch.demand)))
    if match is None or side_of(actor, match.demand.buyer_id, match.enterprise_id) is None:
        raise NotFound("No such match.")
    if match.status is not MatchStatus.ACCEPTED:
        raise ValidationFailed("A thread opens from a match once the buyer has accepted it.")
    conversation = open_conversation(session, match.demand, match.enterprise_id, ThreadOrigin.MATCH, match.id)
    if not conversation.contacts_disclosed:
        conversation.contacts_disclosed, conversation.contacts_disclosed_at = True, utcnow()
        session.flush()
    # Its parties loaded, as `get_conversation` gives them (a thread just created has none: lazy='raise').
    session.refresh(conversation, ["demand", "enterprise", "buyer"])
    return conversation


def _party_conversation(session: Session, actor: Principal, conversation_id: int) -> tuple[Conversation, Side | None]:
    """The thread and the actor's side; the operator (side None) only once it is reported; else NotFound."""
    conversation = repository.conversation(session, conversation_id)
    if conversation is None:
        raise NotFound("No such conversation.")
    side = side_of(actor, conversation.buyer_id, conversation.enterprise_id)
    if side is None and not (actor.is_operator and conversation.reported):
        raise NotFound("No such conversation.")
    return conversation, side


def get_conversation(session: Session, actor: Principal, conversation_id: int) -> Conversation:
    return _party_conversation(session, actor, conversation_id)[0]


def conversation_of_quotation(session: Session, actor: Principal, quotation_id: int) -> Conversation:
    """The thread a quotation belongs to (its demand × enterprise), for its two parties (and the operator
    once reported); NotFound otherwise."""
    quotation = repository.quotation(session, quotation_id)
    if quotation is None:
        raise NotFound("No such quotation.")
    side = side_of(actor, quotation.demand.buyer_id, quotation.enterprise_id)
    conversation = repository.conversation_of(session, quotation.demand_id, quotation.enterprise_id)
    if side is None:
        if actor.is_operator and conversation is not None and conversation.reported:
            return conversation
        raise NotFound("No such quotation.")
    if conversation is None:
        conversation = open_conversation(session, quotation.demand, quotation.enterprise_id, ThreadOrigin.QUOTATION)
    return conversation


@dataclass
class ConversationSummary:
    conversation: Conversation
    side: Side | None  # the reader's
    unread: int


def list_conversations(session: Session, actor: Principal, *, page: int = 1, size: int = 25,
                       reported_only: bool = False) -> Page[ConversationSummary]:
    """The actor's threads, latest activity first, with unread counts; the operator's list holds only
    reported threads."""
    side = None
    if actor.role == RoleCode.BUYER and actor.buyer_id is not None:
        side, query = Side.BUYER, repository.conversations_query(buyer_id=actor.buyer_id, reported_only=reported_only)
    elif actor.role == RoleCode.ENTERPRISE and actor.enterprise_id is not None:
        side = Side.ENTERPRISE
        query = repository.conversations_query(enterprise_id=actor.enterprise_id, reported_only=reported_only)
    elif actor.is_operator:
        query = repository.conversations_query(reported_only=True)
    else:
        raise Forbidden("Only buyers, enterprises and the operator have conversations.")
    result = paginate(session, query, page, size)
    unread = repository.unread_by_conversation(session, [c.id for c in result.items], side) if side else {}
    return Page([ConversationSummary(c, side, unread.get(c.id, 0)) for c in result.items], result.total,
                result.page, result.size)


def unread_count(session: Session, actor: Principal) -> int:
    """Unread messages in all the actor's threads (the top bar's badge)."""
    if actor.role == RoleCode.BUYER and actor.buyer_id is not None:
        return repository.unread_total(session, Side.BUYER, buyer_id=actor.buyer_id)
    if actor.role == RoleCode.ENTERPRISE and actor.enterprise_id is not None:
        return repository.unread_total(session, Side.ENTERPRISE, enterprise_id=actor.enterprise_id)
    return 0


def unread_in(session: Session, conversation: Conversation, side: Side | None) -> int:
    if side is None:
        return 0
    return repository.unread_by_conversation(session, [conversation.id], side).get(conversation.id, 0)


@dataclass
class MessageView:
    """A message as one reader sees it: contact details masked unless disclosed (or the reader wrote it)."""

    message: Message
    text: str
    masked: int
    attachments: list[Attachment] = field(default_factory=list)


def _view(message: Message, conversation: Conversation, reader: Side | None,
          attachments: list[Attachment]) -> MessageView:
    if conversation.contacts_disclosed or message.author_role == reader or reader is None:
        return MessageView(message, message.text, 0, attachments)
    text, count = mask_contacts(message.text)
    return MessageView(message, text, count, attachments)


def read_messages(session: Session, actor: Principal, conversation_id: int, *,
                  mark_read: bool = True) -> tuple[Conversation, list[MessageView]]:
    """The thread's messages, oldest first, as the reader may see them; marks them read for its side."""
    conversation, side = _party_conversation(session, actor, conversation_id)
    rows = repository.messages(session, conversation.id)
    _, attachments = repository.attachments_of(session, message_ids=[m.id for m in rows])
    views = [_view(m, conversation, side, attachments.get(m.id, [])) for m in rows]
    if mark_read and side is not None:
        mark_conversation_read(session, conversation, side)
    return conversation, views


def mark_conversation_read(session: Session, conversation: Conversation, side: Side) -> None:
    """Move the side's read marker to now. A Core update: reading is bookkeeping, not an audited change."""
    column = "buyer_read_at" if side is Side.BUYER else "enterprise_read_at"
    now = utcnow()
    session.execute(update(Conversation).where(Conversation.id == conversation.id).values({column: now})
                    .execution_options(synchronize_session=False))
    session.expire(conversation, [column])


def post_message(session: Session, actor: Principal, conversation_id: int, text: str) -> MessageView:
    conversation, side = _party_conversation(session, actor, conversation_id)
    if side is None:
        raise Forbidden("The operator reads reported conversations but does not write in them.")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("Write a message.", details={"field": "text"})
    message = Message(conversation_id=conversation.id, author_role=side, author_id=actor.user_id, text=text,
                      created_at=utcnow())
    session.add(message)
    conversation.last_message_at = message.created_at
    session.flush()
    mark_conversation_read(session, conversation, side)
    return _view(message, conversation, side, [])


def post_message_on_quotation(session: Session, actor: Principal, quotation_id: int, text: str) -> MessageView:
    conversation = conversation_of_quotation(session, actor, quotation_id)
    return post_message(session, actor, conversation.id, text)


def disclose_contacts(session: Session, actor: Principal, conversation_id: int) -> Conversation:
    """The buyer shows both sides' contact details in this thread (and unmasks those written in it)."""
    conversation, side = _party_conversation(session, actor, conversation_id)
    if side is not Side.BUYER:
        raise Forbidden("Only the buyer chooses to disclose contact details.")
    if not conversation.contacts_disclosed:
        conversation.contacts_disclosed, conversation.contacts_disclosed_at = True, utcnow()
        session.flush()
    return conversation


@dataclass(frozen=True)
class Contact:
    name: str | None
    email: str | None
    phone: str | None


def thread_contacts(conversation: Conversation, reader: Side | None) -> tuple[Contact | None, Contact | None]:
    """(buyer's, enterprise's) contact details as `reader` may see them in this thread: the other side's
    once disclosed; both for the operator (`reader` None) reading a reported thread. Needs the thread's
    buyer and enterprise loaded (`get_conversation` loads them)."""
    buyer, enterprise = conversation.buyer, conversation.enterprise
    buyer_contact = Contact(buyer.contact_name, buyer.contact_email, buyer.contact_phone)
    enterprise_contact = Contact(enterprise.contact_name, enterprise.contact_email, enterprise.contact_phone)
    if reader is None:
        return buyer_contact, enterprise_contact
    if not conversation.contacts_disclosed:
        return None, None
    return (buyer_contact, None) if reader is Side.ENTERPRISE else (None, enterprise_contact)


def report_conversation(session: Session, actor: Principal, conversation_id: int, reason: ReportReason,
                        note: str | None = None) -> Conversation:
    """Either side reports the thread (spam, abuse, fraud …): the operator may then read it."""
    conversation, side = _party_conversation(session, actor, conversation_id)
    if side is None:
        raise Forbidden("Only the two sides of a conversation report it.")
    conversation.reported, conversation.report_reason = True, ReportReason(reason)
    conversation.report_note = (note or "").strip() or None
    conversation.reported_by, conversation.reported_by_id, conversation.reported_at = side, actor.user_id, utcnow()
    session.flush()
    return conversation


def link_event(session: Session, actor: Principal, *, conversation_id: int | None = None,
               deal_id: int | None = None, event_id: int | None, event_meeting_id: int | None = None):
    """Mark a thread or a deal as coming from a matchmaking event (and meeting), so outcomes count by event.
    Its parties or the operator may; `flows.link_event` checks that the event and meeting exist and that
    the meeting was between these two. Returns the thread or deal."""
    if (conversation_id is None) == (deal_id is None):
        raise ValidationFailed("Link a conversation or a deal.")
    if conversation_id is not None:
        record, side = _party_conversation(session, actor, conversation_id)
    else:
        record, side = _party_deal(session, actor, deal_id)
    if side is None and not actor.is_operator:
        raise Forbidden("Only the two sides and the operator link a conversation or a deal to an event.")
    record.event_id, record.event_meeting_id = event_id, event_meeting_id
    session.flush()
    return record


# ----- attachments ----------------------------------------------------------------------------------------

ATTACHMENT_DIR = Path("trade") / "attachments"


def add_attachment(session: Session, actor: Principal, data_dir: Path, *, file_name: str, content: bytes,
                   quotation_id: int | None = None, message_id: int | None = None) -> Attachment:
    """Attach a file to the actor's own quotation (its enterprise) or message (its author). The type is
    read from the content (PDF, JPEG, PNG, WebP), the size capped by `TradeSettings.max_attachment_bytes`;
    the file goes under `data_dir/trade/attachments/` with a random name."""
    if (quotation_id is None) == (message_id is None):
        raise ValidationFailed("Attach the file to a quotation or to a message.")
    if quotation_id is not None:
        _, side = _party_quotation(session, actor, quotation_id)
        if side is not Side.ENTERPRISE:
            raise Forbidden("Only the enterprise that sent a quotation attaches files to it.")
    else:
        message = session.get(Message, message_id)
        if message is None:
            raise NotFound("No such message.")
        _, side = _party_conversation(session, actor, message.conversation_id)
        if side is None or message.author_role is not side or message.author_id != actor.user_id:
            raise Forbidden("Only the author of a message attaches files to it.")
    limit = trade_settings(session).max_attachment_bytes
    if not content:
        raise ValidationFailed("The file is empty.", details={"field": "file"})
    if len(content) > limit:
        raise ValidationFailed("The file is larger than %(limit)s MB.", limit=_megabytes(limit),
                               details={"field": "file"})
    content_type = files.sniff(content[:files.HEAD_BYTES])
    if content_type is None:
        raise ValidationFailed("Attach a PDF, JPEG, PNG or WebP file.", details={"field": "file"})
    relative = ATTACHMENT_DIR / f"{secrets.token_hex(16)}{files.EXTENSIONS[content_type]}"
    target = Path(data_dir) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    after_rollback(session, lambda: target.unlink(missing_ok=True))  # the file goes with its row or not at all
    name = Path((file_name or "").replace("\\", "/")).name.strip()[:255] or f"file{files.EXTENSIONS[content_type]}"
    attachment = Attachment(quotation_id=quotation_id, message_id=message_id, file_name=name,
                            content_type=content_type, size_bytes=len(content),
                            sha256=hashlib.sha256(content).hexdigest(), stored_path=relative.as_posix(),
                            uploaded_by_id=actor.user_id)
    session.add(attachment)
    session.flush()
    return attachment


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def get_attachment(session: Session, actor: Principal, attachment_id: int, data_dir: Path) -> tuple[Attachment, Path]:
    """The attachment and its file, for the parties of its quotation or thread (the operator: quotations,
    and messages of reported threads); NotFound otherwise."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound("No such attachment.")
    try:
        if attachment.quotation_id is not None:
            _party_quotation(session, actor, attachment.quotation_id)
        else:
            message = session.get(Message, attachment.message_id)
            _party_conversation(session, actor, message.conversation_id)
    except NotFound:
        raise NotFound("No such attachment.") from None
    path = (Path(data_dir) / attachment.stored_path).resolve()
    if not path.is_relative_to((Path(data_dir) / ATTACHMENT_DIR).resolve()) or not path.is_file():
        raise NotFound("No such attachment.")
    return attachment, path


# ----- deals ----------------------------------------------------------------------------------------------

def _party_deal(session: Session, actor: Principal, deal_id: int) -> tuple[Deal, Side | None]:
    deal = repository.deal(session, deal_id)
    if deal is None:
        raise NotFound("No such deal.")
    side = side_of(actor, deal.buyer_id, deal.enterprise_id)
    if side is None and not actor.is_operator:
        raise NotFound("No such deal.")
    return deal, side


def get_deal(session: Session, actor: Principal, deal_id: int) -> Deal:
    """A deal with its stage history, for its two parties and the operator."""
    return _party_deal(session, actor, deal_id)[0]


def deal_side(actor: Principal, deal: Deal) -> Side | None:
    return side_of(actor, deal.buyer_id, deal.enterprise_id)


def next_stages_for(deal: Deal, side: Side | None) -> list[DealStage]:
    """The stages `side` may move the deal to now (none for the operator)."""
    if side is None:
        return []
    return [stage for stage, sides in deal.stage.next_stages.items() if side in sides]


def list_deals(session: Session, actor: Principal, *, stage: DealStage | None = None, page: int = 1,
               size: int = 25, enterprise_id: int | None = None) -> Page[Deal]:
    if actor.role == RoleCode.BUYER:
        query = repository.deals_query(buyer_id=actor.buyer_id, stage=stage)
    elif actor.role == RoleCode.ENTERPRISE:
        query = repository.deals_query(enterprise_id=actor.enterprise_id, stage=stage)
    elif actor.is_operator:
        query = repository.deals_query(enterprise_id=enterprise_id, stage=stage)
    else:
        raise Forbidden("Only buyers, enterprises and the operator have deals.")
    return paginate(session, query, page, size)


def _order_terms(deal: Deal, quotation: Quotation, demand: Demand, data: DealIn | StageIn, today: dt.date) -> None:
    """An order's terms: the quantity (else the deal's, the demand's, the quotation's minimum), the value
    (else the quotation's price for that quantity, in its currency), ship date (else today + lead time)."""
    quantity = data.quantity or deal.quantity or demand.quantity or quotation.min_quantity
    currency = data.currency or quotation.currency
    if data.value is not None:
        value = data.value
    elif currency == quotation.currency:
        value = (quotation_price(quotation, quantity).unit_price * quantity).quantize(CENT)
    else:
        raise ValidationFailed("Give the order's value in %(currency)s.", currency=currency,
                               details={"field": "value"})
    deal.quantity, deal.value, deal.currency = quantity, value, currency
    deal.expected_ship_date = data.expected_ship_date or today + dt.timedelta(days=quotation.lead_time_days)
    deal.customs_mode = data.customs_mode
    deal.ordered_at = utcnow()


def open_deal(session: Session, actor: Principal, quotation_id: int, data: DealIn, *,
              today: dt.date | None = None) -> Deal:
    """The buyer starts a deal from a live quotation, with a sample request or an order (`DealStage.can_open`);
    the quotation becomes `accepted`."""
    today = _today(today)
    quotation, side = _party_quotation(session, actor, quotation_id)
    if side is not Side.BUYER:
        raise Forbidden("Only the buyer who posted the demand starts a deal from a quotation.")
    if not data.stage.can_open:
        raise ValidationFailed("A deal starts with a sample request or an order.", details={"field": "stage"})
    if repository.deal_of_quotation(session, quotation.id) is not None:
        raise ValidationFailed("A deal has already started from this quotation.")
    status = quotation.status_on(today)
    if not status.can_accept:
        raise ValidationFailed("A deal starts only from a live quotation; this one is %(status)s.",
                               status=status)
    conversation = open_conversation(session, quotation.demand, quotation.enterprise_id, ThreadOrigin.QUOTATION)
    now = utcnow()
    deal = Deal(quotation_id=quotation.id, demand_id=quotation.demand_id, enterprise_id=quotation.enterprise_id,
                buyer_id=quotation.demand.buyer_id, conversation_id=conversation.id, stage=data.stage,
                quantity=data.quantity, currency=quotation.currency, event_id=data.event_id,
                event_meeting_id=data.event_meeting_id, opened_by_id=actor.user_id, created_at=now,
                stage_changed_at=now)
    if data.stage.needs_order_terms:
        _order_terms(deal, quotation, quotation.demand, data, today)
    deal.events = [DealEvent(from_stage=None, to_stage=data.stage, by_side=Side.BUYER, by_user_id=actor.user_id,
                             note=(data.note or "").strip() or None, at=now)]
    quotation.status, quotation.decided_at = QuotationStatus.ACCEPTED, now
    session.add(deal)
    session.flush()
    return deal


def move_deal(session: Session, actor: Principal, deal_id: int, data: StageIn, *,
              today: dt.date | None = None) -> Deal:
    """Move a deal to `data.stage`: allowed from its stage, and by the actor's side (`DealStage.next_stages`)."""
    today = _today(today)
    deal, side = _party_deal(session, actor, deal_id)
    if side is None:
        raise Forbidden("Only the buyer and the enterprise of a deal move it.")
    target = DealStage(data.stage)
    if target not in deal.stage.next_stages:
        raise ValidationFailed("A deal at %(stage)s cannot move to %(target)s.", stage=deal.stage,
                               target=target, details={"field": "stage"})
    if not deal.stage.may_move_to(target, side):
        if side is Side.BUYER:
            raise Forbidden("Only the enterprise moves a deal to %(target)s.", target=target.value)
        raise Forbidden("Only the buyer moves a deal to %(target)s.", target=target.value)
    if target is DealStage.LOST:
        if data.lost_reason is None:
            raise ValidationFailed("Say why the deal was lost.", details={"field": "lost_reason"})
        deal.lost_reason, deal.lost_note = data.lost_reason, (data.note or "").strip() or None
    if target.needs_order_terms:
        _order_terms(deal, deal.quotation, deal.demand, data, today)
    now = utcnow()
    deal.events.append(DealEvent(from_stage=deal.stage, to_stage=target, by_side=side, by_user_id=actor.user_id,
                                 note=(data.note or "").strip() or None, at=now))
    deal.stage, deal.stage_changed_at = target, now
    session.flush()
    return deal


# ----- responsiveness -------------------------------------------------------------------------------------

def enterprise_response_stats(session: Session, enterprise_ids: Iterable[int], *, now: dt.datetime | None = None,
                              days: int = RESPONSE_WINDOW_DAYS) -> dict[int, ResponseStats]:
    """Per enterprise: of the demands that fitted it in the last `days` (a good stored match, or a demand it
    quoted on), the share it first answered within 24 h and the median hours to its first answer (a
    quotation or a message in the thread). `engine.response` has the rules."""
    ids = sorted(set(enterprise_ids))
    now = now or utcnow()
    if not ids:
        return {}
    since = now - dt.timedelta(days=days)
    fitted: dict[tuple[int, int], dt.datetime] = {}
    for enterprise_id, demand_id, created_at, score, reasons in session.execute(
            select(DemandMatch.enterprise_id, DemandMatch.demand_id, DemandMatch.created_at, DemandMatch.score,
                   DemandMatch.reasons)
            .where(DemandMatch.enterprise_id.in_(ids), DemandMatch.created_at >= since)):
        if is_good(score, reasons or []):
            key = (enterprise_id, demand_id)
            fitted[key] = min(fitted.get(key, created_at), created_at)
    replied: dict[tuple[int, int], dt.datetime] = {}
    for enterprise_id, demand_id, created_at, demand_created in session.execute(
            select(Quotation.enterprise_id, Quotation.demand_id, Quotation.created_at, Demand.created_at)
            .join(Demand, Demand.id == Quotation.demand_id)
            .where(Quotation.enterprise_id.in_(ids), Quotation.created_at >= since)):
        key = (enterprise_id, demand_id)
        replied[key] = min(replied.get(key, created_at), created_at)
        fitted.setdefault(key, demand_created)
    for enterprise_id, demand_id, created_at in session.execute(
            select(Conversation.enterprise_id, Conversation.demand_id, Message.created_at)
            .join(Message, Message.conversation_id == Conversation.id)
            .where(Conversation.enterprise_id.in_(ids), Message.author_role == Side.ENTERPRISE,
                   Message.created_at >= since)):
        key = (enterprise_id, demand_id)
        replied[key] = min(replied.get(key, created_at), created_at)
    per_enterprise: dict[int, list[tuple[dt.datetime, dt.datetime | None]]] = defaultdict(list)
    for (enterprise_id, demand_id), fitted_at in fitted.items():
        per_enterprise[enterprise_id].append((fitted_at, replied.get((enterprise_id, demand_id))))
    return {e: response_stats(per_enterprise.get(e, []), now) for e in ids}


def completed_deal_counts(session: Session, enterprise_ids: Iterable[int]) -> dict[int, int]:
    return repository.completed_deals(session, sorted(set(enterprise_ids)))


# ----- outcomes -------------------------------------------------------------------------------------------

@dataclass
class OutcomeCounts:
    talks: int = 0
    intentions: int = 0
    signed: int = 0
    signed_value_cny: Decimal = Decimal(0)
    signed_value_usd: Decimal = Decimal(0)

    def rounded(self) -> OutcomeCounts:
        return OutcomeCounts(self.talks, self.intentions, self.signed, self.signed_value_cny.quantize(CENT),
                             self.signed_value_usd.quantize(CENT))


@dataclass
class Outcomes:
    """The programme's outcome counts over months `period_from`..`period_to` (YYYY-MM, inclusive):
    - talks: threads opened in the period (by a quotation or an accepted match);
    - intentions: deals that reached `sample_requested` or `sample_approved` in the period (once each);
    - signed: deals that reached `order_placed` in the period, with their order value converted at the
      month's rate (`insight` FX: the platform's rates, the built-in table for the rest) into CNY and USD;
      a currency without a rate is left out of the value and named in `unpriced_currencies`;
    - by market (the demand's destination), belt (the enterprise's), event (the thread's or deal's) and month
      (YYYY-MM of the thread's opening or the deal's move; each outcome in one month, so the months add up to
      the total).
    """

    period_from: str
    period_to: str
    total: OutcomeCounts
    by_market: dict[str | None, OutcomeCounts]
    by_belt: dict[int | None, OutcomeCounts]
    by_event: dict[int | None, OutcomeCounts]
    belts: dict[int, IndustrialBelt]
    unpriced_currencies: list[str]
    by_month: dict[str, OutcomeCounts] = field(default_factory=dict)


MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _month_start(text: str, name: str) -> dt.date:
    found = MONTH.match(text.strip())
    if found is None:
        raise ValidationFailed("Write months as YYYY-MM.", details={"field": name})
    return dt.date(int(found.group(1)), int(found.group(2)), 1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def parse_period(period_from: str | None, period_to: str | None,
                 today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """[start, end) of months `period_from`..`period_to`; default: the 12 months up to this one."""
    today = _today(today)
    end_month = _month_start(period_to, "to") if period_to else today.replace(day=1)
    if period_from:
        start = _month_start(period_from, "from")
    else:
        start = dt.date(end_month.year - 1, end_month.month, 1)
        start = _next_month(start)
    if start > end_month:
        raise ValidationFailed("The period ends before it starts.", details={"field": "from"})
    return start, _next_month(end_month)


@dataclass
class _Scope:
    """The window and filters of an outcomes query."""

    lo: dt.datetime
    hi: dt.datetime
    event_id: int | None
    belt_id: int | None
    enterprise_id: int | None

    def apply(self, query, entity):
        if self.event_id is not None:
            query = query.where(entity.event_id == self.event_id)
        if self.belt_id is not None:
            query = query.where(Enterprise.belt_id == self.belt_id)
        if self.enterprise_id is not None:
            query = query.where(entity.enterprise_id == self.enterprise_id)
        return query

    def talks(self):
        return self.apply(select(Demand.destination_country, Enterprise.belt_id, Conversation.event_id,
                                 Conversation.created_at)
                          .join(Demand, Demand.id == Conversation.demand_id)
                          .join(Enterprise, Enterprise.id == Conversation.enterprise_id)
                          .where(Conversation.created_at >= self.lo, Conversation.created_at < self.hi), Conversation)

    def reached(self, stages: list[DealStage]):
        """Deals that moved to one of `stages` in the window: (deal, country, belt, event, value, currency, at),
        earliest move first."""
        return self.apply(select(Deal.id, Demand.destination_country, Enterprise.belt_id, Deal.event_id,
                                 Deal.value, Deal.currency, DealEvent.at)
                          .join(DealEvent, DealEvent.deal_id == Deal.id)
                          .join(Demand, Demand.id == Deal.demand_id)
                          .join(Enterprise, Enterprise.id == Deal.enterprise_id)
                          .where(DealEvent.to_stage.in_(stages), DealEvent.at >= self.lo, DealEvent.at < self.hi)
                          .order_by(DealEvent.at), Deal)


@dataclass
class _Tally:
    total: OutcomeCounts = field(default_factory=OutcomeCounts)
    by_market: dict = field(default_factory=lambda: defaultdict(OutcomeCounts))
    by_belt: dict = field(default_factory=lambda: defaultdict(OutcomeCounts))
    by_event: dict = field(default_factory=lambda: defaultdict(OutcomeCounts))
    by_month: dict = field(default_factory=lambda: defaultdict(OutcomeCounts))

    def buckets(self, country, belt, event, at: dt.datetime) -> tuple[OutcomeCounts, ...]:
        return (self.total, self.by_market[country], self.by_belt[belt], self.by_event[event],
                self.by_month[at.strftime("%Y-%m")])


def _first_per_deal(rows):
    seen: set[int] = set()
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            yield row


def outcomes(session: Session, actor: Principal, *, period_from: str | None = None, period_to: str | None = None,
             event_id: int | None = None, belt_id: int | None = None, enterprise_id: int | None = None,
             today: dt.date | None = None) -> Outcomes:
    """Talks, intentions and signed deals (with value) in the period, in total and by market, belt and
    event; the operator sees everything (optionally one event, belt or enterprise), an enterprise its own."""
    if actor.role == RoleCode.ENTERPRISE:
        enterprise_id = actor.enterprise_id
    elif not actor.is_operator:
        raise Forbidden("Outcomes are for the operator and enterprises.")
    start, end = parse_period(period_from, period_to, today)
    scope = _Scope(dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time()), event_id, belt_id,
                   enterprise_id)
    tally = _Tally()
    for country, belt, event, opened_at in session.execute(scope.talks()):
        for bucket in tally.buckets(country, belt, event, opened_at):
            bucket.talks += 1
    intentions = scope.reached([s for s in DealStage if s.is_intention])
    for _, country, belt, event, _value, _currency, at in _first_per_deal(session.execute(intentions)):
        for bucket in tally.buckets(country, belt, event, at):
            bucket.intentions += 1
    rate = monthly_usd_rate(platform_fx(session))
    unpriced: set[str] = set()
    signed = scope.reached([s for s in DealStage if s.is_signed])
    for _, country, belt, event, value, currency, at in _first_per_deal(session.execute(signed)):
        usd = cny = Decimal(0)
        if value is not None and currency:
            to_usd, cny_usd = rate(currency, at.year, at.month), rate("CNY", at.year, at.month)
            if to_usd is None or not cny_usd:
                unpriced.add(currency)
            else:
                usd = Decimal(value) * to_usd
                cny = usd / cny_usd
        for bucket in tally.buckets(country, belt, event, at):
            bucket.signed += 1
            bucket.signed_value_usd += usd
            bucket.signed_value_cny += cny
    belt_ids = [b for b in tally.by_belt if b is not None]
    belts = {b.id: b for b in session.scalars(select(IndustrialBelt).where(IndustrialBelt.id.in_(belt_ids)))}
    return Outcomes(start.strftime("%Y-%m"), (end - dt.timedelta(days=1)).strftime("%Y-%m"), tally.total.rounded(),
                    {k: v.rounded() for k, v in tally.by_market.items()},
                    {k: v.rounded() for k, v in tally.by_belt.items()},
                    {k: v.rounded() for k, v in tally.by_event.items()}, belts, sorted(unpriced),
                    {k: v.rounded() for k, v in sorted(tally.by_month.items())})


@dataclass
class MarketFeedback:
    """One market of an enterprise's quotations: how they fared and why they lost."""

    country: str | None
    quoted: int = 0  # demands quoted on
    shortlisted: int = 0
    won: int = 0  # deals started
    signed: int = 0  # orders placed
    declined: dict[str, int] = field(default_factory=dict)  # DeclineReason -> count
    lost: dict[str, int] = field(default_factory=dict)  # LostReason -> count


def enterprise_feedback(session: Session, actor: Principal, enterprise_id: int | None = None) -> list[MarketFeedback]:
    """Why an enterprise's quotations lose (declines and lost deals by reason) and where they win, by the
    demand's market; its own for an enterprise, any for the operator. Most quoted markets first."""
    if actor.role == RoleCode.ENTERPRISE:
        enterprise_id = actor.enterprise_id
    elif not actor.is_operator:
        raise Forbidden("Only enterprises and the operator see quotation feedback.")
    if enterprise_id is None:
        raise ValidationFailed("Choose the enterprise.", details={"field": "enterprise_id"})
    markets: dict[str | None, MarketFeedback] = {}

    def market(country):
        return markets.setdefault(country, MarketFeedback(country))

    for country, status, reason in session.execute(
            select(Demand.destination_country, Quotation.status, Quotation.decline_reason)
            .join(Demand, Demand.id == Quotation.demand_id)
            .where(Quotation.enterprise_id == enterprise_id, Quotation.status != QuotationStatus.SUPERSEDED)):
        row = market(country)
        row.quoted += 1
        if status is QuotationStatus.SHORTLISTED:
            row.shortlisted += 1
        if status is QuotationStatus.DECLINED and reason is not None:
            row.declined[reason.value] = row.declined.get(reason.value, 0) + 1
    for country, stage, lost_reason, ordered_at in session.execute(
            select(Demand.destination_country, Deal.stage, Deal.lost_reason, Deal.ordered_at)
            .join(Demand, Demand.id == Deal.demand_id).where(Deal.enterprise_id == enterprise_id)):
        row = market(country)
        row.won += 1
        if ordered_at is not None:
            row.signed += 1
        if stage is DealStage.LOST and lost_reason is not None:
            row.lost[lost_reason.value] = row.lost.get(lost_reason.value, 0) + 1
    return sorted(markets.values(), key=lambda m: (-m.quoted, m.country or ""))


def buyer_of(session: Session, buyer_id: int) -> Buyer | None:
    return session.get(Buyer, buyer_id)
