"""A published demo event built from the loaded demo data, through the event services (so it is audited
and valid).

`seed_demo_event(session)` is called by `chuhai demo` after the demo data is loaded: the
wig belt's verified enterprises meet overseas buyers who asked for wigs, so the demo buyer and the demo
wig enterprise find a published agenda. Pass their ids in `skip_buyer_ids` / `skip_enterprise_ids` to
leave them out and let a visitor walk the registration flow instead.

`seed_past_demo_event(session)` (after the demo trade, `chuhai.demo.trade`) adds the same belt's event held
before the demo's "now" (PAST_EVENT_DAY, a fixed date of history): its meetings are marked by the operator
(held, a few no-shows; talks, intentions, signed on the spot with a value), the demo threads and deals
between the pairs who met are linked to their meeting (`trade.flows.link_event`), and it is closed — its
page reads like the seeds' reports ("15 talks, 2 signed, 8 intentions").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.principal import SYSTEM, Principal
from chuhai.catalog.models import Enterprise, IndustrialBelt, Product
from chuhai.demand.models import Buyer, Demand
from chuhai.demo.loader import kept_current
from chuhai.events import agendas, meeting_requests, outcomes, participation, scheduling, service
from chuhai.events.models import Event, EventMeeting
from chuhai.events.schemas import EventIn, RegistrationIn, RequestIn
from chuhai.events.states import EventMode, MeetingOutcome, MeetingStatus
from chuhai.trade import flows as trade_flows
from chuhai.trade.models import Conversation, Deal
from chuhai.types import RoleCode, VerificationStatus

DEMO_EVENT_NAME_EN = "Jiaozhou Wigs International Sourcing Meetings"
DEMO_EVENT_DAY = date(2026, 12, 8)  # five weeks after the demo's "now"; moved on like its other future dates
PAST_EVENT_NAME_EN = "Jiaozhou Wigs Cross-border Sourcing Talks (autumn)"
PAST_EVENT_DAY = date(2026, 9, 16)  # before the demo's "now": history, never moved


def seed_demo_event(session: Session, *, category: str = "wigs", buyers: int = 12, enterprises: int = 8,
                    skip_buyer_ids: set[int] = frozenset(), skip_enterprise_ids: set[int] = frozenset(),
                    time_limit: float = 5.0, seeded_on: date | None = None) -> Event | None:
    """Create, fill, schedule and publish the demo event; None when the data has no such belt or buyers.
    Its day is DEMO_EVENT_DAY moved on by the days since the demo's "now" (`demo.loader.kept_current`),
    so the demo always has an event ahead."""
    day = kept_current(DEMO_EVENT_DAY, seeded_on or date.today())
    if session.scalar(select(Event.id).where(Event.name_en == DEMO_EVENT_NAME_EN)):
        return None
    return build_event(session, "胶州发制品国际精准采购对接会", DEMO_EVENT_NAME_EN, day, "胶州国际会展中心 A 馆",
                       category, buyers, enterprises, skip_buyer_ids, skip_enterprise_ids, time_limit)


def build_event(session: Session, name_zh: str, name_en: str, day: date, venue: str, category: str, buyers: int,
           enterprises: int, skip_buyer_ids, skip_enterprise_ids, time_limit: float) -> Event | None:
    """An event of `category`'s belt on `day`, filled, scheduled and published."""
    belt = session.scalar(select(IndustrialBelt)
                          .join(Enterprise, Enterprise.belt_id == IndustrialBelt.id)
                          .join(Product, Product.enterprise_id == Enterprise.id)
                          .where(Product.category == category).limit(1))
    enterprise_ids = [e for e in session.scalars(
        select(Enterprise.id).join(Product, Product.enterprise_id == Enterprise.id)
        .where(Product.category == category, Enterprise.verification_status == VerificationStatus.VERIFIED).distinct()
        .order_by(Enterprise.id)) if e not in skip_enterprise_ids][:enterprises]
    buyer_ids = [b for b in session.scalars(
        select(Buyer.id).join(Demand, Demand.buyer_id == Buyer.id).where(Demand.category == category).distinct()
        .order_by(Buyer.id)) if b not in skip_buyer_ids][:buyers]
    if not enterprise_ids or not buyer_ids:
        return None
    event = service.create_event(session, SYSTEM, EventIn(
        name_zh=name_zh, name_en=name_en, starts_on=day,
        ends_on=day, mode=EventMode.ONSITE, venue=venue, tables=6, slot_minutes=20,
        day_start="09:00", day_end="12:00", breaks=["10:20-10:40"], belt_codes=[belt.code] if belt else [],
        categories=[category], min_meetings_per_buyer=2))
    members: dict[int, Principal] = {}
    for buyer_id in buyer_ids:
        registration = participation.register(session, SYSTEM, event.id, RegistrationIn(buyer_id=buyer_id))
        members[registration.id] = Principal(user_id=None, role=RoleCode.BUYER, buyer_id=buyer_id)
    for i, enterprise_id in enumerate(enterprise_ids):
        registration = participation.register(session, SYSTEM, event.id,
                                        RegistrationIn(enterprise_id=enterprise_id, representatives=1 + (i % 3 == 0)))
        members[registration.id] = Principal(user_id=None, role=RoleCode.ENTERPRISE, enterprise_id=enterprise_id)
    for registration_id in members:
        participation.decide_registration(session, SYSTEM, event.id, registration_id, approve=True)
    # Each buyer asks its three best fits (high, normal, low); every fifth request is declined, and the
    # first enterprises also ask their best buyer, which makes some requests mutual.
    requests = []
    for member in members.values():
        if member.role != RoleCode.BUYER:
            continue
        best = meeting_requests.suggestions(session, member, event.id, limit=3)
        for priority, suggestion in zip((3, 2, 1)[:len(best)], best, strict=True):
            requests.append(meeting_requests.send_request(session, member, event.id, RequestIn(
                to_registration_id=suggestion.registration.id, priority=priority)))
    for n, request in enumerate(requests):
        answerer = members[request.enterprise_registration_id]
        meeting_requests.respond(session, answerer, event.id, request.id, accept=n % 5 != 4)
    for member in list(members.values())[len(buyer_ids):len(buyer_ids) + 3]:
        best = meeting_requests.suggestions(session, member, event.id, limit=1)
        if best and not best[0].requested:
            meeting_requests.send_request(session, member, event.id,
                                          RequestIn(to_registration_id=best[0].registration.id, priority=3))
    scheduling.schedule(session, SYSTEM, event.id, time_limit=time_limit)
    return scheduling.publish(session, SYSTEM, event.id)


