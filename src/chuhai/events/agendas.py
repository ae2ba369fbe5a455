"""Who meets whom, where and when: the operator's list of meetings, each participant's agenda, each
table's sheet, and the day's changes to a meeting (confirmed, held, no-show, cancelled).
Flushes, never commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.database import utcnow
from chuhai.errors import NotFound
from chuhai.events import repository
from chuhai.events.models import Event, EventMeeting, EventRegistration
from chuhai.events.participation import get_registration
from chuhai.events.service import get_event
from chuhai.events.states import MeetingOutcome, MeetingStatus
from chuhai.types import RoleCode


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
    if not event.status.agendas_visible and not actor.is_operator:
        return event, registration, []
    rows = [m for m in repository.meetings(session, event_id, registration_id=registration_id)
            if not m.status.is_cancelled]
    return event, registration, rows


def table_sheet(session: Session, actor: Principal, event_id: int, table: int) -> tuple[Event, list[EventMeeting]]:
    actor.require(RoleCode.OPERATOR)
    event = get_event(session, actor, event_id)
    if not 1 <= table <= event.tables:
        raise NotFound("No such table.")
    rows = [m for m in repository.meetings(session, event_id, table=table) if not m.status.is_cancelled]
    return event, rows


def set_meeting_status(session: Session, actor: Principal, event_id: int, meeting_id: int,
                       status: MeetingStatus | str) -> EventMeeting:
    """Operator: confirm (fix) a meeting, mark it held or a no-show, or cancel it. A held meeting is at least a
    talk held (its outcome, `outcomes.mark_outcome`, says more); one that did not take place has none."""
    actor.require(RoleCode.OPERATOR)
    get_event(session, actor, event_id)
    meeting = repository.meeting(session, meeting_id)
    if meeting is None or meeting.event_id != event_id:
        raise NotFound("No such meeting.")
    meeting.status = MeetingStatus(status)
    meeting.fixed = meeting.status.is_kept
    if meeting.status is MeetingStatus.HELD and meeting.outcome is None:
        meeting.outcome, meeting.outcome_at = MeetingOutcome.TALK, utcnow()
    elif not meeting.status.is_active:
        meeting.outcome = meeting.outcome_value = meeting.outcome_currency = meeting.outcome_at = None
    session.flush()
    return meeting
