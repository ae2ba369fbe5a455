"""Reference optimum by exhaustive enumeration, for instances small enough to enumerate.

Independent of the solvers: each request is either left out or put in one slot, every combination is
checked against the rules directly, and the best is kept lexicographically in (shortfall, -weight).
Tables are counted per slot (any table numbering of a feasible count works).
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter

from chuhai.events.engine import Instance


@functools.cache
def brute_force(instance: Instance) -> tuple[int, float]:
    """(least shortfall, most weight at that shortfall) over every feasible schedule."""
    fixed_pairs = {(m.buyer, m.supplier) for m in instance.fixed}
    free = [r for r in instance.requests if (r.buyer, r.supplier) not in fixed_pairs]
    weights = {(r.buyer, r.supplier): r.weight for r in instance.requests}
    buyers = {b.id: b for b in instance.buyers}
    suppliers = {s.id: s for s in instance.suppliers}
    choices = [None, *instance.slots]
    best: tuple[int, float] | None = None
    for assignment in itertools.product(choices, repeat=len(free)):
        meetings = [(m.buyer, m.supplier, m.slot) for m in instance.fixed]
        meetings += [(r.buyer, r.supplier, s) for r, s in zip(free, assignment, strict=True) if s is not None]
        if not _feasible(meetings, instance, buyers, suppliers):
            continue
        per_buyer = Counter(b for b, _, _ in meetings)
        shortfall = 0
        for b in instance.buyers:
            target = instance.min_meetings_per_buyer
            if b.max_meetings is not None:
                target = min(target, b.max_meetings)
            shortfall += max(0, target - per_buyer[b.id])
        weight = sum(weights[(b, p)] for b, p, _ in meetings)
        if best is None or (shortfall, -weight) < (best[0], -best[1]):
            best = (shortfall, weight)
    assert best is not None
    return best


def _feasible(meetings, instance, buyers, suppliers) -> bool:
    if any(n > instance.tables for n in Counter(s for _, _, s in meetings).values()):
        return False
    for index, people in ((0, buyers), (1, suppliers)):
        per_slot = Counter((m[index], m[2]) for m in meetings)
        for (pid, slot), n in per_slot.items():
            person = people[pid]
            if n > person.capacity:
                return False
            if person.available_slots is not None and slot not in person.available_slots:
                return False
        for pid, n in Counter(m[index] for m in meetings).items():
            if people[pid].max_meetings is not None and n > people[pid].max_meetings:
                return False
    return True
