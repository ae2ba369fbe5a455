"""An event's time slots from its days, opening hours, slot length and breaks (pure).

Its ValueErrors carry English text: `chuhai.events.schemas` turns them into field errors of its own.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


def parse_clock(text: str) -> time:
    """"9:00" or "09:00" -> time(9, 0); ValueError otherwise."""
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def parse_break(text: str) -> tuple[time, time]:
    """"12:00-13:30" -> (12:00, 13:30); the end must come after the start."""
    start, _, end = text.replace("–", "-").replace("~", "-").partition("-")
    if not end:
        raise ValueError(f"break {text!r}: expected HH:MM-HH:MM")
    begin, finish = parse_clock(start), parse_clock(end)
    if finish <= begin:
        raise ValueError(f"break {text!r}: ends before it starts")
    return begin, finish


def generate_slots(first_day: date, last_day: date, day_start: time, day_end: time, slot_minutes: int,
                   breaks: list[tuple[time, time]] = ()) -> list[tuple[datetime, datetime]]:
    """Back-to-back slots each day; a slot that would overlap a break starts when the break ends."""
    if slot_minutes <= 0:
        raise ValueError("slot length must be positive")
    length = timedelta(minutes=slot_minutes)
    slots: list[tuple[datetime, datetime]] = []
    day = first_day
    while day <= last_day:
        cursor, closing = datetime.combine(day, day_start), datetime.combine(day, day_end)
        pauses = sorted((datetime.combine(day, a), datetime.combine(day, b)) for a, b in breaks)
        while cursor + length <= closing:
            overlapping = next((end for begin, end in pauses if cursor < end and begin < cursor + length), None)
            if overlapping is not None:
                cursor = overlapping
                continue
            slots.append((cursor, cursor + length))
            cursor += length
        day += timedelta(days=1)
    return slots
