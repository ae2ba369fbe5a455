"""An enterprise's responsiveness: of the demands that fit it, the share it answered within a day, and the
median time to its first answer.

A fit is `(fitted_at, first_reply_at)`: when the demand reached the enterprise (its match was stored, or the
demand was posted) and when the enterprise first replied (a quotation or a message), or None. A fit whose
day has not run out yet and that has no reply is still pending: it counts neither way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class ResponseStats:
    fits: int  # fits that count (not pending)
    answered_in_time: int  # first reply within the window
    answered: int  # replied at all (within the window or later)
    pending: int
    median_hours: float | None  # of every reply, None without one

    @property
    def rate(self) -> float | None:
        """The share answered within the window, None with no fit that counts."""
        return self.answered_in_time / self.fits if self.fits else None


def response_stats(fits: Iterable[tuple[datetime, datetime | None]], now: datetime,
                   window: timedelta = WINDOW) -> ResponseStats:
    counted = in_time = answered = pending = 0
    hours: list[float] = []
    for fitted_at, replied_at in fits:
        if replied_at is None:
            if now - fitted_at < window:
                pending += 1
                continue
            counted += 1
            continue
        delay = max(replied_at - fitted_at, timedelta(0))
        counted += 1
        answered += 1
        hours.append(delay.total_seconds() / 3600)
        if delay <= window:
            in_time += 1
    return ResponseStats(counted, in_time, answered, pending, round(median(hours), 2) if hours else None)
