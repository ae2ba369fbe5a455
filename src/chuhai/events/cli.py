"""`chuhai events ...` commands: the batch contract (CONTRACT.md) on the engine alone, no database.

Its messages are part of the contract and stay in English."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from chuhai.events.engine import InstanceError, ScheduleError, parse_event, schedule_to_dict, solve, validate

app = typer.Typer(help="Matchmaking events (对接会).", no_args_is_help=True)


@app.callback()
def events() -> None:
    """Matchmaking events (对接会): scheduling one-to-one meetings."""


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.command("schedule")
def schedule_command(
    input: Annotated[Path, typer.Option("--input", help="EVENT.json (see CONTRACT.md).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write SCHEDULE.json.")],
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds the solver may use.", min=0.1)] = 30.0,
    method: Annotated[str, typer.Option("--method", help="auto | exact | cp-sat | heuristic.")] = "auto",
) -> None:
    """Assign requested buyer–supplier meetings to (slot, table), maximising total weight."""
    if method not in ("auto", "exact", "cp-sat", "heuristic"):
        _fail(f"--method: expected auto, exact, cp-sat or heuristic, got {method!r}")
    try:
        text = input.read_text(encoding="utf-8")
    except OSError as exc:
        _fail(f"{input}: cannot read ({exc.strerror or exc})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(f"{input}: line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg})")
    try:
        instance = parse_event(data)
    except InstanceError as exc:
        _fail(f"{input}: {exc}")
    schedule = solve(instance, time_limit=time_limit, method=method)
    try:
        validate(schedule, instance)
    except ScheduleError as exc:  # a solver bug: never publish an infeasible schedule
        _fail(f"internal error, the schedule failed validation: {exc}")
    payload = json.dumps(schedule_to_dict(schedule), ensure_ascii=False, indent=2)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a crash never leaves a partial SCHEDULE.json.
    fd, tmp = tempfile.mkstemp(prefix=".schedule-", suffix=".json", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload + "\n")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    gap = "" if schedule.gap is None else f", gap {schedule.gap:.2%}"
    typer.echo(
        f"{len(schedule.meetings)} meetings, total weight {schedule.total_weight:g}, "
        f"upper bound {schedule.upper_bound:g}{gap} ({schedule.status}, {schedule.method}); "
        f"{len(schedule.unscheduled)} requests unscheduled → {out}",
        err=True,
    )
