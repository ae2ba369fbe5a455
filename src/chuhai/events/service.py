"""Event logic: who may create, register, request, schedule and see what. Flushes, never commits.

The schedule itself comes from the pure engine `chuhai.events.scheduler`; this module turns the
event's records into the engine's instance (participants keyed "r<registration id>", slots
"s<slot id>") and the engine's meetings back into rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai import i18n
from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise, IndustrialBelt
from chuhai.database import utcnow
from chuhai.demand.models import Buyer
from chuhai.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chuhai.events import repository
from chuhai.events.models import Event, EventMeeting, EventRegistration, EventSlot, MeetingRequest, OutboxEmail
from chuhai.events.schemas import AvailabilityIn, EventIn, RegistrationIn, RequestIn
from chuhai.events.suggestions import Fit, fit_score
from chuhai.events.timetable import generate_slots, parse_break, parse_clock
from chuhai.i18n import N_, pick
from chuhai.i18n import gettext as _
from chuhai.matching.service import pair_scores
from chuhai.types import RoleCode, VerificationStatus

PRIORITY_WEIGHT = {1: 1.0, 2: 2.0, 3: 3.0}
MUTUAL_BONUS = 2.0  # on top of both sides' priorities: a meeting both asked for is worth the most
ACTIVE_MEETING = ("scheduled", "confirmed", "held")
KEPT_MEETING = ("confirmed", "held")
WITHDRAWN = ("cancelled", "no_show")
MAX_SLOTS = 400
# Slot times are the venue's wall-clock times (the belts are in China); timestamps are stored in UTC.
EVENT_TZ = ZoneInfo("Asia/Shanghai")

EVENT_STATUS_LABELS = [N_("Open"), N_("Scheduled"), N_("Published"), N_("Closed")]
MEETING_STATUS_LABELS = [N_("Scheduled"), N_("Confirmed"), N_("Held"), N_("No show"), N_("Cancelled")]
REQUEST_STATUS_LABELS = [N_("Pending"), N_("Accepted"), N_("Declined"), N_("Approved"), N_("Rejected")]


# ----- events -----------------------------------------------------------------------------------------

def create_event(session: Session, actor: Principal, data: EventIn) -> Event:
    actor.require(RoleCode.OPERATOR)
    for code in data.belt_codes:
        if session.scalar(select(IndustrialBelt.id).where(IndustrialBelt.code == code)) is None:
            raise ValidationFailed(N_("Unknown industrial belt."), details={"field": "belt_codes"})
    times = generate_slots(data.starts_on, data.ends_on, parse_clock(data.day_start), parse_clock(data.day_end),
                           data.slot_minutes, [parse_break(b) for b in data.breaks])
    if not times:
        raise ValidationFailed(N_("These hours leave no time slot."), details={"field": "slot_minutes"})
    if len(times) > MAX_SLOTS:
        raise ValidationFailed(N_("Too many time slots: use longer slots or fewer days."),
                               details={"field": "slot_minutes"})
    event = Event(**data.model_dump(), status="open", created_by_id=actor.user_id, unscheduled=[])
    event.slots = [EventSlot(position=i, starts_at=start, ends_at=end) for i, (start, end) in enumerate(times)]
    session.add(event)
    session.flush()
    return event


def list_events(session: Session, actor: Principal) -> list[Event]:
    return repository.events(session)


def get_event(session: Session, actor: Principal, event_id: int) -> Event:
    event = repository.event(session, event_id)
    if event is None:
        raise NotFound(N_("No such event."))
    return event


def close_event(session: Session, actor: Principal, event_id: int) -> Event:
    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    event.status = "closed"
    session.flush()
    return event


# ----- registrations ------------------------------------------------------------------------------------

def participant_name(registration: EventRegistration) -> str:
    if registration.side == "buyer":
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
        raise NotFound(N_("No such registration."))
    return registration


def register(session: Session, actor: Principal, event_id: int, data: RegistrationIn) -> EventRegistration:
    event = get_event(session, actor, event_id)
    if event.status not in ("open", "scheduled"):
        raise Conflict(N_("Registration for this event is closed."))
    if actor.is_operator:
        buyer_id, enterprise_id = data.buyer_id, data.enterprise_id
        if (buyer_id is None) == (enterprise_id is None):
            raise ValidationFailed(N_("Name either a buyer or an enterprise."), details={"field": "buyer_id"})
    elif actor.role == RoleCode.BUYER and actor.buyer_id:
        buyer_id, enterprise_id = actor.buyer_id, None
    elif actor.role == RoleCode.ENTERPRISE and actor.enterprise_id:
        buyer_id, enterprise_id = None, actor.enterprise_id
    else:
        raise Forbidden(N_("Only buyers and enterprises take part in events."))
    if buyer_id is not None and session.get(Buyer, buyer_id) is None:
        raise NotFound(N_("No such buyer."))
    if enterprise_id is not None and session.get(Enterprise, enterprise_id) is None:
        raise NotFound(N_("No such enterprise."))
    existing = repository.registration_of(session, event_id, buyer_id=buyer_id, enterprise_id=enterprise_id)
    if existing is not None and existing.status == "cancelled":  # changed its mind: back to the operator
        existing.status, existing.representatives, existing.note = "pending", data.representatives, data.note
        session.flush()
        return existing
    if existing is not None:
        raise Conflict(N_("Already registered for this event."))
    registration = EventRegistration(
        event_id=event_id, side="buyer" if buyer_id is not None else "enterprise", buyer_id=buyer_id,
        enterprise_id=enterprise_id, status="pending", representatives=data.representatives,
        max_meetings=data.max_meetings, note=data.note, unavailable_slot_ids=[])
    session.add(registration)
    session.flush()
    return repository.registration(session, registration.id)


def list_registrations(session: Session, actor: Principal, event_id: int,
                       status: str | None = None) -> list[EventRegistration]:
    """The operator sees everyone; members see the approved participants (the event's directory)."""
    get_event(session, actor, event_id)
    if actor.is_operator:
        return repository.registrations(session, event_id, statuses=(status,) if status else None)
    return repository.registrations(session, event_id, statuses=("approved",))


def decide_registration(session: Session, actor: Principal, event_id: int, registration_id: int,
                        approve: bool) -> EventRegistration:
    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    registration = get_registration(session, actor, event_id, registration_id)
    was = registration.status
    registration.status = "approved" if approve else "rejected"
    registration.decided_at = utcnow()
    session.flush()
    if approve and was != "approved":
        _email(session, registration, event, "registration_approved", N_("Registration approved: %(event)s"),
               N_("Your registration for %(event)s (%(dates)s) has been approved. Sign in to mark the slots you "
                  "cannot attend and to request meetings."))
    return registration


def set_availability(session: Session, actor: Principal, event_id: int, registration_id: int,
                     data: AvailabilityIn) -> EventRegistration:
    event = get_event(session, actor, event_id)
    registration = get_registration(session, actor, event_id, registration_id)
    known = {slot.id for slot in event.slots}
    unknown = set(data.unavailable_slot_ids) - known
    if unknown:
        raise ValidationFailed(N_("Unknown time slot."), details={"field": "unavailable_slot_ids"})
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
    registration.status = "no_show" if no_show else "cancelled"
    session.flush()
    return registration


def check_in(session: Session, actor: Principal, event_id: int, registration_id: int) -> EventRegistration:
    actor.require(RoleCode.OPERATOR)
    registration = get_registration(session, actor, event_id, registration_id)
    if registration.status != "approved":
        raise Conflict(N_("Only approved participants check in."))
    registration.checked_in_at = registration.checked_in_at or utcnow()
    session.flush()
    return registration


# ----- suggestions and requests -------------------------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    registration: EventRegistration
    fit: Fit
    requested: bool


def _fit(event: Event, buyer_cats: set[str], enterprise: Enterprise | None, enterprise_cats: set[str],
         match_score: float | None = None) -> Fit:
    verified = enterprise is not None and enterprise.verification_status == VerificationStatus.VERIFIED
    return fit_score(buyer_cats, enterprise_cats, verified, set(event.categories or ()), match_score=match_score)


def suggestions(session: Session, actor: Principal, event_id: int, limit: int = 10) -> list[Suggestion]:
    """Approved counterparts ranked by fit (category overlap and verification) for the actor's registration."""
    event = get_event(session, actor, event_id)
    mine = own_registration(session, actor, event_id)
    if mine is None or mine.status != "approved":
        return []
    other_side = "enterprise" if mine.side == "buyer" else "buyer"
    others = repository.registrations(session, event_id, side=other_side, statuses=("approved",))
    requested = {(r.enterprise_registration_id if mine.side == "buyer" else r.buyer_registration_id)
                 for r in repository.requests(session, event_id, mine.id) if r.from_side == mine.side}
    buyers = [mine] if mine.side == "buyer" else others
    enterprises = others if mine.side == "buyer" else [mine]
    buyer_cats = repository.buyer_categories(session, [r.buyer_id for r in buyers])
    enterprise_cats = repository.enterprise_categories(session, [r.enterprise_id for r in enterprises])
    # The matching engine's stored scores between the buyer's demands and the enterprise's products.
    match_scores = pair_scores(session, [r.buyer_id for r in buyers], [r.enterprise_id for r in enterprises])
    ranked = []
    for other in others:
        b, e = (mine, other) if mine.side == "buyer" else (other, mine)
        fit = _fit(event, buyer_cats[b.buyer_id], e.enterprise, enterprise_cats[e.enterprise_id],
                   match_scores.get((b.buyer_id, e.enterprise_id)))
        ranked.append(Suggestion(other, fit, other.id in requested))
    ranked.sort(key=lambda s: (-s.fit.score, participant_name(s.registration)))
    return ranked[:limit]


def send_request(session: Session, actor: Principal, event_id: int, data: RequestIn) -> MeetingRequest:
    event = get_event(session, actor, event_id)
    if event.status not in ("open", "scheduled"):
        raise Conflict(N_("Requests for this event are closed."))
    mine = own_registration(session, actor, event_id)
    if mine is None or mine.status != "approved":
        raise Forbidden(N_("Only approved participants send meeting requests."))
    target = repository.registration(session, data.to_registration_id)
    if target is None or target.event_id != event_id or target.status != "approved" or target.side == mine.side:
        raise NotFound(N_("No such participant."))
    buyer_reg, enterprise_reg = (mine, target) if mine.side == "buyer" else (target, mine)
    exists = session.scalar(select(MeetingRequest.id).where(
        MeetingRequest.buyer_registration_id == buyer_reg.id,
        MeetingRequest.enterprise_registration_id == enterprise_reg.id, MeetingRequest.from_side == mine.side))
    if exists:
        raise Conflict(N_("You have already requested this meeting."))
    request = MeetingRequest(event_id=event_id, buyer_registration_id=buyer_reg.id,
                             enterprise_registration_id=enterprise_reg.id, from_side=mine.side,
                             priority=data.priority, message=data.message, status="pending")
    session.add(request)
    session.flush()
    _email(session, target, event, "request_received", N_("Meeting request: %(event)s"),
           N_("%(other)s would like to meet you at %(event)s. Sign in to accept or decline the request."),
           other=lambda: participant_name(mine))
    return request


def is_mutual(request: MeetingRequest, all_requests: Iterable[MeetingRequest]) -> bool:
    return any(other.from_side != request.from_side and other.status != "declined"
               and other.buyer_registration_id == request.buyer_registration_id
               and other.enterprise_registration_id == request.enterprise_registration_id
               for other in all_requests)


def list_requests(session: Session, actor: Principal, event_id: int) -> list[MeetingRequest]:
    get_event(session, actor, event_id)
    if actor.is_operator:
        return repository.requests(session, event_id)
    mine = own_registration(session, actor, event_id)
    return repository.requests(session, event_id, mine.id) if mine else []


def respond(session: Session, actor: Principal, event_id: int, request_id: int, accept: bool) -> MeetingRequest:
    """The side that received the request accepts or declines it."""
    event = get_event(session, actor, event_id)
    request = repository.meeting_request(session, request_id)
    mine = own_registration(session, actor, event_id)
    if request is None or request.event_id != event_id or mine is None or mine.id not in (
            request.buyer_registration_id, request.enterprise_registration_id):
        raise NotFound(N_("No such meeting request."))
    if request.from_side == mine.side:
        raise Forbidden(N_("Only the side that received a request answers it."))
    if event.status in ("published", "closed") and not accept and request.status == "accepted":
        raise Conflict(N_("The schedule is published: cancel the meeting with the operator instead."))
    request.status = "accepted" if accept else "declined"
    request.responded_at = utcnow()
    session.flush()
    if accept:
        sender = repository.registration(session, request.buyer_registration_id if request.from_side == "buyer"
                                         else request.enterprise_registration_id)
        _email(session, sender, event, "request_accepted", N_("Meeting request accepted: %(event)s"),
               N_("%(other)s accepted your meeting request for %(event)s. The meeting will appear on your agenda "
                  "when the schedule is published."), other=lambda: participant_name(mine))
    return request


# ----- scheduling -----------------------------------------------------------------------------------------

def pair_weight(priorities: list[int], fit: float = 0.0) -> float:
    """A pair's value: each requesting side's priority, a bonus when both asked, plus the match fit (0..1)."""
    weight = sum(PRIORITY_WEIGHT[p] for p in priorities) + fit
    return weight + (MUTUAL_BONUS if len(priorities) > 1 else 0.0)


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
        live = [r for r in requests if r.status != "declined"]
        mutual = len({r.from_side for r in live}) == 2
        if not (mutual or any(r.status == "accepted" for r in live)):
            continue
        buyer, enterprise = registrations[b], registrations[e]
        fit = _fit(event, buyer_cats[buyer.buyer_id], enterprise.enterprise, enterprise_cats[enterprise.enterprise_id])
        pairs[(b, e)] = pair_weight([r.priority for r in live], fit.score)
    return pairs


def _key(registration_id: int) -> str:
    return f"r{registration_id}"


def _slot_key(slot_id: int) -> str:
    return f"s{slot_id}"


def build_instance(session: Session, event: Event,
                   keep: list[EventMeeting]) -> tuple[dict, dict[tuple[int, int], float]]:
    """The engine's EVENT.json for this event (kept meetings are passed to the engine separately)."""
    registrations = repository.registrations(session, event.id, statuses=("approved", *WITHDRAWN))
    pairs = schedulable_pairs(session, event)
    # A meeting the operator cancelled (or one with a withdrawn participant) is not planned again.
    for meeting in repository.meetings(session, event.id):
        if meeting.status == "cancelled":
            pairs.pop((meeting.buyer_registration_id, meeting.enterprise_registration_id), None)
    for meeting in keep:
        pairs.setdefault((meeting.buyer_registration_id, meeting.enterprise_registration_id), meeting.weight)
    kept_slots: dict[int, set[str]] = defaultdict(set)
    for meeting in keep:
        kept_slots[meeting.buyer_registration_id].add(_slot_key(meeting.slot_id))
        kept_slots[meeting.enterprise_registration_id].add(_slot_key(meeting.slot_id))
    slot_keys = [_slot_key(slot.id) for slot in event.slots]

    def participant(registration: EventRegistration) -> dict:
        if registration.status in WITHDRAWN:  # only where its kept (past or held) meetings are
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
        "buyers": [participant(r) for r in registrations if r.side == "buyer"],
        "suppliers": [participant(r) for r in registrations if r.side == "enterprise"],
        "requests": [{"buyer": _key(b), "supplier": _key(e), "weight": w} for (b, e), w in sorted(pairs.items())],
        "fixed": None, "min_meetings_per_buyer": event.min_meetings_per_buyer,
    }
    return instance, pairs


