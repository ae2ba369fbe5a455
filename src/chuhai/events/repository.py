"""Event queries. Relationships are loaded here explicitly (the models default to lazy='raise')."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from chuhai.accounts.models import User
from chuhai.catalog.models import Enterprise, Product
from chuhai.demand.models import Demand
from chuhai.events.models import Event, EventMeeting, EventRegistration, EventSlot, MeetingRequest
from chuhai.types import RoleCode, UserStatus


def event(session: Session, event_id: int) -> Event | None:
    return session.scalar(select(Event).options(selectinload(Event.slots)).where(Event.id == event_id))


def events(session: Session, statuses: tuple[str, ...] | None = None) -> list[Event]:
    query = select(Event).order_by(Event.starts_on.desc(), Event.id.desc())
    if statuses:
        query = query.where(Event.status.in_(statuses))
    return list(session.scalars(query))


def _with_parties(query):
    return query.options(joinedload(EventRegistration.buyer),
                         joinedload(EventRegistration.enterprise).joinedload(Enterprise.belt))


def registrations(session: Session, event_id: int, *, side: str | None = None,
                  statuses: tuple[str, ...] | None = None) -> list[EventRegistration]:
    query = _with_parties(select(EventRegistration)).where(EventRegistration.event_id == event_id)
    if side:
        query = query.where(EventRegistration.side == side)
    if statuses:
        query = query.where(EventRegistration.status.in_(statuses))
    return list(session.scalars(query.order_by(EventRegistration.side, EventRegistration.id)).unique())


def registration(session: Session, registration_id: int) -> EventRegistration | None:
    query = _with_parties(select(EventRegistration)).where(EventRegistration.id == registration_id)
    return session.scalars(query).unique().first()


def registration_of(session: Session, event_id: int, *, buyer_id: int | None = None,
                    enterprise_id: int | None = None) -> EventRegistration | None:
    query = _with_parties(select(EventRegistration)).where(EventRegistration.event_id == event_id)
    if buyer_id is not None:
        query = query.where(EventRegistration.buyer_id == buyer_id)
    elif enterprise_id is not None:
        query = query.where(EventRegistration.enterprise_id == enterprise_id)
    else:
        return None
    return session.scalars(query).unique().first()


def requests(session: Session, event_id: int, registration_id: int | None = None) -> list[MeetingRequest]:
    query = (select(MeetingRequest).where(MeetingRequest.event_id == event_id)
             .options(joinedload(MeetingRequest.buyer_registration).joinedload(EventRegistration.buyer),
                      joinedload(MeetingRequest.enterprise_registration).joinedload(EventRegistration.enterprise))
             .order_by(MeetingRequest.id))
    if registration_id is not None:
        query = query.where((MeetingRequest.buyer_registration_id == registration_id)
                            | (MeetingRequest.enterprise_registration_id == registration_id))
    return list(session.scalars(query).unique())


def meeting_request(session: Session, request_id: int) -> MeetingRequest | None:
    return session.get(MeetingRequest, request_id)


def meetings(session: Session, event_id: int, *, registration_id: int | None = None,
             table: int | None = None) -> list[EventMeeting]:
    query = (select(EventMeeting).join(EventSlot, EventMeeting.slot_id == EventSlot.id)
             .where(EventMeeting.event_id == event_id)
             .options(joinedload(EventMeeting.slot),
                      joinedload(EventMeeting.buyer_registration).joinedload(EventRegistration.buyer),
                      joinedload(EventMeeting.enterprise_registration).joinedload(EventRegistration.enterprise)
                      .joinedload(Enterprise.belt))
             .order_by(EventSlot.position, EventMeeting.table_number))
    if registration_id is not None:
        query = query.where((EventMeeting.buyer_registration_id == registration_id)
                            | (EventMeeting.enterprise_registration_id == registration_id))
    if table is not None:
        query = query.where(EventMeeting.table_number == table)
    return list(session.scalars(query).unique())


def meeting(session: Session, meeting_id: int) -> EventMeeting | None:
    return session.get(EventMeeting, meeting_id)


def buyer_categories(session: Session, buyer_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    if buyer_ids:
        rows = session.execute(select(Demand.buyer_id, Demand.category).distinct()
                               .where(Demand.buyer_id.in_(buyer_ids), Demand.category.is_not(None)))
        for buyer_id, category in rows:
            found[buyer_id].add(category)
    return found


def enterprise_categories(session: Session, enterprise_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    if enterprise_ids:
        rows = session.execute(select(Product.enterprise_id, Product.category).distinct()
                               .where(Product.enterprise_id.in_(enterprise_ids), Product.status == "active"))
        for enterprise_id, category in rows:
            found[enterprise_id].add(category)
    return found


def member_users(session: Session, registration: EventRegistration) -> list[User]:
    """The active accounts that speak for a registered buyer or enterprise."""
    query = select(User).where(User.status == UserStatus.ACTIVE).order_by(User.id)
    if registration.buyer_id is not None:
        query = query.where(User.buyer_id == registration.buyer_id, User.role == RoleCode.BUYER)
    else:
        query = query.where(User.enterprise_id == registration.enterprise_id, User.role == RoleCode.ENTERPRISE)
    return list(session.scalars(query))
