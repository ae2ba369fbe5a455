"""Matchmaking-event scheduler: requested (buyer, supplier) meetings into (slot, table), max weight.

    from chuhai.events.engine import parse_event, solve, validate
    instance = parse_event(json.load(open("event.json")))
    schedule = solve(instance, time_limit=10)
    validate(schedule, instance)  # raises ScheduleError if any rule is broken

`solve` (solver.py) runs the flow-and-colour heuristic with its b-matching upper bound, then, for
instances up to `EXACT_MAX_VARIABLES` (pair, slot) variables, an exact solver (HiGHS MIP or CP-SAT)
warm-started by it. Either way the result is feasible, kept fixed meetings included, and maximal.
`reschedule` re-optimises after a cancellation or a no-show, keeping the given meetings fixed.

Modules: `instance` (the data), `contract` (EVENT.json / SCHEDULE.json), `validate` (the independent
check), `solver` (the entry points) and its parts (`problem`, `board`, `heuristic`, `relaxation`, `exact`,
`solution`), `generate` (synthetic events for tests and benchmarks). Beside the scheduler: `timetable`
(an event's slots from its days and hours), `fit` (how well a buyer and an enterprise fit) and `weights`
(what a requested meeting is worth).

Pure: plain data in, plain data out; nothing here knows the database or the web. The platform
(`chuhai.events.scheduling`) turns an event's records into an `Instance` and the schedule back into rows.
"""

from __future__ import annotations

from chuhai.events.engine.contract import event_to_dict, parse_event, schedule_to_dict
from chuhai.events.engine.instance import (
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Request,
    Schedule,
    Unscheduled,
)
from chuhai.events.engine.solver import EXACT_MAX_VARIABLES, greedy, reschedule, rescheduling_instance, solve
from chuhai.events.engine.validate import ScheduleError, validate, violations

__all__ = [
    "EXACT_MAX_VARIABLES",
    "Instance",
    "InstanceError",
    "Meeting",
    "Participant",
    "Request",
    "Schedule",
    "ScheduleError",
    "Unscheduled",
    "event_to_dict",
    "greedy",
    "parse_event",
    "reschedule",
    "rescheduling_instance",
    "schedule_to_dict",
    "solve",
    "validate",
    "violations",
]
