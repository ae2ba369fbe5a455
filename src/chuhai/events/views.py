"""Pages for matchmaking events. Thin: parse the form, call the service, render or redirect."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from chuhai.accounts.principal import Principal
from chuhai.catalog.categories import CATEGORIES, category_name
from chuhai.catalog.models import IndustrialBelt
from chuhai.errors import ChuhaiError, Conflict
from chuhai.events import agendas, meeting_requests, outcomes, participation, scheduling, service, tasks
from chuhai.events.clock import local_time, next_slot_id
from chuhai.events.pdf import agenda_pdf, table_sheets_pdf
from chuhai.events.schemas import AvailabilityIn, EventIn, RegistrationIn, RequestIn
from chuhai.events.states import (
    PRIORITY_LABELS,
    UNSCHEDULED_REASON_LABELS,
    EventMode,
    MeetingOutcome,
    MeetingStatus,
)
from chuhai.i18n import N_, error_text, pick
from chuhai.i18n import gettext as _
from chuhai.pdf_cache import cached_pdf
from chuhai.types import RoleCode
from chuhai.web.deps import DbSession, Operator, SubmittedForm, require, verify_csrf
from chuhai.web.forms import blank_to_none, service_error, split_list, validate_form
from chuhai.web.navigation import NavLink, register
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Participant = Depends(require(RoleCode.OPERATOR, RoleCode.BUYER, RoleCode.ENTERPRISE))
Member = Depends(require(RoleCode.BUYER, RoleCode.ENTERPRISE))

register(
    NavLink(N_("Events"), N_("Matchmaking events"), "/events", "◷",
            (RoleCode.OPERATOR, RoleCode.ENTERPRISE, RoleCode.BUYER)),
)


def _flash(request: Request, message: str, kind: str = "ok") -> None:
    request.session["flash"] = {"kind": kind, "message": message}


def _back(event_id: int, page: str = "") -> RedirectResponse:
    return RedirectResponse(f"/events/{event_id}{page}", status_code=303)


@router.get("/events")
def events(request: Request, db: DbSession, principal: Principal = Participant):
    return render(request, "events/list.html", events=service.list_events(db, principal))


def _event_form_page(request, db, values, errors, status_code=200):
    rows = db.scalars(select(IndustrialBelt).order_by(IndustrialBelt.id))
    belts = [(b.code, pick(b.name_zh, b.name_en)) for b in rows]
    return render(request, "events/form.html", status_code=status_code, values=values, errors=errors, belts=belts,
                  categories=[(code, category_name(code)) for code in CATEGORIES],
                  mode_options=[(mode.value, _(mode.label)) for mode in EventMode])


@router.get("/events/new")
def new_event(request: Request, db: DbSession, principal: Operator):
    return _event_form_page(request, db, {"tables": 10, "slot_minutes": 20, "day_start": "09:00", "day_end": "17:00",
                                          "breaks": "12:00-13:30", "mode": "onsite", "min_meetings_per_buyer": 0,
                                          "belt_codes": [], "categories": []}, {})


@router.post("/events/new")
def create_event(request: Request, db: DbSession, principal: Operator, form: SubmittedForm):
    values = blank_to_none({key: form.get(key) for key in form})
    values["breaks"] = split_list(form.get("breaks"))
    values["belt_codes"] = form.getlist("belt_codes")
    values["categories"] = form.getlist("categories")
    data, errors = validate_form(EventIn, values)
    if data is not None:
        try:
            event = service.create_event(db, principal, data)
            _flash(request, _("Event created with %(count)s time slots.", count=len(event.slots)))
            return _back(event.id)
        except ChuhaiError as exc:
            errors = service_error(exc)
    values["breaks"] = form.get("breaks") or ""
    return _event_form_page(request, db, values, errors, status_code=422)


def _registration_names(registrations) -> dict[int, str]:
    return {r.id: participation.participant_name(r) for r in registrations}


@router.get("/events/{event_id}")
def event_detail(request: Request, event_id: int, db: DbSession, principal: Principal = Participant):
    event = service.get_event(db, principal, event_id)
    mine = participation.own_registration(db, principal, event_id)
    belts = db.scalars(select(IndustrialBelt).where(IndustrialBelt.code.in_(event.belt_codes or [])))
    context = {"event": event, "mine": mine, "belt_names": {b.code: pick(b.name_zh, b.name_en) for b in belts},
               "priorities": PRIORITY_LABELS, "outcomes": outcomes.outcomes_of_event(db, principal, event_id)}
    if principal.is_operator:
        registrations = participation.list_registrations(db, principal, event_id)
        context["registrations"] = registrations
        context["counts"] = _counts(registrations)
        requests = meeting_requests.list_requests(db, principal, event_id)
        context["requests"] = requests
        context["names"] = _registration_names(registrations)
    elif mine is not None:
        requests = meeting_requests.list_requests(db, principal, event_id)
        context["requests"] = requests
        context["mutual"] = {r.id for r in requests if meeting_requests.is_mutual(r, requests)}
        names = {}
        for r in requests:
            names[r.buyer_registration_id] = participation.participant_name(r.buyer_registration)
            names[r.enterprise_registration_id] = participation.participant_name(r.enterprise_registration)
        context["names"] = names
        context["suggestions"] = meeting_requests.suggestions(db, principal, event_id)
        context["unavailable"] = set(mine.unavailable_slot_ids or [])
    return render(request, "events/detail.html", **context)


def _counts(registrations) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for r in registrations:
        counts[f"{r.side}_{r.status}"] += 1
        counts[r.status] += 1
    return counts


@router.post("/events/{event_id}/register")
def register_for_event(request: Request, event_id: int, db: DbSession, principal: Principal = Member,
                       representatives: int = Form(1), note: str = Form("")):
    data = RegistrationIn(representatives=max(1, min(20, representatives)), note=note or None)
    participation.register(db, principal, event_id, data)
    _flash(request, _("Registered. The operator will review your registration."))
    return _back(event_id)


@router.post("/events/{event_id}/registrations/{registration_id}/decision")
def decide(request: Request, event_id: int, registration_id: int, db: DbSession, principal: Operator,
           approve: int = Form(...)):
    participation.decide_registration(db, principal, event_id, registration_id, bool(approve))
    _flash(request, _("Registration approved.") if approve else _("Registration rejected."))
    return _back(event_id)


@router.post("/events/{event_id}/availability")
def availability(request: Request, event_id: int, db: DbSession, form: SubmittedForm, principal: Principal = Member):
    mine = participation.own_registration(db, principal, event_id)
    if mine is None:
        return _back(event_id)
    slot_ids = [int(value) for value in form.getlist("unavailable")]
    representatives = int(form.get("representatives") or mine.representatives)
    max_meetings = int(form["max_meetings"]) if (form.get("max_meetings") or "").strip() else None
    participation.set_availability(db, principal, event_id, mine.id,
                             AvailabilityIn(unavailable_slot_ids=slot_ids,
                                            representatives=max(1, min(20, representatives)),
                                            max_meetings=max(1, min(200, max_meetings)) if max_meetings else None))
    _flash(request, _("Availability saved."))
    return _back(event_id)


@router.post("/events/{event_id}/requests")
def send_request(request: Request, event_id: int, db: DbSession, principal: Principal = Member,
                 to_registration_id: int = Form(...), priority: int = Form(2)):
    meeting_requests.send_request(db, principal, event_id, RequestIn(to_registration_id=to_registration_id,
                                                           priority=max(1, min(3, priority))))
    _flash(request, _("Meeting request sent."))
    return _back(event_id)


@router.post("/events/{event_id}/requests/{request_id}/respond")
def respond(request: Request, event_id: int, request_id: int, db: DbSession, principal: Principal = Member,
            accept: int = Form(...)):
    meeting_requests.respond(db, principal, event_id, request_id, bool(accept))
    _flash(request, _("Request accepted.") if accept else _("Request declined."))
    return _back(event_id)


@router.post("/events/{event_id}/registrations/{registration_id}/cancel")
def cancel(request: Request, event_id: int, registration_id: int, db: DbSession, principal: Principal = Participant,
           no_show: int = Form(0)):
    participation.cancel_registration(db, principal, event_id, registration_id, no_show=bool(no_show))
    _flash(request, _("Marked absent. Reschedule to re-plan the rest of the event.") if no_show
           else _("Registration cancelled."))
    return _back(event_id, "/checkin" if principal.is_operator else "")


@router.post("/events/{event_id}/registrations/{registration_id}/checkin")
def checkin(request: Request, event_id: int, registration_id: int, db: DbSession, principal: Operator):
    participation.check_in(db, principal, event_id, registration_id)
    _flash(request, _("Checked in."))
    return _back(event_id, "/checkin")


@router.get("/events/{event_id}/schedule")
def schedule_page(request: Request, event_id: int, db: DbSession, principal: Operator):
    event = service.get_event(db, principal, event_id)
    meetings = [m for m in agendas.meetings(db, principal, event_id) if not m.status.is_cancelled]
    grid: dict[tuple[int, int], object] = {(m.slot_id, m.table_number): m for m in meetings}
    registrations = participation.list_registrations(db, principal, event_id)
    return render(request, "events/schedule.html", event=event, meetings=meetings, grid=grid,
                  names=_registration_names(registrations), next_slot=next_slot_id(event),
                  reason_labels=UNSCHEDULED_REASON_LABELS, run=tasks.latest_schedule(db, event_id))


@router.post("/events/{event_id}/schedule")
def run_schedule(request: Request, event_id: int, db: DbSession, principal: Operator,
                 from_slot_id: str = Form(""), time_limit: float = Form(10.0)):
    """The scheduler runs as a background job (chuhai.jobs, in a child process): the page shows it running, then
    its result or why it stopped."""
    try:
        event = service.get_event(db, principal, event_id)
        if not event.status.can_schedule:
            raise Conflict("This event is closed.")
        tasks.start_schedule(db, principal.user_id, event_id, from_slot_id=int(from_slot_id) if from_slot_id else None,
                             time_limit=max(1.0, min(60.0, time_limit)))
    except ChuhaiError as exc:
        _flash(request, error_text(exc), "bad")
    else:
        _flash(request, _("The scheduler is running; this page shows its result when it is done."))
    return _back(event_id, "/schedule")


@router.post("/events/{event_id}/publish")
def publish(request: Request, event_id: int, db: DbSession, principal: Operator):
    try:
        scheduling.publish(db, principal, event_id)
    except ChuhaiError as exc:
        _flash(request, error_text(exc), "bad")
    else:
        _flash(request, _("Schedule published; participants were notified."))
    return _back(event_id, "/schedule")


@router.post("/events/{event_id}/close")
def close(request: Request, event_id: int, db: DbSession, principal: Operator):
    service.close_event(db, principal, event_id)
    _flash(request, _("Event closed."))
    return _back(event_id)


@router.get("/events/{event_id}/agenda")
def my_agenda(request: Request, event_id: int, db: DbSession, principal: Principal = Member):
    mine = participation.own_registration(db, principal, event_id)
    if mine is None:
        return _back(event_id)
    return RedirectResponse(f"/events/{event_id}/agenda/{mine.id}", status_code=303)


@router.get("/events/{event_id}/agenda/{registration_id}")
def agenda(request: Request, event_id: int, registration_id: int, db: DbSession, principal: Principal = Participant):
    event, registration, meetings = agendas.agenda(db, principal, event_id, registration_id)
    return render(request, "events/agenda.html", event=event, registration=registration, meetings=meetings,
                  name=participation.participant_name(registration))


@router.get("/events/{event_id}/agenda/{registration_id}/pdf")
def agenda_as_pdf(request: Request, event_id: int, registration_id: int, db: DbSession,
                  principal: Principal = Participant):
    event, registration, meetings = agendas.agenda(db, principal, event_id, registration_id)
    pdf = cached_pdf(request.app.state.settings.data_dir, agenda_pdf, event, registration, meetings)
    return Response(pdf, media_type="application/pdf",
                    headers={"content-disposition": f'inline; filename="agenda-{event_id}-{registration_id}.pdf"'})


@router.get("/events/{event_id}/tables/pdf")
def tables_as_pdf(request: Request, event_id: int, db: DbSession, principal: Operator):
    event = service.get_event(db, principal, event_id)
    sheets = {table: agendas.table_sheet(db, principal, event_id, table)[1] for table in range(1, event.tables + 1)}
    pdf = cached_pdf(request.app.state.settings.data_dir, table_sheets_pdf, event, sheets)
    return Response(pdf, media_type="application/pdf",
                    headers={"content-disposition": f'inline; filename="tables-{event_id}.pdf"'})


@router.get("/events/{event_id}/tables/{table}")
def table_page(request: Request, event_id: int, table: int, db: DbSession, principal: Operator):
    event, meetings = agendas.table_sheet(db, principal, event_id, table)
    return render(request, "events/table.html", event=event, table=table, meetings=meetings)


@router.get("/events/{event_id}/checkin")
def checkin_page(request: Request, event_id: int, db: DbSession, principal: Operator):
    event = service.get_event(db, principal, event_id)
    registrations = participation.list_registrations(db, principal, event_id)
    meetings = agendas.meetings(db, principal, event_id)
    return render(request, "events/checkin.html", event=event, meetings=meetings,
                  registrations=[r for r in registrations if r.status.at_check_in],
                  meeting_statuses=list(MeetingStatus), meeting_outcomes=list(MeetingOutcome),
                  outcomes=outcomes.outcomes_of_event(db, principal, event_id), next_slot=next_slot_id(event),
                  local_time=local_time)


@router.post("/events/{event_id}/meetings/{meeting_id}/status")
def meeting_status(request: Request, event_id: int, meeting_id: int, db: DbSession, principal: Operator,
                   status: str = Form(...)):
    chosen = MeetingStatus(status) if status in set(MeetingStatus) else MeetingStatus.SCHEDULED
    agendas.set_meeting_status(db, principal, event_id, meeting_id, chosen)
    _flash(request, _("Meeting updated."))
    return _back(event_id, "/checkin")


@router.post("/events/{event_id}/meetings/{meeting_id}/outcome")
def meeting_outcome(request: Request, event_id: int, meeting_id: int, db: DbSession, principal: Operator,
                    outcome: str = Form(""), value: str = Form(""), currency: str = Form("")):
    """The operator marks what a meeting came to: talk held, intention, signed (with value and currency)."""
    chosen = MeetingOutcome(outcome) if outcome in set(MeetingOutcome) else None
    try:
        amount = Decimal(value.replace(",", "").strip()) if value.strip() else None
    except InvalidOperation:
        amount = None
    try:
        outcomes.mark_outcome(db, principal, event_id, meeting_id, chosen, value=amount, currency=currency)
    except ChuhaiError as exc:
        _flash(request, error_text(exc), "bad")
    else:
        _flash(request, _("Meeting outcome saved."))
    return _back(event_id, "/checkin")
