"""The states of an event, a registration, a meeting request and a meeting, with their rules (and the
event's mode and a registration's side).

Each is a StrEnum whose values are the strings stored in the database (the columns read back as the
enum, `chuhai.types.StrEnumType`), so the service and the templates ask `event.status.can_register`
or `meeting.status.is_kept` instead of comparing strings. `label` is the English message id shown for
the state (translate it with `_()` where it is shown); `badge` is the CSS class of its badge.
"""

from __future__ import annotations

from enum import StrEnum

from chuhai.events.engine.fit import MAKES_WANTED, MATCHED, VERIFIED
from chuhai.i18n import N_


class Side(StrEnum):
    """Which side of the event a registration (or a request's sender) is on."""

    BUYER = "buyer"
    ENTERPRISE = "enterprise"

    @property
    def is_buyer(self) -> bool:
        return self is Side.BUYER

    @property
    def other(self) -> Side:
        return Side.ENTERPRISE if self is Side.BUYER else Side.BUYER

    @property
    def label(self) -> str:
        return _SIDE_LABELS[self]


class EventMode(StrEnum):
    ONSITE = "onsite"
    ONLINE = "online"

    @property
    def is_onsite(self) -> bool:
        """Held at a venue (which the pages and PDFs name); else online."""
        return self is EventMode.ONSITE

    @property
    def label(self) -> str:
        return _MODE_LABELS[self]


class EventStatus(StrEnum):
    """open (registration and requests) -> scheduled (a draft schedule exists) -> published -> closed."""

    OPEN = "open"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    CLOSED = "closed"

    @property
    def can_register(self) -> bool:
        """Buyers and enterprises may still register (also after a draft schedule, not once published)."""
        return self in (EventStatus.OPEN, EventStatus.SCHEDULED)

    @property
    def can_request(self) -> bool:
        """Approved participants may still send meeting requests: the same window as registration."""
        return self.can_register

    @property
    def can_schedule(self) -> bool:
        return self is not EventStatus.CLOSED

    @property
    def can_publish(self) -> bool:
        """Publishing needs a draft schedule."""
        return self is EventStatus.SCHEDULED

    @property
    def is_published(self) -> bool:
        """Participants see their agendas; after this a schedule run is a reschedule that emails them."""
        return self is EventStatus.PUBLISHED

    @property
    def agendas_visible(self) -> bool:
        """Participants see their agendas (published, and still after closing)."""
        return self in (EventStatus.PUBLISHED, EventStatus.CLOSED)

    @property
    def has_schedule(self) -> bool:
        """A schedule exists (draft or published): the operator links each participant's agenda."""
        return self in (EventStatus.SCHEDULED, EventStatus.PUBLISHED)

    @property
    def label(self) -> str:
        return _EVENT_LABELS[self]

    @property
    def badge(self) -> str:
        return _EVENT_BADGES[self]


class RegistrationStatus(StrEnum):
    """pending -> approved | rejected; approved -> cancelled (withdrawn) | no_show (marked absent)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def is_approved(self) -> bool:
        """Takes part: requests, suggestions, check-in, a place in the schedule."""
        return self is RegistrationStatus.APPROVED

    @property
    def awaits_decision(self) -> bool:
        return self is RegistrationStatus.PENDING

    @property
    def is_withdrawn(self) -> bool:
        """Cancelled or absent: keeps what already happened, gets no new meetings."""
        return self in (RegistrationStatus.CANCELLED, RegistrationStatus.NO_SHOW)

    @property
    def can_register_again(self) -> bool:
        """A participant that cancelled may change its mind (and waits for the operator again)."""
        return self is RegistrationStatus.CANCELLED

    @property
    def can_withdraw(self) -> bool:
        return self in (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)

    @property
    def at_check_in(self) -> bool:
        """Listed on the check-in page: approved, or approved once and withdrawn since."""
        return self.is_approved or self.is_withdrawn

    @property
    def label(self) -> str:
        return _REGISTRATION_LABELS[self]

    @property
    def badge(self) -> str:
        return "ok" if self.is_approved else "warn" if self.awaits_decision else "bad"

    @classmethod
    def withdrawn(cls) -> tuple[RegistrationStatus, ...]:
        return tuple(status for status in cls if status.is_withdrawn)


class RequestStatus(StrEnum):
    """pending -> accepted | declined, answered by the side that received the request."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def awaits_answer(self) -> bool:
        return self is RequestStatus.PENDING

    @property
    def is_live(self) -> bool:
        """Not declined: still counts towards a meeting (accepted, or mutual with the other side's)."""
        return self is not RequestStatus.DECLINED

    @property
    def label(self) -> str:
        return _REQUEST_LABELS[self]