@dataclass
class ScheduleResult:
    event: Event
    meetings: int
    changed_registrations: set[int]


def schedule(session: Session, actor: Principal, event_id: int, *, from_slot_id: int | None = None,
             time_limit: float = 10.0) -> ScheduleResult:
    """Run the scheduler. Confirmed and held meetings, and meetings before `from_slot_id`, stay where they
    are; cancelled and absent participants get no new meetings. After publishing this is the reschedule:
    everyone whose agenda changed gets an email."""
    from chuhai.events.scheduler import InstanceError, Meeting, parse_event, reschedule

    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    if event.status == "closed":
        raise Conflict(N_("This event is closed."))
    slot_by_key = {_slot_key(slot.id): slot for slot in event.slots}
    positions = {slot.id: slot.position for slot in event.slots}
    from_position = None
    if from_slot_id is not None:
        if from_slot_id not in positions:
            raise ValidationFailed(N_("Unknown time slot."), details={"field": "from_slot_id"})
        from_position = positions[from_slot_id]
    existing = repository.meetings(session, event.id)
    before = _agendas([(m.slot_id, m.table_number, m.buyer_registration_id, m.enterprise_registration_id)
                       for m in existing if m.status in ACTIVE_MEETING])

    def is_past(meeting: EventMeeting) -> bool:
        return from_position is not None and positions[meeting.slot_id] < from_position

    keep = [m for m in existing if (m.fixed or m.status in KEPT_MEETING or is_past(m)) and m.status in ACTIVE_MEETING]
    withdrawn_ids = {r.id for r in repository.registrations(session, event.id, statuses=WITHDRAWN)}
    # A withdrawn participant keeps only what already happened (past or held); its future meetings go.
    keep = [m for m in keep if is_past(m) or m.status == "held" or not (
        {m.buyer_registration_id, m.enterprise_registration_id} & withdrawn_ids)]
    instance_data, pairs = build_instance(session, event, keep)
    if not instance_data["buyers"] or not instance_data["suppliers"]:
        raise Conflict(N_("The event needs approved buyers and enterprises before it can be scheduled."))
    try:
        instance = parse_event(instance_data)
        kept = [Meeting(slot=_slot_key(m.slot_id), table=m.table_number, buyer=_key(m.buyer_registration_id),
                        supplier=_key(m.enterprise_registration_id)) for m in keep]
        from_slot = _slot_key(from_slot_id) if from_slot_id is not None else None
        _instance, result = reschedule(instance, kept, from_slot=from_slot, time_limit=time_limit)
    except InstanceError as exc:
        raise Conflict(N_("The kept meetings conflict with the event's constraints."),
                       details={"reason": str(exc)}) from exc

    kept_ids = {(m.slot_id, m.buyer_registration_id, m.enterprise_registration_id): m for m in keep}
    result_keys = set()
    new_rows = []
    for meeting in result.meetings:
        slot = slot_by_key[meeting.slot]
        b, e = int(meeting.buyer[1:]), int(meeting.supplier[1:])
        result_keys.add((slot.id, b, e))
        if (slot.id, b, e) in kept_ids:
            kept_ids[(slot.id, b, e)].table_number = meeting.table
            continue
        new_rows.append(EventMeeting(event_id=event.id, slot_id=slot.id, table_number=meeting.table,
                                     buyer_registration_id=b, enterprise_registration_id=e,
                                     weight=pairs.get((b, e), 0.0), status="scheduled", fixed=False))
    keep_ids = {m.id for m in keep}
    for meeting in existing:
        if meeting.id in keep_ids:
            continue
        if meeting.status == "scheduled" or (meeting.status == "confirmed"
                                             and (meeting.slot_id, meeting.buyer_registration_id,
                                                  meeting.enterprise_registration_id) not in result_keys):
            withdrawn_party = {meeting.buyer_registration_id, meeting.enterprise_registration_id} & withdrawn_ids
            if event.status == "published" and withdrawn_party:
                meeting.status = "cancelled"  # kept on the record: the participant withdrew
            else:
                session.delete(meeting)  # moved: the new schedule has its own row
    session.flush()
    session.add_all(new_rows)
    event.total_weight = float(result.total_weight)
    event.upper_bound = float(result.upper_bound) if result.upper_bound is not None else None
    event.solver_status = result.status
    event.solver_method = result.method
    event.unscheduled = [{"buyer_registration_id": int(u.buyer[1:]), "enterprise_registration_id": int(u.supplier[1:]),
                          "reason": u.reason} for u in result.unscheduled]
    event.scheduled_at = utcnow()
    if event.status == "open":
        event.status = "scheduled"
    session.flush()
    after = _agendas([(slot_by_key[m.slot].id, m.table, int(m.buyer[1:]), int(m.supplier[1:]))
                      for m in result.meetings])
    changed = {r for r in set(before) | set(after) if before.get(r) != after.get(r)}
    if event.status == "published":
        for registration_id in sorted(changed):
            registration = repository.registration(session, registration_id)
            _email(session, registration, event, "rescheduled", N_("Your agenda changed: %(event)s"),
                   N_("The schedule of %(event)s was updated after a cancellation (meetings on your agenda now: "
                      "%(count)s). Sign in to see or print it."), count=len(after.get(registration_id, ())))
    return ScheduleResult(event, len(result.meetings), changed)


