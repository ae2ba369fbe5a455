"""The event, registration, request and meeting states: their stored values, rules and labels."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from chuhai import i18n
from chuhai.events.models import Event
from chuhai.events.states import (
    EventMode,
    EventStatus,
    MeetingStatus,
    RegistrationStatus,
    RequestStatus,
    Side,
)

STATES = (EventMode, EventStatus, MeetingStatus, RegistrationStatus, RequestStatus, Side)


def test_values_are_the_strings_stored_before_the_enums():
    assert [s.value for s in EventStatus] == ["open", "scheduled", "published", "closed"]
    assert [s.value for s in RegistrationStatus] == ["pending", "approved", "rejected", "cancelled", "no_show"]
    assert [s.value for s in RequestStatus] == ["pending", "accepted", "declined"]
    assert [s.value for s in MeetingStatus] == ["scheduled", "confirmed", "held", "no_show", "cancelled"]
    assert EventStatus.OPEN == "open" and f"{Side.BUYER}_{RegistrationStatus.NO_SHOW}" == "buyer_no_show"


def test_every_state_has_a_translated_label():
    catalog = i18n.catalog("zh_CN")
    for enum in STATES:
        for state in enum:
            assert state.label in catalog, state


def test_the_rules():
    assert [s for s in EventStatus if s.can_register] == [EventStatus.OPEN, EventStatus.SCHEDULED]
    assert [s for s in EventStatus if s.agendas_visible] == [EventStatus.PUBLISHED, EventStatus.CLOSED]
    assert [s for s in EventStatus if s.can_publish] == [EventStatus.SCHEDULED]
    assert not EventStatus.CLOSED.can_schedule
    assert RegistrationStatus.withdrawn() == (RegistrationStatus.CANCELLED, RegistrationStatus.NO_SHOW)
    assert [s for s in RegistrationStatus if s.at_check_in] == [RegistrationStatus.APPROVED,
                                                                 *RegistrationStatus.withdrawn()]
    assert MeetingStatus.active() == (MeetingStatus.SCHEDULED, MeetingStatus.CONFIRMED, MeetingStatus.HELD)
    assert [s for s in MeetingStatus if s.is_kept] == [MeetingStatus.CONFIRMED, MeetingStatus.HELD]
    assert [s for s in RequestStatus if s.is_live] == [RequestStatus.PENDING, RequestStatus.ACCEPTED]
    assert Side.BUYER.other is Side.ENTERPRISE and Side.ENTERPRISE.other is Side.BUYER


def test_the_columns_read_back_as_the_enums(session):
    session.add(Event(name_zh="对接会", name_en="Meetings", starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 8),
                      mode="online", tables=2, slot_minutes=20, day_start="09:00", day_end="10:00",
                      status="published"))
    session.flush()
    session.expire_all()
    event = session.scalar(select(Event))
    assert event.status is EventStatus.PUBLISHED and event.mode is EventMode.ONLINE
    assert session.scalar(select(Event.id).where(Event.status == "published")) == event.id
