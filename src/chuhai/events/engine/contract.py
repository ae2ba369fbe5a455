"""The batch contract's JSON shapes (CONTRACT.md): EVENT.json into an `Instance`, and back; a `Schedule`
into SCHEDULE.json.

`parse_event` rejects anything that would make the problem ill-posed with an `InstanceError` that names
the offending field. Its messages are part of the contract (the CLI prints them as they are), so they stay
in English.
"""

from __future__ import annotations

import math
from typing import Any

from chuhai.events.engine.instance import Instance, InstanceError, Meeting, Participant, Request, Schedule
from chuhai.events.engine.validate import violations


def parse_event(data: Any) -> Instance:
    """Build an `Instance` from the EVENT.json structure; raise `InstanceError` on any bad field."""
    if not isinstance(data, dict):
        raise InstanceError("top level: expected a JSON object")
    slots = _parse_slots(data.get("slots"))
    tables = _positive_int(data.get("tables"), "tables", allow_zero=False)
    slot_set = set(slots)
    buyers = _parse_participants(data.get("buyers"), "buyers", slot_set)
    suppliers = _parse_participants(data.get("suppliers"), "suppliers", slot_set)
    buyer_ids = {b.id for b in buyers}
    supplier_ids = {s.id for s in suppliers}
    requests = _parse_requests(data.get("requests"), buyer_ids, supplier_ids)
    requested = {(r.buyer, r.supplier) for r in requests}
    fixed = _parse_fixed(data.get("fixed"), slot_set, tables, buyer_ids, supplier_ids, requested)
    min_meetings = data.get("min_meetings_per_buyer")
    min_meetings = 0 if min_meetings is None else _positive_int(min_meetings, "min_meetings_per_buyer")
    instance = Instance(slots, tables, buyers, suppliers, requests, fixed, min_meetings)
    _check_fixed_feasible(instance)
    return instance


def _parse_slots(raw: Any) -> tuple[str, ...]:
    if raw is None or (isinstance(raw, list) and not raw):
        raise InstanceError("slots: the event has no slots")
    if not isinstance(raw, list):
        raise InstanceError("slots: expected a list of strings")
    seen: set[str] = set()
    for i, slot in enumerate(raw):
        if not isinstance(slot, str) or not slot:
            raise InstanceError(f"slots[{i}]: expected a non-empty string")
        if slot in seen:
            raise InstanceError(f"slots[{i}]: slot {slot!r} appears twice")
        seen.add(slot)
    return tuple(raw)


def _positive_int(raw: Any, where: str, allow_zero: bool = True) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < (0 if allow_zero else 1):
        kind = "a non-negative" if allow_zero else "a positive"
        raise InstanceError(f"{where}: expected {kind} integer, got {raw!r}")
    return raw


def _parse_participants(raw: Any, where: str, slots: set[str]) -> tuple[Participant, ...]:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise InstanceError(f"{where}: expected a list")
    out: list[Participant] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise InstanceError(f"{at}: expected an object")
        pid = item.get("id")
        if not isinstance(pid, str) or not pid:
            raise InstanceError(f"{at}.id: expected a non-empty string")
        if pid in seen:
            raise InstanceError(f"{at}.id: id {pid!r} appears twice")
        seen.add(pid)
        available = item.get("available_slots")
        if available is not None:
            if not isinstance(available, list):
                raise InstanceError(f"{at}.available_slots: expected a list of slots or null")
            for j, slot in enumerate(available):
                if slot not in slots:
                    raise InstanceError(f"{at}.available_slots[{j}]: unknown slot {slot!r}")
            available = frozenset(available)
        max_meetings = item.get("max_meetings")
        if max_meetings is not None:
            max_meetings = _positive_int(max_meetings, f"{at}.max_meetings")
        capacity = item.get("capacity")
        capacity = 1 if capacity is None else _positive_int(capacity, f"{at}.capacity", allow_zero=False)
        out.append(Participant(pid, available, max_meetings, capacity))
    return tuple(out)