def _agendas(entries: list[tuple[int, int, int, int]]) -> dict[int, frozenset]:
    """Registration -> its (slot, table, buyer, enterprise) meetings, to tell whose agenda changed."""
    agendas: dict[int, set] = defaultdict(set)
    for entry in entries:
        agendas[entry[2]].add(entry)
        agendas[entry[3]].add(entry)
    return {key: frozenset(value) for key, value in agendas.items()}


def publish(session: Session, actor: Principal, event_id: int) -> Event:
    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    if event.status != "scheduled":
        raise Conflict(N_("Run the scheduler before publishing."))
    event.status = "published"
    event.published_at = utcnow()
    session.flush()
    counts: dict[int, int] = defaultdict(int)
    for meeting in repository.meetings(session, event.id):
        if meeting.status in ACTIVE_MEETING:
            counts[meeting.buyer_registration_id] += 1
            counts[meeting.enterprise_registration_id] += 1
    for registration in repository.registrations(session, event.id, statuses=("approved",)):
        _email(session, registration, event, "schedule_published", N_("Your agenda: %(event)s"),
               N_("The meeting schedule of %(event)s is published (meetings on your agenda: %(count)s). Sign in "
                  "to see your agenda and print it."), count=counts[registration.id])
    return event


def set_meeting_status(session: Session, actor: Principal, event_id: int, meeting_id: int, status: str) -> EventMeeting:
    """Operator: confirm (fix) a meeting, mark it held or a no-show, or cancel it."""
    actor.require(RoleCode.OPERATOR)
    get_event(session, actor, event_id)
    meeting = repository.meeting(session, meeting_id)
    if meeting is None or meeting.event_id != event_id:
        raise NotFound(N_("No such meeting."))
    meeting.status = status
    meeting.fixed = status in KEPT_MEETING
    session.flush()
    return meeting


