"""Solving: `solve` (method by size), `greedy` (the baseline), `reschedule` (around kept meetings).

`solve` picks the method: the flow-and-colour heuristic with its b-matching upper bound, then, for
instances up to `EXACT_MAX_VARIABLES` (pair, slot) variables, the MIP (HiGHS) or CP-SAT warm-started by
it. Either way the result is feasible, kept fixed meetings included, and maximal.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace

from chuhai.events.engine.exact import solve_cpsat
from chuhai.events.engine.heuristic import plain_greedy, polish, reaches, solve_heuristic
from chuhai.events.engine.instance import Instance, InstanceError, Meeting, Participant, Schedule
from chuhai.events.engine.problem import build_problem
from chuhai.events.engine.relaxation import candidate_variables, solve_model
from chuhai.events.engine.solution import finish
from chuhai.events.engine.validate import violations

EXACT_MAX_VARIABLES = 15_000


def solve(instance: Instance, time_limit: float = 30.0, method: str = "auto", seed: int = 0) -> Schedule:
    """Best schedule found within about `time_limit` seconds.

    `method`: "heuristic" (flow + colouring + local search, with the b-matching bound), "exact"
    (HiGHS MIP, warm-started by the heuristic), "cp-sat" (CP-SAT, likewise) or "auto" (the heuristic,
    then the MIP if the heuristic has not met its bound and the model has at most
    `EXACT_MAX_VARIABLES` variables). "exact" and "cp-sat" always run their solver, even when the
    heuristic has already proven its schedule optimal. The best of the solutions tried is returned, lexicographically
    in (buyer shortfall, weight), with the tightest valid bound.
    """
    if method not in ("auto", "exact", "cp-sat", "heuristic"):
        raise ValueError(f"unknown method {method!r}")
    started = time.perf_counter()
    problem = build_problem(instance)
    n_vars = len(candidate_variables(problem)[0])
    heuristic_only = method == "heuristic" or (method == "auto" and n_vars > EXACT_MAX_VARIABLES)
    share = 0.95 if heuristic_only else 0.5
    slot_of, bound, least_shortfall = solve_heuristic(problem, share * time_limit, seed=seed)
    heuristic = finish(problem, slot_of, bound, optimal=False, method="flow+colour")
    proven = least_shortfall and reaches(heuristic.total_weight, heuristic.upper_bound)
    if proven and method in ("auto", "heuristic"):
        return replace(heuristic, status="optimal")
    if heuristic_only:
        return heuristic
    remaining = max(0.5, 0.9 * (time_limit - (time.perf_counter() - started)))
    if method == "cp-sat":
        exact = solve_cpsat(problem, time_limit=0.85 * remaining, hint=slot_of, seed=seed)
    else:
        exact = solve_model(problem, integer=True, time_limit=0.85 * remaining, hint=slot_of)
    if exact.slot_of_pair is None:
        return heuristic
    if not exact.optimal:  # an unfinished MIP's incumbent can often still be improved locally
        exact.slot_of_pair = polish(problem, exact.slot_of_pair, 0.1 * remaining, seed=seed)
    result = finish(
        problem,
        exact.slot_of_pair,
        exact.bound,
        exact.optimal,
        method=method if method != "auto" else "exact",
    )
    # Each bound covers the schedules with at most its own schedule's shortfall, so both cover the
    # lexicographically better schedule's class and the smaller one can be reported.
    best = min(result, heuristic, key=lambda s: (s.buyer_shortfall, -s.total_weight))
    bounds = [
        s.upper_bound
        for s in (result, heuristic)
        if s.upper_bound is not None and s.buyer_shortfall >= best.buyer_shortfall
    ]
    bound = max(min(bounds), best.total_weight) if bounds else None
    status = result.status if best.buyer_shortfall == result.buyer_shortfall else "feasible"
    return replace(best, upper_bound=bound, status=status)


def greedy(instance: Instance) -> Schedule:
    """The baseline: heaviest request first, earliest slot where it fits, no bound."""
    problem = build_problem(instance)
    return finish(problem, plain_greedy(problem), None, optimal=False, method="greedy")


def rescheduling_instance(
    instance: Instance,
    keep: Iterable[Meeting],
    cancelled: Iterable[str] = (),
    from_slot: str | None = None,
) -> Instance:
    """The instance to re-solve after a cancellation or a no-show.

    `keep`: the meetings to hold where they are (typically every confirmed meeting of the published
    schedule). `cancelled`: participant ids (buyers or suppliers) who will not attend from `from_slot`
    on; their later meetings are dropped and they get no new ones. Slots before `from_slot` are closed:
    their meetings stay as they were and nothing new is put there.
    """
    cancelled = set(cancelled)
    if from_slot is not None and from_slot not in instance.slots:
        raise InstanceError(f"from_slot: unknown slot {from_slot!r}")
    start = instance.slots.index(from_slot) if from_slot is not None else 0
    past = set(instance.slots[:start])
    future = [s for s in instance.slots if s not in past]
    held = [m for m in keep if m.slot in past or (m.buyer not in cancelled and m.supplier not in cancelled)]

    def withdraw(p: Participant) -> Participant:
        if p.id not in cancelled:
            return p
        available = set(instance.slots) if p.available_slots is None else set(p.available_slots)
        return replace(p, available_slots=frozenset(available - set(future)))

    return replace(
        instance,
        buyers=tuple(withdraw(b) for b in instance.buyers),
        suppliers=tuple(withdraw(s) for s in instance.suppliers),
        fixed=tuple(dict.fromkeys(list(instance.fixed) + held)),
        closed_slots=frozenset(instance.closed_slots | past),
    )


def reschedule(
    instance: Instance,
    keep: Iterable[Meeting],
    cancelled: Iterable[str] = (),
    from_slot: str | None = None,
    time_limit: float = 30.0,
) -> tuple[Instance, Schedule]:
    """Re-optimise the rest of the event around the kept meetings; returns (new instance, schedule)."""
    new_instance = rescheduling_instance(instance, keep, cancelled, from_slot)
    problems = violations(list(new_instance.fixed), new_instance)
    if problems:
        raise InstanceError(f"keep: the kept meetings are infeasible: {problems[0]}")
    return new_instance, solve(new_instance, time_limit=time_limit)
