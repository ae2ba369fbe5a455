"""`chuhai plan forecast --series SERIES.csv --horizon H --freq W|M --out FORECAST.csv`."""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.planning.engine.forecast import forecast_periods
from chuhai.planning.engine.reference import InputError
from chuhai.planning.forecast_contract import read_series

runner = CliRunner()


def _write(path, rows, header="unique_id,ds,y"):
    path.write_text(header + "\n" + "".join(line + "\n" for line in rows), encoding="utf-8")
    return path


def _run(series, out, horizon="4", freq="W"):
    return runner.invoke(
        app, ["plan", "forecast", "--series", str(series), "--horizon", horizon, "--freq", freq, "--out", str(out)]
    )


def _read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_weekly_contract_shape_ids_in_input_order(tmp_path):
    series = _write(
        tmp_path / "s.csv",
        ["zeta,2024-03-04,2", "alpha,2024-03-05,1", "zeta,2024-03-18,4", "mid,2024-03-20,0", "alpha,2024-03-26,3"],
    )
    out = tmp_path / "f.csv"
    result = _run(series, out, horizon="3", freq="W")
    assert result.exit_code == 0, result.output
    rows = _read(out)
    assert list(rows[0]) == ["unique_id", "ds", "forecast"]
    assert [r["unique_id"] for r in rows] == ["zeta"] * 3 + ["alpha"] * 3 + ["mid"] * 3
    # the file's last period is the ISO week of 2024-03-26 (Monday 2024-03-25): forecasts start a week later
    assert [r["ds"] for r in rows[:3]] == ["2024-04-01", "2024-04-08", "2024-04-15"]
    assert all(float(r["forecast"]) >= 0 for r in rows)
    assert float(rows[-1]["forecast"]) == 0.0  # a series that never sold forecasts zero


def test_monthly_contract_dates_and_horizon(tmp_path):
    series = _write(tmp_path / "s.csv", ["p1,2023-11-15,5", "p1,2024-01-31,7", "p2,2023-12-01,1"])
    out = tmp_path / "f.csv"
    result = _run(series, out, horizon="2", freq="M")
    assert result.exit_code == 0, result.output
    rows = _read(out)
    assert [(r["unique_id"], r["ds"]) for r in rows] == [
        ("p1", "2024-02-01"),
        ("p1", "2024-03-01"),
        ("p2", "2024-02-01"),
        ("p2", "2024-03-01"),
    ]


def test_missing_periods_are_zero_and_rows_in_a_period_are_summed(tmp_path):
    series = _write(
        tmp_path / "s.csv",
        ["a,2024-01-01,2", "a,2024-01-03,1", "a,2024-01-22,4", "b,2024-01-08,1"],  # week 2 and 3 of a: no rows
    )
    ids, matrix, _first = read_series(series, "W")
    assert ids == ["a", "b"]
    assert matrix.tolist() == [[3.0, 0.0, 0.0, 4.0], [0.0, 1.0, 0.0, 0.0]]
    months = read_series(_write(tmp_path / "m.csv", ["a,2024-01-05,1", "a,2024-04-30,2"]), "M")[1]
    assert months.tolist() == [[1.0, 0.0, 0.0, 2.0]]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (["a,2024-01-01,1", "a,2024-13-01,1"], "line 3: ds: expected a date YYYY-MM-DD"),
        (["a,2024-01-01,1", "a,2024-01-08,-2"], "line 3: y: expected a non-negative number"),
        (["a,2024-01-01,many"], "line 2: y: expected a number"),
        (["a,2024-01-01,1", ",2024-01-08,1"], "line 3: unique_id: missing"),
        (["a,2024-01-01,nan"], "line 2: y: expected a non-negative number"),
    ],
)
def test_bad_lines_are_named_and_nothing_is_written(tmp_path, rows, expected):
    series = _write(tmp_path / "s.csv", rows)
    out = tmp_path / "f.csv"
    result = _run(series, out)
    assert result.exit_code == 2
    assert expected in result.output
    assert not out.exists()
    assert not list(tmp_path.glob(".f.csv.*"))


def test_missing_column_and_bad_options(tmp_path):
    out = tmp_path / "f.csv"
    result = _run(_write(tmp_path / "s.csv", ["a,2024-01-01"], header="unique_id,ds"), out)
    assert result.exit_code == 2 and "line 1: missing column(s) y" in result.output
    good = _write(tmp_path / "g.csv", ["a,2024-01-01,1"])
    assert _run(good, out, freq="D").exit_code == 2
    assert _run(good, out, horizon="0").exit_code == 2
    assert _run(good, out, horizon="37", freq="M").exit_code == 2
    assert not out.exists()


def test_existing_output_is_untouched_on_error(tmp_path):
    out = tmp_path / "f.csv"
    out.write_text("previous\n", encoding="utf-8")
    result = _run(_write(tmp_path / "s.csv", ["a,not-a-date,1"]), out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_large_file_reports_progress(tmp_path, monkeypatch):
    import chuhai.planning.forecast_contract as contract

    monkeypatch.setattr(contract, "PROGRESS_EVERY", 50)
    start = dt.date(2024, 1, 1)
    rows = [f"s{i % 7},{(start + dt.timedelta(days=i)).isoformat()},{i % 3}" for i in range(120)]
    result = _run(_write(tmp_path / "s.csv", rows), tmp_path / "f.csv")
    assert result.exit_code == 0
    assert "read 100 lines" in result.output


def test_read_series_rejects_a_wrong_freq(tmp_path):
    with pytest.raises(InputError):
        read_series(_write(tmp_path / "s.csv", ["a,2024-01-01,1"]), "D")


def test_engine_forecast_periods_shape_and_levels():
    y = np.array([[0, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0], [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], [0] * 12], dtype=float)
    fc = forecast_periods(y, 6, freq="M")
    assert fc.shape == (3, 6)
    assert np.all(fc >= 0)
    assert np.allclose(fc[2], 0.0)
    assert abs(fc[1, 0] - 2.0) < 0.3  # a steady series keeps its level
    assert 1.0 < fc[0, 0] < 4.0  # an every-other-month series of 5 forecasts about half of 5 per month
    with pytest.raises(ValueError):
        forecast_periods(y, 0)
