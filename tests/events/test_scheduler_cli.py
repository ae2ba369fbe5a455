"""`chuhai events schedule`: the batch contract, end to end, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chuhai.events.cli import app
from chuhai.events.engine import event_to_dict, parse_event, validate
from chuhai.events.engine.generate import generate_event
from chuhai.events.engine.instance import Meeting, Schedule, Unscheduled

runner = CliRunner()


def run(tmp_path: Path, data, *extra: str):
    source = tmp_path / "event.json"
    source.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out = tmp_path / "schedule.json"
    result = runner.invoke(app, ["schedule", "--input", str(source), "--out", str(out), *extra])
    return result, out


def load_schedule(path: Path) -> Schedule:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Schedule(
        meetings=[Meeting(m["slot"], m["table"], m["buyer"], m["supplier"]) for m in raw["meetings"]],
        total_weight=raw["total_weight"],
        upper_bound=raw["upper_bound"],
        unscheduled=[Unscheduled(u["buyer"], u["supplier"], u["reason"]) for u in raw["unscheduled_requests"]],
    )


def test_schedule_writes_a_valid_schedule(tmp_path: Path) -> None:
    data = event_to_dict(generate_event(20, 30, seed=4, min_meetings_per_buyer=2))
    data["fixed"] = None
    for person in data["buyers"][:3]:
        person["capacity"] = None  # null means 1
    result, out = run(tmp_path, data, "--time-limit", "5")
    assert result.exit_code == 0, result.output
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert set(raw) >= {"meetings", "total_weight", "upper_bound", "unscheduled_requests"}
    assert all(set(m) == {"buyer", "supplier", "slot", "table"} for m in raw["meetings"])
    instance = parse_event(data)
    validate(load_schedule(out), instance)
    requested = {(r.buyer, r.supplier) for r in instance.requests}
    assert {(m["buyer"], m["supplier"]) for m in raw["meetings"]} <= requested


def test_fixed_meetings_survive_the_cli(tmp_path: Path) -> None:
    data = event_to_dict(generate_event(15, 20, seed=8))
    first, out = run(tmp_path, data)
    assert first.exit_code == 0
    meetings = json.loads(out.read_text())["meetings"]
    data["fixed"] = meetings[:5]
    # The cancelled supplier: no slots any more; its meetings are not in `fixed`.
    gone = meetings[-1]["supplier"]
    data["fixed"] = [m for m in data["fixed"] if m["supplier"] != gone]
    next(s for s in data["suppliers"] if s["id"] == gone)["available_slots"] = []
    result, out = run(tmp_path, data)
    assert result.exit_code == 0, result.output
    again = json.loads(out.read_text())
    assert all(m in again["meetings"] for m in data["fixed"])
    assert all(m["supplier"] != gone for m in again["meetings"])
    assert {u["reason"] for u in again["unscheduled_requests"] if u["supplier"] == gone} == {"supplier unavailable"}


def _base() -> dict:
    return {
        "slots": ["09:00", "09:20"],
        "tables": 2,
        "buyers": [{"id": "b1", "available_slots": None, "max_meetings": None, "capacity": None}],
        "suppliers": [{"id": "s1", "available_slots": ["09:20"], "max_meetings": 3, "capacity": 1}],
        "requests": [{"buyer": "b1", "supplier": "s1", "weight": 2.5}],
        "fixed": None,
        "min_meetings_per_buyer": None,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(slots=[]), "no slots"),
        (
            lambda d: d["requests"].append({"buyer": "b9", "supplier": "s1", "weight": 1}),
            "requests[1].buyer: unknown buyer id 'b9'",
        ),
        (
            lambda d: d["requests"].append({"buyer": "b1", "supplier": "s7", "weight": 1}),
            "unknown supplier id 's7'",
        ),
        (
            lambda d: d["requests"].append({"buyer": "b1", "supplier": "s1", "weight": 3}),
            "already requested in requests[0]",
        ),
        (
            lambda d: d["suppliers"][0].update(available_slots=["10:00"]),
            "suppliers[0].available_slots[0]: unknown slot",
        ),
        (
            lambda d: d.update(fixed=[{"buyer": "b1", "supplier": "s1", "slot": "09:00", "table": 1}]),
            "not available",
        ),
        (lambda d: d.update(tables="two"), "tables"),
        (lambda d: d["requests"][0].update(weight="heavy"), "requests[0].weight"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, change, message: str) -> None:
    data = _base()
    change(data)
    result, out = run(tmp_path, data)
    assert result.exit_code == 2
    assert message in result.stderr
    assert str(tmp_path / "event.json") in result.stderr
    assert not out.exists()


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    result, out = run(tmp_path, '{"slots": ["a"],\n "tables": 1,,\n}')
    assert result.exit_code == 2
    assert "line 2" in result.stderr
    assert not out.exists()


def test_missing_input_file(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["schedule", "--input", str(tmp_path / "nope.json"), "--out", str(out)])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
    assert not out.exists()


def test_existing_output_is_not_clobbered_on_error(tmp_path: Path) -> None:
    out = tmp_path / "schedule.json"
    out.write_text("previous")
    data = _base()
    data["slots"] = []
    result, _ = run(tmp_path, data)
    assert result.exit_code == 2
    assert out.read_text() == "previous"


def test_contract_example_is_what_the_command_writes(tmp_path: Path) -> None:
    import re

    import chuhai.events

    text = (Path(chuhai.events.__file__).parent / "CONTRACT.md").read_text(encoding="utf-8")
    event_json, schedule_json = re.findall(r"```json\n(.*?)```", text, re.DOTALL)[:2]
    result, out = run(tmp_path, event_json)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(schedule_json)
