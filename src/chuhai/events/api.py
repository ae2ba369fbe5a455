"""JSON API for matchmaking events, with the same role checks as the pages."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from chuhai.accounts.principal import Principal
from chuhai.errors import Conflict
from chuhai.events import agendas, meeting_requests, outcomes, participation, scheduling, service, tasks
from chuhai.events.models import EventMeeting, EventRegistration, MeetingRequest
from chuhai.events.outbox import list_outbox
from chuhai.events.pdf import agenda_pdf
from chuhai.events.schemas import (
    AvailabilityIn,
    DecisionIn,
    EventDetailOut,
    EventIn,
    EventOut,
    MeetingOut,
    MeetingOutcomeIn,
    MeetingStatusIn,
    OutboxOut,
    OutcomesOut,
    RegistrationIn,
    RegistrationOut,
    RequestIn,
    RequestOut,
    ResponseIn,
    ScheduleIn,
    ScheduleJobOut,
    ScheduleOut,
    SuggestionOut,
)
from chuhai.i18n import gettext
from chuhai.jobs.models import Job, JobState
from chuhai.jobs.runner import live_progress
from chuhai.pagination import ItemCount, PageNumber
from chuhai.types import RoleCode
from chuhai.web.deps import DbSession, Operator, require, verify_csrf
from chuhai.web.openapi import errors

router = APIRouter(tags=["events"], dependencies=[Depends(verify_csrf)])
Participant = Depends(require(RoleCode.OPERATOR, RoleCode.BUYER, RoleCode.ENTERPRISE))


def registration_out(registration: EventRegistration) -> RegistrationOut:
    return RegistrationOut(id=registration.id, event_id=registration.event_id, side=registration.side,
                           buyer_id=registration.buyer_id, enterprise_id=registration.enterprise_id,
                           name=participation.participant_name(registration), status=registration.status,
                           representatives=registration.representatives, max_meetings=registration.max_meetings,
                           unavailable_slot_ids=registration.unavailable_slot_ids or [],
                           checked_in_at=registration.checked_in_at)


def request_out(request: MeetingRequest, mutual: bool) -> RequestOut:
    return RequestOut(id=request.id, event_id=request.event_id, buyer_registration_id=request.buyer_registration_id,
                      enterprise_registration_id=request.enterprise_registration_id, from_side=request.from_side,
                      priority=request.priority, message=request.message, status=request.status, mutual=mutual)


def meeting_out(meeting: EventMeeting) -> MeetingOut:
    return MeetingOut(id=meeting.id, slot_id=meeting.slot_id, starts_at=meeting.slot.starts_at,
                      ends_at=meeting.slot.ends_at, table=meeting.table_number,
                      buyer_registration_id=meeting.buyer_registration_id,
                      enterprise_registration_id=meeting.enterprise_registration_id,
                      buyer=participation.participant_name(meeting.buyer_registration),
                      enterprise=participation.participant_name(meeting.enterprise_registration),
                      weight=meeting.weight, status=meeting.status, fixed=meeting.fixed,
                      outcome=meeting.outcome, outcome_value=meeting.outcome_value,
                      outcome_currency=meeting.outcome_currency)


def schedule_out(event) -> ScheduleOut:
    return ScheduleOut(event_id=event.id, status=event.status, meetings=0, total_weight=event.total_weight,
                       upper_bound=event.upper_bound, gap=event.gap, solver_status=event.solver_status,
                       unscheduled=event.unscheduled or [])


@router.get("/events", response_model=list[EventOut])
def events(db: DbSession, principal: Principal = Participant):
    return service.list_events(db, principal)


@router.post("/events", response_model=EventDetailOut, status_code=201)
def create_event(body: EventIn, db: DbSession, principal: Operator):
    return service.create_event(db, principal, body)


@router.get("/events/outbox", response_model=list[OutboxOut])
def outbox(db: DbSession, principal: Operator, event_id: int | None = None, page: PageNumber = 1,
           size: ItemCount = 50):
    """The events' e-mails in the platform's outbox (registration approved, request received/accepted, schedule
    published, rescheduled), with their delivery state."""
    return [OutboxOut.of(m) for m in list_outbox(db, principal, event_id=event_id, page=page, size=size).items]


@router.get("/events/{event_id}", response_model=EventDetailOut)
def event(event_id: int, db: DbSession, principal: Principal = Participant):
    return service.get_event(db, principal, event_id)


@router.get("/events/{event_id}/registrations", response_model=list[RegistrationOut])
def registrations(event_id: int, db: DbSession, principal: Principal = Participant, status: str | None = None):
    """The operator sees every registration; members see the approved participants."""
    return [registration_out(r) for r in participation.list_registrations(db, principal, event_id, status)]


@router.post("/events/{event_id}/registrations", response_model=RegistrationOut, status_code=201)
def register(event_id: int, body: RegistrationIn, db: DbSession, principal: Principal = Participant):
    """A buyer or an enterprise registers itself; the operator may register either by id."""
    return registration_out(participation.register(db, principal, event_id, body))


@router.get("/events/{event_id}/registrations/{registration_id}", response_model=RegistrationOut)
def registration(event_id: int, registration_id: int, db: DbSession, principal: Principal = Participant):
    return registration_out(participation.get_registration(db, principal, event_id, registration_id))


@router.post("/events/{event_id}/registrations/{registration_id}/decision", response_model=RegistrationOut)
def decide(event_id: int, registration_id: int, body: DecisionIn, db: DbSession, principal: Operator):
    return registration_out(participation.decide_registration(db, principal, event_id, registration_id, body.approve))


@router.put("/events/{event_id}/registrations/{registration_id}/availability", response_model=RegistrationOut)
def availability(event_id: int, registration_id: int, body: AvailabilityIn, db: DbSession,
                 principal: Principal = Participant):
    return registration_out(participation.set_availability(db, principal, event_id, registration_id, body))


@router.post("/events/{event_id}/registrations/{registration_id}/cancel", response_model=RegistrationOut)
def cancel(event_id: int, registration_id: int, db: DbSession, principal: Principal = Participant,
           no_show: bool = False):
    cancelled = participation.cancel_registration(db, principal, event_id, registration_id, no_show=no_show)
    return registration_out(cancelled)


@router.post("/events/{event_id}/registrations/{registration_id}/check-in", response_model=RegistrationOut)
def check_in(event_id: int, registration_id: int, db: DbSession, principal: Operator):
    return registration_out(participation.check_in(db, principal, event_id, registration_id))


@router.get("/events/{event_id}/suggestions", response_model=list[SuggestionOut])
def suggestions(event_id: int, db: DbSession, principal: Principal = Participant, limit: ItemCount = 10):
    """Counterparts worth requesting, ranked by fit, for the caller's own approved registration."""
    return [SuggestionOut(registration_id=s.registration.id, name=participation.participant_name(s.registration),
                          score=s.fit.score, shared_categories=list(s.fit.shared_categories), requested=s.requested)
            for s in meeting_requests.suggestions(db, principal, event_id, limit=min(limit, 100))]


