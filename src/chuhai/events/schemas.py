"""Event payloads: validated input for the pages and the API, and the API's output shapes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from chuhai.catalog.categories import check_categories
from chuhai.errors import InvalidValue
from chuhai.events.engine.timetable import parse_break, parse_clock
from chuhai.events.states import EventMode, MeetingOutcome, MeetingStatus
from chuhai.jobs.schemas import JobOut
from chuhai.types import LocalDateTime, UtcDateTime

MAX_EVENT_DAYS = 14


class EventIn(BaseModel):
    name_zh: str = Field(min_length=2, max_length=200)
    name_en: str = Field(min_length=2, max_length=250)
    starts_on: date
    ends_on: date
    mode: EventMode = EventMode.ONSITE
    venue: str | None = Field(default=None, max_length=300)
    tables: int = Field(ge=1, le=500)
    slot_minutes: int = Field(default=20, ge=5, le=240)
    day_start: str = "09:00"
    day_end: str = "17:00"
    breaks: list[str] = []
    belt_codes: list[str] = []
    categories: list[str] = []
    min_meetings_per_buyer: int = Field(default=0, ge=0, le=100)

    @field_validator("day_start", "day_end")
    @classmethod
    def _clock(cls, value: str) -> str:
        try:
            return parse_clock(value).strftime("%H:%M")
        except ValueError:
            raise InvalidValue("expected a time such as 09:00") from None

    @field_validator("breaks")
    @classmethod
    def _breaks(cls, values: list[str]) -> list[str]:
        cleaned = []
        for value in values:
            try:
                begin, end = parse_break(value)
            except ValueError:
                raise InvalidValue("%(value)s: expected a break such as 12:00-13:30", value=repr(value)) from None
            cleaned.append(f"{begin:%H:%M}-{end:%H:%M}")
        return cleaned

    _categories = field_validator("categories")(classmethod(lambda cls, values: check_categories(values)))

    @model_validator(mode="after")
    def _consistent(self) -> EventIn:
        if self.ends_on < self.starts_on:
            raise InvalidValue("the event ends before it starts")
        if (self.ends_on - self.starts_on).days >= MAX_EVENT_DAYS:
            raise InvalidValue("an event lasts at most %(days)s days", days=MAX_EVENT_DAYS)
        if parse_clock(self.day_end) <= parse_clock(self.day_start):
            raise InvalidValue("the day ends before it starts")
        if self.mode.is_onsite and not (self.venue or "").strip():
            raise InvalidValue("an on-site event needs a venue")
        return self


class RegistrationIn(BaseModel):
    representatives: int = Field(default=1, ge=1, le=20)
    max_meetings: int | None = Field(default=None, ge=1, le=200)
    note: str | None = Field(default=None, max_length=2000)
    # Only the operator names whom it registers; members register themselves.
    buyer_id: int | None = None
    enterprise_id: int | None = None


class AvailabilityIn(BaseModel):
    unavailable_slot_ids: list[int] = []
    representatives: int | None = Field(default=None, ge=1, le=20)
    max_meetings: int | None = Field(default=None, ge=1, le=200)


class DecisionIn(BaseModel):
    approve: bool


class RequestIn(BaseModel):
    to_registration_id: int
    priority: int = Field(default=2, ge=1, le=3)
    message: str | None = Field(default=None, max_length=1000)


class ResponseIn(BaseModel):
    accept: bool


class ScheduleIn(BaseModel):
    time_limit: float = Field(default=10.0, gt=0, le=120)
    from_slot_id: int | None = None


class MeetingStatusIn(BaseModel):
    status: MeetingStatus


class MeetingOutcomeIn(BaseModel):
    """What a meeting came to; `null` clears the mark. `signed` needs `value` and `currency`."""

    outcome: MeetingOutcome | None = None
    value: Decimal | None = Field(default=None, gt=0, max_digits=14, decimal_places=4)
    currency: str | None = Field(default=None, max_length=3)


class OutcomesOut(BaseModel):
    """An event's outcomes: meeting marks and the linked trade threads and deals, each outcome once."""

    event_id: int
    talks: int
    intentions: int
    signed: int
    signed_value_cny: Decimal
    signed_value_usd: Decimal
    unpriced_currencies: list[str]


class SlotOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    position: int
    starts_at: LocalDateTime
    ends_at: LocalDateTime


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name_zh: str
    name_en: str
    starts_on: date
    ends_on: date
    mode: str
    venue: str | None
    tables: int
    slot_minutes: int
    day_start: str
    day_end: str
    breaks: list[str]
    belt_codes: list[str]
    categories: list[str]
    min_meetings_per_buyer: int
    status: str
    total_weight: float | None
    upper_bound: float | None
    gap: float | None
    published_at: UtcDateTime | None


class EventDetailOut(EventOut):
    slots: list[SlotOut]


class RegistrationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    event_id: int
    side: str
    buyer_id: int | None
    enterprise_id: int | None
    name: str
    status: str
    representatives: int
    max_meetings: int | None
    unavailable_slot_ids: list[int]
    checked_in_at: UtcDateTime | None


class RequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    event_id: int
    buyer_registration_id: int
    enterprise_registration_id: int
    from_side: str
    priority: int
    message: str | None
    status: str
    mutual: bool


class SuggestionOut(BaseModel):
    registration_id: int
    name: str
    score: float
    shared_categories: list[str]
    requested: bool


class MeetingOut(BaseModel):
    id: int
    slot_id: int
    starts_at: LocalDateTime
    ends_at: LocalDateTime
    table: int
    buyer_registration_id: int
    enterprise_registration_id: int
    buyer: str
    enterprise: str
    weight: float
    status: str
    fixed: bool
    outcome: str | None = None
    outcome_value: Decimal | None = None
    outcome_currency: str | None = None


class ScheduleOut(BaseModel):
    event_id: int
    status: str
    meetings: int
    total_weight: float | None
    upper_bound: float | None
    gap: float | None
    solver_status: str | None
    unscheduled: list[dict]


class OutboxOut(BaseModel):
    """An event's e-mail in the platform's outbox (`chuhai.mail`): `kind` is what it tells about."""

    id: int
    kind: str
    to_email: str
    to_name: str | None
    subject: str
    body: str
    event_id: int | None
    state: str
    created_at: UtcDateTime
    sent_at: UtcDateTime | None = None

    @classmethod
    def of(cls, message: Any) -> OutboxOut:
        ref = message.ref or ""
        event_id = int(ref.removeprefix("event:")) if ref.startswith("event:") else None
        return cls(id=message.id, kind=message.topic, to_email=message.to_email, to_name=message.to_name,
                   subject=message.subject, body=message.body_text, event_id=event_id, state=message.state.value,
                   created_at=message.created_at, sent_at=message.sent_at)


class ScheduleJobOut(JobOut):
    """A scheduling run (kind `events.schedule`): once succeeded, `schedule` is the event's result (weight, bound,
    gap, who is left unscheduled and why) and `GET /api/v1/events/{id}/meetings` lists the meetings."""
    event_id: int
    schedule: ScheduleOut | None = None
