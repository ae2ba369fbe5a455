"""What trade sets off in other domains. The pages and the API call these for every write instead of
`trade.service`, which knows only trade; each function shows every consequence.

- A quotation submitted (or revised): the demand's buyer is notified (`quotation_received`).
- Shortlisted, declined (with the reason) or accepted: the enterprise is notified; withdrawn: the buyer.
- A message: the other side is notified (`trade_message`), without the text.
- Contacts disclosed: the enterprise is notified. A thread reported: every operator is notified.
- A deal opened or moved: the other side is notified (`deal_stage`); once an order is placed, an open
  demand becomes `matched` (`demand.flows`: suppliers stop seeing it, the match index learns it).
- A thread or deal linked to a matchmaking event: the event and meeting must exist (`events`) and the
  meeting must have been between the thread's buyer and enterprise.
- A side suspended by the operator (a reported thread): its users are disabled (`accounts`); they can no
  longer sign in or use their API tokens.

Notifications are the in-app ones of `accounts.models.Notification` (the top bar's bell); their payloads
carry ids and references, never contact details or message text. Each (but a report, for the operators)
is also e-mailed to the same users (`chuhai.mail`, as their preferences say), without the message text.
Audit entries are written for every write automatically (`accounts.audit`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.models import Notification, User
from chuhai.accounts.principal import Principal
from chuhai.compliance import flows as compliance
from chuhai.demand import flows as demand_flows
from chuhai.demand.models import Demand
from chuhai.errors import ValidationFailed
from chuhai.events.models import Event, EventMeeting, EventRegistration
from chuhai.i18n import N_
from chuhai.i18n import gettext as _
from chuhai.mail import service as mail
from chuhai.mail.models import MailKind
from chuhai.trade import repository, service
from chuhai.trade.models import (
    Attachment,
    Conversation,
    Deal,
    DealStage,
    DeclineReason,
    Quotation,
    ReportReason,
    Side,
)
from chuhai.trade.schemas import DealIn, QuotationIn, StageIn
from chuhai.types import DemandStatus, RoleCode, UserStatus

# The e-mail of each notification (`chuhai.mail`): kind, subject (the in-app notification's words), the page,
# and what makes the occurrence unique (its idempotency key).
_EMAILS: dict[str, tuple[MailKind, str, str, tuple[str, ...]]] = {
    "quotation_received": (MailKind.QUOTATION, N_("New quotation for your demand %(ref)s"),
                           "/demands/{demand_id}#quotations", ("quotation_id", "revision")),
    "quotation_shortlisted": (MailKind.QUOTATION, N_("The buyer shortlisted your quotation for demand %(ref)s"),
                              "/quotations#q-{quotation_id}", ("quotation_id", "revision")),
    "quotation_declined": (MailKind.QUOTATION, N_("The buyer declined your quotation for demand %(ref)s (reason: "
                                                  "%(reason)s)"), "/quotations#q-{quotation_id}",
                           ("quotation_id", "revision")),
    "quotation_withdrawn": (MailKind.QUOTATION, N_("A supplier withdrew its quotation for your demand %(ref)s"),
                            "/demands/{demand_id}#quotations", ("quotation_id", "revision")),
    "trade_message": (MailKind.MESSAGE, N_("New message in a conversation about a demand"),
                      "/conversations/{conversation_id}", ("message_id",)),
    "trade_thread_opened": (MailKind.MESSAGE, N_("A conversation was opened from an accepted match"),
                            "/conversations/{conversation_id}", ("conversation_id",)),
    "contacts_disclosed": (MailKind.MESSAGE, N_("The buyer shared contact details in a conversation"),
                           "/conversations/{conversation_id}", ("conversation_id",)),
    "deal_stage": (MailKind.DEAL, N_("Deal #%(deal)s moved to: %(stage)s"), "/deals/{deal_id}", ("deal_id", "stage")),
}


def _email(session: Session, user_ids: list[int], kind: str, payload: dict[str, Any]) -> None:
    """The notification's e-mail to the same users, in each one's language (never the message text)."""
    if kind not in _EMAILS or not user_ids:
        return
    mail_kind, subject, link, key_fields = _EMAILS[kind]
    if kind == "quotation_received" and (payload.get("revision") or 1) > 1:
        subject = N_("A supplier revised its quotation for your demand %(ref)s")
    params: dict[str, Any] = {"ref": payload.get("demand_ref", ""), "deal": payload.get("deal_id")}
    if "reason" in payload:
        params["reason"] = lambda: _(DeclineReason(payload["reason"]).label)
    if "stage" in payload:
        params["stage"] = lambda: _(DealStage(payload["stage"]).label)
    notice = mail.Notice(kind=mail_kind, topic=kind, key=":".join([kind, *(str(payload[f]) for f in key_fields)]),
                         subject=subject, params=params, link=link.format(**payload))
    mail.notify(session, notice, mail.active_users(session, user_ids=user_ids))


def _notify(session: Session, user_ids: list[int], kind: str, payload: dict[str, Any]) -> int:
    for user_id in user_ids:
        session.add(Notification(user_id=user_id, kind=kind, payload=payload))
    session.flush()
    _email(session, user_ids, kind, payload)
    return len(user_ids)


def _notify_side(session: Session, side: Side, buyer_id: int, enterprise_id: int, kind: str,
                 payload: dict[str, Any]) -> int:
    if side is Side.BUYER:
        return _notify(session, repository.active_user_ids(session, buyer_id=buyer_id), kind, payload)
    return _notify(session, repository.active_user_ids(session, enterprise_id=enterprise_id), kind, payload)


def _quotation_payload(quotation: Quotation, demand: Demand) -> dict[str, Any]:
    return {"quotation_id": quotation.id, "demand_id": demand.id, "demand_ref": demand.ref,
            "enterprise_id": quotation.enterprise_id, "revision": quotation.revision}


# ----- quotations -----------------------------------------------------------------------------------------

def submit_quotation(session: Session, actor: Principal, demand_id: int, data: QuotationIn, *,
                     today: dt.date | None = None, max_quotations: int | None = None) -> Quotation:
    """Store an enterprise's quotation (superseding its current one) and tell the demand's buyer."""
    quotation = service.submit_quotation(session, actor, demand_id, data, today=today, max_quotations=max_quotations)
    demand = session.get(Demand, quotation.demand_id)
    if compliance.hold_quotation(session, quotation, demand.buyer_id):
        return quotation  # the buyer is under restricted-party review: told when the operator clears it
    _notify(session, repository.active_user_ids(session, buyer_id=demand.buyer_id), "quotation_received",
            _quotation_payload(quotation, demand))
    return quotation


def shortlist(session: Session, actor: Principal, quotation_id: int) -> Quotation:
    quotation = service.shortlist(session, actor, quotation_id)
    _notify_side(session, Side.ENTERPRISE, quotation.demand.buyer_id, quotation.enterprise_id,
                 "quotation_shortlisted", _quotation_payload(quotation, quotation.demand))
    return quotation


def decline(session: Session, actor: Principal, quotation_id: int, reason: DeclineReason,
            note: str | None = None) -> Quotation:
    """Decline with a reason; the enterprise is told the reason (the note is on the quotation)."""
    quotation = service.decline(session, actor, quotation_id, reason, note)
    _notify_side(session, Side.ENTERPRISE, quotation.demand.buyer_id, quotation.enterprise_id, "quotation_declined",
                 {**_quotation_payload(quotation, quotation.demand), "reason": quotation.decline_reason.value})
    return quotation


def withdraw(session: Session, actor: Principal, quotation_id: int) -> Quotation:
    quotation = service.withdraw(session, actor, quotation_id)
    _notify_side(session, Side.BUYER, quotation.demand.buyer_id, quotation.enterprise_id, "quotation_withdrawn",
                 _quotation_payload(quotation, quotation.demand))
    return quotation


def add_attachment(session: Session, actor: Principal, data_dir: Path, **kwargs) -> Attachment:
    """`service.add_attachment` (no consequence elsewhere: the file goes with its quotation or message)."""
    return service.add_attachment(session, actor, data_dir, **kwargs)


# ----- conversations --------------------------------------------------------------------------------------

def _thread_payload(conversation: Conversation) -> dict[str, Any]:
    return {"conversation_id": conversation.id, "demand_id": conversation.demand_id,
            "enterprise_id": conversation.enterprise_id}


def post_message(session: Session, actor: Principal, conversation_id: int, text: str) -> service.MessageView:
    view = service.post_message(session, actor, conversation_id, text)
    conversation = session.get(Conversation, view.message.conversation_id)
    _notify_side(session, view.message.author_role.other, conversation.buyer_id, conversation.enterprise_id,
                 "trade_message", {**_thread_payload(conversation), "message_id": view.message.id})
    return view


def post_message_on_quotation(session: Session, actor: Principal, quotation_id: int, text: str) -> service.MessageView:
    conversation = service.conversation_of_quotation(session, actor, quotation_id)
    return post_message(session, actor, conversation.id, text)


def open_for_match(session: Session, actor: Principal, match_id: int) -> Conversation:
    conversation = service.open_for_match(session, actor, match_id)
    side = service.side_of(actor, conversation.buyer_id, conversation.enterprise_id)
    _notify_side(session, side.other, conversation.buyer_id, conversation.enterprise_id, "trade_thread_opened",
                 _thread_payload(conversation))
    return conversation


def disclose_contacts(session: Session, actor: Principal, conversation_id: int) -> Conversation:
    was = service.get_conversation(session, actor, conversation_id).contacts_disclosed
    conversation = service.disclose_contacts(session, actor, conversation_id)
    if not was:
        _notify_side(session, Side.ENTERPRISE, conversation.buyer_id, conversation.enterprise_id,
                     "contacts_disclosed", _thread_payload(conversation))
    return conversation


def report_conversation(session: Session, actor: Principal, conversation_id: int, reason: ReportReason,
                        note: str | None = None) -> Conversation:
    conversation = service.report_conversation(session, actor, conversation_id, reason, note)
    _notify(session, repository.active_user_ids(session, operators=True), "trade_thread_reported",
            {**_thread_payload(conversation), "reason": conversation.report_reason.value,
             "reported_by": conversation.reported_by.value})
    return conversation


def suspend_side(session: Session, actor: Principal, conversation_id: int, side: Side) -> int:
    """The operator suspends the buyer or the enterprise of a reported thread: every active user of that
    company is disabled. Returns how many users were."""
    actor.require(RoleCode.OPERATOR)
    conversation = service.get_conversation(session, actor, conversation_id)  # reported, else NotFound
    side = Side(side)
    if side is Side.BUYER:
        users = select(User).where(User.buyer_id == conversation.buyer_id)
    elif side is Side.ENTERPRISE:
        users = select(User).where(User.enterprise_id == conversation.enterprise_id)
    else:
        raise ValidationFailed("Suspend the buyer or the enterprise.", details={"field": "side"})
    count = 0
    for user in session.scalars(users.where(User.status == UserStatus.ACTIVE)):
        user.status = UserStatus.DISABLED
        count += 1
    session.flush()
    return count


# ----- deals ----------------------------------------------------------------------------------------------

def _deal_payload(deal: Deal) -> dict[str, Any]:
    return {"deal_id": deal.id, "quotation_id": deal.quotation_id, "demand_id": deal.demand_id,
            "enterprise_id": deal.enterprise_id, "stage": deal.stage.value}


def _order_placed(session: Session, actor: Principal, deal: Deal) -> None:
    """An order fills the demand: an open demand becomes matched (suppliers stop seeing it)."""
    demand = session.get(Demand, deal.demand_id)
    if demand.status is DemandStatus.OPEN and actor.owns_buyer(demand.buyer_id):
        demand_flows.set_demand_status(session, actor, demand.id, DemandStatus.MATCHED)


def check_event(session: Session, event_id: int | None, event_meeting_id: int | None, buyer_id: int,
                enterprise_id: int) -> int | None:
    """The event of these references (from the meeting when only it is given); ValidationFailed when the
    event or meeting does not exist or the meeting was not between this buyer and this enterprise."""
    if event_meeting_id is not None:
        meeting = session.get(EventMeeting, event_meeting_id)
        if meeting is None or (event_id is not None and meeting.event_id != event_id):
            raise ValidationFailed("No such meeting at that event.", details={"field": "event_meeting_id"})
        buyer_side = session.get(EventRegistration, meeting.buyer_registration_id)
        enterprise_side = session.get(EventRegistration, meeting.enterprise_registration_id)
        if buyer_side.buyer_id != buyer_id or enterprise_side.enterprise_id != enterprise_id:
            raise ValidationFailed("That meeting was not between this buyer and this enterprise.",
                                   details={"field": "event_meeting_id"})
        return meeting.event_id
    if event_id is not None and session.get(Event, event_id) is None:
        raise ValidationFailed("No such event.", details={"field": "event_id"})
    return event_id


def link_event(session: Session, actor: Principal, *, event_id: int | None, event_meeting_id: int | None = None,
               conversation_id: int | None = None, deal_id: int | None = None) -> Conversation | Deal:
    """Mark a thread or a deal as coming from an event (meeting): outcomes then count by event."""
    if conversation_id is not None:
        record = service.get_conversation(session, actor, conversation_id)
    else:
        record = service.get_deal(session, actor, deal_id)
    event_id = check_event(session, event_id, event_meeting_id, record.buyer_id, record.enterprise_id)
    return service.link_event(session, actor, conversation_id=conversation_id, deal_id=deal_id, event_id=event_id,
                              event_meeting_id=event_meeting_id)


def open_deal(session: Session, actor: Principal, quotation_id: int, data: DealIn) -> Deal:
    """Start a deal (the event references checked first), tell the enterprise; an order fills the demand."""
    if data.event_id is not None or data.event_meeting_id is not None:
        quotation = service.get_quotation(session, actor, quotation_id)
        event_id = check_event(session, data.event_id, data.event_meeting_id, quotation.demand.buyer_id,
                               quotation.enterprise_id)
        data = data.model_copy(update={"event_id": event_id})
    deal = service.open_deal(session, actor, quotation_id, data)
    _notify_side(session, Side.ENTERPRISE, deal.buyer_id, deal.enterprise_id, "deal_stage", _deal_payload(deal))
    if deal.stage is DealStage.ORDER_PLACED:
        _order_placed(session, actor, deal)
    return deal


def move_deal(session: Session, actor: Principal, deal_id: int, data: StageIn) -> Deal:
    deal = service.move_deal(session, actor, deal_id, data)
    side = service.deal_side(actor, deal)
    _notify_side(session, side.other, deal.buyer_id, deal.enterprise_id, "deal_stage", _deal_payload(deal))
    if deal.stage is DealStage.ORDER_PLACED:
        _order_placed(session, actor, deal)
    return deal
