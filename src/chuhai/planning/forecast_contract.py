"""`chuhai plan forecast` file contract: SERIES.csv (long form) in, FORECAST.csv out.

SERIES: header `unique_id,ds,y` (other columns ignored); `ds` an ISO date (YYYY-MM-DD); `y` a
non-negative number. Rows are bucketed into periods — ISO weeks starting Monday for "W", calendar
months for "M" — and summed (daily rows become weekly or monthly totals); a period without a row is
zero. Every series runs from the file's first period to the file's last period, so the forecast of
every series covers the same `horizon` periods after the last period of the file.

FORECAST: `unique_id,ds,forecast`, `ds` the first day of each forecast period, ids in the order of
their first appearance in SERIES, `horizon` lines per id. Errors name the line and the column
(`InputError.field` = "line N: column"); nothing is written on error (atomic replace).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from chuhai.planning.engine.forecast import forecast_periods
from chuhai.planning.engine.reference import InputError

FREQS = ("W", "M")
MAX_HORIZON = {"W": 156, "M": 36}
MAX_PERIODS = 1040  # 20 years of weeks: a longer span is almost surely a wrong date
MAX_SERIES = 500_000
PROGRESS_EVERY = 200_000


def period_index(day: dt.date, freq: str) -> int:
    """Ordinal of the period containing `day`: weeks since 0001-01-01 (a Monday) or months since year 0."""
    if freq == "W":
        return (day.toordinal() - 1) // 7
    return day.year * 12 + day.month - 1


def period_start(index: int, freq: str) -> dt.date:
    if freq == "W":
        return dt.date.fromordinal(index * 7 + 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def read_series(
    path: Path, freq: str, progress: Callable[[int], None] | None = None
) -> tuple[list[str], np.ndarray, int]:
    """(ids in first-appearance order, (n_series, n_periods) matrix, index of the first period)."""
    if freq not in FREQS:
        raise InputError("--freq", f"expected W or M, got {freq!r}")
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError("file", f"cannot read ({exc.strerror})") from None
    ids: dict[str, int] = {}
    cells: dict[tuple[int, int], float] = {}
    with handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in ("unique_id", "ds", "y") if c not in header]
        if missing:
            raise InputError("line 1", f"missing column(s) {', '.join(missing)}")
        col = {name: header.index(name) for name in ("unique_id", "ds", "y")}
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                raise InputError(f"line {line}", f"expected {len(header)} columns, got {len(row)}")
            uid = row[col["unique_id"]].strip()
            if not uid:
                raise InputError(f"line {line}: unique_id", "missing")
            text = row[col["ds"]].strip()
            try:
                day = dt.date.fromisoformat(text[:10])
            except ValueError:
                raise InputError(f"line {line}: ds", f"expected a date YYYY-MM-DD, got {text!r}") from None
            raw = row[col["y"]].strip()
            try:
                y = float(raw) if raw else 0.0
            except ValueError:
                raise InputError(f"line {line}: y", f"expected a number, got {raw!r}") from None
            if not math.isfinite(y) or y < 0:
                raise InputError(f"line {line}: y", f"expected a non-negative number, got {raw!r}")
            if uid not in ids:
                if len(ids) >= MAX_SERIES:
                    raise InputError(f"line {line}: unique_id", f"more than {MAX_SERIES} series")
                ids[uid] = len(ids)
            key = (ids[uid], period_index(day, freq))
            cells[key] = cells.get(key, 0.0) + y
            if progress is not None and line % PROGRESS_EVERY == 0:
                progress(line)
    if not ids:
        raise InputError("line 2", "no data rows")
    periods = [p for _, p in cells]
    first, last = min(periods), max(periods)
    if last - first + 1 > MAX_PERIODS:
        raise InputError("ds", f"the dates span more than {MAX_PERIODS} periods")
    matrix = np.zeros((len(ids), last - first + 1))
    for (row_index, period), value in cells.items():
        matrix[row_index, period - first] = value
    return list(ids), matrix, first


def forecast_file(
    series: Path, horizon: int, freq: str, out: Path, progress: Callable[[int], None] | None = None
) -> tuple[int, int]:
    """Read SERIES, forecast, write FORECAST atomically; returns (series, history periods)."""
    if freq not in FREQS:
        raise InputError("--freq", f"expected W or M, got {freq!r}")
    if not 1 <= horizon <= MAX_HORIZON[freq]:
        raise InputError("--horizon", f"expected 1..{MAX_HORIZON[freq]} for --freq {freq}, got {horizon}")
    ids, matrix, first = read_series(series, freq, progress)
    fc = forecast_periods(matrix, horizon, freq=freq)
    last = first + matrix.shape[1] - 1
    days = [period_start(last + k, freq).isoformat() for k in range(1, horizon + 1)]
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["unique_id", "ds", "forecast"])
            for i, uid in enumerate(ids):
                for k, day in enumerate(days):
                    writer.writerow([uid, day, f"{max(fc[i, k], 0.0):.4f}"])
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(ids), matrix.shape[1]