class MeetingStatus(StrEnum):
    """scheduled (by the solver) -> confirmed (fixed by the operator) -> held | no_show; or cancelled."""

    SCHEDULED = "scheduled"
    CONFIRMED = "confirmed"
    HELD = "held"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def is_active(self) -> bool:
        """On the agendas: takes its slot and table."""
        return self in (MeetingStatus.SCHEDULED, MeetingStatus.CONFIRMED, MeetingStatus.HELD)

    @property
    def is_kept(self) -> bool:
        """Fixed: stays where it is when the event is rescheduled."""
        return self in (MeetingStatus.CONFIRMED, MeetingStatus.HELD)

    @property
    def is_cancelled(self) -> bool:
        return self is MeetingStatus.CANCELLED

    @property
    def is_draft(self) -> bool:
        """As the solver placed it, nobody has touched it since (no badge on the schedule grid)."""
        return self is MeetingStatus.SCHEDULED

    @property
    def label(self) -> str:
        return _MEETING_LABELS[self]

    @classmethod
    def active(cls) -> tuple[MeetingStatus, ...]:
        return tuple(status for status in cls if status.is_active)


class MeetingOutcome(StrEnum):
    """What a meeting came to, marked by the operator at check-in: a talk held, an intention reached
    (samples or terms to follow), or a project signed on the spot (with its value). Each one counts as a
    talk; the outcomes of trade (`chuhai.trade`) count the same way (`chuhai.events.outcomes`)."""

    TALK = "talk"
    INTENTION = "intention"
    SIGNED = "signed"

    @property
    def is_intention(self) -> bool:
        return self is MeetingOutcome.INTENTION

    @property
    def is_signed(self) -> bool:
        """Signed on the spot: the meeting records the value and currency."""
        return self is MeetingOutcome.SIGNED

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]

    @property
    def badge(self) -> str:
        return {MeetingOutcome.SIGNED: "ok", MeetingOutcome.INTENTION: "info"}.get(self, "")


PRIORITY_LABELS = {1: N_("Low"), 2: N_("Normal"), 3: N_("High")}
# The fit engine's reasons are their own English message ids; marked here so that they are translated.
FIT_REASON_LABELS = {MATCHED: N_("Its products match the buyer's demands"),
                     MAKES_WANTED: N_("Makes what the buyer asks for"), VERIFIED: N_("Verified enterprise")}
# The scheduler's reasons for a request it could not place (`engine.solution`), as shown to the operator.
UNSCHEDULED_REASON_LABELS = {
    "buyer unavailable": N_("Buyer unavailable"), "supplier unavailable": N_("Enterprise unavailable"),
    "no common slot": N_("No common slot"), "buyer max meetings reached": N_("Buyer's meeting limit reached"),
    "supplier max meetings reached": N_("Enterprise's meeting limit reached"), "tables full": N_("Tables full"),
    "capacity full": N_("Representatives fully booked"),
}

_MODE_LABELS = {EventMode.ONSITE: N_("On site"), EventMode.ONLINE: N_("Online")}
_SIDE_LABELS = {Side.BUYER: N_("Buyer"), Side.ENTERPRISE: N_("Enterprise")}
_EVENT_LABELS = {EventStatus.OPEN: N_("Registration open"), EventStatus.SCHEDULED: N_("Draft schedule"),
                 EventStatus.PUBLISHED: N_("Schedule published"), EventStatus.CLOSED: N_("Closed")}
_EVENT_BADGES = {EventStatus.OPEN: "info", EventStatus.SCHEDULED: "warn", EventStatus.PUBLISHED: "ok",
                 EventStatus.CLOSED: ""}
_REGISTRATION_LABELS = {RegistrationStatus.PENDING: N_("Pending"), RegistrationStatus.APPROVED: N_("Approved"),
                        RegistrationStatus.REJECTED: N_("Rejected"), RegistrationStatus.CANCELLED: N_("Cancelled"),
                        RegistrationStatus.NO_SHOW: N_("No show")}
_REQUEST_LABELS = {RequestStatus.PENDING: N_("Pending"), RequestStatus.ACCEPTED: N_("Accepted"),
                   RequestStatus.DECLINED: N_("Declined")}
_MEETING_LABELS = {MeetingStatus.SCHEDULED: N_("Scheduled"), MeetingStatus.CONFIRMED: N_("Confirmed"),
                   MeetingStatus.HELD: N_("Held"), MeetingStatus.NO_SHOW: N_("No show"),
                   MeetingStatus.CANCELLED: N_("Cancelled")}
_OUTCOME_LABELS = {MeetingOutcome.TALK: N_("Talk held"), MeetingOutcome.INTENTION: N_("Intention reached"),
                   MeetingOutcome.SIGNED: N_("Signed")}
