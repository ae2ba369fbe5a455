"""Matchmaking events (对接会): slots, registrations, meeting requests, and the schedule
(their e-mails go to `chuhai.mail`'s outbox).

Statuses and sides are the enums of `chuhai.events.states` (stored as their string values)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chuhai.database import Base, utcnow
from chuhai.events.states import (
    EventMode,
    EventStatus,
    MeetingOutcome,
    MeetingStatus,
    RegistrationStatus,
    RequestStatus,
    Side,
)
from chuhai.types import JSONType, Money, StrEnumType

if TYPE_CHECKING:
    from chuhai.catalog.models import Enterprise
    from chuhai.demand.models import Buyer


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(250))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    mode: Mapped[EventMode] = mapped_column(StrEnumType(EventMode), default=EventMode.ONSITE)
    venue: Mapped[str | None] = mapped_column(String(300))
    tables: Mapped[int] = mapped_column(Integer)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    day_start: Mapped[str] = mapped_column(String(5))
    day_end: Mapped[str] = mapped_column(String(5))
    breaks: Mapped[list[str]] = mapped_column(JSONType, default=list)  # "12:00-13:30"
    belt_codes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    categories: Mapped[list[str]] = mapped_column(JSONType, default=list)
    min_meetings_per_buyer: Mapped[int] = mapped_column(Integer, default=0)
    # open (registration and requests) -> scheduled (a draft schedule exists) -> published -> closed
    status: Mapped[EventStatus] = mapped_column(StrEnumType(EventStatus), default=EventStatus.OPEN, index=True)
    total_weight: Mapped[float | None] = mapped_column(Float)
    upper_bound: Mapped[float | None] = mapped_column(Float)
    solver_status: Mapped[str | None] = mapped_column(String(16))
    solver_method: Mapped[str | None] = mapped_column(String(32))
    unscheduled: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    slots: Mapped[list[EventSlot]] = relationship(
        back_populates="event", lazy="raise", cascade="all, delete-orphan", order_by="EventSlot.position"
    )

    @property
    def proven_optimal(self) -> bool:
        """The solver proved the stored schedule optimal (else it is feasible, within `gap` of the bound)."""
        return self.solver_status == "optimal"

    @property
    def gap(self) -> float | None:
        if self.total_weight is None or self.upper_bound is None:
            return None
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.total_weight) / self.upper_bound)


class EventSlot(Base):
    __tablename__ = "event_slots"
    __table_args__ = (UniqueConstraint("event_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)

    event: Mapped[Event] = relationship(back_populates="slots", lazy="raise")

    @property
    def label(self) -> str:
        return f"{self.starts_at:%m-%d %H:%M}–{self.ends_at:%H:%M}"


class EventRegistration(Base):
    """A buyer or an enterprise taking part in an event; `representatives` is its parallel meetings per slot."""

    __tablename__ = "event_registrations"
    __table_args__ = (UniqueConstraint("event_id", "buyer_id"), UniqueConstraint("event_id", "enterprise_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    side: Mapped[Side] = mapped_column(StrEnumType(Side))
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("buyers.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    # pending -> approved | rejected; approved -> cancelled | no_show
    status: Mapped[RegistrationStatus] = mapped_column(StrEnumType(RegistrationStatus),
                                                       default=RegistrationStatus.PENDING, index=True)
    representatives: Mapped[int] = mapped_column(Integer, default=1)
    max_meetings: Mapped[int | None] = mapped_column(Integer)
    unavailable_slot_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    buyer: Mapped[Buyer | None] = relationship(lazy="raise")
    enterprise: Mapped[Enterprise | None] = relationship(lazy="raise")


class MeetingRequest(Base):
    """One side asks to meet the other; the receiving side accepts or declines. Both asking is a mutual request."""

    __tablename__ = "event_meeting_requests"
    __table_args__ = (UniqueConstraint("buyer_registration_id", "enterprise_registration_id", "from_side",
                                       name="uq_event_meeting_requests_pair_side"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    buyer_registration_id: Mapped[int] = mapped_column(
        ForeignKey("event_registrations.id", ondelete="CASCADE", name="fk_event_meeting_requests_buyer_registration"),
        index=True)
    enterprise_registration_id: Mapped[int] = mapped_column(
        ForeignKey("event_registrations.id", ondelete="CASCADE",
                   name="fk_event_meeting_requests_enterprise_registration"),
        index=True)
    from_side: Mapped[Side] = mapped_column(StrEnumType(Side))
    priority: Mapped[int] = mapped_column(Integer, default=2)  # 1 low, 2 normal, 3 high
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(StrEnumType(RequestStatus), default=RequestStatus.PENDING,
                                                  index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime)

    buyer_registration: Mapped[EventRegistration] = relationship(foreign_keys=[buyer_registration_id], lazy="raise")
    enterprise_registration: Mapped[EventRegistration] = relationship(
        foreign_keys=[enterprise_registration_id], lazy="raise")


class EventMeeting(Base):
    """A scheduled one-to-one meeting at (slot, table). `fixed` meetings are kept when rescheduling."""

    __tablename__ = "event_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("event_slots.id", ondelete="CASCADE"), index=True)
    table_number: Mapped[int] = mapped_column(Integer)
    buyer_registration_id: Mapped[int] = mapped_column(
        ForeignKey("event_registrations.id", ondelete="CASCADE", name="fk_event_meetings_buyer_registration"),
        index=True)
    enterprise_registration_id: Mapped[int] = mapped_column(
        ForeignKey("event_registrations.id", ondelete="CASCADE", name="fk_event_meetings_enterprise_registration"),
        index=True)
    weight: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[MeetingStatus] = mapped_column(StrEnumType(MeetingStatus), default=MeetingStatus.SCHEDULED,
                                                  index=True)
    fixed: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the meeting came to (the operator marks it at check-in): talk, intention or signed with its value.
    outcome: Mapped[MeetingOutcome | None] = mapped_column(StrEnumType(MeetingOutcome), index=True)
    outcome_value: Mapped[Decimal | None] = mapped_column(Money)
    outcome_currency: Mapped[str | None] = mapped_column(String(3))
    outcome_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    slot: Mapped[EventSlot] = relationship(lazy="raise")
    buyer_registration: Mapped[EventRegistration] = relationship(foreign_keys=[buyer_registration_id], lazy="raise")
    enterprise_registration: Mapped[EventRegistration] = relationship(
        foreign_keys=[enterprise_registration_id], lazy="raise")
