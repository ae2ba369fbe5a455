"""What matchmaking events came to (对接成效): "15 talks, 2 signed, 8 intentions".

Two sources count, the same way as the programme's outcomes (`chuhai.trade.service.outcomes`):
- **meetings** the operator marks at check-in (`EventMeeting.outcome`): a talk held, an intention reached, or
  signed on the spot with its value and currency; dated by the meeting's slot;
- **trade** threads and deals linked to the event (`chuhai.trade.flows.link_event`, or a deal opened with
  the event): a thread is a talk (dated when it opened), a deal that reached a sample request or approval an
  intention, an order placed a signing with the order's value (dated by the move, first time only).

One meeting is one outcome: a thread or deal linked to a meeting and that meeting's own mark count once (the
deal's recorded order value wins over the value marked at the table). An intention or a signing is also a
talk. Values are converted into USD and CNY at the month's rate (`insight` FX), as trade does; a currency
without a rate is left out of the value and named.

`event_outcomes` is the event's view (its page, its API, the statistics by event); `meeting_extras` is what
the meetings add to trade's own counts (marks no linked thread or deal stands for), so that the statistics'
totals by market and belt count each outcome once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise
from chuhai.database import utcnow
from chuhai.demand.models import Buyer, Demand
from chuhai.errors import NotFound, ValidationFailed
from chuhai.events import repository
from chuhai.events.models import EventMeeting, EventRegistration, EventSlot
from chuhai.events.service import get_event
from chuhai.events.states import MeetingOutcome, MeetingStatus
from chuhai.insight.engine.fx import monthly_usd_rate
from chuhai.insight.service import platform_fx
from chuhai.trade.models import Conversation, Deal, DealEvent, DealStage
from chuhai.types import RoleCode

CENT = Decimal("0.01")
MAX_VALUE = Decimal("1e10")  # the column holds 14 digits, 4 after the point
TALK, INTENTION, SIGNED = "talk", "intention", "signed"


@dataclass
class OutcomeTally:
    talks: int = 0
    intentions: int = 0
    signed: int = 0
    signed_value_cny: Decimal = Decimal(0)
    signed_value_usd: Decimal = Decimal(0)
    unpriced_currencies: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.talks or self.intentions or self.signed)

    def add(self, other: OutcomeTally) -> None:
        self.talks += other.talks
        self.intentions += other.intentions
        self.signed += other.signed
        self.signed_value_cny += other.signed_value_cny
        self.signed_value_usd += other.signed_value_usd
        self.unpriced_currencies = sorted(set(self.unpriced_currencies) | set(other.unpriced_currencies))

    def rounded(self) -> OutcomeTally:
        return OutcomeTally(self.talks, self.intentions, self.signed, self.signed_value_cny.quantize(CENT),
                            self.signed_value_usd.quantize(CENT), list(self.unpriced_currencies))


@dataclass(frozen=True)
class Item:
    """One counted outcome: `key` identifies what it is about (a meeting, else the thread or deal), so that
    a meeting's mark and the trade records linked to it are one."""

    key: tuple[str, int]
    kind: str  # talk | intention | signed
    source: str  # meeting | trade
    event_id: int
    country: str | None
    belt_id: int | None
    at: dt.datetime
    value: Decimal | None = None
    currency: str | None = None


# ----- marking meetings -----------------------------------------------------------------------------------

def mark_outcome(session: Session, actor: Principal, event_id: int, meeting_id: int,
                 outcome: MeetingOutcome | str | None, *, value: Decimal | None = None,
                 currency: str | None = None) -> EventMeeting:
    """Operator: what a meeting came to. A marked meeting was held (its status becomes `held`); `signed`
    needs the value and its currency (ISO 4217, as trade); no outcome clears the mark."""
    actor.require(RoleCode.OPERATOR)
    get_event(session, actor, event_id)
    meeting = repository.meeting(session, meeting_id)
    if meeting is None or meeting.event_id != event_id:
        raise NotFound("No such meeting.")
    if outcome in (None, ""):
        meeting.outcome = meeting.outcome_value = meeting.outcome_currency = meeting.outcome_at = None
        session.flush()
        return meeting
    outcome = MeetingOutcome(outcome)
    if not meeting.status.is_active:
        raise ValidationFailed("A meeting that is %(status)s has no outcome.", status=meeting.status.value,
                               details={"field": "outcome"})
    if outcome.is_signed:
        currency = (currency or "").strip().upper()
        value = Decimal(value) if value is not None else None
        if value is None or not value.is_finite() or not 0 < value < MAX_VALUE:
            raise ValidationFailed("Give the value signed.", details={"field": "value"})
        if len(currency) != 3 or not currency.isalpha():
            raise ValidationFailed("Give the currency of the value as a three-letter code.",
                                   details={"field": "currency"})
        meeting.outcome_value, meeting.outcome_currency = Decimal(value).quantize(CENT), currency
    else:
        meeting.outcome_value = meeting.outcome_currency = None
    meeting.outcome, meeting.outcome_at = outcome, utcnow()
    meeting.status, meeting.fixed = MeetingStatus.HELD, True
    session.flush()
    return meeting