# ----- agendas and sheets -------------------------------------------------------------------------------

def meetings(session: Session, actor: Principal, event_id: int) -> list[EventMeeting]:
    actor.require(RoleCode.OPERATOR)
    get_event(session, actor, event_id)
    return repository.meetings(session, event_id)


def agenda(session: Session, actor: Principal, event_id: int,
           registration_id: int) -> tuple[Event, EventRegistration, list[EventMeeting]]:
    """One participant's meetings: for the participant itself and the operator, once published (the
    operator also sees the draft)."""
    event = get_event(session, actor, event_id)
    registration = get_registration(session, actor, event_id, registration_id)
    if event.status not in ("published", "closed") and not actor.is_operator:
        return event, registration, []
    rows = [m for m in repository.meetings(session, event_id, registration_id=registration_id)
            if m.status != "cancelled"]
    return event, registration, rows


def table_sheet(session: Session, actor: Principal, event_id: int, table: int) -> tuple[Event, list[EventMeeting]]:
    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    if not 1 <= table <= event.tables:
        raise NotFound(N_("No such table."))
    rows = [m for m in repository.meetings(session, event_id, table=table) if m.status != "cancelled"]
    return event, rows


# ----- the outbox ----------------------------------------------------------------------------------------

@contextmanager
def _locale(locale: str):
    previous = i18n.get_locale()
    i18n.set_locale(locale)
    try:
        yield
    finally:
        i18n.set_locale(previous)


