"""Scheduling an event: its agreed pairs and records into the engine's instance, the engine's meetings back
into rows, publishing, and rescheduling after a cancellation. Flushes, never commits.

The schedule itself comes from the pure engine `chuhai.events.engine`; this module turns the event's
records into the engine's instance (participants keyed "r<registration id>", slots "s<slot id>") and the
engine's meetings back into rows. After publishing, a schedule run is a reschedule: confirmed and held
meetings stay where they are, and everyone whose agenda changed gets an e-mail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.database import utcnow
from chuhai.errors import Conflict, ValidationFailed
from chuhai.events import repository
from chuhai.events.engine import InstanceError, Meeting, Schedule, parse_event, reschedule
from chuhai.events.engine.weights import pair_weight
from chuhai.events.meeting_requests import pair_fit
from chuhai.events.models import Event, EventMeeting, EventRegistration, MeetingRequest
from chuhai.events.outbox import write_email
from chuhai.events.service import get_event
from chuhai.events.states import EventStatus, MeetingStatus, RegistrationStatus, RequestStatus
from chuhai.i18n import N_
from chuhai.types import RoleCode

# One row of an agenda: (slot id, table, buyer registration id, enterprise registration id).
AgendaEntry = tuple[int, int, int, int]


@dataclass
class ScheduleResult:
    event: Event
    meetings: int
    changed_registrations: set[int]


def schedulable_pairs(session: Session, event: Event) -> dict[tuple[int, int], float]:
    """(buyer registration, enterprise registration) -> weight, for pairs agreed by both sides:
    a request the other side accepted, or requests from both sides."""
    by_pair: dict[tuple[int, int], list[MeetingRequest]] = defaultdict(list)
    for request in repository.requests(session, event.id):
        by_pair[(request.buyer_registration_id, request.enterprise_registration_id)].append(request)
    registrations = {r.id: r for r in repository.registrations(session, event.id)}
    buyer_cats = repository.buyer_categories(session, [r.buyer_id for r in registrations.values() if r.buyer_id])
    enterprise_cats = repository.enterprise_categories(
        session, [r.enterprise_id for r in registrations.values() if r.enterprise_id])
    pairs = {}
    for (b, e), requests in by_pair.items():
        live = [r for r in requests if r.status.is_live]
        mutual = len({r.from_side for r in live}) == 2
        if not (mutual or any(r.status == RequestStatus.ACCEPTED for r in live)):
            continue
        buyer, enterprise = registrations[b], registrations[e]
        fit = pair_fit(event, buyer_cats[buyer.buyer_id], enterprise.enterprise,
                       enterprise_cats[enterprise.enterprise_id])
        pairs[(b, e)] = pair_weight([r.priority for r in live], fit.score)
    return pairs


def _key(registration_id: int) -> str:
    return f"r{registration_id}"


def _slot_key(slot_id: int) -> str:
    return f"s{slot_id}"


def _registration_id(key: str) -> int:
    return int(key[1:])


def build_instance(session: Session, event: Event,
                   keep: list[EventMeeting]) -> tuple[dict, dict[tuple[int, int], float]]:
    """The engine's EVENT.json for this event (kept meetings are passed to the engine separately)."""
    registrations = repository.registrations(session, event.id,
                                             statuses=(RegistrationStatus.APPROVED, *RegistrationStatus.withdrawn()))
    pairs = schedulable_pairs(session, event)
    # A meeting the operator cancelled (or one with a withdrawn participant) is not planned again.
    for meeting in repository.meetings(session, event.id):
        if meeting.status.is_cancelled:
            pairs.pop((meeting.buyer_registration_id, meeting.enterprise_registration_id), None)
    for meeting in keep:
        pairs.setdefault((meeting.buyer_registration_id, meeting.enterprise_registration_id), meeting.weight)
    kept_slots: dict[int, set[str]] = defaultdict(set)
    for meeting in keep:
        kept_slots[meeting.buyer_registration_id].add(_slot_key(meeting.slot_id))
        kept_slots[meeting.enterprise_registration_id].add(_slot_key(meeting.slot_id))
    slot_keys = [_slot_key(slot.id) for slot in event.slots]

    def participant(registration: EventRegistration) -> dict:
        if registration.status.is_withdrawn:  # only where its kept (past or held) meetings are
            return {"id": _key(registration.id), "available_slots": sorted(kept_slots[registration.id]),
                    "max_meetings": registration.max_meetings, "capacity": registration.representatives}
        closed = {_slot_key(s) for s in registration.unavailable_slot_ids} - kept_slots[registration.id]
        return {"id": _key(registration.id),
                "available_slots": [s for s in slot_keys if s not in closed] if closed else None,
                "max_meetings": registration.max_meetings, "capacity": registration.representatives}

    present = {r.id for r in registrations}
    pairs = {pair: weight for pair, weight in pairs.items() if pair[0] in present and pair[1] in present}
    instance = {
        "slots": slot_keys, "tables": event.tables,
        "buyers": [participant(r) for r in registrations if r.side.is_buyer],
        "suppliers": [participant(r) for r in registrations if not r.side.is_buyer],
        "requests": [{"buyer": _key(b), "supplier": _key(e), "weight": w} for (b, e), w in sorted(pairs.items())],
        "fixed": None, "min_meetings_per_buyer": event.min_meetings_per_buyer,
    }
    return instance, pairs


