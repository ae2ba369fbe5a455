"""Fast solver for large events: choose the pairs by min-cost flow, then fit them into slots.

1. *Which pairs meet.* Forget the slots: every participant may take at most its total meeting
   capacity (min of `max_meetings` and capacity × available slots), the whole event at most
   tables × slots meetings, and a pair needs at least one common slot. That is a bipartite
   b-matching with one side constraint, i.e. a min-cost flow, solved exactly in milliseconds. Its value
   is a valid upper bound on every schedule's weight (the *b-matching bound*); on the realistic
   benchmark events it equals the optimum, and it costs a thousandth of the time-indexed LP.
   The minimum meetings per buyer enters the flow lexicographically: each buyer's first `min` units
   are worth more than all the weights together.
2. *Which slot.* Colour the chosen pairs into slots, most constrained first, each into the slot its
   neighbours (the same buyer's, the same supplier's, the slot's other pairs) need least; when a pair
   does not fit anywhere, an ejection chain relocates the meetings blocking it (its buyer's, its
   supplier's, or a table's) to other slots, up to depth 3. Then the flow is re-solved on what the
   board has left (now knowing per slot who is free) and the new picks are placed the same way.
3. *Repair and fill.* Buyers under the minimum get priority insertions and may displace meetings of
   buyers above it; then every remaining request is tried, heaviest first, directly, with an ejection
   chain, and by swapping out lighter meetings when that gains weight.
4. *If a gap is left* (events where participants share few slots), the LP relaxation of the
   time-indexed model gives a tighter bound and its solution orders a second construction.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

import numpy as np

from chuhai.events.engine.board import Board
from chuhai.events.engine.problem import Problem
from chuhai.events.engine.relaxation import candidate_variables, solve_model
from chuhai.events.engine.solution import board_from


def reaches(weight: float, bound: float) -> bool:
    """Weight equal to the bound up to float summation noise (sums of thousands of weights)."""
    return weight >= bound - 1e-9 * max(1.0, abs(bound))


def weight_scale(weights: np.ndarray) -> int:
    """Smallest power of ten making every weight integral (up to 1e6), for the integer solvers."""
    for k in range(7):
        scaled = weights * 10**k
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return 10**k
    return 10**6


@dataclass
class FlowSelection:
    chosen: np.ndarray  # (N,) bool: the pairs of the optimal aggregated solution
    weight: float  # their total weight (weights rounded up, so it stays a valid bound)
    shortfall: int  # least total shortfall of the aggregated relaxation (0 without a minimum)


def b_matching(
    pair_buyer: np.ndarray,
    pair_supplier: np.ndarray,
    cost: np.ndarray,
    buyer_deg: np.ndarray,
    supplier_deg: np.ndarray,
    total: int,
    need: np.ndarray | None = None,
) -> np.ndarray:
    """Max-cost set of pairs within the degree bounds and `total`, as a min-cost flow (bool per pair).

    `need`: each buyer's first `need` units carry a bonus above any cost total, which makes the result
    lexicographically optimal in (covered need, cost).
    """
    from ortools.graph.python import min_cost_flow  # deferred: heavy dependency, loaded only when solving

    B, P = len(buyer_deg), len(supplier_deg)
    if len(cost) == 0 or total <= 0:
        return np.zeros(len(cost), dtype=bool)
    source, sink, out = B + P, B + P + 1, B + P + 2
    tails = [np.full(B, source), pair_buyer, B + np.arange(P), [sink, source]]
    heads = [np.arange(B), B + pair_supplier, np.full(P, sink), [out, out]]
    caps = [buyer_deg, np.ones(len(cost), dtype=np.int64), supplier_deg, [total, total]]
    costs = [np.zeros(B, dtype=np.int64), -cost, np.zeros(P, dtype=np.int64), [0, 0]]
    if need is not None and need.any():
        bonus = int(cost.sum()) + 1
        need = np.minimum(need, buyer_deg)
        caps[0] = buyer_deg - need
        tails.append(np.full(B, source))
        heads.append(np.arange(B))
        caps.append(need)
        costs.append(np.full(B, -bonus, dtype=np.int64))
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int64),
        np.concatenate(heads).astype(np.int64),
        np.concatenate(caps).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    supply = min(int(total), int(np.asarray(buyer_deg).sum()))
    flow.set_node_supply(source, supply)
    flow.set_node_supply(out, -supply)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    return flow.flows(arcs[B : B + len(cost)]) > 0


def integer_costs(weights: np.ndarray) -> tuple[np.ndarray, int]:
    scale = weight_scale(weights)
    return np.ceil(weights * scale - 1e-9).astype(np.int64), scale  # ceil keeps bounds valid


def flow_selection(problem: Problem, with_minimum: bool) -> FlowSelection:
    """Lexicographically optimal (shortfall, weight) pair set of the aggregated relaxation."""
    usable = problem.common_slots().any(axis=1)
    pair_ids = np.flatnonzero(usable)
    cost, scale = integer_costs(problem.weight)
    picked = b_matching(
        problem.pair_buyer[pair_ids],
        problem.pair_supplier[pair_ids],
        cost[pair_ids],
        np.minimum(problem.buyer_max, problem.buyer_cap.sum(axis=1)),
        np.minimum(problem.supplier_max, problem.supplier_cap.sum(axis=1)),
        int(problem.tables_free.sum()),
        problem.buyer_min if with_minimum else None,
    )
    chosen = np.zeros(problem.n_pairs, dtype=bool)
    chosen[pair_ids[picked]] = True
    weight = float(cost[chosen].sum()) / scale
    shortfall = flow_shortfall(problem, problem.pair_buyer[chosen]) if with_minimum else 0
    return FlowSelection(chosen, weight, int(shortfall))


def flow_shortfall(problem: Problem, buyers_of_meetings: np.ndarray) -> int:
    """Shortfall counted as the flow sees it: against the minimum capped by what each buyer can hold."""
    degree = np.minimum(problem.buyer_max, problem.buyer_cap.sum(axis=1))
    need = np.minimum(problem.buyer_min, degree)
    count = np.bincount(buyers_of_meetings, minlength=len(need))
    return int(np.maximum(need - count, 0).sum())


def b_matching_bound(problem: Problem) -> float:
    """Valid upper bound on the weight of any schedule, fixed meetings included."""
    return flow_selection(problem, with_minimum=False).weight + problem.fixed_weight


LP_IPM_FROM = 10_000  # (pair, slot) variables from which the LP runs interior point


class _Search:
    def __init__(self, board: Board, rng: random.Random, deadline: float):
        self.board = board
        self.rng = rng
        self.deadline = deadline
        self.table_sample = 6

    def relocate(self, j: int, depth: int, banned: frozenset[int]) -> bool:
        """Move placed meeting j to another of its slots, clearing room there if depth allows."""
        board = self.board
        s0 = board.slot_of[j]
        options = [s for s in board.common[j] if s != s0 and s not in banned]
        for s in options:
            if board.fits(j, s):
                board.remove(j)
                board.place(j, s)
                return True
        if depth <= 0:
            return False
        for s in options:
            mark = board.begin()
            if self.make_room(j, s, depth - 1, banned | {s0}):
                board.remove(j)
                board.place(j, s)
                return True
            board.rollback(mark)
        return False

    def make_room(self, i: int, s: int, depth: int, banned: frozenset[int]) -> bool:
        """Relocate whatever stops pair i from using slot s; False (with partial moves) if impossible."""
        board = self.board
        banned = banned | {s}
        b, p = board.pb[i], board.pp[i]
        if board.buyer_free[b][s] <= 0 and not self._relocate_any(board.buyer_at[(b, s)], depth, banned):
            return False
        if board.supplier_free[p][s] <= 0 and not self._relocate_any(board.supplier_at[(p, s)], depth, banned):
            return False
        if board.tables_left[s] <= 0:
            occupants = list(board.in_slot[s])
            sample = self.rng.sample(occupants, min(self.table_sample, len(occupants)))
            if not self._relocate_any(sample, depth, banned):
                return False
        return board.fits(i, s)

    def _relocate_any(self, meetings: list[int], depth: int, banned: frozenset[int]) -> bool:
        for j in list(meetings):
            mark = self.board.begin()
            if self.relocate(j, depth, banned):
                return True
            self.board.rollback(mark)
        return False

    def insert(self, i: int, depth: int) -> bool:
        board = self.board
        if board.slot_of[i] >= 0 or not board.has_quota(i):
            return False
        options = board.common[i]
        for s in options:
            if board.fits(i, s):
                board.place(i, s)
                return True
        if depth <= 0:
            return False
        for s in options:
            mark = board.begin()
            if self.make_room(i, s, depth - 1, frozenset()):
                board.place(i, s)
                board.commit(mark)
                return True
            board.rollback(mark)
            board.commit(mark)
        return False

    def swap_in(self, i: int, depth: int, protect_minimum: bool) -> bool:
        """Place i by evicting lighter meetings, then try to re-place the evicted; keep only if better."""
        board = self.board
        if board.slot_of[i] >= 0:
            return False
        b, p = board.pb[i], board.pp[i]
        before = board.weight
        for s in board.common[i]:
            mark = board.begin()
            evicted: list[int] = []
            if board.buyer_left[b] <= 0:
                cands = [j for j in board.buyer_pairs[b] if board.slot_of[j] >= 0]
                if cands:
                    evicted.append(min(cands, key=board.w.__getitem__))
            if board.supplier_left[p] <= 0:
                cands = [j for j in board.supplier_pairs[p] if board.slot_of[j] >= 0 and j not in evicted]
                if cands:
                    evicted.append(min(cands, key=board.w.__getitem__))
            for j in evicted:
                board.remove(j)
            if board.buyer_free[b][s] <= 0:
                evicted.extend(board.buyer_at[(b, s)][:1])
                board.remove(evicted[-1])
            if board.supplier_free[p][s] <= 0:
                evicted.extend(board.supplier_at[(p, s)][:1])
                board.remove(evicted[-1])
            if board.tables_left[s] <= 0:
                lightest = min(board.in_slot[s], key=board.w.__getitem__)
                evicted.append(lightest)
                board.remove(lightest)
            ok = board.has_quota(i) and board.fits(i, s)
            if ok and protect_minimum:
                ok = all(self._buyer_meetings(board.pb[j]) >= self._buyer_target(board.pb[j]) for j in evicted)
            if ok:
                board.place(i, s)
                for j in sorted(evicted, key=board.w.__getitem__, reverse=True):
                    self.insert(j, depth)
                if board.weight > before + 1e-9:
                    board.commit(mark)
                    return True
            board.rollback(mark)
            board.commit(mark)
        return False

    def _buyer_meetings(self, b: int) -> int:
        return sum(1 for j in self.board.buyer_pairs[b] if self.board.slot_of[j] >= 0)

    def _buyer_target(self, b: int) -> int:
        return int(self.board.problem.buyer_min[b])

    def out_of_time(self) -> bool:
        return time.perf_counter() > self.deadline

    def done(self) -> bool:
        return self.out_of_time() or reaches(self.board.weight, self.target)

    target = math.inf  # stop early once the bound is reached


def solve_heuristic(
    problem: Problem, time_limit: float = 10.0, seed: int = 0, use_lp: bool = True
) -> tuple[np.ndarray, float, bool]:
    """A feasible `slot_of_pair`, an upper bound on its weight (fixed meetings included), and whether
    its shortfall is provably the least possible.

    The bound is the tightest of: the lexicographic b-matching bound (when the schedule's shortfall
    equals the relaxation's least shortfall, the lexicographic flow's weight bounds every schedule with
    that shortfall), the plain b-matching bound, and, when the flow-guided schedule leaves a gap and
    time allows, the LP relaxation of the time-indexed model. That LP solution also seeds a second,
    LP-guided construction; the better of the two schedules is returned.
    """
    started = time.perf_counter()
    deadline = started + max(0.0, time_limit)
    selection = flow_selection(problem, with_minimum=True)
    order = np.flatnonzero(selection.chosen).tolist()
    common_count = problem.common_slots().sum(axis=1)
    order.sort(key=lambda i: (common_count[i], -problem.weight[i]))
    # The flow-guided build gets at most 30% of the time, so that the LP still has room when needed.
    first_deadline = started + 0.3 * max(0.0, time_limit)
    best = _build(problem, order, first_deadline, seed, selection.weight)

    def key(result: np.ndarray) -> tuple[int, float]:
        return (
            flow_shortfall(problem, problem.pair_buyer[result >= 0]),
            -float(problem.weight[result >= 0].sum()),
        )

    least = key(best)[0] == selection.shortfall
    bound = selection.weight if least else flow_selection(problem, with_minimum=False).weight
    remaining = deadline - time.perf_counter()
    if use_lp and not reaches(-key(best)[1], bound) and remaining > 0.5:
        n_vars = int(common_count.sum())
        # Interior point without crossover is the faster on big models; its duals still give a
        # rigorous bound (see relaxation.dual_bound).
        lp = solve_model(
            problem,
            integer=False,
            time_limit=0.75 * remaining,
            lp_solver="ipm" if n_vars > LP_IPM_FROM else "choose",
        )
        if lp.bound is not None:
            bound = min(bound, lp.bound - problem.fixed_weight)
        if lp.value is not None:
            var_pair, var_slot = candidate_variables(problem)
            # Most integral first; among equals the heavier. Each pair's hint is its largest x.
            score = lp.value + 1e-6 * problem.weight[var_pair] / max(1.0, float(problem.weight.max()))
            ranked = np.argsort(-score, kind="stable")
            ranked = ranked[lp.value[ranked] > 1e-6]
            lp_order = var_pair[ranked].tolist()
            slot_hint = dict(zip(reversed(lp_order), reversed(var_slot[ranked].tolist()), strict=True))
            seeds = list(dict.fromkeys(lp_order))
            candidate = _build(problem, seeds, deadline, seed + 1, bound, slot_hint)
            if key(candidate) < key(best):
                best = candidate
    least = key(best)[0] == selection.shortfall
    return best, bound + problem.fixed_weight, least


def _build(
    problem: Problem,
    order: list[int],
    deadline: float,
    seed: int,
    target: float,
    slot_hint: dict[int, int] | None = None,
) -> np.ndarray:
    """Place `order` (the hinted slot first, else the roomiest), repair, lift minima, fill, swap."""
    board = Board(problem)
    search = _Search(board, random.Random(seed), deadline)
    search.target = target
    _colour(board, problem, order, slot_hint)
    unplaced = [i for i in order if board.slot_of[i] < 0]
    for depth in (1, 2, 3):
        if search.done():
            break
        unplaced = [i for i in unplaced if not search.insert(i, depth)]
    for _ in range(4):
        if search.done() or not _reflow(search, problem):
            break

    if problem.buyer_min.any():
        _lift_minimum(search, problem)
    _fill_and_swap(search, problem)
    return board.result()


def _colour(board: Board, problem: Problem, order: list[int], slot_hint: dict[int, int] | None) -> None:
    """Place each pair of `order` in turn: in its hinted slot if it fits, else where it hurts least."""
    # Demand left on each (buyer, slot), (supplier, slot) and slot by the pairs still to place: the
    # slot a pair takes is the one its neighbours need least (list-colouring's classic rule).
    buyer_demand: dict[tuple[int, int], int] = {}
    supplier_demand: dict[tuple[int, int], int] = {}
    slot_demand = [0] * problem.n_slots
    for i in order:
        b, p = board.pb[i], board.pp[i]
        for s in board.common[i]:
            buyer_demand[(b, s)] = buyer_demand.get((b, s), 0) + 1
            supplier_demand[(p, s)] = supplier_demand.get((p, s), 0) + 1
            slot_demand[s] += 1
    for i in order:
        b, p = board.pb[i], board.pp[i]
        for s in board.common[i]:
            buyer_demand[(b, s)] -= 1
            supplier_demand[(p, s)] -= 1
            slot_demand[s] -= 1
        if board.slot_of[i] >= 0 or not board.has_quota(i):
            continue
        hinted = slot_hint.get(i, -1) if slot_hint else -1
        if hinted >= 0 and board.fits(i, hinted):
            board.place(i, hinted)
            continue
        best, best_score = -1, -math.inf
        for s in board.common[i]:
            if board.fits(i, s):
                score = (
                    min(0, board.buyer_free[b][s] - 1 - buyer_demand[(b, s)])
                    + min(0, board.supplier_free[p][s] - 1 - supplier_demand[(p, s)])
                    + min(0, board.tables_left[s] - 1 - slot_demand[s]) / max(1, board.tables_left[s])
                )
                if score > best_score:
                    best, best_score = s, score
        if best >= 0:
            board.place(i, best)


def _fill_and_swap(search: _Search, problem: Problem) -> None:
    board = search.board
    rest = sorted((i for i in range(problem.n_pairs) if board.slot_of[i] < 0), key=lambda i: -board.w[i])
    for depth in (0, 1, 2):
        if search.done():
            break
        rest = [i for i in rest if not search.insert(i, depth)]
    for i in rest:
        if search.done():
            break
        search.swap_in(i, depth=1, protect_minimum=bool(problem.buyer_min.any()))


def polish(problem: Problem, slot_of_pair: np.ndarray, time_limit: float, seed: int = 0) -> np.ndarray:
    """Local search from another solver's schedule (e.g. an unfinished MIP's incumbent): ejection-chain
    insertions and weight-gaining swaps that never take a buyer below its minimum."""
    board = board_from(problem, slot_of_pair)
    search = _Search(board, random.Random(seed), time.perf_counter() + max(0.0, time_limit))
    before = board.result()
    if problem.buyer_min.any():
        _lift_minimum(search, problem)
    _fill_and_swap(search, problem)
    after = board.result()
    shortfall_before = flow_shortfall(problem, problem.pair_buyer[before >= 0])
    # The lift may trade weight for coverage; never return something lexicographically worse.
    if flow_shortfall(problem, problem.pair_buyer[after >= 0]) > shortfall_before:
        return before
    return after


def _reflow(search: _Search, problem: Problem) -> bool:
    """Re-run the pair selection on what is left of the board, and place the new choice.

    The free capacity is now known per slot, so the residual flow (degrees = slots where a
    participant is still free, pairs = requests with a slot where both are free and a table is left)
    is much closer to what can actually be placed than the first one. True if weight was added.
    """
    board = search.board
    candidates = [
        i
        for i in range(problem.n_pairs)
        if board.slot_of[i] < 0 and board.has_quota(i) and any(board.fits(i, s) for s in board.common[i])
    ]
    if not candidates:
        return False
    open_slot = np.array(board.tables_left) > 0
    buyer_free = np.array(board.buyer_free)[:, open_slot].sum(axis=1)
    supplier_free = np.array(board.supplier_free)[:, open_slot].sum(axis=1)
    ids = np.array(candidates, dtype=np.int64)
    cost, _ = integer_costs(problem.weight)
    placed = board.result() >= 0
    count = np.bincount(problem.pair_buyer[placed], minlength=len(buyer_free))
    picked = b_matching(
        problem.pair_buyer[ids],
        problem.pair_supplier[ids],
        cost[ids],
        np.minimum(np.array(board.buyer_left), buyer_free),
        np.minimum(np.array(board.supplier_left), supplier_free),
        int(sum(board.tables_left)),
        np.maximum(problem.buyer_min - count, 0),
    )
    before = board.weight
    order = sorted(ids[picked].tolist(), key=lambda i: (sum(board.fits(i, s) for s in board.common[i]), -board.w[i]))
    for i in order:
        if not search.insert(i, 0):
            search.insert(i, 2)
    return board.weight > before + 1e-9


def _lift_minimum(search: _Search, problem: Problem) -> None:
    board = search.board
    for b in np.flatnonzero(problem.buyer_min).tolist():
        need = int(problem.buyer_min[b]) - search._buyer_meetings(b)
        if need <= 0:
            continue
        for i in sorted(board.buyer_pairs[b], key=lambda i: -board.w[i]):
            if need <= 0 or search.out_of_time():
                break
            if board.slot_of[i] < 0 and (search.insert(i, 2) or _displace_for_minimum(search, i)):
                need -= 1


def _displace_for_minimum(search: _Search, i: int) -> bool:
    """Fit i by evicting one meeting whose buyer keeps its own minimum (weight may drop)."""
    board = search.board
    b, p = board.pb[i], board.pp[i]
    if board.buyer_left[b] <= 0:
        return False
    for s in board.common[i]:
        mark = board.begin()
        candidates: list[int] = []
        if board.supplier_left[p] <= 0:
            candidates += [j for j in board.supplier_pairs[p] if board.slot_of[j] >= 0]
        else:
            candidates += board.supplier_at.get((p, s), [])
            candidates += list(board.in_slot[s])[:6]
        for j in sorted(set(candidates), key=board.w.__getitem__):
            owner = board.pb[j]
            if owner == b or search._buyer_meetings(owner) <= search._buyer_target(owner):
                continue
            board.remove(j)
            if board.buyer_free[b][s] <= 0 or not board.fits(i, s) or not board.has_quota(i):
                board.rollback(mark)
                continue
            board.place(i, s)
            search.insert(j, 1)
            board.commit(mark)
            return True
        board.rollback(mark)
        board.commit(mark)
    return False


def plain_greedy(problem: Problem) -> np.ndarray:
    """Baseline: heaviest request first, earliest slot where it fits; nothing is ever moved."""
    board = Board(problem)
    for i in sorted(range(problem.n_pairs), key=lambda i: -board.w[i]):
        if board.has_quota(i):
            for s in board.common[i]:
                if board.fits(i, s):
                    board.place(i, s)
                    break
    return board.result()
