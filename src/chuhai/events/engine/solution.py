"""From a solver's `slot_of_pair` to a `Schedule`: fill, tables, totals and reasons.

Every solver's answer goes through `fill` first, so the published schedule is maximal: a request is
left out only when something concrete stops it, and that is the reason reported.
"""

from __future__ import annotations

import numpy as np

from chuhai.events.engine.board import Board
from chuhai.events.engine.instance import Meeting, Schedule, Unscheduled
from chuhai.events.engine.problem import Problem, minimum_targets


def board_from(problem: Problem, slot_of_pair: np.ndarray) -> Board:
    board = Board(problem)
    for i, s in enumerate(slot_of_pair.tolist()):
        if s >= 0 and board.has_quota(i) and board.fits(i, s):  # guards against solver tolerances
            board.place(i, s)
    return board


def fill(board: Board) -> None:
    """Add every request that still fits somewhere, heaviest first (weights are never negative)."""
    for i in sorted(range(len(board.w)), key=lambda i: -board.w[i]):
        if board.slot_of[i] < 0 and board.has_quota(i):
            for s in board.common[i]:
                if board.fits(i, s):
                    board.place(i, s)
                    break


def finish(
    problem: Problem,
    slot_of_pair: np.ndarray,
    upper_bound: float | None,
    optimal: bool,
    method: str,
) -> Schedule:
    board = board_from(problem, slot_of_pair)
    fill(board)
    instance = problem.instance
    slots = instance.slots
    used: list[set[int]] = [set() for _ in slots]
    slot_index = {s: k for k, s in enumerate(slots)}
    for m in instance.fixed:
        used[slot_index[m.slot]].add(m.table)
    new_by_slot: list[list[tuple[str, str]]] = [[] for _ in slots]
    requests = instance.requests
    for i, s in enumerate(board.slot_of):
        if s >= 0:
            r = requests[int(problem.request_index[i])]
            new_by_slot[s].append((r.buyer, r.supplier))
    meetings = list(instance.fixed)
    for s, pairs in enumerate(new_by_slot):
        free_tables = (t for t in range(1, instance.tables + 1) if t not in used[s])
        for (buyer, supplier), table in zip(sorted(pairs), free_tables, strict=False):
            meetings.append(Meeting(slots[s], table, buyer, supplier))
    meetings.sort(key=lambda m: (slot_index[m.slot], m.table))

    weights = {(r.buyer, r.supplier): r.weight for r in requests}
    total = float(sum(weights[(m.buyer, m.supplier)] for m in meetings))
    if upper_bound is not None:
        upper_bound = max(upper_bound, total)  # float noise only: both sum the same weights
    met = {(m.buyer, m.supplier) for m in meetings}
    unscheduled = [
        Unscheduled(r.buyer, r.supplier, _reason(board, i, problem))
        for i, r in ((i, requests[int(k)]) for i, k in enumerate(problem.request_index))
        if (r.buyer, r.supplier) not in met
    ]
    per_buyer = {b.id: 0 for b in instance.buyers}
    for m in meetings:
        per_buyer[m.buyer] += 1
    targets = minimum_targets(instance)
    shortfall = int(sum(max(0, int(t) - per_buyer[b.id]) for t, b in zip(targets, instance.buyers, strict=True)))
    return Schedule(
        meetings=meetings,
        total_weight=total,
        upper_bound=upper_bound,
        unscheduled=unscheduled,
        status="optimal" if optimal else "feasible",
        method=method,
        buyer_shortfall=shortfall,
    )


def _reason(board: Board, i: int, problem: Problem) -> str:
    instance = problem.instance
    b, p = board.pb[i], board.pp[i]
    buyer, supplier = instance.buyers[b], instance.suppliers[p]
    buyer_slots = set(instance.slots) if buyer.available_slots is None else set(buyer.available_slots)
    supplier_slots = set(instance.slots) if supplier.available_slots is None else set(supplier.available_slots)
    open_slots = set(instance.slots) - instance.closed_slots
    if not buyer_slots & open_slots:
        return "buyer unavailable"
    if not supplier_slots & open_slots:
        return "supplier unavailable"
    if not buyer_slots & supplier_slots & open_slots:
        return "no common slot"
    if board.buyer_left[b] <= 0 and buyer.max_meetings is not None:
        return "buyer max meetings reached"
    if board.supplier_left[p] <= 0 and supplier.max_meetings is not None:
        return "supplier max meetings reached"
    slot_index = {s: k for k, s in enumerate(instance.slots)}
    common = [slot_index[s] for s in buyer_slots & supplier_slots & open_slots]
    if all(board.tables_left[s] <= 0 for s in common):
        return "tables full"
    return "capacity full"