@router.get("/events/{event_id}/requests", response_model=list[RequestOut])
def requests(event_id: int, db: DbSession, principal: Principal = Participant):
    found = meeting_requests.list_requests(db, principal, event_id)
    return [request_out(r, meeting_requests.is_mutual(r, found)) for r in found]


@router.post("/events/{event_id}/requests", response_model=RequestOut, status_code=201)
def send_request(event_id: int, body: RequestIn, db: DbSession, principal: Principal = Participant):
    created = meeting_requests.send_request(db, principal, event_id, body)
    found = meeting_requests.list_requests(db, principal, event_id)
    return request_out(created, meeting_requests.is_mutual(created, found))


@router.post("/events/{event_id}/requests/{request_id}/response", response_model=RequestOut)
def respond(event_id: int, request_id: int, body: ResponseIn, db: DbSession, principal: Principal = Participant):
    answered = meeting_requests.respond(db, principal, event_id, request_id, body.accept)
    found = meeting_requests.list_requests(db, principal, event_id)
    return request_out(answered, meeting_requests.is_mutual(answered, found))


def schedule_job_out(job: Job, event) -> ScheduleJobOut:
    error = gettext(job.error_message, **(job.error_params or {})) if job.error_message else None
    schedule = None
    if job.state == JobState.SUCCEEDED:
        schedule = schedule_out(event).model_copy(update={"meetings": int((job.result or {}).get("meetings", 0))})
    out = ScheduleJobOut.of(job, f"/api/v1/events/{event.id}/schedule/jobs/{job.id}", error, event_id=event.id,
                            schedule=schedule)
    return out.model_copy(update={"progress": live_progress(job.id) or job.progress})


