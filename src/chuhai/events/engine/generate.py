"""Synthetic but realistic matchmaking events, for benchmarks, tests and demos.

Shape taken from how 对接会 run: two half-days of 20-minute slots; buyers arrive late or leave early
(a contiguous block unavailable) or skip a few slots; some delegations and exhibitors bring several
representatives; some suppliers are much more popular than others; a supplier can also ask to meet a
buyer, and a mutual request weighs more than a one-sided one; buyers rank their requests (priority)
and the matching engine provides a score.
"""

from __future__ import annotations

import numpy as np

from chuhai.events.engine.instance import Instance, Participant, Request

HALF_DAY = ("09:00", "09:20", "09:40", "10:00", "10:20", "10:40", "11:00", "11:20")
AFTERNOON = ("14:00", "14:20", "14:40", "15:00", "15:20", "15:40", "16:00", "16:20")


def slot_names(n_slots: int) -> list[str]:
    names = [f"D1 {t}" for t in HALF_DAY + AFTERNOON] + [f"D2 {t}" for t in HALF_DAY + AFTERNOON]
    if n_slots <= len(names):
        return names[:n_slots]
    return names + [f"S{i}" for i in range(len(names), n_slots)]


def _availability(rng: np.random.Generator, slots: list[str], scarce: bool = False) -> frozenset[str] | None:
    n = len(slots)
    if scarce:  # a short window (a morning, a day) with a hole or two: few common slots per pair
        width = int(rng.integers(max(2, n // 4), max(3, (2 * n) // 3)))
        start = int(rng.integers(0, n - width + 1))
        window = set(range(start, start + width))
        window -= set(rng.choice(n, size=int(rng.integers(0, 3)), replace=False).tolist())
        return frozenset(s for i, s in enumerate(slots) if i in window)
    kind = rng.random()
    if kind < 0.6:
        return None
    if kind < 0.85:  # arrives late or leaves early
        block = int(rng.integers(2, max(3, n // 2)))
        start = 0 if rng.random() < 0.5 else n - block
        return frozenset(slots[:start] + slots[start + block :])
    missing = set(rng.choice(n, size=int(rng.integers(1, 4)), replace=False).tolist())
    return frozenset(s for i, s in enumerate(slots) if i not in missing)


def generate_event(
    n_buyers: int,
    n_suppliers: int,
    n_slots: int = 16,
    requests_per_buyer: float = 20,
    tables: int | None = None,
    min_meetings_per_buyer: int = 0,
    seed: int = 0,
    scarce: bool = False,
) -> Instance:
    """`scarce`: every participant attends only a window of the event (a stress test for the slotting)."""
    rng = np.random.default_rng(seed)
    slots = slot_names(n_slots)
    buyers = []
    for i in range(n_buyers):
        capacity = 2 if rng.random() < 0.05 else 1
        max_meetings = int(rng.integers(6, 13)) if rng.random() < 0.3 else None
        buyers.append(Participant(f"B{i:05d}", _availability(rng, slots, scarce), max_meetings, capacity))
    suppliers = []
    for i in range(n_suppliers):
        r = rng.random()
        capacity = 3 if r < 0.03 else 2 if r < 0.13 else 1
        max_meetings = int(rng.integers(5, 11)) if rng.random() < 0.2 else None
        suppliers.append(Participant(f"S{i:05d}", _availability(rng, slots, scarce), max_meetings, capacity))

    popularity = rng.pareto(1.5, n_suppliers) + 1.0
    popularity /= popularity.sum()
    asked: dict[tuple[int, int], int] = {}  # pair -> buyer's priority (1 = top), 0 if only the supplier asked
    for b in range(n_buyers):
        k = int(np.clip(rng.poisson(requests_per_buyer), 3, n_suppliers))
        chosen = rng.choice(n_suppliers, size=k, replace=False, p=popularity)
        for rank, s in enumerate(chosen):
            asked[(b, int(s))] = 1 + (3 * rank) // k
    supplier_asks = set()
    for s in range(n_suppliers):
        for b in rng.choice(n_buyers, size=int(rng.integers(0, 4)), replace=False):
            supplier_asks.add((int(b), s))
    # Buyers the supplier actually wants are, more often than chance, the ones who asked for it.
    for pair in list(asked):
        if rng.random() < 0.15:
            supplier_asks.add(pair)

    requests = []
    for b, s in sorted(set(asked) | supplier_asks):
        score = float(rng.beta(2, 3))  # the matching engine's score
        priority = asked.get((b, s), 0)
        priority_bonus = {0: 0.0, 1: 6.0, 2: 3.0, 3: 1.0}[priority]
        mutual = 8.0 if priority and (b, s) in supplier_asks else 0.0
        weight = round(1.0 + 10.0 * score + priority_bonus + mutual, 2)
        requests.append(Request(buyers[b].id, suppliers[s].id, weight))
    if tables is None:
        tables = max(1, int(0.6 * n_buyers))
    return Instance(tuple(slots), tables, tuple(buyers), tuple(suppliers), tuple(requests), (), min_meetings_per_buyer)
