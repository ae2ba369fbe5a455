"""Events themselves: create, list, read, close. Flushes, never commits.

The rest of the event logic, one module per concern (each takes a session and the acting `Principal`):
`participation` (registrations: who takes part), `meeting_requests` (suggestions, requests, answers),
`scheduling` (the engine's schedule into meetings, publishing, rescheduling), `agendas` (who meets whom
where, and the day's status changes), `outbox` (the e-mails they write) and `clock` (venue time).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import IndustrialBelt
from chuhai.errors import NotFound, ValidationFailed
from chuhai.events import repository
from chuhai.events.engine.timetable import generate_slots, parse_break, parse_clock
from chuhai.events.models import Event, EventSlot
from chuhai.events.schemas import EventIn
from chuhai.events.states import EventStatus
from chuhai.types import RoleCode

MAX_SLOTS = 400


def create_event(session: Session, actor: Principal, data: EventIn) -> Event:
    actor.require(RoleCode.OPERATOR)
    for code in data.belt_codes:
        if session.scalar(select(IndustrialBelt.id).where(IndustrialBelt.code == code)) is None:
            raise ValidationFailed("Unknown industrial belt.", details={"field": "belt_codes"})
    times = generate_slots(data.starts_on, data.ends_on, parse_clock(data.day_start), parse_clock(data.day_end),
                           data.slot_minutes, [parse_break(b) for b in data.breaks])
    if not times:
        raise ValidationFailed("These hours leave no time slot.", details={"field": "slot_minutes"})
    if len(times) > MAX_SLOTS:
        raise ValidationFailed("Too many time slots: use longer slots or fewer days.",
                               details={"field": "slot_minutes"})
    event = Event(**data.model_dump(), status=EventStatus.OPEN, created_by_id=actor.user_id, unscheduled=[])
    event.slots = [EventSlot(position=i, starts_at=start, ends_at=end) for i, (start, end) in enumerate(times)]
    session.add(event)
    session.flush()
    return event


def list_events(session: Session, actor: Principal) -> list[Event]:
    return repository.events(session)


def get_event(session: Session, actor: Principal, event_id: int) -> Event:
    event = repository.event(session, event_id)
    if event is None:
        raise NotFound("No such event.")
    return event


def close_event(session: Session, actor: Principal, event_id: int) -> Event:
    """After the event: no more registrations, requests or rescheduling."""
    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    event.status = EventStatus.CLOSED
    session.flush()
    return event
