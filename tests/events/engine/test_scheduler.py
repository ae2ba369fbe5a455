"""Behaviour of the scheduler: rules, reasons, the minimum per buyer, fixed meetings, the validator."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from chuhai.events.engine import (
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Request,
    ScheduleError,
    event_to_dict,
    greedy,
    parse_event,
    solve,
    validate,
)
from chuhai.events.engine.generate import generate_event


def event(slots, tables, buyers, suppliers, requests, **kw) -> Instance:
    def people(items):
        return tuple(p if isinstance(p, Participant) else Participant(p) for p in items)

    reqs = tuple(Request(b, s, float(w)) for b, s, w in requests)
    return Instance(tuple(slots), tables, people(buyers), people(suppliers), reqs, **kw)


@pytest.mark.parametrize("scarce", [False, True])
@pytest.mark.parametrize("method", ["heuristic", "auto"])
def test_generated_event_schedule_obeys_every_rule(scarce: bool, method: str) -> None:
    instance = generate_event(40, 60, seed=3, scarce=scarce, min_meetings_per_buyer=3)
    schedule = solve(instance, time_limit=2, method=method)
    validate(schedule, instance)
    buyers = {b.id: b for b in instance.buyers}
    suppliers = {s.id: s for s in instance.suppliers}
    # Spelled out once more, independently of `validate`:
    assert len({(m.slot, m.table) for m in schedule.meetings}) == len(schedule.meetings)
    for role, people in (("buyer", buyers), ("supplier", suppliers)):
        per_slot = Counter((getattr(m, role), m.slot) for m in schedule.meetings)
        assert all(n <= people[pid].capacity for (pid, _), n in per_slot.items())
        for m in schedule.meetings:
            person = people[getattr(m, role)]
            assert person.available_slots is None or m.slot in person.available_slots
        totals = Counter(getattr(m, role) for m in schedule.meetings)
        assert all(people[pid].max_meetings is None or n <= people[pid].max_meetings for pid, n in totals.items())
    assert max(Counter(m.slot for m in schedule.meetings).values()) <= instance.tables
    assert schedule.total_weight <= schedule.upper_bound
    assert schedule.total_weight >= greedy(instance).total_weight - 1e-6


def test_parallel_meetings_use_the_representatives() -> None:
    # Both buyers can only come at 09:00; the supplier brings two people.
    instance = event(
        ["09:00", "09:20"],
        3,
        [Participant("b1", frozenset({"09:00"})), Participant("b2", frozenset({"09:00"}))],
        [Participant("s1", capacity=2)],
        [("b1", "s1", 5), ("b2", "s1", 4)],
    )
    schedule = solve(instance)
    validate(schedule, instance)
    assert {(m.buyer, m.slot) for m in schedule.meetings} == {("b1", "09:00"), ("b2", "09:00")}
    assert len({m.table for m in schedule.meetings}) == 2
    single = replace(instance, suppliers=(Participant("s1", capacity=1),))
    schedule = solve(single)
    assert [(m.buyer, m.supplier) for m in schedule.meetings] == [("b1", "s1")]
    assert [(u.buyer, u.reason) for u in schedule.unscheduled] == [("b2", "capacity full")]


def test_tables_limit_each_slot() -> None:
    instance = event(["A"], 1, ["b1", "b2"], ["s1", "s2"], [("b1", "s1", 1), ("b2", "s2", 3)])
    schedule = solve(instance)
    assert [(m.buyer, m.table) for m in schedule.meetings] == [("b2", 1)]
    assert [u.reason for u in schedule.unscheduled] == ["tables full"]


def test_unscheduled_reasons_name_the_cause() -> None:
    instance = event(
        ["A", "B"],
        4,
        [
            Participant("gone", frozenset()),
            Participant("morning", frozenset({"A"})),
            Participant("busy", max_meetings=1),
        ],
        [Participant("afternoon", frozenset({"B"})), Participant("s1"), Participant("s2")],
        [("gone", "s1", 9), ("morning", "afternoon", 9), ("busy", "s1", 5), ("busy", "s2", 4)],
    )
    schedule = solve(instance)
    validate(schedule, instance)
    reasons = {(u.buyer, u.supplier): u.reason for u in schedule.unscheduled}
    assert reasons == {
        ("gone", "s1"): "buyer unavailable",
        ("morning", "afternoon"): "no common slot",
        ("busy", "s2"): "buyer max meetings reached",
    }


def test_minimum_per_buyer_trades_weight_for_coverage() -> None:
    # Without a minimum b1 takes s1 at A and s2 at B; b2 (only s1, only A) gets nothing.
    instance = event(
        ["A", "B"],
        2,
        ["b1", "b2"],
        [Participant("s1", frozenset({"A"})), Participant("s2", frozenset({"B"}))],
        [("b1", "s1", 10), ("b1", "s2", 9), ("b2", "s1", 1)],
    )
    plain = solve(instance)
    assert plain.total_weight == 19 and plain.buyer_shortfall == 0
    covered = solve(replace(instance, min_meetings_per_buyer=1))
    validate(covered, replace(instance, min_meetings_per_buyer=1))
    assert {m.buyer for m in covered.meetings} == {"b1", "b2"}
    assert covered.total_weight == 10 and covered.buyer_shortfall == 0 and covered.status == "optimal"


def test_minimum_is_soft_when_it_cannot_be_met() -> None:
    instance = event(["A"], 1, ["b1", "b2"], ["s1"], [("b1", "s1", 3), ("b2", "s1", 2)], min_meetings_per_buyer=1)
    schedule = solve(instance)
    validate(schedule, instance)
    assert schedule.buyer_shortfall == 1 and schedule.total_weight == 3


def test_fixed_meetings_keep_slot_and_table() -> None:
    instance = generate_event(30, 40, seed=5)
    first = solve(instance, time_limit=5)
    fixed = tuple(m for m in first.meetings if m.table % 3 == 0)
    pinned = replace(instance, fixed=fixed)
    schedule = solve(pinned, time_limit=5)
    validate(schedule, pinned)
    assert set(fixed) <= set(schedule.meetings)


def test_validator_rejects_each_kind_of_violation() -> None:
    instance = event(
        ["A", "B"],
        2,
        [Participant("b1", frozenset({"A"})), Participant("b2", max_meetings=1)],
        ["s1", "s2"],
        [("b1", "s1", 1), ("b2", "s1", 1), ("b2", "s2", 1), ("b1", "s2", 1)],
        fixed=(Meeting("A", 1, "b1", "s1"),),
    )
    ok = solve(instance)
    validate(ok, instance)

    def broken(*meetings: Meeting, keep_fixed: bool = True):
        base = [Meeting("A", 1, "b1", "s1")] if keep_fixed else []
        meetings_ = base + list(meetings)
        total = float(len(meetings_))
        schedule = replace(ok, meetings=meetings_, total_weight=total, unscheduled=[], upper_bound=None)
        with pytest.raises(ScheduleError) as err:
            validate(schedule, instance)
        return str(err.value)

    assert "one table" in broken(Meeting("A", 1, "b2", "s2"))
    assert "not available" in broken(Meeting("B", 1, "b1", "s2"))
    assert "capacity" in broken(Meeting("A", 2, "b1", "s2"))
    assert "max 1" in broken(Meeting("A", 2, "b2", "s2"), Meeting("B", 1, "b2", "s1"))
    assert "outside" in broken(Meeting("B", 3, "b2", "s2"))
    assert "dropped" in broken(Meeting("B", 1, "b2", "s2"), keep_fixed=False)
    assert "meets 2 times" in broken(Meeting("B", 1, "b1", "s1"))
    wrong_total = replace(ok, total_weight=ok.total_weight + 1, upper_bound=None)
    with pytest.raises(ScheduleError, match="add up"):
        validate(wrong_total, instance)


def test_parse_round_trips_and_rejects_bad_input() -> None:
    instance = generate_event(5, 6, seed=1)
    data = event_to_dict(instance)
    assert parse_event(data) == instance

    def rejects(change, match: str) -> None:
        bad = event_to_dict(instance)
        change(bad)
        with pytest.raises(InstanceError, match=match):
            parse_event(bad)

    r0 = data["requests"][0]
    rejects(lambda d: d.update(slots=[]), "no slots")
    rejects(lambda d: d.pop("slots"), "no slots")
    rejects(lambda d: d["requests"].append({**r0, "buyer": "nobody"}), r"requests\[\d+\]\.buyer: unknown buyer")
    rejects(lambda d: d["requests"].append({**r0, "supplier": "x"}), r"unknown supplier")
    rejects(lambda d: d["requests"].append({**r0, "weight": r0["weight"] + 1}), "already requested")
    rejects(lambda d: d["requests"].append({**r0, "weight": -1}), "negative")
    rejects(lambda d: d["buyers"][0].update(available_slots=["D9 99:99"]), r"buyers\[0\]\.available_slots\[0\]")
    rejects(lambda d: d["buyers"].append(dict(d["buyers"][0])), "appears twice")
    rejects(lambda d: d.update(tables=0), "tables")
    rejects(lambda d: d["suppliers"][0].update(capacity=0), "capacity")
    fixed = {"buyer": r0["buyer"], "supplier": r0["supplier"], "slot": data["slots"][0], "table": 1}
    rejects(lambda d: d.update(fixed=[fixed, {**fixed, "table": 99}]), r"fixed\[1\]\.table")
    # An exact repeat of a request says nothing new and is accepted.
    repeated = event_to_dict(instance)
    repeated["requests"].append(dict(r0))
    assert parse_event(repeated) == instance
