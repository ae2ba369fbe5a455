"""Independent feasibility check of a schedule against its instance.

Deliberately written without the solvers' data structures, so that it checks them rather than
repeating their assumptions. The CLI runs it before writing any file; the tests run it on everything.
"""

from __future__ import annotations

import math
from collections import Counter

from chuhai.events.engine.instance import Instance, Meeting, Schedule


class ScheduleError(ValueError):
    """A schedule breaks at least one rule of its instance."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


def violations(meetings: list[Meeting], instance: Instance) -> list[str]:
    """Every rule the meetings break, as readable sentences (empty when feasible)."""
    problems: list[str] = []
    slots = set(instance.slots)
    buyers = {b.id: b for b in instance.buyers}
    suppliers = {s.id: s for s in instance.suppliers}
    requested = {(r.buyer, r.supplier) for r in instance.requests}

    for m in meetings:
        if m.buyer not in buyers:
            problems.append(f"{m}: unknown buyer")
        if m.supplier not in suppliers:
            problems.append(f"{m}: unknown supplier")
        if m.slot not in slots:
            problems.append(f"{m}: unknown slot")
        if not 1 <= m.table <= instance.tables:
            problems.append(f"{m}: table outside 1..{instance.tables}")
        if (m.buyer, m.supplier) not in requested:
            problems.append(f"{m}: pair was not requested")
    for (slot, table), n in Counter((m.slot, m.table) for m in meetings).items():
        if n > 1:
            problems.append(f"slot {slot!r} table {table}: {n} meetings at one table")
    for (buyer, supplier), n in Counter((m.buyer, m.supplier) for m in meetings).items():
        if n > 1:
            problems.append(f"pair ({buyer!r}, {supplier!r}) meets {n} times")

    for role, people, key in (("buyer", buyers, "buyer"), ("supplier", suppliers, "supplier")):
        per_slot = Counter((getattr(m, key), m.slot) for m in meetings)
        total = Counter(getattr(m, key) for m in meetings)
        for (pid, slot), n in per_slot.items():
            person = people.get(pid)
            if person is None:
                continue
            if n > person.capacity:
                problems.append(f"{role} {pid!r} has {n} meetings in slot {slot!r} (capacity {person.capacity})")
            if person.available_slots is not None and slot not in person.available_slots:
                problems.append(f"{role} {pid!r} is not available in slot {slot!r}")
        for pid, n in total.items():
            person = people.get(pid)
            if person is not None and person.max_meetings is not None and n > person.max_meetings:
                problems.append(f"{role} {pid!r} has {n} meetings (max {person.max_meetings})")
    return problems


def validate(schedule: Schedule, instance: Instance) -> None:
    """Raise `ScheduleError` unless the schedule is feasible, keeps every fixed meeting and adds up."""
    problems = violations(schedule.meetings, instance)
    present = set(schedule.meetings)
    for m in instance.fixed:
        if m not in present:
            problems.append(f"fixed meeting {m} was dropped or moved")
    weights = {(r.buyer, r.supplier): r.weight for r in instance.requests}
    total = sum(weights.get((m.buyer, m.supplier), 0.0) for m in schedule.meetings)
    if not math.isclose(total, schedule.total_weight, rel_tol=1e-9, abs_tol=1e-6):
        problems.append(f"total_weight {schedule.total_weight} but the meetings add up to {total}")
    if schedule.upper_bound is not None and schedule.total_weight > schedule.upper_bound + 1e-6 * max(
        1.0, abs(schedule.upper_bound)
    ):
        problems.append(f"total_weight {schedule.total_weight} exceeds upper_bound {schedule.upper_bound}")
    met = {(m.buyer, m.supplier) for m in schedule.meetings}
    for u in schedule.unscheduled:
        if (u.buyer, u.supplier) in met:
            problems.append(f"({u.buyer!r}, {u.supplier!r}) is both scheduled and unscheduled")
    if len(met) + len(schedule.unscheduled) != len(weights):
        problems.append("meetings and unscheduled_requests do not account for every request exactly once")
    if problems:
        raise ScheduleError(problems)
