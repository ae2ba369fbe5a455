"""Rescheduling after a cancellation or a no-show keeps the held meetings and re-optimises the rest."""

from __future__ import annotations

import pytest

from chuhai.events.engine import (
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Request,
    reschedule,
    solve,
    validate,
)
from chuhai.events.engine.generate import generate_event


def test_cancelled_supplier_frees_its_buyers_for_others() -> None:
    # b1 can only come at A, where it meets its favourite s1; s3 is its second choice.
    instance = Instance(
        slots=("A", "B"),
        tables=2,
        buyers=(Participant("b1", frozenset({"A"})), Participant("b2", frozenset({"B"}))),
        suppliers=(Participant("s1"), Participant("s3")),
        requests=(Request("b1", "s1", 10), Request("b1", "s3", 2), Request("b2", "s3", 5)),
    )
    first = solve(instance)
    assert {(m.buyer, m.supplier, m.slot) for m in first.meetings} == {("b1", "s1", "A"), ("b2", "s3", "B")}
    assert [(u.supplier, u.reason) for u in first.unscheduled] == [("s3", "capacity full")]
    new_instance, second = reschedule(instance, first.meetings, cancelled=["s1"])
    validate(second, new_instance)
    kept = next(m for m in first.meetings if m.buyer == "b2")
    assert kept in second.meetings
    assert {(m.buyer, m.supplier, m.slot) for m in second.meetings} == {("b1", "s3", "A"), ("b2", "s3", "B")}
    assert [(u.supplier, u.reason) for u in second.unscheduled] == [("s1", "supplier unavailable")]


def test_no_show_keeps_the_past_and_confirmed_meetings() -> None:
    instance = generate_event(40, 60, seed=11)
    first = solve(instance, time_limit=5)
    validate(first, instance)
    no_show = first.meetings[0].supplier
    start = instance.slots[4]
    past = set(instance.slots[:4])
    new_instance, second = reschedule(instance, first.meetings, cancelled=[no_show], from_slot=start, time_limit=5)
    validate(second, new_instance)
    held = {m for m in first.meetings if m.slot in past or no_show not in (m.supplier,)}
    assert held <= set(second.meetings)
    assert not [m for m in second.meetings if m.supplier == no_show and m.slot not in past]
    # Nothing new goes into slots that are over.
    assert {m for m in second.meetings if m.slot in past} == {m for m in first.meetings if m.slot in past}
    # Freed time is re-used: at least as much weight as simply dropping the no-show's meetings.
    dropped = sum(
        r.weight
        for r in instance.requests
        for m in first.meetings
        if (m.buyer, m.supplier) == (r.buyer, r.supplier) and m.supplier == no_show and m.slot not in past
    )
    assert second.total_weight >= first.total_weight - dropped - 1e-6


def test_reschedule_only_confirmed_meetings_are_pinned() -> None:
    instance = generate_event(30, 40, seed=2)
    first = solve(instance, time_limit=5)
    confirmed = first.meetings[::3]
    new_instance, second = reschedule(instance, confirmed, time_limit=5)
    validate(second, new_instance)
    assert set(confirmed) <= set(second.meetings)
    assert second.total_weight >= first.total_weight - 1e-6 or second.status != "optimal"


def test_reschedule_rejects_an_unknown_slot_and_infeasible_keeps() -> None:
    instance = Instance(
        ("A",),
        1,
        (Participant("b1"),),
        (Participant("s1"), Participant("s2")),
        (Request("b1", "s1", 1), Request("b1", "s2", 1)),
    )
    with pytest.raises(InstanceError, match="from_slot"):
        reschedule(instance, [], from_slot="Z")
    clash = [Meeting("A", 1, "b1", "s1"), Meeting("A", 1, "b1", "s2")]
    with pytest.raises(InstanceError, match="infeasible"):
        reschedule(instance, clash)