def schedule(session: Session, actor: Principal, event_id: int, *, from_slot_id: int | None = None,
             time_limit: float = 10.0) -> ScheduleResult:
    """Run the scheduler. Confirmed and held meetings, and meetings before `from_slot_id`, stay where they
    are; cancelled and absent participants get no new meetings. After publishing this is the reschedule:
    everyone whose agenda changed gets an email."""
    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    if not event.status.can_schedule:
        raise Conflict("This event is closed.")
    from_position = _from_position(event, from_slot_id)
    existing = repository.meetings(session, event.id)
    before = _agendas([_entry(m) for m in existing if m.status.is_active])
    withdrawn_ids = {r.id for r in repository.registrations(session, event.id,
                                                            statuses=RegistrationStatus.withdrawn())}
    keep = _kept_meetings(event, existing, from_position, withdrawn_ids)
    instance_data, pairs = build_instance(session, event, keep)
    if not instance_data["buyers"] or not instance_data["suppliers"]:
        raise Conflict("The event needs approved buyers and enterprises before it can be scheduled.")
    result = _solve(instance_data, keep, from_slot_id, time_limit)
    slot_ids = {_slot_key(slot.id): slot.id for slot in event.slots}
    _store_meetings(session, event, result, slot_ids, keep, existing, pairs, withdrawn_ids)
    _record_solution(event, result)
    session.flush()
    after = _agendas([(slot_ids[m.slot], m.table, _registration_id(m.buyer), _registration_id(m.supplier))
                      for m in result.meetings])
    changed = {r for r in set(before) | set(after) if before.get(r) != after.get(r)}
    if event.status.is_published:
        _email_changed_agendas(session, event, changed, after)
    return ScheduleResult(event, len(result.meetings), changed)


def _from_position(event: Event, from_slot_id: int | None) -> int | None:
    """The position of the slot rescheduling starts from (None: the whole event)."""
    if from_slot_id is None:
        return None
    positions = {slot.id: slot.position for slot in event.slots}
    if from_slot_id not in positions:
        raise ValidationFailed("Unknown time slot.", details={"field": "from_slot_id"})
    return positions[from_slot_id]


def _entry(meeting: EventMeeting) -> AgendaEntry:
    return meeting.slot_id, meeting.table_number, meeting.buyer_registration_id, meeting.enterprise_registration_id


def _kept_meetings(event: Event, existing: list[EventMeeting], from_position: int | None,
                   withdrawn_ids: set[int]) -> list[EventMeeting]:
    """The active meetings that stay where they are: fixed, confirmed or held ones, and the past (before
    the reschedule's first slot). A withdrawn participant keeps only what already happened (past or held);
    its future meetings go."""
    positions = {slot.id: slot.position for slot in event.slots}

    def is_past(meeting: EventMeeting) -> bool:
        return from_position is not None and positions[meeting.slot_id] < from_position

    keep = [m for m in existing if (m.fixed or m.status.is_kept or is_past(m)) and m.status.is_active]
    return [m for m in keep if is_past(m) or m.status == MeetingStatus.HELD or not (
        {m.buyer_registration_id, m.enterprise_registration_id} & withdrawn_ids)]


def _solve(instance_data: dict, keep: list[EventMeeting], from_slot_id: int | None, time_limit: float) -> Schedule:
    """The engine's schedule around the kept meetings."""
    try:
        instance = parse_event(instance_data)
        kept = [Meeting(slot=_slot_key(m.slot_id), table=m.table_number, buyer=_key(m.buyer_registration_id),
                        supplier=_key(m.enterprise_registration_id)) for m in keep]
        from_slot = _slot_key(from_slot_id) if from_slot_id is not None else None
        _instance, result = reschedule(instance, kept, from_slot=from_slot, time_limit=time_limit)
    except InstanceError as exc:
        raise Conflict("The kept meetings conflict with the event's constraints.",
                       details={"reason": str(exc)}) from exc
    return result


