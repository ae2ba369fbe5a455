"""Demo trade: quotations on the open demo demands, their threads and messages, the buyers' decisions,
samples, orders and lost deals, through the trade flows (every rule applies: hard requirements refuse some
quotations, one live quotation per enterprise, the cap, notifications, an order fills its demand).

Deterministic for a seed. Timestamps are then set back in time, because the story happened between the
demand's posting and the load: each enterprise has its own responsiveness (a median first answer from about
an hour to several days, `RESPONSE_HOURS`), so response rates and times differ by enterprise; a deal's
moves are spread between its quotation and now, in order.

Prices follow the Incoterm (what the seller pays for): EXW cheapest, DDP dearest, so the buyer's landed-cost
comparison has something to weigh; the first demand answered gets one EXW, FOB, CIF and DDP quotation each.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise, Product
from chuhai.database import utcnow
from chuhai.demand.models import Demand
from chuhai.errors import ChuhaiError
from chuhai.trade import flows, service
from chuhai.trade.models import (
    Conversation,
    DealEvent,
    DealStage,
    DeclineReason,
    Incoterm,
    LostReason,
    Message,
    Quotation,
)
from chuhai.trade.schemas import DealIn, QuotationIn, StageIn, TierIn
from chuhai.types import DemandStatus, ProductStatus, RoleCode, VerificationStatus

# Each enterprise's typical hours to a first answer, picked by its id: fast ones answer within the day.
RESPONSE_HOURS = (1.5, 3.0, 6.0, 14.0, 30.0, 72.0)
# Price of each Incoterm relative to an EXW price: the seller's costs to the named place.
INCOTERM_FACTOR = {Incoterm.EXW: Decimal("1.00"), Incoterm.FCA: Decimal("1.02"), Incoterm.FOB: Decimal("1.05"),
                   Incoterm.CPT: Decimal("1.12"), Incoterm.CIF: Decimal("1.14"), Incoterm.CIP: Decimal("1.15"),
                   Incoterm.DAP: Decimal("1.18"), Incoterm.DDP: Decimal("1.30")}
COMPARISON = (Incoterm.EXW, Incoterm.FOB, Incoterm.CIF, Incoterm.DDP)
# The demo events' belt (`chuhai.demo.events`): its first makers answer its demands, so the pairs who meet
# there have threads to link.
EVENT_CATEGORY, EVENT_MAKERS = "wigs", 10
MAX_DEMANDS = {"small": 60, "full": 160}
QUOTES_PER_DEMAND = (2, 5)
MESSAGES = {
    "buyer": ("Can you share the spec sheet and the carton size?", "What is the lead time for the second order?",
              "Could you do a better price for 2x the quantity?", "请确认是否可以提供样品？"),
    "enterprise": ("Spec sheet attached; carton 60x40x40 cm, 20 pcs.", "Second order ships in 25 days.",
                   "For double quantity we can offer 4% off.", "可以提供样品，7天内寄出。"),
}
DECLINES = (DeclineReason.PRICE, DeclineReason.PRICE, DeclineReason.LEAD_TIME, DeclineReason.QUALITY,
            DeclineReason.CERTIFICATION, DeclineReason.OTHER)
LOSSES = (LostReason.PRICE, LostReason.LEAD_TIME, LostReason.NO_RESPONSE, LostReason.QUALITY)
CENT = Decimal("0.01")


def _enterprise(enterprise_id: int) -> Principal:
    return Principal(user_id=None, role=RoleCode.ENTERPRISE, enterprise_id=enterprise_id)


def _buyer(buyer_id: int) -> Principal:
    return Principal(user_id=None, role=RoleCode.BUYER, buyer_id=buyer_id)


def _makers(session: Session) -> dict[str, list[tuple[int, int]]]:
    """Per category: (enterprise, one of its active products) of every enterprise that is not rejected."""
    makers: dict[str, dict[int, int]] = defaultdict(dict)
    for category, enterprise_id, product_id in session.execute(
            select(Product.category, Product.enterprise_id, Product.id)
            .join(Enterprise, Enterprise.id == Product.enterprise_id)
            .where(Product.status == ProductStatus.ACTIVE,
                   Enterprise.verification_status != VerificationStatus.REJECTED)
            .order_by(Product.id)):
        makers[category].setdefault(enterprise_id, product_id)
    return {category: sorted(found.items()) for category, found in makers.items()}


def _hours(rng: random.Random, enterprise_id: int) -> float:
    typical = RESPONSE_HOURS[enterprise_id % len(RESPONSE_HOURS)]
    return typical * rng.uniform(0.5, 1.8)


def _spread(start: dt.datetime, end: dt.datetime, steps: int, rng: random.Random) -> list[dt.datetime]:
    """`steps` increasing times after `start` and before `end`."""
    room = max((end - start).total_seconds() - 3600, 60.0)
    cuts = sorted(rng.uniform(0.05, 0.95) for _ in range(steps))
    return [start + dt.timedelta(seconds=room * cut) for cut in cuts]


def seed_demo_trade(session: Session, *, scale: str = "small", seed: int = 7,
                    now: dt.datetime | None = None) -> dict[str, int]:
    """Quote, talk and deal on the open demo demands; returns what it wrote per kind."""
    rng = random.Random(seed * 7919 + 13)
    now = now or utcnow()
    today = now.date()
    makers = _makers(session)
    open_demands = list(session.scalars(
        select(Demand).where(Demand.status == DemandStatus.OPEN, Demand.category.is_not(None),
                             Demand.deadline >= today, Demand.created_at < now)
        .order_by(Demand.created_at.desc(), Demand.id)))
    # History: demands of the last year that closed or found a supplier, answered while they were open.
    past = list(session.scalars(
        select(Demand).where(Demand.status.in_([DemandStatus.CLOSED, DemandStatus.MATCHED]),
                             Demand.category.is_not(None), Demand.created_at >= now - dt.timedelta(days=365),
                             Demand.deadline < today)
        .order_by(Demand.created_at.desc(), Demand.id)))
    counts = defaultdict(int)
    compared = False
    for demand in _selection(open_demands, past, MAX_DEMANDS.get(scale, 60)):
        live = demand.status is DemandStatus.OPEN
        candidates = makers.get(demand.category, [])
        if demand.category == EVENT_CATEGORY:  # the belt's first makers: those its matchmaking events invite
            candidates = candidates[:EVENT_MAKERS]
        if not candidates:
            continue
        count = min(len(candidates), rng.randint(*QUOTES_PER_DEMAND) + (0 if compared else 2))
        chosen = rng.sample(candidates, count)
        quotations = []
        story = _Story(session, demand, live, now, rng)
        with story.reopened():
            for n, (enterprise_id, product_id) in enumerate(chosen):
                incoterm = COMPARISON[n % len(COMPARISON)] if not compared else rng.choice(list(Incoterm))
                quotation = _quote(session, rng, story, enterprise_id, product_id, incoterm, counts)
                if quotation is not None:
                    quotations.append(quotation)
        if not quotations:
            continue
        if not compared and live and {Incoterm.EXW, Incoterm.DDP} <= {q.incoterm for q in quotations}:
            compared = True
        for quotation in quotations:
            _talk(session, rng, story, quotation, counts)
        _decide(session, rng, story, quotations, counts)
    session.flush()
    return dict(counts)


def _selection(open_demands: list[Demand], past: list[Demand], cap: int) -> list[Demand]:
    """Open demands (half the `cap` at most, the event belt's first), then the event belt's past demands, then
    past demands spread evenly over the year: `cap` in all."""
    first = sorted(open_demands, key=lambda d: d.category != EVENT_CATEGORY)[:cap // 2]
    chosen = [d for d in open_demands if d in first]
    chosen += [d for d in past if d.category == EVENT_CATEGORY][:max(0, (cap * 3) // 4 - len(chosen))]
    rest = [d for d in past if d.category != EVENT_CATEGORY]
    room = cap - len(chosen)
    if room > 0 and rest:
        step = max(1, len(rest) // room)
        chosen += rest[::step][:room]
    return chosen


class _Story:
    """One demand's trade: live (an open demand: the flows, with their notifications) or history (a demand
    answered while it was open: the service with the day it happened, the demand's status as it is now)."""

    def __init__(self, session: Session, demand: Demand, live: bool, now: dt.datetime, rng: random.Random):
        self.session, self.demand, self.live, self.rng = session, demand, live, rng
        # History ends at the deadline (and a month for the deals), live trade at now.
        end = now if live else dt.datetime.combine(demand.deadline, dt.time(18)) + dt.timedelta(days=30)
        self.end = min(end, now - dt.timedelta(minutes=10))

    def reopened(self):
        """While quoting on a past demand: open as it was then (restored afterwards)."""
        story = self

        class _Reopened:
            def __enter__(self):
                self.status = story.demand.status
                story.demand.status = DemandStatus.OPEN

            def __exit__(self, *exc):
                story.demand.status = self.status
                story.session.flush()

        return _Reopened()

    @property
    def flows(self):
        return flows if self.live else service

    def day(self, at: dt.datetime) -> dict:
        """The `today` of a service call on a past demand (none for live trade: it happens today)."""
        return {} if self.live else {"today": at.date()}


def _quote(session: Session, rng: random.Random, story: _Story, enterprise_id: int, product_id: int,
           incoterm: Incoterm, counts) -> Quotation | None:
    demand = story.demand
    at = min(demand.created_at + dt.timedelta(hours=_hours(rng, enterprise_id)), story.end - dt.timedelta(days=2))
    at = max(at, demand.created_at + dt.timedelta(minutes=20))
    today = at.date() if not story.live else dt.date.today()
    target = Decimal(demand.target_price or 10)
    exw = target * Decimal(str(round(rng.uniform(0.72, 0.95), 3)))
    price = (exw * INCOTERM_FACTOR[incoterm]).quantize(CENT)
    quantity = demand.quantity or 100
    minimum = max(1, quantity // rng.choice((1, 2, 4)))
    data = QuotationIn(
        unit_price=price, currency=demand.currency or "USD", incoterm=incoterm, min_quantity=minimum,
        lead_time_days=rng.choice((15, 20, 25, 30, 35, 45, 60)),
        valid_until=max(today, at.date()) + dt.timedelta(days=rng.randint(20, 60)),
        product_id=product_id, sample_price=(price * 2).quantize(CENT), sample_lead_time_days=rng.choice((5, 7, 10)),
        payment_terms=rng.choice(("30% deposit, 70% before shipment", "T/T 100% before shipment", "L/C at sight")),
        message=rng.choice(("Factory price, OEM welcome.", "In stock colours ship faster.", "工厂直供，可定制包装。")),
        tiers=[TierIn(min_quantity=quantity * 2, unit_price=(price * Decimal("0.95")).quantize(CENT))])
    try:
        quotation = story.flows.submit_quotation(session, _enterprise(enterprise_id), demand.id, data,
                                                 **story.day(at))
    except ChuhaiError:
        counts["quotations_refused"] += 1  # a hard requirement (certification, verification) said no
        return None
    quotation.created_at = at
    conversation = session.scalar(select(Conversation).where(Conversation.demand_id == demand.id,
                                                             Conversation.enterprise_id == enterprise_id))
    conversation.created_at = at
    counts["quotations"] += 1
    return quotation


def _talk(session: Session, rng: random.Random, story: _Story, quotation: Quotation, counts) -> None:
    """A question from the buyer and the enterprise's answer (after its usual delay), sometimes more."""
    demand = story.demand
    conversation = session.scalar(select(Conversation).where(Conversation.demand_id == demand.id,
                                                             Conversation.enterprise_id == quotation.enterprise_id))
    at = quotation.created_at
    for _round in range(rng.choice((0, 1, 1, 2))):
        pick = rng.randrange(len(MESSAGES["buyer"]))
        for side, actor, delay in (("buyer", _buyer(demand.buyer_id), rng.uniform(2, 30)),
                                   ("enterprise", _enterprise(quotation.enterprise_id),
                                    _hours(rng, quotation.enterprise_id))):
            at = min(at + dt.timedelta(hours=delay), story.end)
            view = story.flows.post_message(session, actor, conversation.id, MESSAGES[side][pick])
            message = session.get(Message, view.message.id)
            message.created_at = at
            conversation.last_message_at = at
            counts["messages"] += 1
    conversation.buyer_read_at = conversation.enterprise_read_at = conversation.last_message_at


def _decide(session: Session, rng: random.Random, story: _Story, quotations: list[Quotation], counts) -> None:
    """The buyer's decisions: one quotation may become a deal (sample, order, or lost), some are declined
    with a reason, some shortlisted."""
    demand = story.demand
    buyer = _buyer(demand.buyer_id)
    order = list(quotations)
    rng.shuffle(order)
    matched = demand.status is DemandStatus.MATCHED
    if matched or rng.random() < 0.6:
        _deal(session, rng, story, order.pop(), counts, signed=matched)
    for quotation in order:
        draw = rng.random()
        at = min(quotation.created_at + dt.timedelta(days=rng.randint(1, 10)), story.end)
        if draw < 0.55:
            story.flows.decline(session, buyer, quotation.id, rng.choice(DECLINES),
                                rng.choice((None, "Another supplier was closer to our target.")), **story.day(at))
            counts["declined"] += 1
        elif draw < 0.8 and story.live:
            flows.shortlist(session, buyer, quotation.id)
            counts["shortlisted"] += 1
        else:
            continue
        quotation.decided_at = at


def _deal(session: Session, rng: random.Random, story: _Story, quotation: Quotation, counts, *,
          signed: bool = False) -> None:
    """A deal from `quotation`: a sample on its way, rejected, lost, or an order (always one when the demand
    found its supplier, `signed`), shipped and completed or lost later."""
    demand = story.demand
    buyer, enterprise = _buyer(demand.buyer_id), _enterprise(quotation.enterprise_id)
    # A matched demand found its supplier here (an order); one closed without a supplier had no order.
    low, high = (0.62, 1.0) if signed else (0.0, 1.0) if story.live else (0.15, 0.62)
    draw = rng.uniform(low, high)
    if draw < 0.15 or draw > 0.92:  # an order straight away
        path = [(buyer, DealStage.ORDER_PLACED)]
    else:
        path = [(enterprise, DealStage.SAMPLE_SENT)]
        if draw < 0.35:
            pass  # the sample is on its way
        elif draw < 0.5:
            path += [(buyer, DealStage.SAMPLE_REJECTED), (buyer, DealStage.LOST)]
        elif draw < 0.62:
            path += [(buyer, DealStage.LOST)]
        else:
            path += [(buyer, DealStage.SAMPLE_APPROVED), (buyer, DealStage.ORDER_PLACED)]
    if path[-1][1] is DealStage.ORDER_PLACED:
        extra = rng.random()
        if extra < 0.5:
            path.append((enterprise, DealStage.SHIPPED))
        if extra < 0.25:
            path.append((buyer, DealStage.COMPLETED))
        elif extra > 0.85:
            path.append((enterprise, DealStage.LOST))
    first = path[0][1] if path[0][1] is DealStage.ORDER_PLACED else DealStage.SAMPLE_REQUESTED
    steps = path[1:] if first is DealStage.ORDER_PLACED else path
    # Opened while the quotation was valid; the moves after, up to the story's end.
    room = max(1.0, min(10.0, (dt.datetime.combine(quotation.valid_until, dt.time()) - quotation.created_at).days - 1,
                        (story.end - quotation.created_at).total_seconds() / 86400 - 1))
    opened = quotation.created_at + dt.timedelta(days=rng.uniform(0.5, room))
    times = [opened, *_spread(opened, story.end, len(steps), rng)]
    deal = story.flows.open_deal(session, buyer, quotation.id, DealIn(stage=first), **story.day(times[0]))
    for (actor, stage), at in zip(steps, times[1:], strict=True):
        reason = None
        if stage is DealStage.LOST:
            reason = LostReason.SAMPLE_REJECTED if deal.stage is DealStage.SAMPLE_REJECTED else rng.choice(LOSSES)
        story.flows.move_deal(session, actor, deal.id, StageIn(stage=stage, lost_reason=reason), **story.day(at))
    moves = list(session.scalars(select(DealEvent).where(DealEvent.deal_id == deal.id).order_by(DealEvent.id)))
    for move, at in zip(moves, times, strict=True):
        move.at = at
        if move.to_stage is DealStage.ORDER_PLACED:
            deal.ordered_at = at
            deal.expected_ship_date = at.date() + dt.timedelta(days=quotation.lead_time_days)
    deal.created_at, deal.stage_changed_at = times[0], times[-1]
    quotation.decided_at = times[0]
    counts["deals"] += 1
    counts[f"deals_{deal.stage.value}"] += 1