def _parse_requests(raw: Any, buyers: set[str], suppliers: set[str]) -> tuple[Request, ...]:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise InstanceError("requests: expected a list")
    by_pair: dict[tuple[str, str], tuple[int, float]] = {}
    out: list[Request] = []
    for i, item in enumerate(raw):
        at = f"requests[{i}]"
        if not isinstance(item, dict):
            raise InstanceError(f"{at}: expected an object")
        buyer, supplier, weight = item.get("buyer"), item.get("supplier"), item.get("weight")
        if buyer not in buyers:
            raise InstanceError(f"{at}.buyer: unknown buyer id {buyer!r}")
        if supplier not in suppliers:
            raise InstanceError(f"{at}.supplier: unknown supplier id {supplier!r}")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight):
            raise InstanceError(f"{at}.weight: expected a finite number, got {weight!r}")
        if weight < 0:
            raise InstanceError(f"{at}.weight: must not be negative, got {weight!r}")
        pair = (buyer, supplier)
        if pair in by_pair:
            first, first_weight = by_pair[pair]
            if first_weight != weight:
                raise InstanceError(
                    f"{at}: pair ({buyer!r}, {supplier!r}) was already requested in requests[{first}] "
                    f"with weight {first_weight!r}, now {weight!r}"
                )
            continue  # an exact repeat says nothing new
        by_pair[pair] = (i, float(weight))
        out.append(Request(buyer, supplier, float(weight)))
    return tuple(out)


def _parse_fixed(
    raw: Any,
    slots: set[str],
    tables: int,
    buyers: set[str],
    suppliers: set[str],
    requested: set[tuple[str, str]],
) -> tuple[Meeting, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InstanceError("fixed: expected a list or null")
    out: list[Meeting] = []
    for i, item in enumerate(raw):
        at = f"fixed[{i}]"
        if not isinstance(item, dict):
            raise InstanceError(f"{at}: expected an object")
        buyer, supplier, slot, table = (item.get(k) for k in ("buyer", "supplier", "slot", "table"))
        if buyer not in buyers:
            raise InstanceError(f"{at}.buyer: unknown buyer id {buyer!r}")
        if supplier not in suppliers:
            raise InstanceError(f"{at}.supplier: unknown supplier id {supplier!r}")
        if slot not in slots:
            raise InstanceError(f"{at}.slot: unknown slot {slot!r}")
        if isinstance(table, bool) or not isinstance(table, int) or not 1 <= table <= tables:
            raise InstanceError(f"{at}.table: expected an integer from 1 to {tables}, got {table!r}")
        if (buyer, supplier) not in requested:
            raise InstanceError(f"{at}: pair ({buyer!r}, {supplier!r}) was never requested")
        out.append(Meeting(slot, table, buyer, supplier))
    return tuple(out)


def _check_fixed_feasible(instance: Instance) -> None:
    # Fixed meetings are taken as given; if they already break a rule, no schedule can keep them.
    problems = violations(list(instance.fixed), instance)
    if problems:
        raise InstanceError(f"fixed: the fixed meetings are infeasible: {problems[0]}")


def event_to_dict(instance: Instance) -> dict[str, Any]:
    """The inverse of `parse_event` (used by generators and tests)."""

    def participant(p: Participant) -> dict[str, Any]:
        slots = None if p.available_slots is None else [s for s in instance.slots if s in p.available_slots]
        return {"id": p.id, "available_slots": slots, "max_meetings": p.max_meetings, "capacity": p.capacity}

    return {
        "slots": list(instance.slots),
        "tables": instance.tables,
        "buyers": [participant(b) for b in instance.buyers],
        "suppliers": [participant(s) for s in instance.suppliers],
        "requests": [{"buyer": r.buyer, "supplier": r.supplier, "weight": r.weight} for r in instance.requests],
        "fixed": [{"buyer": m.buyer, "supplier": m.supplier, "slot": m.slot, "table": m.table} for m in instance.fixed],
        "min_meetings_per_buyer": instance.min_meetings_per_buyer,
    }


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """SCHEDULE.json per the batch contract (plus `status`, `method` and `gap` for information)."""
    return {
        "meetings": [
            {"buyer": m.buyer, "supplier": m.supplier, "slot": m.slot, "table": m.table} for m in schedule.meetings
        ],
        "total_weight": schedule.total_weight,
        "upper_bound": schedule.upper_bound,
        "unscheduled_requests": [
            {"buyer": u.buyer, "supplier": u.supplier, "reason": u.reason} for u in schedule.unscheduled
        ],
        "status": schedule.status,
        "method": schedule.method,
        "gap": schedule.gap,
        "buyer_shortfall": schedule.buyer_shortfall,
    }