def _store_meetings(session: Session, event: Event, result: Schedule, slot_ids: dict[str, int],
                    keep: list[EventMeeting], existing: list[EventMeeting], pairs: dict[tuple[int, int], float],
                    withdrawn_ids: set[int]) -> None:
    """The engine's meetings as rows: a kept meeting takes its (possibly new) table, a new one gets a row.
    A meeting that moved is deleted (its new place has its own row); after publishing, one with a withdrawn
    participant is cancelled instead, to stay on the record."""
    kept_by_place = {(m.slot_id, m.buyer_registration_id, m.enterprise_registration_id): m for m in keep}
    placed = set()
    new_rows = []
    for meeting in result.meetings:
        place = (slot_ids[meeting.slot], _registration_id(meeting.buyer), _registration_id(meeting.supplier))
        placed.add(place)
        if place in kept_by_place:
            kept_by_place[place].table_number = meeting.table
            continue
        slot_id, b, e = place
        new_rows.append(EventMeeting(event_id=event.id, slot_id=slot_id, table_number=meeting.table,
                                     buyer_registration_id=b, enterprise_registration_id=e,
                                     weight=pairs.get((b, e), 0.0), status=MeetingStatus.SCHEDULED, fixed=False))
    keep_ids = {m.id for m in keep}
    for meeting in existing:
        if meeting.id in keep_ids:
            continue
        place = (meeting.slot_id, meeting.buyer_registration_id, meeting.enterprise_registration_id)
        if meeting.status == MeetingStatus.SCHEDULED or (meeting.status == MeetingStatus.CONFIRMED
                                                         and place not in placed):
            withdrawn_party = {meeting.buyer_registration_id, meeting.enterprise_registration_id} & withdrawn_ids
            if event.status.is_published and withdrawn_party:
                meeting.status = MeetingStatus.CANCELLED  # kept on the record: the participant withdrew
            else:
                session.delete(meeting)  # moved: the new schedule has its own row
    session.flush()
    session.add_all(new_rows)


def _record_solution(event: Event, result: Schedule) -> None:
    """The solver's figures on the event (total weight, bound, status, unscheduled requests and why)."""
    event.total_weight = float(result.total_weight)
    event.upper_bound = float(result.upper_bound) if result.upper_bound is not None else None
    event.solver_status = result.status
    event.solver_method = result.method
    event.unscheduled = [{"buyer_registration_id": _registration_id(u.buyer),
                          "enterprise_registration_id": _registration_id(u.supplier), "reason": u.reason}
                         for u in result.unscheduled]
    event.scheduled_at = utcnow()
    if event.status == EventStatus.OPEN:
        event.status = EventStatus.SCHEDULED


def _agendas(entries: list[AgendaEntry]) -> dict[int, frozenset[AgendaEntry]]:
    """Registration -> its (slot, table, buyer, enterprise) meetings, to tell whose agenda changed."""
    agendas: dict[int, set[AgendaEntry]] = defaultdict(set)
    for entry in entries:
        agendas[entry[2]].add(entry)
        agendas[entry[3]].add(entry)
    return {key: frozenset(value) for key, value in agendas.items()}


def _email_changed_agendas(session: Session, event: Event, changed: set[int],
                           after: dict[int, frozenset[AgendaEntry]]) -> None:
    for registration_id in sorted(changed):
        registration = repository.registration(session, registration_id)
        write_email(session, registration, event, "rescheduled", N_("Your agenda changed: %(event)s"),
                    N_("The schedule of %(event)s was updated after a cancellation (meetings on your agenda now: "
                       "%(count)s). Sign in to see or print it."), count=len(after.get(registration_id, ())))


def publish(session: Session, actor: Principal, event_id: int) -> Event:
    """Publish the draft schedule: participants see their agendas and each gets an e-mail."""
    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    if not event.status.can_publish:
        raise Conflict("Run the scheduler before publishing.")
    event.status = EventStatus.PUBLISHED
    event.published_at = utcnow()
    session.flush()
    counts: dict[int, int] = defaultdict(int)
    for meeting in repository.meetings(session, event.id):
        if meeting.status.is_active:
            counts[meeting.buyer_registration_id] += 1
            counts[meeting.enterprise_registration_id] += 1
    for registration in repository.registrations(session, event.id, statuses=(RegistrationStatus.APPROVED,)):
        write_email(session, registration, event, "schedule_published", N_("Your agenda: %(event)s"),
                    N_("The meeting schedule of %(event)s is published (meetings on your agenda: %(count)s). "
                       "Sign in to see your agenda and print it."), key=event.published_at.isoformat(),
                    count=counts[registration.id])
    return event