def seed_past_demo_event(session: Session, *, category: str = "wigs", buyers: int = 14, enterprises: int = 8,
                         time_limit: float = 5.0) -> Event | None:
    """The belt's event held on PAST_EVENT_DAY, its meetings marked and linked to the demo trade, closed;
    None when there is no such belt or buyers, or it exists already."""
    if session.scalar(select(Event.id).where(Event.name_en == PAST_EVENT_NAME_EN)):
        return None
    event = build_event(session, "胶州发制品跨境采购洽谈会（秋季）", PAST_EVENT_NAME_EN, PAST_EVENT_DAY,
                   "胶州市民中心 2 楼", category, buyers, enterprises, frozenset(), frozenset(), time_limit)
    if event is None:
        return None
    meetings = agendas.meetings(session, SYSTEM, event.id)
    linked = _link_trade(session, event, meetings)
    for n, meeting in enumerate(m for m in meetings if m.status.is_active):
        if n % 11 == 10 and meeting.id not in linked:
            agendas.set_meeting_status(session, SYSTEM, event.id, meeting.id, MeetingStatus.NO_SHOW)
        elif n % 9 in (2, 7):
            value = Decimal(80_000 + 45_000 * (n % 7))
            outcomes.mark_outcome(session, SYSTEM, event.id, meeting.id, MeetingOutcome.SIGNED, value=value,
                                  currency="CNY")
        elif n % 5 in (1, 3) or meeting.id in linked:
            outcomes.mark_outcome(session, SYSTEM, event.id, meeting.id, MeetingOutcome.INTENTION)
        else:
            outcomes.mark_outcome(session, SYSTEM, event.id, meeting.id, MeetingOutcome.TALK)
        if meeting.outcome is not None:
            meeting.outcome_at = meeting.slot.ends_at
    return service.close_event(session, SYSTEM, event.id)


def _link_trade(session: Session, event: Event, meetings: list[EventMeeting]) -> set[int]:
    """Link the demo threads and deals of the pairs who met to their meeting (as the buyer would); returns
    the meetings linked."""
    linked: set[int] = set()
    for meeting in meetings:
        buyer_id = meeting.buyer_registration.buyer_id
        enterprise_id = meeting.enterprise_registration.enterprise_id
        buyer = Principal(user_id=None, role=RoleCode.BUYER, buyer_id=buyer_id)
        for conversation_id in session.scalars(select(Conversation.id).where(
                Conversation.buyer_id == buyer_id, Conversation.enterprise_id == enterprise_id,
                Conversation.event_id.is_(None)).order_by(Conversation.id).limit(1)):
            trade_flows.link_event(session, buyer, event_id=event.id, event_meeting_id=meeting.id,
                                   conversation_id=conversation_id)
            linked.add(meeting.id)
            for deal_id in session.scalars(select(Deal.id).where(Deal.conversation_id == conversation_id)):
                trade_flows.link_event(session, buyer, event_id=event.id, event_meeting_id=meeting.id,
                                       deal_id=deal_id)
    return linked
