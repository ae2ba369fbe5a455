"""The demo's trade: quotations (EXW to DDP), threads, samples, orders and losses on the demo demands through
the trade rules, responsiveness that differs by enterprise, and the event held with its meetings marked. Run
with -s to print one demand's landed-cost comparison and the event's outcome counts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from chuhai.accounts.principal import SYSTEM
from chuhai.demand.models import Demand
from chuhai.demo.events import PAST_EVENT_DAY, seed_demo_event, seed_past_demo_event
from chuhai.demo.loader import load
from chuhai.demo.trade import seed_demo_trade
from chuhai.events import outcomes
from chuhai.events.states import EventStatus
from chuhai.trade import service
from chuhai.trade.models import (
    Conversation,
    Deal,
    DealEvent,
    DealStage,
    Incoterm,
    Message,
    Quotation,
    QuotationStatus,
    QuotationTier,
)

NOW = dt.datetime(2026, 12, 6, 3, 0)


@pytest.fixture
def demo(session, small):
    session.info["audit_disabled"] = True
    load(session, dataclasses.replace(small, target_order_lines=2_000), loaded_on=NOW.date())
    seed_demo_event(session, seeded_on=NOW.date())
    counts = seed_demo_trade(session, scale="small", seed=7, now=NOW)
    event = seed_past_demo_event(session)
    session.commit()
    return session, counts, event


def test_the_demo_trades_through_the_rules(demo):
    session, counts, _event = demo
    for model in (Quotation, QuotationTier, Conversation, Message, Deal, DealEvent):
        assert session.scalar(select(func.count()).select_from(model)) > 0, model.__name__
    assert counts["quotations"] == session.scalar(select(func.count()).select_from(Quotation))
    assert counts["quotations_refused"] > 0  # hard requirements refused some
    stages = set(session.scalars(select(Deal.stage)))
    assert {DealStage.ORDER_PLACED, DealStage.LOST} <= stages or DealStage.COMPLETED in stages
    assert set(session.scalars(select(Quotation.status))) >= {QuotationStatus.DECLINED, QuotationStatus.ACCEPTED}
    assert session.scalar(select(func.count()).select_from(Deal).where(Deal.lost_reason.is_not(None))) > 0
    assert session.scalar(select(func.max(DealEvent.at))) < NOW  # history, never the future
    by_demand: dict[int, set] = {}
    for demand_id, incoterm in session.execute(select(Quotation.demand_id, Quotation.incoterm)):
        by_demand.setdefault(demand_id, set()).add(incoterm)
    both = [d for d, terms in by_demand.items() if {Incoterm.EXW, Incoterm.DDP} <= terms]
    assert both
    live = [d for d in both if session.get(Demand, d).status.is_open]
    demand = session.get(Demand, (live or both)[0])
    rows = service.compare_quotations(session, SYSTEM, demand.id)
    print(f"\nDemand {demand.ref}: {demand.quantity} units to {demand.destination_country}, in {demand.currency}")
    for row in rows:
        cost = row.landed_cost
        parts = ", ".join(f"{c.name} {c.amount}" for c in cost.components)
        print(f"  {row.quotation.incoterm.value} {row.price.unit_price} {row.quotation.currency} "
              f"({row.supplier.enterprise.name_en}) -> landed {cost.amount} {cost.currency}: {parts}")
    amounts = [row.landed_cost.amount for row in rows if row.landed_cost.amount is not None]
    assert amounts == sorted(amounts)
    quoting = set(session.scalars(select(Quotation.enterprise_id)))
    responses = service.enterprise_response_stats(session, quoting, now=NOW, days=400)
    medians = {s.median_hours for s in responses.values() if s.median_hours is not None}
    assert len(medians) > 3  # responsiveness differs by enterprise


def test_the_event_held_reads_like_the_seeds(demo):
    session, _counts, event = demo
    assert event is not None and event.status is EventStatus.CLOSED and event.starts_on == PAST_EVENT_DAY
    tally = outcomes.outcomes_of_event(session, SYSTEM, event.id)
    print(f"\n{event.name_en}: {tally.talks} talks, {tally.signed} signed, {tally.intentions} intentions; "
          f"signed {tally.signed_value_cny} CNY ({tally.signed_value_usd} USD)")
    assert tally.talks >= tally.intentions > 0 and tally.signed > 0 and tally.signed_value_cny > 0
    linked = session.scalar(select(func.count()).select_from(Conversation).where(Conversation.event_id == event.id))
    assert linked > 0
    assert seed_past_demo_event(session) is None  # once
