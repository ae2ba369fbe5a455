"""The residual problem in index form, shared by every solver.

Fixed meetings are taken out first: they consume their participants' capacity, their tables and their
share of `max_meetings`, and what remains is a problem over the *free* requests only. Every solver
answers with `slot_of_pair` (an int per free request: a slot index, or -1 for not scheduled); turning
that into meetings with tables and reasons is done once, in `solution.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chuhai.events.engine.instance import Instance, Participant


@dataclass
class Problem:
    instance: Instance
    n_slots: int
    tables_free: np.ndarray  # (S,) tables left per slot after fixed meetings
    buyer_cap: np.ndarray  # (B, S) parallel meetings left per slot; 0 where unavailable
    supplier_cap: np.ndarray  # (P, S)
    buyer_max: np.ndarray  # (B,) meetings left, never more than the capacity can hold
    supplier_max: np.ndarray  # (P,)
    buyer_min: np.ndarray  # (B,) meetings still needed to reach min_meetings_per_buyer
    pair_buyer: np.ndarray  # (N,) free requests
    pair_supplier: np.ndarray  # (N,)
    weight: np.ndarray  # (N,) float
    request_index: np.ndarray  # (N,) position in instance.requests
    fixed_weight: float
    fixed_per_buyer: np.ndarray  # (B,)

    @property
    def n_pairs(self) -> int:
        return len(self.weight)

    def common_slots(self) -> np.ndarray:
        """(N, S) bool: slots where both sides of a request still have room and a table is free."""
        both = (self.buyer_cap[self.pair_buyer] > 0) & (self.supplier_cap[self.pair_supplier] > 0)
        return both & (self.tables_free > 0)[None, :]


def _capacity_matrix(people: tuple[Participant, ...], slots: tuple[str, ...]) -> np.ndarray:
    cap = np.zeros((len(people), len(slots)), dtype=np.int64)
    for i, p in enumerate(people):
        for s, slot in enumerate(slots):
            if p.available_slots is None or slot in p.available_slots:
                cap[i, s] = p.capacity
    return cap


def minimum_targets(instance: Instance) -> np.ndarray:
    """Meetings each buyer should reach: the event minimum, but never above the buyer's own maximum."""
    return np.array(
        [
            min(instance.min_meetings_per_buyer, b.max_meetings if b.max_meetings is not None else 1 << 40)
            for b in instance.buyers
        ],
        dtype=np.int64,
    )


def build_problem(instance: Instance) -> Problem:
    slots = instance.slots
    slot_index = {s: i for i, s in enumerate(slots)}
    buyer_index = {b.id: i for i, b in enumerate(instance.buyers)}
    supplier_index = {p.id: i for i, p in enumerate(instance.suppliers)}
    buyer_cap = _capacity_matrix(instance.buyers, slots)
    supplier_cap = _capacity_matrix(instance.suppliers, slots)
    tables_free = np.full(len(slots), instance.tables, dtype=np.int64)
    closed = np.array([slot in instance.closed_slots for slot in slots], dtype=bool)
    fixed_per_buyer = np.zeros(len(instance.buyers), dtype=np.int64)
    fixed_per_supplier = np.zeros(len(instance.suppliers), dtype=np.int64)
    fixed_pairs = set()
    for m in instance.fixed:
        b, p, s = buyer_index[m.buyer], supplier_index[m.supplier], slot_index[m.slot]
        buyer_cap[b, s] -= 1
        supplier_cap[p, s] -= 1
        tables_free[s] -= 1
        fixed_per_buyer[b] += 1
        fixed_per_supplier[p] += 1
        fixed_pairs.add((m.buyer, m.supplier))
    tables_free[closed] = 0  # slots already held: nothing new goes there
    buyer_cap[:, closed] = 0
    supplier_cap[:, closed] = 0

    def residual_max(people: tuple[Participant, ...], cap: np.ndarray, fixed: np.ndarray) -> np.ndarray:
        limit = cap.sum(axis=1)
        declared = np.array([p.max_meetings if p.max_meetings is not None else 1 << 40 for p in people])
        return np.minimum(limit, np.maximum(declared - fixed, 0)) if len(people) else limit

    weights = {(r.buyer, r.supplier): r.weight for r in instance.requests}
    free = [i for i, r in enumerate(instance.requests) if (r.buyer, r.supplier) not in fixed_pairs]
    reqs = instance.requests
    return Problem(
        instance=instance,
        n_slots=len(slots),
        tables_free=tables_free,
        buyer_cap=buyer_cap,
        supplier_cap=supplier_cap,
        buyer_max=residual_max(instance.buyers, buyer_cap, fixed_per_buyer),
        supplier_max=residual_max(instance.suppliers, supplier_cap, fixed_per_supplier),
        buyer_min=np.maximum(minimum_targets(instance) - fixed_per_buyer, 0),
        pair_buyer=np.array([buyer_index[reqs[i].buyer] for i in free], dtype=np.int64),
        pair_supplier=np.array([supplier_index[reqs[i].supplier] for i in free], dtype=np.int64),
        weight=np.array([reqs[i].weight for i in free], dtype=np.float64),
        request_index=np.array(free, dtype=np.int64),
        fixed_weight=float(sum(weights[(m.buyer, m.supplier)] for m in instance.fixed)),
        fixed_per_buyer=fixed_per_buyer,
    )
