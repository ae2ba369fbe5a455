"""The scheduling problem as plain data: an event's slots, tables, participants, requests and fixed meetings,
and the schedule that answers it.

`contract.parse_event` builds an `Instance` from the batch contract's EVENT.json; `validate` checks a
`Schedule` against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class InstanceError(ValueError):
    """The event description is invalid; the message names the field (e.g. `requests[3].buyer`)."""


@dataclass(frozen=True)
class Participant:
    id: str
    available_slots: frozenset[str] | None = None  # None: every slot
    max_meetings: int | None = None  # None: no limit beyond capacity × available slots
    capacity: int = 1  # representatives, i.e. parallel meetings in one slot


@dataclass(frozen=True)
class Request:
    buyer: str
    supplier: str
    weight: float


@dataclass(frozen=True, order=True)
class Meeting:
    slot: str
    table: int  # 1-based table number
    buyer: str
    supplier: str


@dataclass(frozen=True)
class Unscheduled:
    buyer: str
    supplier: str
    reason: str


@dataclass(frozen=True)
class Instance:
    slots: tuple[str, ...]
    tables: int
    buyers: tuple[Participant, ...]
    suppliers: tuple[Participant, ...]
    requests: tuple[Request, ...]
    fixed: tuple[Meeting, ...] = ()
    min_meetings_per_buyer: int = 0
    closed_slots: frozenset[str] = frozenset()  # engine only (rescheduling): no new meetings there


@dataclass
class Schedule:
    meetings: list[Meeting]
    total_weight: float
    upper_bound: float | None
    unscheduled: list[Unscheduled] = field(default_factory=list)
    status: str = "feasible"  # "optimal" when the solver proved it
    method: str = ""
    buyer_shortfall: int = 0  # meetings missing to reach min_meetings_per_buyer, summed over buyers

    @property
    def gap(self) -> float | None:
        """Relative distance to the upper bound (0 means proven optimal)."""
        if self.upper_bound is None:
            return None
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.total_weight) / self.upper_bound)