# ----- collecting ---------------------------------------------------------------------------------------

def _window(query, column, lo: dt.datetime | None, hi: dt.datetime | None):
    if lo is not None:
        query = query.where(column >= lo)
    if hi is not None:
        query = query.where(column < hi)
    return query


def collect(session: Session, *, event_ids: Iterable[int] | None = None, lo: dt.datetime | None = None,
            hi: dt.datetime | None = None, belt_id: int | None = None) -> list[Item]:
    """Every outcome of events (all, or `event_ids`) in [lo, hi), optionally of one belt's enterprises."""
    ids = None if event_ids is None else sorted(set(event_ids))
    buyer_side, enterprise_side = aliased(EventRegistration), aliased(EventRegistration)
    meetings = (select(EventMeeting.id, EventMeeting.event_id, EventMeeting.outcome, EventMeeting.outcome_value,
                       EventMeeting.outcome_currency, EventSlot.starts_at, Buyer.country, Enterprise.belt_id)
                .join(EventSlot, EventSlot.id == EventMeeting.slot_id)
                .join(buyer_side, buyer_side.id == EventMeeting.buyer_registration_id)
                .join(Buyer, Buyer.id == buyer_side.buyer_id)
                .join(enterprise_side, enterprise_side.id == EventMeeting.enterprise_registration_id)
                .join(Enterprise, Enterprise.id == enterprise_side.enterprise_id)
                .where(EventMeeting.outcome.is_not(None)))
    threads = (select(Conversation.id, Conversation.event_id, Conversation.event_meeting_id, Conversation.created_at,
                      Demand.destination_country, Enterprise.belt_id)
               .join(Demand, Demand.id == Conversation.demand_id)
               .join(Enterprise, Enterprise.id == Conversation.enterprise_id)
               .where(Conversation.event_id.is_not(None)))
    moves = (select(Deal.id, Deal.event_id, Deal.event_meeting_id, DealEvent.to_stage, DealEvent.at, Deal.value,
                    Deal.currency, Demand.destination_country, Enterprise.belt_id)
             .join(DealEvent, DealEvent.deal_id == Deal.id)
             .join(Demand, Demand.id == Deal.demand_id)
             .join(Enterprise, Enterprise.id == Deal.enterprise_id)
             .where(Deal.event_id.is_not(None),
                    DealEvent.to_stage.in_([s for s in DealStage if s.is_intention or s.is_signed]))
             .order_by(DealEvent.at, DealEvent.id))
    if ids is not None:
        meetings = meetings.where(EventMeeting.event_id.in_(ids))
        threads = threads.where(Conversation.event_id.in_(ids))
        moves = moves.where(Deal.event_id.in_(ids))
    if belt_id is not None:
        meetings, threads, moves = (q.where(Enterprise.belt_id == belt_id) for q in (meetings, threads, moves))
    items: list[Item] = []
    for meeting_id, event_id, outcome, value, currency, at, country, belt in session.execute(
            _window(meetings, EventSlot.starts_at, lo, hi)):
        key = ("meeting", meeting_id)
        items.append(Item(key, TALK, "meeting", event_id, country, belt, at))
        if outcome.is_intention:
            items.append(Item(key, INTENTION, "meeting", event_id, country, belt, at))
        if outcome.is_signed:
            items.append(Item(key, SIGNED, "meeting", event_id, country, belt, at, value, currency))
    for thread_id, event_id, meeting_id, at, country, belt in session.execute(
            _window(threads, Conversation.created_at, lo, hi)):
        key = ("meeting", meeting_id) if meeting_id is not None else ("thread", thread_id)
        items.append(Item(key, TALK, "trade", event_id, country, belt, at))
    seen: set[tuple[int, str]] = set()
    for deal_id, event_id, meeting_id, stage, at, value, currency, country, belt in session.execute(
            _window(moves, DealEvent.at, lo, hi)):
        kind = SIGNED if stage.is_signed else INTENTION
        if (deal_id, kind) in seen:  # once per deal, at its first move there (as trade counts)
            continue
        seen.add((deal_id, kind))
        key = ("meeting", meeting_id) if meeting_id is not None else ("deal", deal_id)
        items.append(Item(key, TALK, "trade", event_id, country, belt, at))
        items.append(Item(key, kind, "trade", event_id, country, belt, at,
                          *((value, currency) if kind == SIGNED else (None, None))))
    return items


