"""An event's time slots from its days, hours, slot length and breaks."""

from __future__ import annotations

from datetime import date, datetime, time

from chuhai.events.engine.timetable import generate_slots


def test_slots_skip_breaks_and_stop_at_the_end_of_each_day():
    slots = generate_slots(date(2026, 12, 1), date(2026, 12, 2), time(9), time(11), 20, [(time(10), time(10, 30))])
    first_day = [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in slots if s.day == 1]
    assert first_day == [("09:00", "09:20"), ("09:20", "09:40"), ("09:40", "10:00"), ("10:30", "10:50")]
    assert len(slots) == 8 and slots[4][0] == datetime(2026, 12, 2, 9, 0)
