"""The event service: registration and approval, requests, scheduling, publishing, rescheduling, role checks."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from chuhai.accounts.principal import Principal
from chuhai.errors import Conflict, Forbidden, NotFound
from chuhai.events import agendas, clock, meeting_requests, outbox, participation, scheduling, service
from chuhai.events.models import EventMeeting
from chuhai.events.schemas import AvailabilityIn, EventIn, RegistrationIn, RequestIn
from chuhai.mail.models import MailMessage
from chuhai.types import RoleCode
from tests import factories


def _principal(user, role: RoleCode) -> Principal:
    return Principal(user_id=user.id, role=role, display_name=user.display_name, enterprise_id=user.enterprise_id,
                     buyer_id=user.buyer_id)


@pytest.fixture
def world(session):
    """An operator, two buyers and two enterprises (with accounts), and an event of 4 slots × 2 tables."""
    operator = _principal(factories.user(session, "operator"), RoleCode.OPERATOR)
    buyers, enterprises = [], []
    for i in range(2):
        buyer = factories.buyer(session)
        factories.demand(session, buyer, category="wigs")
        buyers.append(_principal(factories.user(session, "buyer", buyer_id=buyer.id, locale="en"), RoleCode.BUYER))
        enterprise = factories.enterprise(session)
        factories.product(session, enterprise, category="wigs" if i == 0 else "furniture")
        enterprises.append(_principal(factories.user(session, "enterprise", enterprise_id=enterprise.id),
                                      RoleCode.ENTERPRISE))
    event = service.create_event(session, operator, EventIn(
        name_zh="胶州发制品国际精准采购对接会", name_en="Jiaozhou Wig Sourcing Meetings", starts_on=date(2026, 12, 8),
        ends_on=date(2026, 12, 8), venue="胶州国际会展中心", tables=2, slot_minutes=20, day_start="09:00",
        day_end="10:40", breaks=["10:00-10:20"], categories=["wigs"]))
    return operator, buyers, enterprises, event


def _register_all(session, world):
    operator, buyers, enterprises, event = world
    registrations = {}
    for actor in buyers + enterprises:
        registration = participation.register(session, actor, event.id, RegistrationIn())
        participation.decide_registration(session, operator, event.id, registration.id, approve=True)
        registrations[actor] = registration
    return registrations


def test_an_event_gets_its_slots(world):
    event = world[3]
    assert [slot.label[-11:] for slot in event.slots] == ["09:00–09:20", "09:20–09:40", "09:40–10:00", "10:20–10:40"]


def test_registration_waits_for_the_operator_and_approval_is_emailed(session, world):
    operator, buyers, enterprises, event = world
    registration = participation.register(session, buyers[0], event.id, RegistrationIn(representatives=2))
    assert registration.status == "pending" and registration.side == "buyer"
    with pytest.raises(Conflict):
        participation.register(session, buyers[0], event.id, RegistrationIn())
    with pytest.raises(Forbidden):
        participation.decide_registration(session, enterprises[0], event.id, registration.id, approve=True)
    participation.decide_registration(session, operator, event.id, registration.id, approve=True)
    assert registration.status == "approved"
    emails = session.scalars(select(MailMessage).where(MailMessage.topic == "registration_approved")).all()
    assert len(emails) == 1 and emails[0].to_email.startswith("buyer")
    assert emails[0].subject == "Registration approved: Jiaozhou Wig Sourcing Meetings"


def test_a_cancelled_registration_can_register_again_and_waits_for_approval(session, world):
    operator, _buyers, enterprises, event = world
    registration = participation.register(session, enterprises[0], event.id, RegistrationIn())
    participation.decide_registration(session, operator, event.id, registration.id, approve=True)
    participation.cancel_registration(session, enterprises[0], event.id, registration.id)
    again = participation.register(session, enterprises[0], event.id, RegistrationIn(representatives=3))
    assert again.id == registration.id and again.status == "pending" and again.representatives == 3


def test_a_meeting_the_operator_cancelled_is_not_planned_again(session, world):
    operator, buyers, enterprises, event = world
    regs = _register_all(session, world)
    _agree(session, world, regs, buyers[0], enterprises[0])
    scheduling.schedule(session, operator, event.id, time_limit=5)
    scheduling.publish(session, operator, event.id)
    meeting = agendas.meetings(session, operator, event.id)[0]
    agendas.set_meeting_status(session, operator, event.id, meeting.id, "cancelled")
    scheduling.schedule(session, operator, event.id, time_limit=5)
    assert [m.status for m in agendas.meetings(session, operator, event.id)] == ["cancelled"]


def test_a_provider_cannot_register(session, world):
    provider = Principal(user_id=None, role=RoleCode.PROVIDER)
    with pytest.raises(Forbidden):
        participation.register(session, provider, world[3].id, RegistrationIn())


def test_requests_need_an_approved_registration_and_the_receiver_answers(session, world):
    _operator, buyers, enterprises, event = world
    registrations = _register_all(session, world)
    target = registrations[enterprises[0]]
    request = meeting_requests.send_request(session, buyers[0], event.id,
                                            RequestIn(to_registration_id=target.id, priority=3))
    assert session.scalar(select(MailMessage).where(MailMessage.topic == "request_received")) is not None
    with pytest.raises(Conflict):
        meeting_requests.send_request(session, buyers[0], event.id, RequestIn(to_registration_id=target.id))
    with pytest.raises(Forbidden):  # the sender cannot accept its own request
        meeting_requests.respond(session, buyers[0], event.id, request.id, accept=True)
    with pytest.raises(NotFound):  # another enterprise cannot see it
        meeting_requests.respond(session, enterprises[1], event.id, request.id, accept=True)
    meeting_requests.respond(session, enterprises[0], event.id, request.id, accept=True)
    assert request.status == "accepted"
    accepted = session.scalar(select(MailMessage).where(MailMessage.topic == "request_accepted"))
    assert accepted.to_email.startswith("buyer")  # in the buyer's language, naming the enterprise in English
    assert "Qingdao Test Hair Products" in accepted.body_text and "Jiaozhou Wig Sourcing Meetings" in accepted.subject
    received = session.scalar(select(MailMessage).where(MailMessage.topic == "request_received"))
    assert "洽谈" in received.body_text and "胶州发制品" in received.subject
    with pytest.raises(NotFound):  # buyers only request enterprises
        meeting_requests.send_request(session, buyers[0], event.id,
                             RequestIn(to_registration_id=registrations[buyers[1]].id))


def test_agreed_pairs_weigh_by_priority_and_mutual_requests_weigh_more(session, world):
    _operator, buyers, enterprises, event = world
    regs = _register_all(session, world)
    accepted = meeting_requests.send_request(session, buyers[0], event.id,
                                             RequestIn(to_registration_id=regs[enterprises[1]].id, priority=2))
    meeting_requests.respond(session, enterprises[1], event.id, accepted.id, accept=True)
    meeting_requests.send_request(session, buyers[1], event.id, RequestIn(to_registration_id=regs[enterprises[0]].id))
    meeting_requests.send_request(session, enterprises[0], event.id, RequestIn(to_registration_id=regs[buyers[1]].id))
    declined = meeting_requests.send_request(session, buyers[0], event.id,
                                    RequestIn(to_registration_id=regs[enterprises[0]].id, priority=3))
    meeting_requests.respond(session, enterprises[0], event.id, declined.id, accept=False)
    pending = meeting_requests.send_request(session, buyers[1], event.id,
                                            RequestIn(to_registration_id=regs[enterprises[1]].id))
    pairs = scheduling.schedulable_pairs(session, event)
    accepted_pair = (regs[buyers[0]].id, regs[enterprises[1]].id)
    mutual_pair = (regs[buyers[1]].id, regs[enterprises[0]].id)
    assert set(pairs) == {accepted_pair, mutual_pair}  # declined and pending requests are not meetings
    assert pairs[mutual_pair] > pairs[accepted_pair]
    assert pending.status == "pending"


def test_suggestions_rank_enterprises_that_make_what_the_buyer_wants(session, world):
    _operator, buyers, enterprises, event = world
    regs = _register_all(session, world)
    ranked = meeting_requests.suggestions(session, buyers[0], event.id)
    assert [s.registration.id for s in ranked] == [regs[enterprises[0]].id, regs[enterprises[1]].id]
    assert ranked[0].fit.shared_categories == ("wigs",)


def _agree(session, world, regs, buyer, enterprise, priority=2):
    request = meeting_requests.send_request(session, buyer, world[3].id,
                                   RequestIn(to_registration_id=regs[enterprise].id, priority=priority))
    meeting_requests.respond(session, enterprise, world[3].id, request.id, accept=True)


def _check_valid(event, meetings, regs_by_id):
    active = [m for m in meetings if m.status in ("scheduled", "confirmed", "held")]
    per_slot = Counter(m.slot_id for m in active)
    assert all(count <= event.tables for count in per_slot.values())
    assert len({(m.slot_id, m.table_number) for m in active}) == len(active)
    for side in ("buyer_registration_id", "enterprise_registration_id"):
        load = Counter((getattr(m, side), m.slot_id) for m in active)
        for (registration_id, slot_id), count in load.items():
            registration = regs_by_id[registration_id]
            assert count <= registration.representatives
            assert slot_id not in (registration.unavailable_slot_ids or [])
    assert len({(m.buyer_registration_id, m.enterprise_registration_id) for m in active}) == len(active)


def test_scheduling_produces_a_valid_schedule_and_publishing_notifies_everyone(session, world):
    operator, buyers, enterprises, event = world
    regs = _register_all(session, world)
    for buyer in buyers:
        for enterprise in enterprises:
            _agree(session, world, regs, buyer, enterprise)
    first_slot = event.slots[0].id
    participation.set_availability(session, buyers[0], event.id, regs[buyers[0]].id,
                             AvailabilityIn(unavailable_slot_ids=[first_slot]))
    with pytest.raises(Conflict):
        scheduling.publish(session, operator, event.id)
    result = scheduling.schedule(session, operator, event.id, time_limit=5)
    assert result.meetings == 4 and result.event.status == "scheduled"
    assert result.event.total_weight == pytest.approx(result.event.upper_bound)
    meetings = agendas.meetings(session, operator, event.id)
    _check_valid(event, meetings, {r.id: r for r in regs.values()})
    with pytest.raises(Forbidden):
        scheduling.schedule(session, buyers[0], event.id)

    # Before publishing, participants see an empty agenda; afterwards their own only.
    assert agendas.agenda(session, buyers[0], event.id, regs[buyers[0]].id)[2] == []
    scheduling.publish(session, operator, event.id)
    published = session.scalars(select(MailMessage).where(MailMessage.topic == "schedule_published")).all()
    assert len(published) == 4
    own = agendas.agenda(session, buyers[0], event.id, regs[buyers[0]].id)[2]
    assert len(own) == 2 and all(m.buyer_registration_id == regs[buyers[0]].id for m in own)
    with pytest.raises(NotFound):
        agendas.agenda(session, buyers[1], event.id, regs[buyers[0]].id)
    with pytest.raises(NotFound):
        agendas.agenda(session, enterprises[0], event.id, regs[buyers[0]].id)
    with pytest.raises(Forbidden):
        agendas.table_sheet(session, buyers[0], event.id, 1)
    assert len(agendas.agenda(session, operator, event.id, regs[buyers[0]].id)[2]) == 2


def test_representatives_hold_meetings_in_parallel(session, world):
    operator, buyers, enterprises, event = world
    regs = _register_all(session, world)
    busy = regs[enterprises[0]]
    participation.set_availability(session, enterprises[0], event.id, busy.id,
                             AvailabilityIn(unavailable_slot_ids=[s.id for s in event.slots[1:]], representatives=2))
    for buyer in buyers:
        _agree(session, world, regs, buyer, enterprises[0])
    scheduling.schedule(session, operator, event.id, time_limit=5)
    meetings = agendas.meetings(session, operator, event.id)
    assert len(meetings) == 2 and {m.slot_id for m in meetings} == {event.slots[0].id}
    assert {m.table_number for m in meetings} == {1, 2}


def test_rescheduling_keeps_confirmed_meetings_and_drops_the_absent(session, world):
    operator, buyers, enterprises, event = world
    regs = _register_all(session, world)
    for buyer in buyers:
        for enterprise in enterprises:
            _agree(session, world, regs, buyer, enterprise)
    scheduling.schedule(session, operator, event.id, time_limit=5)
    scheduling.publish(session, operator, event.id)
    meetings = agendas.meetings(session, operator, event.id)
    confirmed = next(m for m in meetings if m.buyer_registration_id == regs[buyers[1]].id
                     and m.enterprise_registration_id == regs[enterprises[1]].id)
    agendas.set_meeting_status(session, operator, event.id, confirmed.id, "confirmed")
    kept_place = (confirmed.slot_id, confirmed.table_number)
    absent = regs[buyers[0]]
    participation.cancel_registration(session, operator, event.id, absent.id, no_show=True)
    with pytest.raises(Forbidden):  # only the operator marks someone absent
        participation.cancel_registration(session, buyers[1], event.id, regs[buyers[1]].id, no_show=True)

    before = session.scalar(select(MailMessage.id).order_by(MailMessage.id.desc()))
    result = scheduling.schedule(session, operator, event.id, time_limit=5)
    after = agendas.meetings(session, operator, event.id)
    live = [m for m in after if m.status in ("scheduled", "confirmed", "held")]
    assert all(m.buyer_registration_id != absent.id for m in live)
    assert {m.status for m in after if m.buyer_registration_id == absent.id} == {"cancelled"}
    still = next(m for m in live if m.id == confirmed.id)
    assert (still.slot_id, still.table_number) == kept_place and still.status == "confirmed"
    assert len(live) == 2
    _check_valid(event, after, {r.id: r for r in regs.values()})
    rescheduled = session.scalars(select(MailMessage).where(MailMessage.topic == "rescheduled",
                                                            MailMessage.id > before)).all()
    assert absent.id in result.changed_registrations and rescheduled


def test_rescheduling_from_a_slot_keeps_the_past(session, world):
    operator, buyers, enterprises, event = world
    regs = _register_all(session, world)
    for buyer in buyers:
        for enterprise in enterprises:
            _agree(session, world, regs, buyer, enterprise)
    scheduling.schedule(session, operator, event.id, time_limit=5)
    scheduling.publish(session, operator, event.id)
    first = {m.id: (m.slot_id, m.table_number) for m in agendas.meetings(session, operator, event.id)
             if m.slot_id == event.slots[0].id}
    participation.cancel_registration(session, enterprises[0], event.id, regs[enterprises[0]].id)
    scheduling.schedule(session, operator, event.id, from_slot_id=event.slots[1].id, time_limit=5)
    after = {m.id: m for m in agendas.meetings(session, operator, event.id)}
    for meeting_id, place in first.items():  # what already happened stays, even with the cancelled enterprise
        assert (after[meeting_id].slot_id, after[meeting_id].table_number) == place
        assert after[meeting_id].status == "scheduled"
    later = [m for m in after.values() if m.slot_id != event.slots[0].id and m.status != "cancelled"]
    assert all(m.enterprise_registration_id != regs[enterprises[0]].id for m in later)


def test_only_the_operator_reads_the_outbox(session, world):
    operator, buyers, _enterprises, _event = world
    _register_all(session, world)
    topics = [m.topic for m in outbox.list_outbox(session, operator).items]
    assert topics.count("registration_received") == 4 and topics.count("registration_approved") == 4
    with pytest.raises(Forbidden):
        outbox.list_outbox(session, buyers[0])


def test_schedule_without_participants_is_refused(session, world):
    with pytest.raises(Conflict):
        scheduling.schedule(session, world[0], world[3].id)
    assert session.scalar(select(EventMeeting.id)) is None


def test_the_demo_event_is_published_with_a_valid_schedule(session):
    from chuhai.demo.events import seed_demo_event
    from chuhai.demo.generator import generate
    from chuhai.demo.loader import load

    session.info["audit_disabled"] = True
    load(session, generate("small", 7))
    event = seed_demo_event(session)
    assert event is not None and event.status == "published"
    operator = Principal(user_id=None, role=RoleCode.OPERATOR)
    meetings = agendas.meetings(session, operator, event.id)
    registrations = participation.list_registrations(session, operator, event.id)
    assert len(meetings) >= 10 and event.upper_bound >= event.total_weight > 0
    _check_valid(event, meetings, {r.id: r for r in registrations})
    assert seed_demo_event(session) is None  # once
    assert event.starts_on >= date.today()  # the demo always has an event ahead, whenever it is loaded


def test_the_demo_event_day_moves_on_with_the_days_since_the_demos_now():
    from chuhai.demo.events import DEMO_EVENT_DAY
    from chuhai.demo.generator import TODAY
    from chuhai.demo.loader import kept_current

    assert kept_current(DEMO_EVENT_DAY, TODAY) == DEMO_EVENT_DAY
    assert kept_current(DEMO_EVENT_DAY, TODAY + timedelta(days=100)) == DEMO_EVENT_DAY + timedelta(days=100)


def test_times_are_the_venues_wall_clock():
    assert clock.local_time(datetime(2026, 12, 8, 1, 5)) == datetime(2026, 12, 8, 9, 5)


def test_a_meeting_limit_is_respected_and_a_closed_event_takes_nothing_more(session, world):
    operator, buyers, enterprises, event = world
    regs = _register_all(session, world)
    for enterprise in enterprises:
        _agree(session, world, regs, buyers[0], enterprise)
    participation.set_availability(session, buyers[0], event.id, regs[buyers[0]].id, AvailabilityIn(max_meetings=1))
    assert scheduling.schedule(session, operator, event.id, time_limit=5).meetings == 1
    reasons = {u["reason"] for u in service.get_event(session, operator, event.id).unscheduled}
    assert reasons == {"buyer max meetings reached"}
    service.close_event(session, operator, event.id)
    with pytest.raises(Conflict):
        scheduling.schedule(session, operator, event.id)
    with pytest.raises(Conflict):
        meeting_requests.send_request(session, buyers[1], event.id,
                                      RequestIn(to_registration_id=regs[enterprises[0]].id))
