"""An event to schedule: approved buyers and enterprises, each out for some slots, with agreed pairs."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.events import meeting_requests, participation, service
from chuhai.events.schemas import AvailabilityIn, EventIn, RegistrationIn, RequestIn
from chuhai.types import RoleCode
from tests import factories


def _principal(user, role: RoleCode) -> Principal:
    return Principal(user_id=user.id, role=role, display_name=user.display_name, enterprise_id=user.enterprise_id,
                     buyer_id=user.buyer_id)


def busy_event(session: Session, buyers: int = 6, enterprises: int = 6, requests_each: int = 3,
               tables: int = 4, unavailable: int = 2):
    """(operator user, event id): the pairs' priorities are random (seeded), so no schedule is obviously best."""
    rng = random.Random(16)
    operator_user = factories.user(session, "operator")
    operator = _principal(operator_user, RoleCode.OPERATOR)
    buyer_actors, enterprise_actors = [], []
    for _ in range(buyers):
        buyer = factories.buyer(session)
        buyer_actors.append(_principal(factories.user(session, "buyer", buyer_id=buyer.id), RoleCode.BUYER))
    for _ in range(enterprises):
        enterprise = factories.enterprise(session)
        enterprise_actors.append(_principal(factories.user(session, "enterprise", enterprise_id=enterprise.id),
                                            RoleCode.ENTERPRISE))
    event = service.create_event(session, operator, EventIn(
        name_zh="压力测试对接会", name_en="Busy Meetings", starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 8),
        venue="胶州", tables=tables, slot_minutes=20, day_start="09:00", day_end="12:00", categories=["wigs"]))
    registrations = {}
    for actor in buyer_actors + enterprise_actors:
        registration = participation.register(session, actor, event.id, RegistrationIn())
        participation.decide_registration(session, operator, event.id, registration.id, approve=True)
        registrations[actor.user_id] = registration
        slots = rng.sample([slot.id for slot in event.slots], unavailable)  # a busy day: some slots are out
        participation.set_availability(session, actor, event.id, registration.id,
                                       AvailabilityIn(unavailable_slot_ids=slots))
    for buyer in buyer_actors:
        for enterprise in rng.sample(enterprise_actors, requests_each):
            request = meeting_requests.send_request(session, buyer, event.id, RequestIn(
                to_registration_id=registrations[enterprise.user_id].id, priority=rng.randint(1, 3)))
            meeting_requests.respond(session, enterprise, event.id, request.id, accept=True)
    session.commit()
    return operator_user, event.id
