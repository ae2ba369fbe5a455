"""Optimality against exhaustive enumeration, and validity of every answer, on small events."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from chuhai.events.engine import greedy, solve, validate
from tests.events.engine.brute_force import brute_force
from tests.events.engine.strategies import events, random_small_event

SEEDS = range(40)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


@pytest.mark.parametrize("method", ["exact", "cp-sat"])
@pytest.mark.parametrize("seed", SEEDS)
def test_exact_methods_match_brute_force(seed: int, method: str) -> None:
    instance = random_small_event(seed)
    shortfall, weight = brute_force(instance)
    schedule = solve(instance, time_limit=10, method=method)
    validate(schedule, instance)
    assert schedule.method == method  # the solver itself ran and produced this schedule
    assert schedule.status == "optimal"
    assert schedule.buyer_shortfall == shortfall
    assert _close(schedule.total_weight, weight)
    assert _close(schedule.upper_bound, weight)


@pytest.mark.parametrize("seed", SEEDS)
def test_heuristic_bound_is_valid_and_its_optimality_claims_hold(seed: int) -> None:
    instance = random_small_event(seed)
    shortfall, weight = brute_force(instance)
    schedule = solve(instance, time_limit=5, method="heuristic")
    validate(schedule, instance)
    assert schedule.buyer_shortfall >= shortfall
    # The bound covers every schedule with at most this shortfall, the optimum among them.
    assert schedule.upper_bound >= weight - 1e-6
    if schedule.status == "optimal":
        assert schedule.buyer_shortfall == shortfall
        assert _close(schedule.total_weight, weight)


@pytest.mark.parametrize("seed", range(10))
def test_fixed_meetings_are_kept_and_the_rest_is_optimal(seed: int) -> None:
    instance = random_small_event(seed + 100)
    first = solve(instance, time_limit=5, method="exact")
    fixed = tuple(first.meetings[::2])
    pinned = replace(instance, fixed=fixed)
    shortfall, weight = brute_force(pinned)
    schedule = solve(pinned, time_limit=5, method="exact")
    validate(schedule, pinned)
    assert set(fixed) <= set(schedule.meetings)
    assert (schedule.buyer_shortfall, round(schedule.total_weight, 6)) == (shortfall, round(weight, 6))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_every_returned_schedule_validates(instance) -> None:
    for method in ("heuristic", "auto"):
        schedule = solve(instance, time_limit=2, method=method)
        validate(schedule, instance)
        assert schedule.upper_bound >= schedule.total_weight
    baseline = greedy(instance)
    validate(baseline, instance)
