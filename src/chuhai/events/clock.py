"""Time at the venue: slot times are the venue's wall-clock times (the belts are in China), timestamps are
stored in UTC; and an event's dates as the reader writes them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from chuhai import i18n
from chuhai.database import utcnow
from chuhai.events.models import Event

EVENT_TZ = ZoneInfo("Asia/Shanghai")


def local_time(timestamp: datetime | None) -> datetime | None:
    """A stored UTC timestamp as the venue's wall-clock time."""
    return timestamp.replace(tzinfo=UTC).astimezone(EVENT_TZ).replace(tzinfo=None) if timestamp else None


def next_slot_id(event: Event, now: datetime | None = None) -> int | None:
    """The first slot that has not started yet (venue time), for the reschedule form's default."""
    now = now or local_time(utcnow())
    return next((slot.id for slot in event.slots if slot.starts_at > now), None)


def event_dates(event: Event) -> str:
    """"2026-12-08", or "2026-12-08 – 2026-12-09" for an event of several days, in the current locale."""
    if event.starts_on == event.ends_on:
        return i18n.fmt_date(event.starts_on)
    return f"{i18n.fmt_date(event.starts_on)} – {i18n.fmt_date(event.ends_on)}"