def event_dates(event: Event) -> str:
    if event.starts_on == event.ends_on:
        return i18n.fmt_date(event.starts_on)
    return f"{i18n.fmt_date(event.starts_on)} – {i18n.fmt_date(event.ends_on)}"


def _email(session: Session, registration: EventRegistration, event: Event, kind: str, subject: str, body: str,
           **values) -> list[OutboxEmail]:
    """One email per active account of the participant (in its language), else to its contact address.
    A callable value is evaluated in the recipient's language (names with a Chinese and an English form)."""
    recipients = [(u.email, u.display_name, u.locale) for u in repository.member_users(session, registration)]
    if not recipients:
        party = registration.buyer if registration.side == "buyer" else registration.enterprise
        if party is not None and party.contact_email:
            recipients = [(party.contact_email, party.contact_name,
                           "en" if registration.side == "buyer" else "zh_CN")]
    written = []
    for address, name, locale in recipients:
        with _locale(locale or "zh_CN"):
            context = {"event": pick(event.name_zh, event.name_en), "dates": event_dates(event),
                       **{key: value() if callable(value) else value for key, value in values.items()}}
            email = OutboxEmail(kind=kind, to_email=address, to_name=name, subject=_(subject, **context),
                                body=_(body, **context), event_id=event.id)
        session.add(email)
        written.append(email)
    session.flush()
    return written


def list_outbox(session: Session, actor: Principal, *, event_id: int | None = None, page: int = 1, size: int = 50):
    from chuhai.pagination import paginate

    actor.require(RoleCode.OPERATOR)
    return paginate(session, repository.outbox(session, event_id), page, size)


def slot_datetime(event: Event, slot_id: int) -> datetime | None:
    return next((slot.starts_at for slot in event.slots if slot.id == slot_id), None)


def local_time(timestamp: datetime | None) -> datetime | None:
    """A stored UTC timestamp as the venue's wall-clock time."""
    return timestamp.replace(tzinfo=UTC).astimezone(EVENT_TZ).replace(tzinfo=None) if timestamp else None


def next_slot_id(event: Event, now: datetime | None = None) -> int | None:
    """The first slot that has not started yet (venue time), for the reschedule form's default."""
    now = now or local_time(utcnow())
    return next((slot.id for slot in event.slots if slot.starts_at > now), None)
