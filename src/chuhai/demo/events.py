"""A published demo event built from the loaded demo data, through the event services (so it is audited
and valid).

`seed_demo_event(session)` is called by `chuhai demo` after the demo data is loaded: the
wig belt's verified enterprises meet overseas buyers who asked for wigs, so the demo buyer and the demo
wig enterprise find a published agenda. Pass their ids in `skip_buyer_ids` / `skip_enterprise_ids` to
leave them out and let a visitor walk the registration flow instead.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.principal import SYSTEM, Principal
from chuhai.catalog.models import Enterprise, IndustrialBelt, Product
from chuhai.demand.models import Buyer, Demand
from chuhai.demo.loader import kept_current
from chuhai.events import meeting_requests, participation, scheduling, service
from chuhai.events.models import Event
from chuhai.events.schemas import EventIn, RegistrationIn, RequestIn
from chuhai.events.states import EventMode
from chuhai.types import RoleCode, VerificationStatus

DEMO_EVENT_NAME_EN = "Jiaozhou Wigs International Sourcing Meetings"
DEMO_EVENT_DAY = date(2026, 12, 8)  # five weeks after the demo's "now"; moved on like its other future dates


def seed_demo_event(session: Session, *, category: str = "wigs", buyers: int = 12, enterprises: int = 8,
                    skip_buyer_ids: set[int] = frozenset(), skip_enterprise_ids: set[int] = frozenset(),
                    time_limit: float = 5.0, seeded_on: date | None = None) -> Event | None:
    """Create, fill, schedule and publish the demo event; None when the data has no such belt or buyers.
    Its day is DEMO_EVENT_DAY moved on by the days since the demo's "now" (`demo.loader.kept_current`),
    so the demo always has an event ahead."""
    day = kept_current(DEMO_EVENT_DAY, seeded_on or date.today())
    if session.scalar(select(Event.id).where(Event.name_en == DEMO_EVENT_NAME_EN)):
        return None
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
        name_zh="胶州发制品国际精准采购对接会", name_en=DEMO_EVENT_NAME_EN, starts_on=day,
        ends_on=day, mode=EventMode.ONSITE, venue="胶州国际会展中心 A 馆", tables=6, slot_minutes=20,
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
