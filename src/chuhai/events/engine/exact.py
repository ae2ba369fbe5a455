"""The time-indexed model in OR-Tools CP-SAT, lexicographic in (shortfall, weight).

An alternative exact solver (`method="cp-sat"`); the default exact solver is the HiGHS MIP in
`relaxation.py`, whose LP relaxation is nearly integral on these models and closes the gap sooner.

`min_meetings_per_buyer` is a soft rule solved lexicographically in two phases: first the total
shortfall (meetings missing to reach each buyer's minimum) is minimised, then, with the shortfall held
at that value, the total weight is maximised. (A hard constraint would make events with one
over-requested buyer infeasible, which the contract forbids.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from chuhai.events.engine.heuristic import weight_scale
from chuhai.events.engine.problem import Problem
from chuhai.events.engine.relaxation import candidate_variables


@dataclass
class ExactResult:
    slot_of_pair: np.ndarray | None  # None when CP-SAT found nothing in time
    bound: float | None  # on the weight (fixed included) of schedules with at most this shortfall
    optimal: bool


def solve_cpsat(
    problem: Problem,
    time_limit: float = 30.0,
    hint: np.ndarray | None = None,
    workers: int = 4,
    seed: int = 0,
) -> ExactResult:
    from ortools.sat.python import cp_model  # deferred: heavy dependency, loaded only for --method cp-sat

    started = time.perf_counter()
    var_pair, var_slot = candidate_variables(problem)
    n_vars = len(var_pair)
    if n_vars == 0:
        return ExactResult(np.full(problem.n_pairs, -1, dtype=np.int64), problem.fixed_weight, True)
    model, x, shortfall = _cpsat_model(problem, var_pair, var_slot)

    if hint is not None:
        for v in range(n_vars):
            model.AddHint(x[v], bool(hint[var_pair[v]] == var_slot[v]))

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    optimal = True
    if shortfall:
        model.Minimize(sum(shortfall))
        solver.parameters.max_time_in_seconds = max(0.1, 0.4 * time_limit)
        status = solver.Solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return ExactResult(None, None, False)
        optimal = status == cp_model.OPTIMAL
        best_short = round(solver.ObjectiveValue())
        model.Add(sum(shortfall) <= best_short)
        model.ClearHints()
        for v in range(n_vars):
            model.AddHint(x[v], bool(solver.BooleanValue(x[v])))
        model.ClearObjective()

    scale = weight_scale(problem.weight)
    exact_scale = np.allclose(problem.weight * scale, np.round(problem.weight * scale), rtol=0, atol=1e-9)
    coeffs = np.round(problem.weight[var_pair] * scale).astype(np.int64).tolist()
    model.Maximize(sum(c * xv for c, xv in zip(coeffs, x, strict=True) if c))
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - started))
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactResult(None, None, False)
    optimal = optimal and status == cp_model.OPTIMAL
    slot_of = np.full(problem.n_pairs, -1, dtype=np.int64)
    chosen = np.array([solver.BooleanValue(xv) for xv in x], dtype=bool)
    slot_of[var_pair[chosen]] = var_slot[chosen]
    # Rounded weights (only beyond six decimals) could shift the optimum by half a unit per meeting.
    slack = 0.0 if exact_scale else 0.5 * problem.n_pairs / scale
    bound = solver.BestObjectiveBound() / scale + slack + problem.fixed_weight
    return ExactResult(slot_of, bound, optimal and exact_scale)


def _cpsat_model(problem: Problem, var_pair: np.ndarray, var_slot: np.ndarray):
    """The time-indexed model in CP-SAT (the rows of relaxation.py); returns (model, x, shortfall vars)."""
    from ortools.sat.python import cp_model  # deferred: heavy dependency, loaded only for --method cp-sat

    model = cp_model.CpModel()
    x = [model.NewBoolVar("") for _ in range(len(var_pair))]
    b = problem.pair_buyer[var_pair]
    p = problem.pair_supplier[var_pair]

    def add_at_most(keys: np.ndarray, limits: np.ndarray) -> dict[int, list[int]]:
        groups: dict[int, list[int]] = {}
        for v, k in enumerate(keys.tolist()):
            groups.setdefault(k, []).append(v)
        for k, members in groups.items():
            limit = int(limits[k])
            if limit == 1:
                model.AddAtMostOne(x[v] for v in members)
            elif limit < len(members):
                model.Add(sum(x[v] for v in members) <= limit)
        return groups

    S = problem.n_slots
    add_at_most(var_pair, np.ones(problem.n_pairs, dtype=np.int64))
    add_at_most(b * S + var_slot, problem.buyer_cap.reshape(-1))
    add_at_most(p * S + var_slot, problem.supplier_cap.reshape(-1))
    add_at_most(var_slot, problem.tables_free)
    by_buyer = add_at_most(b, problem.buyer_max)
    add_at_most(p, problem.supplier_max)

    shortfall = []
    for buyer in np.flatnonzero(problem.buyer_min).tolist():
        need = int(problem.buyer_min[buyer])
        short = model.NewIntVar(0, need, "")
        model.Add(short + sum(x[v] for v in by_buyer.get(buyer, [])) >= need)
        shortfall.append(short)
    return model, x, shortfall
