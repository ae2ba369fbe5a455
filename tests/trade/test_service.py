"""Trade rules in the service: quoting (deadline, cap, hard requirements, revisions, expiry), decisions,
threads (contacts hidden until disclosed, reports), deals (stages by the right side), responsiveness and
outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from chuhai.accounts.models import Notification, User
from chuhai.database import utcnow
from chuhai.errors import Forbidden, NotFound, ValidationFailed
from chuhai.events.models import Event, EventMeeting, EventRegistration, EventSlot
from chuhai.matching.models import DemandMatch, MatchStatus
from chuhai.trade import flows, service
from chuhai.trade.models import (
    DealEvent,
    DealStage,
    DeclineReason,
    LostReason,
    QuotationStatus,
    ReportReason,
    Side,
)
from chuhai.trade.schemas import DealIn, QuotationIn, StageIn, TierIn
from chuhai.types import DemandStatus, UserStatus
from tests import factories
from tests.trade.conftest import TODAY, actor

D = Decimal


def offer(**fields) -> QuotationIn:
    values = {"unit_price": D("100"), "currency": "USD", "incoterm": "EXW", "min_quantity": 50,
              "lead_time_days": 30, "valid_until": TODAY + dt.timedelta(days=30)}
    values.update(fields)
    return QuotationIn(**values)


def quote(session, world, who="chairs", **fields):
    return flows.submit_quotation(session, actor(world[who]), world["demand"].id, offer(**fields))


# ----- quoting --------------------------------------------------------------------------------------------

def test_an_enterprise_answers_an_open_demand_and_the_buyer_is_notified(session, world):
    q = quote(session, world, product_id=world["chair"].id, tiers=[TierIn(min_quantity=100, unit_price=D("95"))])
    assert (q.status, q.revision, q.supersedes_id) == (QuotationStatus.SUBMITTED, 1, None)
    assert [t.min_quantity for t in q.tiers] == [100]
    notes = session.query(Notification).filter_by(user_id=world["buyer"].id).all()
    assert [n.kind for n in notes] == ["quotation_received"]
    assert notes[0].payload["quotation_id"] == q.id
    # the thread opens with the quotation
    thread = service.conversation_of_quotation(session, actor(world["buyer"]), q.id)
    assert thread.enterprise_id == world["chairs_co"].id and not thread.contacts_disclosed


def test_a_new_submission_supersedes_the_live_one_and_keeps_the_history(session, world):
    first = quote(session, world)
    second = quote(session, world, unit_price=D("90"))
    assert first.status is QuotationStatus.SUPERSEDED
    assert (second.revision, second.supersedes_id) == (2, first.id)
    buyer = actor(world["buyer"])
    assert [q.id for q in service.list_quotations(session, buyer, world["demand"].id)] == [second.id]
    assert [q.id for q in service.list_quotations(session, buyer, world["demand"].id, history=True)] == [
        first.id, second.id]
    # a declined quotation can be revised too (a better offer)
    service.decline(session, buyer, second.id, DeclineReason.PRICE)
    third = quote(session, world, unit_price=D("80"))
    assert third.revision == 3 and second.status is QuotationStatus.SUPERSEDED


def test_the_demand_takes_at_most_n_quotations(session, world):
    service.update_settings(session, actor(world["operator"]), max_quotations=2)
    quote(session, world, "chairs")
    quote(session, world, "wigs")
    with pytest.raises(ValidationFailed) as refused:
        quote(session, world, "pending")
    assert refused.value.message == "This demand takes at most %(cap)s quotations."
    assert refused.value.params == {"cap": 2} and refused.value.status_code == 422
    # a revision keeps its place and does not need a new one
    quote(session, world, "chairs", unit_price=D("99"))
    # withdrawing frees a place
    wigs_q = service.list_quotations(session, actor(world["wigs"]), world["demand"].id)[0]
    flows.withdraw(session, actor(world["wigs"]), wigs_q.id)
    assert quote(session, world, "pending").status is QuotationStatus.SUBMITTED


def test_the_default_cap_is_ten(session, world):
    assert service.trade_settings(session).max_quotations == 10
    for _ in range(10):
        maker = factories.enterprise(session, certifications=["ISO 9001"])
        member = factories.user(session, "enterprise", enterprise_id=maker.id)
        service.submit_quotation(session, actor(member), world["demand"].id, offer())
    with pytest.raises(ValidationFailed, match="at most 10 quotations"):
        quote(session, world)


def test_the_deadline_closes_the_demand_to_quotations(session, world):
    demand = world["demand"]
    demand.deadline = TODAY - dt.timedelta(days=1)
    session.flush()
    with pytest.raises(ValidationFailed) as refused:
        quote(session, world)
    assert refused.value.params == {"deadline": demand.deadline.isoformat()}
    demand.deadline = TODAY  # due today still takes them
    session.flush()
    assert quote(session, world).status is QuotationStatus.SUBMITTED
    demand.status = DemandStatus.CLOSED
    session.flush()
    with pytest.raises(ValidationFailed, match="no longer open"):  # it quoted already: told why
        quote(session, world)
    with pytest.raises(NotFound):  # never quoted: a closed demand does not exist for it
        quote(session, world, "wigs")


@pytest.mark.parametrize(("who", "message"), [
    ("bare", "This demand requires %(certification)s, which your enterprise does not hold."),
    ("lapsed", "This demand requires %(certification)s; your certificate expired on %(date)s."),
])
def test_a_missing_or_expired_required_certification_is_refused_with_the_reason(session, world, who, message):
    with pytest.raises(ValidationFailed) as refused:
        quote(session, world, who)
    assert refused.value.message == message
    assert refused.value.params["certification"] == "ISO 9001"
    if who == "lapsed":
        assert refused.value.params["date"] == (TODAY - dt.timedelta(days=3)).isoformat()
    assert "ISO 9001" in refused.value.english


def test_verified_only_demands_refuse_unverified_enterprises(session, world):
    assert quote(session, world, "pending").status is QuotationStatus.SUBMITTED
    world["demand"].verified_only = True
    session.flush()
    with pytest.raises(ValidationFailed, match="verified enterprises only"):
        quote(session, world, "pending", unit_price=D("1"))
    world["pending_co"].verification_status = "rejected"
    world["demand"].verified_only = False
    session.flush()
    with pytest.raises(ValidationFailed, match="rejected"):
        quote(session, world, "pending")


def test_only_enterprise_members_quote_and_only_with_their_own_products(session, world):
    with pytest.raises(Forbidden):
        service.submit_quotation(session, actor(world["buyer"]), world["demand"].id, offer())
    with pytest.raises(ValidationFailed, match="own active products"):
        quote(session, world, "chairs", product_id=world["wig"].id)
    with pytest.raises(ValidationFailed, match="validity date"):
        quote(session, world, valid_until=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationFailed, match="cannot cost more"):
        quote(session, world, tiers=[TierIn(min_quantity=500, unit_price=D("120"))])


def test_a_quotation_expires_at_its_validity_date(session, world):
    q = quote(session, world, valid_until=TODAY)
    assert q.status_on(TODAY) is QuotationStatus.SUBMITTED
    tomorrow = TODAY + dt.timedelta(days=1)
    assert q.status_on(tomorrow) is QuotationStatus.EXPIRED
    with pytest.raises(ValidationFailed, match="expired"):
        service.shortlist(session, actor(world["buyer"]), q.id, today=tomorrow)
    with pytest.raises(ValidationFailed, match="expired"):
        service.open_deal(session, actor(world["buyer"]), q.id, DealIn(), today=tomorrow)
    assert service.expire_quotations(session, tomorrow) == 1
    assert q.status is QuotationStatus.EXPIRED
    # an expired quotation frees its place; the enterprise may quote again (a new revision)
    again = service.submit_quotation(session, actor(world["chairs"]), world["demand"].id,
                                     offer(valid_until=tomorrow + dt.timedelta(days=9)), today=tomorrow,
                                     max_quotations=1)
    assert again.revision == 2


def test_decline_reason_reaches_the_enterprise(session, world):
    q = quote(session, world)
    with pytest.raises(Forbidden):
        service.decline(session, actor(world["chairs"]), q.id, DeclineReason.PRICE)
    with pytest.raises(NotFound):
        service.decline(session, actor(world["other_buyer"]), q.id, DeclineReason.PRICE)
    flows.decline(session, actor(world["buyer"]), q.id, DeclineReason.LEAD_TIME, "We need it in 2 weeks")
    seen = service.list_quotations(session, actor(world["chairs"]), world["demand"].id)[0]
    assert (seen.status, seen.decline_reason, seen.decline_note) == (
        QuotationStatus.DECLINED, DeclineReason.LEAD_TIME, "We need it in 2 weeks")
    note = session.query(Notification).filter_by(user_id=world["chairs"].id, kind="quotation_declined").one()
    assert note.payload["reason"] == "lead_time"


def test_third_parties_see_nothing(session, world):
    q = quote(session, world)
    for who in ("other_buyer", "wigs", "provider"):
        with pytest.raises(NotFound):
            service.get_quotation(session, actor(world[who]), q.id)
        with pytest.raises(NotFound):
            service.conversation_of_quotation(session, actor(world[who]), q.id)
    assert service.list_quotations(session, actor(world["wigs"]), world["demand"].id) == []
    with pytest.raises(NotFound):
        service.list_quotations(session, actor(world["other_buyer"]), world["demand"].id)


# ----- comparison -----------------------------------------------------------------------------------------

def test_the_comparison_puts_a_cheaper_exw_quote_behind_a_dearer_ddp_one(session, world):
    exw = quote(session, world, "chairs", product_id=world["chair"].id, incoterm="EXW", unit_price=D("100"))
    other = factories.enterprise(session, certifications=["ISO 9001"])
    member = factories.user(session, "enterprise", enterprise_id=other.id)
    ddp = service.submit_quotation(session, actor(member), world["demand"].id,
                                   offer(incoterm="DDP", unit_price=D("190")))
    rows = service.compare_quotations(session, actor(world["buyer"]), world["demand"].id)
    assert [r.quotation.id for r in rows] == [ddp.id, exw.id]
    assert rows[0].landed_cost.amount == D("190.00") < rows[1].landed_cost.amount
    assert rows[1].price.unit_price == D("100") and rows[1].supplier.certifications == ["BIFMA", "ISO 9001"]
    by_price = service.compare_quotations(session, actor(world["buyer"]), world["demand"].id, sort="price")
    assert [r.quotation.id for r in by_price] == [exw.id, ddp.id]


# ----- threads --------------------------------------------------------------------------------------------

def test_contacts_stay_hidden_until_the_buyer_discloses_them(session, world):
    q = quote(session, world)
    chairs, buyer = actor(world["chairs"]), actor(world["buyer"])
    thread = service.conversation_of_quotation(session, chairs, q.id)
    flows.post_message(session, chairs, thread.id, "Call me on +86 532 8888 1234 or sales@chairs.example.cn")
    flows.post_message(session, buyer, thread.id, "Thanks, my email is jane@ohio.example.com")
    _, seen_by_buyer = service.read_messages(session, buyer, thread.id)
    assert "8888" not in seen_by_buyer[0].text and "chairs.example.cn" not in seen_by_buyer[0].text
    assert seen_by_buyer[1].text.endswith("jane@ohio.example.com")  # its own message, as written
    _, seen_by_enterprise = service.read_messages(session, chairs, thread.id)
    assert "jane@ohio.example.com" not in seen_by_enterprise[1].text
    assert service.thread_contacts(thread, Side.ENTERPRISE) == (None, None)
    with pytest.raises(Forbidden):
        service.disclose_contacts(session, chairs, thread.id)
    flows.disclose_contacts(session, buyer, thread.id)
    _, after = service.read_messages(session, chairs, thread.id)
    assert after[1].text.endswith("jane@ohio.example.com")
    buyer_contact, enterprise_contact = service.thread_contacts(thread, Side.ENTERPRISE)
    assert buyer_contact.email == "jane@ohio.example.com" and enterprise_contact is None


def test_unread_counts_per_side(session, world):
    q = quote(session, world)
    chairs, buyer = actor(world["chairs"]), actor(world["buyer"])
    thread = service.conversation_of_quotation(session, chairs, q.id)
    flows.post_message(session, chairs, thread.id, "Samples ready in 7 days")
    flows.post_message(session, chairs, thread.id, "Photos attached")
    assert service.unread_count(session, buyer) == 2 and service.unread_count(session, chairs) == 0
    assert service.list_conversations(session, buyer).items[0].unread == 2
    service.read_messages(session, buyer, thread.id)
    assert service.unread_count(session, buyer) == 0
    assert session.query(Notification).filter_by(user_id=world["buyer"].id, kind="trade_message").count() == 2


def test_the_operator_reads_a_thread_only_once_reported_and_may_suspend_a_side(session, world):
    q = quote(session, world)
    chairs, operator = actor(world["chairs"]), actor(world["operator"])
    thread = service.conversation_of_quotation(session, chairs, q.id)
    flows.post_message(session, chairs, thread.id, "Pay to my personal account")
    with pytest.raises(NotFound):
        service.read_messages(session, operator, thread.id)
    assert service.list_conversations(session, operator).items == []
    flows.report_conversation(session, actor(world["buyer"]), thread.id, ReportReason.FRAUD, "asks for payment")
    assert session.query(Notification).filter_by(user_id=world["operator"].id,
                                                 kind="trade_thread_reported").count() == 1
    _, views = service.read_messages(session, operator, thread.id)
    assert views[0].text == "Pay to my personal account"
    assert [s.conversation.id for s in service.list_conversations(session, operator).items] == [thread.id]
    with pytest.raises(Forbidden):
        service.post_message(session, operator, thread.id, "hello")
    assert flows.suspend_side(session, operator, thread.id, Side.ENTERPRISE) == 1
    assert session.get(User, world["chairs"].id).status == UserStatus.DISABLED


def test_an_accepted_match_opens_a_thread_with_contacts_shared(session, world):
    match = DemandMatch(demand_id=world["demand"].id, product_id=world["wig"].id, enterprise_id=world["wigs_co"].id,
                        score=0.9, reasons=[], rank=1, status=MatchStatus.PROPOSED)
    session.add(match)
    session.flush()
    with pytest.raises(ValidationFailed):
        service.open_for_match(session, actor(world["buyer"]), match.id)
    with pytest.raises(NotFound):
        service.open_for_match(session, actor(world["chairs"]), match.id)
    match.status = MatchStatus.ACCEPTED
    session.flush()
    thread = flows.open_for_match(session, actor(world["wigs"]), match.id)
    assert thread.opened_by.value == "match" and thread.contacts_disclosed


# ----- deals ----------------------------------------------------------------------------------------------

def test_deal_stages_move_by_the_right_side_and_are_time_stamped(session, world):
    q = quote(session, world, product_id=world["chair"].id, tiers=[TierIn(min_quantity=100, unit_price=D("95"))])
    buyer, chairs = actor(world["buyer"]), actor(world["chairs"])
    with pytest.raises(Forbidden):
        service.open_deal(session, chairs, q.id, DealIn())
    deal = flows.open_deal(session, buyer, q.id, DealIn(stage="sample_requested"))
    assert q.status is QuotationStatus.ACCEPTED and deal.stage is DealStage.SAMPLE_REQUESTED
    with pytest.raises(ValidationFailed, match="already started"):
        service.open_deal(session, buyer, q.id, DealIn())
    with pytest.raises(ValidationFailed, match="can no longer be revised"):
        quote(session, world)
    with pytest.raises(Forbidden):  # the enterprise sends the sample, not the buyer
        service.move_deal(session, buyer, deal.id, StageIn(stage="sample_sent"))
    with pytest.raises(ValidationFailed, match="cannot move"):
        service.move_deal(session, chairs, deal.id, StageIn(stage="shipped"))
    with pytest.raises(NotFound):
        service.move_deal(session, actor(world["wigs"]), deal.id, StageIn(stage="sample_sent"))
    flows.move_deal(session, chairs, deal.id, StageIn(stage="sample_sent"))
    with pytest.raises(Forbidden):  # approving is the buyer's
        service.move_deal(session, chairs, deal.id, StageIn(stage="sample_approved"))
    flows.move_deal(session, buyer, deal.id, StageIn(stage="sample_approved"))
    deal = flows.move_deal(session, buyer, deal.id, StageIn(stage="order_placed", customs_mode="9710"))
    assert (deal.quantity, deal.value, deal.currency) == (100, D("9500.00"), "USD")  # the 100-unit tier
    assert deal.expected_ship_date == TODAY + dt.timedelta(days=30) and deal.customs_mode.value == "9710"
    assert world["demand"].status is DemandStatus.MATCHED
    flows.move_deal(session, chairs, deal.id, StageIn(stage="shipped"))
    deal = flows.move_deal(session, buyer, deal.id, StageIn(stage="completed"))
    assert [(e.from_stage, e.to_stage, e.by_side) for e in deal.events] == [
        (None, DealStage.SAMPLE_REQUESTED, Side.BUYER),
        (DealStage.SAMPLE_REQUESTED, DealStage.SAMPLE_SENT, Side.ENTERPRISE),
        (DealStage.SAMPLE_SENT, DealStage.SAMPLE_APPROVED, Side.BUYER),
        (DealStage.SAMPLE_APPROVED, DealStage.ORDER_PLACED, Side.BUYER),
        (DealStage.ORDER_PLACED, DealStage.SHIPPED, Side.ENTERPRISE),
        (DealStage.SHIPPED, DealStage.COMPLETED, Side.BUYER),
    ]
    assert all(e.at is not None for e in deal.events)
    assert service.completed_deal_counts(session, [world["chairs_co"].id]) == {world["chairs_co"].id: 1}
    kinds = [n.payload["stage"] for n in session.query(Notification).filter_by(
        user_id=world["chairs"].id, kind="deal_stage").order_by(Notification.id)]
    assert kinds == ["sample_requested", "sample_approved", "order_placed", "completed"]


def test_a_lost_deal_needs_a_reason(session, world):
    q = quote(session, world)
    deal = flows.open_deal(session, actor(world["buyer"]), q.id, DealIn())
    with pytest.raises(ValidationFailed, match="why"):
        service.move_deal(session, actor(world["chairs"]), deal.id, StageIn(stage="lost"))
    deal = flows.move_deal(session, actor(world["chairs"]), deal.id,
                           StageIn(stage="lost", lost_reason="no_response", note="buyer silent"))
    assert (deal.stage, deal.lost_reason, deal.lost_note) == (DealStage.LOST, LostReason.NO_RESPONSE, "buyer silent")
    assert deal.stage.is_closed and service.next_stages_for(deal, Side.BUYER) == []


# ----- responsiveness and outcomes ------------------------------------------------------------------------

def test_response_rate_counts_first_replies_within_a_day(session, world):
    now = utcnow()
    quick, slow, ignored = (factories.demand(session, world["buyer_co"], required_certifications=[]) for _ in range(3))
    for demand, hours_ago in ((quick, 50), (slow, 80), (ignored, 60)):
        session.add(DemandMatch(demand_id=demand.id, product_id=world["wig"].id, enterprise_id=world["wigs_co"].id,
                                score=0.8, reasons=[{"code": "matched_terms", "kind": "fit"}], rank=1,
                                created_at=now - dt.timedelta(hours=hours_ago)))
    session.flush()
    wigs = actor(world["wigs"])
    first = service.submit_quotation(session, wigs, quick.id, offer())
    first.created_at = now - dt.timedelta(hours=48)  # 2 h after the fit
    second = service.submit_quotation(session, wigs, slow.id, offer())
    second.created_at = now - dt.timedelta(hours=30)  # 50 h after the fit
    session.flush()
    stats = service.enterprise_response_stats(session, [world["wigs_co"].id], now=now)[world["wigs_co"].id]
    assert (stats.fits, stats.answered_in_time, stats.answered) == (3, 1, 2)
    assert stats.rate == pytest.approx(1 / 3) and stats.median_hours == pytest.approx(26.0)


def test_outcomes_count_talks_intentions_and_signed_value(session, world):
    buyer = actor(world["buyer"])
    q1 = quote(session, world, "chairs", unit_price=D("100"))
    q2 = quote(session, world, "wigs", currency="EUR", unit_price=D("50"))
    quote(session, world, "pending")
    d1 = flows.open_deal(session, buyer, q1.id, DealIn(stage="sample_requested"))
    flows.move_deal(session, actor(world["chairs"]), d1.id, StageIn(stage="sample_sent"))
    flows.move_deal(session, buyer, d1.id, StageIn(stage="sample_approved"))
    flows.open_deal(session, buyer, q2.id, DealIn(stage="order_placed", quantity=200, value=D("10000")))
    result = service.outcomes(session, actor(world["operator"]))
    total = result.total
    assert (total.talks, total.intentions, total.signed) == (3, 1, 1)
    assert total.signed_value_usd > D("10000") and total.signed_value_cny > total.signed_value_usd * 6
    us = result.by_market["US"]
    assert (us.talks, us.intentions, us.signed) == (3, 1, 1)
    assert result.by_belt[world["belt"].id].signed == 1  # the wig maker is in the belt
    assert result.by_belt[world["belt"].id].intentions == 0
    # an enterprise sees its own outcomes only
    mine = service.outcomes(session, actor(world["chairs"])).total
    assert (mine.talks, mine.intentions, mine.signed) == (1, 1, 0)
    with pytest.raises(Forbidden):
        service.outcomes(session, buyer)
    # another period holds nothing
    empty = service.outcomes(session, actor(world["operator"]), period_from="2020-01", period_to="2020-12").total
    assert (empty.talks, empty.intentions, empty.signed) == (0, 0, 0)
    with pytest.raises(ValidationFailed):
        service.outcomes(session, actor(world["operator"]), period_from="2020-13")


def test_outcomes_by_month_count_each_outcome_once_in_the_month_it_happened(session, world):
    buyer = actor(world["buyer"])
    q1 = quote(session, world, "chairs", unit_price=D("100"))
    deal = flows.open_deal(session, buyer, q1.id, DealIn(stage="sample_requested"))
    flows.move_deal(session, actor(world["chairs"]), deal.id, StageIn(stage="sample_sent"))
    flows.move_deal(session, buyer, deal.id, StageIn(stage="sample_approved"))
    this_month = dt.date.today().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    first_move = session.scalars(select(DealEvent).where(DealEvent.deal_id == deal.id)
                                 .order_by(DealEvent.at, DealEvent.id)).first()
    first_move.at = dt.datetime.combine(last_month, dt.time(12))  # the sample was asked for last month
    session.flush()
    result = service.outcomes(session, actor(world["operator"]))
    assert result.by_month[last_month.strftime("%Y-%m")].intentions == 1
    assert this_month.strftime("%Y-%m") not in result.by_month or \
        result.by_month[this_month.strftime("%Y-%m")].intentions == 0  # the approval is the same intention
    assert sum(m.talks for m in result.by_month.values()) == result.total.talks
    assert sum(m.intentions for m in result.by_month.values()) == result.total.intentions == 1


def test_feedback_tells_why_quotations_lose_by_market(session, world):
    buyer = actor(world["buyer"])
    q = quote(session, world, "chairs")
    flows.decline(session, buyer, q.id, DeclineReason.PRICE)
    rows = service.enterprise_feedback(session, actor(world["chairs"]))
    assert [(r.country, r.quoted, r.declined) for r in rows] == [("US", 1, {"price": 1})]


def _meeting(session, world, buyer_co, enterprise_co):
    event = Event(name_zh="胶州假发对接会", name_en="Jiaozhou wig matchmaking", starts_on=TODAY, ends_on=TODAY,
                  tables=4, slot_minutes=20, day_start="09:00", day_end="12:00")
    session.add(event)
    session.flush()
    slot = EventSlot(event_id=event.id, position=1, starts_at=dt.datetime.combine(TODAY, dt.time(9)),
                     ends_at=dt.datetime.combine(TODAY, dt.time(9, 20)))
    buyer_side = EventRegistration(event_id=event.id, side="buyer", buyer_id=buyer_co.id, status="approved")
    enterprise_side = EventRegistration(event_id=event.id, side="enterprise", enterprise_id=enterprise_co.id,
                                        status="approved")
    session.add_all([slot, buyer_side, enterprise_side])
    session.flush()
    meeting = EventMeeting(event_id=event.id, slot_id=slot.id, table_number=1, buyer_registration_id=buyer_side.id,
                           enterprise_registration_id=enterprise_side.id)
    session.add(meeting)
    session.flush()
    return event, meeting


def test_threads_and_deals_from_an_event_meeting_count_by_event(session, world):
    event, meeting = _meeting(session, world, world["buyer_co"], world["chairs_co"])
    buyer = actor(world["buyer"])
    q = quote(session, world, "chairs")
    thread = service.conversation_of_quotation(session, buyer, q.id)
    flows.link_event(session, buyer, conversation_id=thread.id, event_id=None, event_meeting_id=meeting.id)
    assert thread.event_id == event.id
    deal = flows.open_deal(session, buyer, q.id, DealIn(stage="sample_requested", event_meeting_id=meeting.id))
    assert (deal.event_id, deal.event_meeting_id) == (event.id, meeting.id)
    wigs_q = quote(session, world, "wigs")
    with pytest.raises(ValidationFailed, match="not between"):
        flows.open_deal(session, buyer, wigs_q.id, DealIn(event_meeting_id=meeting.id))
    with pytest.raises(ValidationFailed, match="No such event"):
        flows.open_deal(session, buyer, wigs_q.id, DealIn(event_id=event.id + 99))
    with pytest.raises(NotFound):
        flows.link_event(session, actor(world["wigs"]), conversation_id=thread.id, event_id=event.id)
    result = service.outcomes(session, actor(world["operator"]), event_id=event.id)
    assert (result.total.talks, result.total.intentions, result.total.signed) == (1, 1, 0)
    assert result.by_event[event.id].talks == 1


def test_an_attachment_whose_transaction_rolls_back_leaves_no_file(session, world, tmp_path):
    """The file is written before the row is committed: a rollback removes it again, a commit keeps it."""
    tmp_path = tmp_path / "data"  # the test database lives in tmp_path itself
    q = quote(session, world)
    session.commit()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    service.add_attachment(session, actor(world["chairs"]), tmp_path, file_name="spec.pdf", content=pdf,
                           quotation_id=q.id)
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1
    session.rollback()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    kept = service.add_attachment(session, actor(world["chairs"]), tmp_path, file_name="spec.pdf", content=pdf,
                                  quotation_id=q.id)
    session.commit()
    assert (tmp_path / kept.stored_path).read_bytes() == pdf
    session.rollback()  # a later rollback does not touch a committed file
    assert (tmp_path / kept.stored_path).is_file()