# ----- counting -----------------------------------------------------------------------------------------

class _Pricer:
    """USD and CNY of a value at its month's rate (the platform's rates, the built-in table for the rest)."""

    def __init__(self, session: Session) -> None:
        self.rate = monthly_usd_rate(platform_fx(session))

    def price(self, tally: OutcomeTally, value: Decimal | None, currency: str | None, at: dt.datetime) -> None:
        if value is None or not currency:
            return
        to_usd, cny_usd = self.rate(currency, at.year, at.month), self.rate("CNY", at.year, at.month)
        if to_usd is None or not cny_usd:
            tally.unpriced_currencies = sorted(set(tally.unpriced_currencies) | {currency})
            return
        usd = Decimal(value) * to_usd
        tally.signed_value_usd += usd
        tally.signed_value_cny += usd / cny_usd


def _count(items: list[Item], pricer: _Pricer) -> OutcomeTally:
    """Distinct outcomes of `items` (one event, or one group): each key once per kind; a signing's value
    from the trade record when there is one, else from the meeting's mark."""
    tally = OutcomeTally()
    talks = {i.key for i in items}
    intentions = {i.key for i in items if i.kind == INTENTION}
    signed: dict[tuple[str, int], Item] = {}
    for item in items:
        if item.kind == SIGNED and (item.key not in signed or item.source == "trade"):
            signed[item.key] = item
    tally.talks, tally.intentions, tally.signed = len(talks), len(intentions), len(signed)
    for item in signed.values():
        pricer.price(tally, item.value, item.currency, item.at)
    return tally


def event_outcomes(session: Session, *, event_ids: Iterable[int] | None = None, lo: dt.datetime | None = None,
                   hi: dt.datetime | None = None, belt_id: int | None = None) -> dict[int, OutcomeTally]:
    """Per event (those with any outcome): talks, intentions and signed (with value), meetings and linked
    trade together, each outcome once."""
    by_event: dict[int, list[Item]] = defaultdict(list)
    for item in collect(session, event_ids=event_ids, lo=lo, hi=hi, belt_id=belt_id):
        by_event[item.event_id].append(item)
    pricer = _Pricer(session)
    return {event_id: _count(items, pricer).rounded() for event_id, items in sorted(by_event.items())}


def outcomes_of_event(session: Session, actor: Principal, event_id: int) -> OutcomeTally:
    """One event's outcomes, all time (anyone who may open the event sees its counts)."""
    get_event(session, actor, event_id)
    return event_outcomes(session, event_ids=[event_id]).get(event_id, OutcomeTally())


@dataclass
class Extra:
    """An outcome a meeting adds to trade's counts (no linked thread or deal stands for it)."""

    kind: str
    event_id: int
    country: str | None
    belt_id: int | None
    at: dt.datetime
    value_usd: Decimal = Decimal(0)
    value_cny: Decimal = Decimal(0)
    unpriced: str | None = None


def meeting_extras(session: Session, *, lo: dt.datetime | None = None, hi: dt.datetime | None = None,
                   belt_id: int | None = None) -> list[Extra]:
    """The meetings' marks that trade's own counts do not hold: a mark whose meeting has no linked trade
    record of that kind (a linked deal also stands for the talk)."""
    items = collect(session, lo=lo, hi=hi, belt_id=belt_id)
    traded = {(i.key, i.kind) for i in items if i.source == "trade"}
    pricer = _Pricer(session)
    extras = []
    for item in items:
        if item.source != "meeting" or (item.key, item.kind) in traded:
            continue
        extra = Extra(item.kind, item.event_id, item.country, item.belt_id, item.at)
        if item.kind == SIGNED:
            tally = OutcomeTally()
            pricer.price(tally, item.value, item.currency, item.at)
            extra.value_usd, extra.value_cny = tally.signed_value_usd, tally.signed_value_cny
            extra.unpriced = tally.unpriced_currencies[0] if tally.unpriced_currencies else None
        extras.append(extra)
    return extras
