"""Whom to meet: suggested counterparts, meeting requests and their answers. Flushes, never commits.

A request is one side asking to meet the other (`chuhai.events.states.RequestStatus`); the receiving side
accepts or declines. A pair becomes a meeting to schedule when the receiver accepted or both sides asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise
from chuhai.database import utcnow
from chuhai.errors import Conflict, Forbidden, NotFound
from chuhai.events import repository
from chuhai.events.engine.fit import Fit, fit_score
from chuhai.events.models import Event, EventRegistration, MeetingRequest
from chuhai.events.outbox import write_email
from chuhai.events.participation import own_registration, participant_name
from chuhai.events.schemas import RequestIn
from chuhai.events.service import get_event
from chuhai.events.states import RegistrationStatus, RequestStatus
from chuhai.i18n import N_
from chuhai.matching.service import pair_scores
from chuhai.types import VerificationStatus


@dataclass(frozen=True)
class Suggestion:
    registration: EventRegistration
    fit: Fit
    requested: bool


def pair_fit(event: Event, buyer_cats: set[str], enterprise: Enterprise | None, enterprise_cats: set[str],
             match_score: float | None = None) -> Fit:
    """The fit engine on a buyer's and an enterprise's records, within the event's categories."""
    verified = enterprise is not None and enterprise.verification_status == VerificationStatus.VERIFIED
    return fit_score(buyer_cats, enterprise_cats, verified, set(event.categories or ()), match_score=match_score)


def suggestions(session: Session, actor: Principal, event_id: int, limit: int = 10) -> list[Suggestion]:
    """Approved counterparts ranked by fit (category overlap and verification) for the actor's registration."""
    event = get_event(session, actor, event_id)
    mine = own_registration(session, actor, event_id)
    if mine is None or not mine.status.is_approved:
        return []
    others = repository.registrations(session, event_id, side=mine.side.other, statuses=(RegistrationStatus.APPROVED,))
    requested = {(r.enterprise_registration_id if mine.side.is_buyer else r.buyer_registration_id)
                 for r in repository.requests(session, event_id, mine.id) if r.from_side == mine.side}
    buyers = [mine] if mine.side.is_buyer else others
    enterprises = others if mine.side.is_buyer else [mine]
    buyer_cats = repository.buyer_categories(session, [r.buyer_id for r in buyers])
    enterprise_cats = repository.enterprise_categories(session, [r.enterprise_id for r in enterprises])
    # The matching engine's stored scores between the buyer's demands and the enterprise's products.
    match_scores = pair_scores(session, [r.buyer_id for r in buyers], [r.enterprise_id for r in enterprises])
    ranked = []
    for other in others:
        b, e = (mine, other) if mine.side.is_buyer else (other, mine)
        fit = pair_fit(event, buyer_cats[b.buyer_id], e.enterprise, enterprise_cats[e.enterprise_id],
                       match_scores.get((b.buyer_id, e.enterprise_id)))
        ranked.append(Suggestion(other, fit, other.id in requested))
    ranked.sort(key=lambda s: (-s.fit.score, participant_name(s.registration)))
    return ranked[:limit]


def send_request(session: Session, actor: Principal, event_id: int, data: RequestIn) -> MeetingRequest:
    event = get_event(session, actor, event_id)
    if not event.status.can_request:
        raise Conflict("Requests for this event are closed.")
    mine = own_registration(session, actor, event_id)
    if mine is None or not mine.status.is_approved:
        raise Forbidden("Only approved participants send meeting requests.")
    target = repository.registration(session, data.to_registration_id)
    if (target is None or target.event_id != event_id or not target.status.is_approved
            or target.side == mine.side):
        raise NotFound("No such participant.")
    buyer_reg, enterprise_reg = (mine, target) if mine.side.is_buyer else (target, mine)
    exists = session.scalar(select(MeetingRequest.id).where(
        MeetingRequest.buyer_registration_id == buyer_reg.id,
        MeetingRequest.enterprise_registration_id == enterprise_reg.id, MeetingRequest.from_side == mine.side))
    if exists:
        raise Conflict("You have already requested this meeting.")
    request = MeetingRequest(event_id=event_id, buyer_registration_id=buyer_reg.id,
                             enterprise_registration_id=enterprise_reg.id, from_side=mine.side,
                             priority=data.priority, message=data.message, status=RequestStatus.PENDING)
    session.add(request)
    session.flush()
    write_email(session, target, event, "request_received", N_("Meeting request: %(event)s"),
                N_("%(other)s would like to meet you at %(event)s. Sign in to accept or decline the request."),
                key=str(request.id), other=lambda: participant_name(mine))
    return request


def is_mutual(request: MeetingRequest, all_requests: Iterable[MeetingRequest]) -> bool:
    """The other side asked for the same meeting too (and did not take it back by declining)."""
    return any(other.from_side != request.from_side and other.status.is_live
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
        raise NotFound("No such meeting request.")
    if request.from_side == mine.side:
        raise Forbidden("Only the side that received a request answers it.")
    if event.status.agendas_visible and not accept and request.status == RequestStatus.ACCEPTED:
        raise Conflict("The schedule is published: cancel the meeting with the operator instead.")
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.responded_at = utcnow()
    session.flush()
    if accept:
        sender = repository.registration(session, request.buyer_registration_id if request.from_side.is_buyer
                                         else request.enterprise_registration_id)
        write_email(session, sender, event, "request_accepted", N_("Meeting request accepted: %(event)s"),
                    N_("%(other)s accepted your meeting request for %(event)s. The meeting will appear on your "
                       "agenda when the schedule is published."), key=str(request.id),
                    other=lambda: participant_name(mine))
    return request
