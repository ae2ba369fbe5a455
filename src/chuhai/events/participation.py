"""Who takes part: registering, the operator's decision, availability, withdrawing, check-in.

A registration is a buyer's or an enterprise's place at one event; its states and their rules are
`chuhai.events.states.RegistrationStatus`. Flushes, never commits.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise
from chuhai.database import utcnow
from chuhai.demand.models import Buyer
from chuhai.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chuhai.events import repository
from chuhai.events.models import EventRegistration
from chuhai.events.outbox import write_email
from chuhai.events.schemas import AvailabilityIn, RegistrationIn
from chuhai.events.service import get_event
from chuhai.events.states import RegistrationStatus, Side
from chuhai.i18n import N_, pick
from chuhai.types import RoleCode


def participant_name(registration: EventRegistration) -> str:
    """The buyer's company, or the enterprise's name in the current language."""
    if registration.side.is_buyer:
        return registration.buyer.company if registration.buyer else f"#{registration.id}"
    enterprise = registration.enterprise
    return pick(enterprise.name_zh, enterprise.name_en) if enterprise else f"#{registration.id}"


def own_registration(session: Session, actor: Principal, event_id: int) -> EventRegistration | None:
    if actor.role == RoleCode.BUYER and actor.buyer_id:
        return repository.registration_of(session, event_id, buyer_id=actor.buyer_id)
    if actor.role == RoleCode.ENTERPRISE and actor.enterprise_id:
        return repository.registration_of(session, event_id, enterprise_id=actor.enterprise_id)
    return None


def _owns(actor: Principal, registration: EventRegistration) -> bool:
    return actor.owns_buyer(registration.buyer_id) or actor.owns_enterprise(registration.enterprise_id)


def get_registration(session: Session, actor: Principal, event_id: int, registration_id: int) -> EventRegistration:
    """The operator reads any registration; a member only its own (others' look like they do not exist)."""
    registration = repository.registration(session, registration_id)
    visible = registration is not None and (actor.is_operator or _owns(actor, registration))
    if not visible or registration.event_id != event_id:
        raise NotFound("No such registration.")
    return registration


def _party(session: Session, actor: Principal, data: RegistrationIn) -> tuple[int | None, int | None]:
    """(buyer id, enterprise id) of whom the actor registers: itself, or whom the operator names."""
    if actor.is_operator:
        buyer_id, enterprise_id = data.buyer_id, data.enterprise_id
        if (buyer_id is None) == (enterprise_id is None):
            raise ValidationFailed("Name either a buyer or an enterprise.", details={"field": "buyer_id"})
    elif actor.role == RoleCode.BUYER and actor.buyer_id:
        buyer_id, enterprise_id = actor.buyer_id, None
    elif actor.role == RoleCode.ENTERPRISE and actor.enterprise_id:
        buyer_id, enterprise_id = None, actor.enterprise_id
    else:
        raise Forbidden("Only buyers and enterprises take part in events.")
    if buyer_id is not None and session.get(Buyer, buyer_id) is None:
        raise NotFound("No such buyer.")
    if enterprise_id is not None and session.get(Enterprise, enterprise_id) is None:
        raise NotFound("No such enterprise.")
    return buyer_id, enterprise_id


def register(session: Session, actor: Principal, event_id: int, data: RegistrationIn) -> EventRegistration:
    event = get_event(session, actor, event_id)
    if not event.status.can_register:
        raise Conflict("Registration for this event is closed.")
    buyer_id, enterprise_id = _party(session, actor, data)
    existing = repository.registration_of(session, event_id, buyer_id=buyer_id, enterprise_id=enterprise_id)
    if existing is not None and existing.status.can_register_again:  # changed its mind: back to the operator
        existing.status = RegistrationStatus.PENDING
        existing.representatives, existing.note = data.representatives, data.note
        session.flush()
        return existing
    if existing is not None:
        raise Conflict("Already registered for this event.")
    registration = EventRegistration(
        event_id=event_id, side=Side.BUYER if buyer_id is not None else Side.ENTERPRISE, buyer_id=buyer_id,
        enterprise_id=enterprise_id, status=RegistrationStatus.PENDING, representatives=data.representatives,
        max_meetings=data.max_meetings, note=data.note, unavailable_slot_ids=[])
    session.add(registration)
    session.flush()
    registration = repository.registration(session, registration.id)
    write_email(session, registration, event, "registration_received", N_("Registration received: %(event)s"),
                N_("We received your registration for %(event)s (%(dates)s). The operator reviews it; you will get an "
                   "e-mail once it is approved."), key="new")
    return registration


def list_registrations(session: Session, actor: Principal, event_id: int,
                       status: str | None = None) -> list[EventRegistration]:
    """The operator sees everyone (or those in `status`); members see the approved participants (the
    event's directory)."""
    get_event(session, actor, event_id)
    if not actor.is_operator:
        return repository.registrations(session, event_id, statuses=(RegistrationStatus.APPROVED,))
    if not status:
        return repository.registrations(session, event_id)
    if status not in set(RegistrationStatus):  # no registration is in a state that does not exist
        return []
    return repository.registrations(session, event_id, statuses=(RegistrationStatus(status),))


def decide_registration(session: Session, actor: Principal, event_id: int, registration_id: int,
                        approve: bool) -> EventRegistration:
    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    registration = get_registration(session, actor, event_id, registration_id)
    was = registration.status
    registration.status = RegistrationStatus.APPROVED if approve else RegistrationStatus.REJECTED
    registration.decided_at = utcnow()
    session.flush()
    if approve and not was.is_approved:
        write_email(session, registration, event, "registration_approved", N_("Registration approved: %(event)s"),
                    N_("Your registration for %(event)s (%(dates)s) has been approved. Sign in to mark the slots "
                       "you cannot attend and to request meetings."), key=registration.decided_at.isoformat())
    return registration


def set_availability(session: Session, actor: Principal, event_id: int, registration_id: int,
                     data: AvailabilityIn) -> EventRegistration:
    event = get_event(session, actor, event_id)
    registration = get_registration(session, actor, event_id, registration_id)
    known = {slot.id for slot in event.slots}
    unknown = set(data.unavailable_slot_ids) - known
    if unknown:
        raise ValidationFailed("Unknown time slot.", details={"field": "unavailable_slot_ids"})
    registration.unavailable_slot_ids = sorted(set(data.unavailable_slot_ids))
    if data.representatives is not None:
        registration.representatives = data.representatives
    if "max_meetings" in data.model_fields_set:
        registration.max_meetings = data.max_meetings
    session.flush()
    return registration


def cancel_registration(session: Session, actor: Principal, event_id: int, registration_id: int,
                        no_show: bool = False) -> EventRegistration:
    """A participant withdraws (or the operator marks it absent); its future meetings are cancelled at the
    next reschedule, which keeps every confirmed or held meeting where it is."""
    registration = get_registration(session, actor, event_id, registration_id)
    if no_show:
        actor.require(RoleCode.OPERATOR)
    registration.status = RegistrationStatus.NO_SHOW if no_show else RegistrationStatus.CANCELLED
    session.flush()
    return registration


def check_in(session: Session, actor: Principal, event_id: int, registration_id: int) -> EventRegistration:
    actor.require(RoleCode.OPERATOR)
    registration = get_registration(session, actor, event_id, registration_id)
    if not registration.status.is_approved:
        raise Conflict("Only approved participants check in.")
    registration.checked_in_at = registration.checked_in_at or utcnow()
    session.flush()
    return registration
