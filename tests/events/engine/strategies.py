"""Small random events: a numpy-seeded generator for loops and a Hypothesis strategy."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from chuhai.events.engine import Instance, Participant, Request


def random_small_event(seed: int, max_requests: int = 7) -> Instance:
    """2 or 3 slots and 4 to `max_requests` requests, with every rule in play and slots contested."""
    rng = np.random.default_rng(seed)
    slots = [f"t{k}" for k in range(int(rng.integers(2, 4)))]

    def person(prefix: str, k: int) -> Participant:
        available = None
        if rng.random() < 0.5:
            available = frozenset(s for s in slots if rng.random() < 0.7)
        max_meetings = int(rng.integers(0, 3)) if rng.random() < 0.3 else None
        capacity = 2 if rng.random() < 0.2 else 1
        return Participant(f"{prefix}{k}", available, max_meetings, capacity)

    buyers = [person("b", k) for k in range(int(rng.integers(2, 4)))]
    suppliers = [person("s", k) for k in range(int(rng.integers(2, 4)))]
    pairs = [(b.id, s.id) for b in buyers for s in suppliers]
    rng.shuffle(pairs)
    n = int(rng.integers(4, min(max_requests, len(pairs)) + 1))
    requests = [Request(b, s, float(rng.integers(1, 11))) for b, s in pairs[:n]]
    return Instance(
        slots=tuple(slots),
        tables=int(rng.integers(1, 3)),
        buyers=tuple(buyers),
        suppliers=tuple(suppliers),
        requests=tuple(requests),
        min_meetings_per_buyer=int(rng.integers(1, 3)) if rng.random() < 0.4 else 0,
    )


@st.composite
def events(draw, max_people: int = 5, max_slots: int = 4) -> Instance:
    slots = [f"t{k}" for k in range(draw(st.integers(1, max_slots)))]

    def people(prefix: str) -> list[Participant]:
        n = draw(st.integers(1, max_people))
        out = []
        for k in range(n):
            available = draw(st.none() | st.frozensets(st.sampled_from(slots)))
            max_meetings = draw(st.none() | st.integers(0, 4))
            capacity = draw(st.integers(1, 3))
            out.append(Participant(f"{prefix}{k}", available, max_meetings, capacity))
        return out

    buyers, suppliers = people("b"), people("s")
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from([b.id for b in buyers]), st.sampled_from([s.id for s in suppliers])),
            unique=True,
            max_size=16,
        )
    )
    weight = st.floats(0, 100, allow_nan=False, allow_infinity=False) | st.integers(0, 20).map(float)
    requests = [Request(b, s, draw(weight)) for b, s in pairs]
    return Instance(
        slots=tuple(slots),
        tables=draw(st.integers(1, 4)),
        buyers=tuple(buyers),
        suppliers=tuple(suppliers),
        requests=tuple(requests),
        min_meetings_per_buyer=draw(st.integers(0, 3)),
    )