@router.post("/events/{event_id}/schedule", response_model=ScheduleJobOut, status_code=202,
             responses=errors(409))
def run_schedule(event_id: int, body: ScheduleIn, db: DbSession, principal: Operator):
    """Start the scheduler as a background job (after publishing: reschedule from `from_slot_id`, keeping
    confirmed and held meetings); while a run of the event is queued or running, that run is answered. Poll
    `poll_url` until `state` is succeeded (then `GET …/meetings` and the event hold the schedule) or failed
    (`error` says why)."""
    event = service.get_event(db, principal, event_id)
    if not event.status.can_schedule:
        raise Conflict("This event is closed.")
    job = tasks.start_schedule(db, principal.user_id, event_id, from_slot_id=body.from_slot_id,
                               time_limit=body.time_limit)
    return schedule_job_out(job, event)


@router.get("/events/{event_id}/schedule/jobs/{job_id}", response_model=ScheduleJobOut)
def schedule_job(event_id: int, job_id: str, db: DbSession, principal: Operator):
    """A scheduling run of the event: queued, running (with its progress), succeeded or failed."""
    event = service.get_event(db, principal, event_id)
    return schedule_job_out(tasks.schedule_job(db, event_id, job_id), event)


@router.post("/events/{event_id}/publish", response_model=EventOut)
def publish(event_id: int, db: DbSession, principal: Operator):
    return scheduling.publish(db, principal, event_id)


@router.post("/events/{event_id}/close", response_model=EventOut)
def close(event_id: int, db: DbSession, principal: Operator):
    """After the event: no more registrations, requests or rescheduling."""
    return service.close_event(db, principal, event_id)


@router.get("/events/{event_id}/meetings", response_model=list[MeetingOut])
def meetings(event_id: int, db: DbSession, principal: Operator):
    return [meeting_out(m) for m in agendas.meetings(db, principal, event_id)]


@router.post("/events/{event_id}/meetings/{meeting_id}/status", response_model=MeetingOut)
def meeting_status(event_id: int, meeting_id: int, body: MeetingStatusIn, db: DbSession, principal: Operator):
    agendas.set_meeting_status(db, principal, event_id, meeting_id, body.status)
    return next(meeting_out(m) for m in agendas.meetings(db, principal, event_id) if m.id == meeting_id)


@router.post("/events/{event_id}/meetings/{meeting_id}/outcome", response_model=MeetingOut)
def meeting_outcome(event_id: int, meeting_id: int, body: MeetingOutcomeIn, db: DbSession, principal: Operator):
    """The operator marks what a meeting came to: talk, intention, or signed with value and currency."""
    outcomes.mark_outcome(db, principal, event_id, meeting_id, body.outcome, value=body.value, currency=body.currency)
    return next(meeting_out(m) for m in agendas.meetings(db, principal, event_id) if m.id == meeting_id)


@router.get("/events/{event_id}/outcomes", response_model=OutcomesOut)
def event_outcomes(event_id: int, db: DbSession, principal: Principal = Participant):
    """Talks, intentions and signed (with value in CNY and USD): meeting marks and the conversations and deals
    linked to the event, each outcome once."""
    tally = outcomes.outcomes_of_event(db, principal, event_id)
    return OutcomesOut(event_id=event_id, talks=tally.talks, intentions=tally.intentions, signed=tally.signed,
                       signed_value_cny=tally.signed_value_cny, signed_value_usd=tally.signed_value_usd,
                       unpriced_currencies=tally.unpriced_currencies)


@router.get("/events/{event_id}/agenda/{registration_id}", response_model=list[MeetingOut])
def agenda(event_id: int, registration_id: int, db: DbSession, principal: Principal = Participant):
    """A participant's own agenda (once published); the operator reads anyone's."""
    return [meeting_out(m) for m in agendas.agenda(db, principal, event_id, registration_id)[2]]


@router.get("/events/{event_id}/agenda/{registration_id}/pdf", response_class=Response)
def agenda_as_pdf(event_id: int, registration_id: int, db: DbSession, principal: Principal = Participant):
    event, registration, found = agendas.agenda(db, principal, event_id, registration_id)
    return Response(agenda_pdf(event, registration, found), media_type="application/pdf")
