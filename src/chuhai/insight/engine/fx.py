"""Dated exchange rates: the built-in table shipped with the package, and the rules for applying it.

A rate row is `(currency, valid_from, usd_rate)` where `usd_rate` is US dollars per one unit of the
currency. Rates are applied per calendar month: an order of month M uses, for its currency, the row
with the latest `valid_from` month not after M; months before the currency's first row use its first
rate. Amounts in CNY are USD amounts divided by the CNY row in force for the month.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

import pyarrow as pa

BUILTIN_SOURCE = (
    "built-in table chuhai/insight/data/fx_rates.csv: approximate calendar-year average rates "
    "2021-2025 (US Federal Reserve H.10/G.5A, IMF IFS); 2025 rates also apply to later months"
)


@dataclass(frozen=True)
class FxRate:
    currency: str
    valid_from: dt.date
    usd_rate: float


def builtin_rates() -> list[FxRate]:
    text = resources.files("chuhai.insight").joinpath("data/fx_rates.csv").read_text(encoding="utf-8")
    return [
        FxRate(row["currency"], dt.date.fromisoformat(row["valid_from"]), float(row["usd_rate"]))
        for row in csv.DictReader(text.splitlines())
    ]


def with_cny(rates: list[FxRate]) -> list[FxRate]:
    """A user table without CNY still needs CNY to report revenue in yuan: borrow the built-in rows."""
    if any(rate.currency == "CNY" for rate in rates):
        return rates
    return rates + [rate for rate in builtin_rates() if rate.currency == "CNY"]


def monthly_usd_rate(rates: list[FxRate]):
    """The month rule above in Python, for code that prices a few rows without an analytics backend:
    `rate(currency, year, month)` gives USD per unit as a Decimal (the mean of several rows of one month),
    None for a currency with no row. `chuhai.insight.engine.cube.usd_rates_by_month` is the same rule in Ibis."""
    by_currency: dict[str, dict[tuple[int, int], list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in rates:
        by_currency[row.currency][(row.valid_from.year, row.valid_from.month)].append(row.usd_rate)
    found: dict[tuple[str, int, int], Decimal | None] = {}

    def rate(currency: str, year: int, month: int) -> Decimal | None:
        key = (currency, year, month)
        if key not in found:
            months = by_currency.get(currency)
            if not months:
                found[key] = None
            else:
                eligible = [m for m in months if m <= (year, month)]
                values = months[max(eligible) if eligible else min(months)]
                found[key] = Decimal(str(sum(values) / len(values)))
        return found[key]

    return rate


def fx_arrow_table(rates: list[FxRate]) -> pa.Table:
    return pa.table(
        {
            "currency": pa.array([r.currency for r in rates], pa.string()),
            "valid_from": pa.array([r.valid_from for r in rates], pa.date32()),
            "usd_rate": pa.array([r.usd_rate for r in rates], pa.float64()),
        }
    )
