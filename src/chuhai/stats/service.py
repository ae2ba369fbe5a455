"""Pilot-zone statistics (统计监测): trade value in USD by belt, market, market group, channel and customs
mode, with year-on-year growth, active exporting enterprises and top products.

Every figure is a DuckDB aggregate over the platform cube (`chuhai.insight.service.platform_cube`:
order lines grouped once per product × market × channel × customs mode × currency × month, priced in
USD at the month's rate). Definitions:
- trade value = Σ units × unit_price × the month's USD rate, over the period's months;
- the period is `from_month`..`to_month` inclusive (default: the last 12 months with data);
- yoy_growth = value(period) ÷ value(the same months a year earlier) − 1; null when the data do not
  reach back that far or the earlier value is 0;
- an active exporting enterprise sold at least one unit in the period;
- a market group's value sums its member countries (a country may be in several groups, so the
  groups do not add up to the total).

The programme's outcomes (`outcome_figures`: talks, intentions, signed and their value) come from the trade
records and the matchmaking meetings, read per request (they are small), by month, market, belt and event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import duckdb
from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise, IndustrialBelt, Product
from chuhai.database import new_session
from chuhai.errors import ValidationFailed
from chuhai.events.models import Event
from chuhai.events.outcomes import Extra, event_outcomes, meeting_extras
from chuhai.imports.repository import data_stamp
from chuhai.insight.engine.cube import month_label
from chuhai.insight.service import market_overview, platform_cube
from chuhai.markets.reference import MARKET_GROUP_NAMES, market_groups
from chuhai.trade.service import CENT, outcomes, parse_period
from chuhai.web.cache import cached, version_of

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
TOP_PRODUCTS = 20
STATS_TTL_S = 60
DIMENSIONS = {"belt": "belt_id", "market": "country", "channel": "channel", "customs_mode": "customs_mode"}
# The dashboard's SQL is put together from these fixed pieces and the column names above only; every
# value (months, belt, limit) is a parameter.
CURRENT = "month BETWEEN $start AND $end"
PREVIOUS = "month BETWEEN $prev_start AND $prev_end"
SCOPE = "FROM cube WHERE ($belt IS NULL OR belt_id = $belt) AND month BETWEEN $prev_start AND $end"


def _query(con, sql: str, params: dict) -> list[tuple]:
    """`sql` with the parameters it names (DuckDB refuses named parameters a statement does not use)."""
    return con.execute(sql, {name: value for name, value in params.items() if f"${name}" in sql}).fetchall()


@dataclass(frozen=True)
class StatsFilters:
    from_month: str | None = None
    to_month: str | None = None
    belt_id: int | None = None

    def key(self) -> tuple:
        return (self.from_month, self.to_month, self.belt_id)


def month_index(text: str) -> int:
    year, month = MONTH_PATTERN.match(text).groups()
    return int(year) * 12 + int(month) - 1


def parse_filters(from_month: str | None, to_month: str | None, belt: str | None) -> StatsFilters:
    values = {}
    for name, value in (("from", from_month), ("to", to_month)):
        value = (value or "").strip()
        if value and not MONTH_PATTERN.match(value):
            raise ValidationFailed("Months are written YYYY-MM.", details={"field": name})
        values[name] = value or None
    if values["from"] and values["to"] and values["from"] > values["to"]:
        raise ValidationFailed("The period starts after it ends.", details={"field": "from"})
    belt = (belt or "").strip()
    if belt and not belt.isdigit():
        raise ValidationFailed("Unknown industrial belt.", details={"field": "belt"})
    return StatsFilters(values["from"], values["to"], int(belt) if belt else None)


def _growth(value: float | None, previous: float | None, comparable: bool) -> float | None:
    if not comparable or not previous:
        return None
    return (value or 0.0) / previous - 1.0


def dashboard(url: str, filters: StatsFilters) -> dict:
    """The dashboard's figures, cached per database and filters for STATS_TTL_S."""
    return cached(("stats_dashboard", url, filters.key()), STATS_TTL_S, lambda: compute_dashboard(url, filters),
                  derived_from=("insight_cube", url))


def freshness(url: str, filters: StatsFilters) -> dict:
    """When the order lines last changed, and whether the dashboard shown for `filters` predates that
    change (it is then being recomputed in the background; see `chuhai.web.cache`)."""
    stamp = data_stamp(url, "order_lines")
    shown = version_of(("stats_dashboard", url, filters.key()))
    return {"changed_at": stamp.changed_at, "updating": shown is not None and shown != stamp.version}


def compute_dashboard(url: str, filters: StatsFilters) -> dict:
    with new_session(url) as session:
        return _dashboard(session, url, filters)


def _dashboard(session: Session, url: str, filters: StatsFilters) -> dict:
    cube = platform_cube(url)
    con = duckdb.connect()
    try:
        con.register("cube", cube)
        first, last = con.execute("SELECT min(month), max(month) FROM cube").fetchone()
        if first is None:
            return {"empty": True, "filters": filters, "belts": _belt_names(session)}
        end = month_index(filters.to_month) if filters.to_month else last
        start = month_index(filters.from_month) if filters.from_month else end - 11
        comparable = start - 12 >= first
        params = {"start": start, "end": end, "prev_start": start - 12, "prev_end": end - 12,
                  "belt": filters.belt_id, "top": TOP_PRODUCTS}
        figures = _figures(con, params, comparable)
    finally:
        con.close()
    value, prev, units, lines, active, active_prev, markets = figures["totals"]
    by, monthly = figures["by"], figures["monthly"]
    belts = _belt_names(session)
    return {
        "empty": False,
        "filters": filters,
        "belts": belts,
        "period": {"from": month_label(start), "to": month_label(end), "data_from": month_label(first),
                   "data_to": month_label(last), "comparable": comparable},
        "totals": {"value": value or 0.0, "previous": prev or 0.0, "yoy_growth": _growth(value, prev, comparable),
                   "units": int(units or 0), "lines": int(lines or 0), "active_enterprises": int(active or 0),
                   "active_enterprises_previous": int(active_prev or 0) if comparable else None,
                   "markets": int(markets or 0)},
        "belt": [{**row, "name": belts.get(row["key"], {"name_zh": str(row["key"]), "name_en": None})}
                 for row in by["belt"]],
        "market": by["market"],
        "market_group": _market_groups(by["market"], comparable),
        "channel": by["channel"],
        "customs_mode": by["customs_mode"],
        "products": _product_rows(session, figures["products"], comparable),
        "signals": market_overview(url),
        "monthly": [{"month": month_label(m), "value": monthly.get(m, 0.0) or 0.0,
                     "year_before": monthly.get(m - 12, 0.0) or 0.0 if comparable else None}
                    for m in range(start, end + 1)],
    }


def _figures(con, params: dict, comparable: bool) -> dict:
    """The period's totals row, the breakdown per dimension, the monthly series and the top products, queried
    on the cube (`con`) with `params`."""

    def query(sql: str) -> list[tuple]:
        return _query(con, sql, params)

    def breakdown(column: str) -> list[dict]:
        rows = query(
            f"SELECT {column}, sum(revenue_usd) FILTER (WHERE {CURRENT}),"
            f" sum(revenue_usd) FILTER (WHERE {PREVIOUS}),"
            f" sum(units) FILTER (WHERE {CURRENT}), sum(lines) FILTER (WHERE {CURRENT}) {SCOPE}"
            f" GROUP BY 1 HAVING sum(revenue_usd) FILTER (WHERE {CURRENT}) > 0 ORDER BY 2 DESC, 1")
        return [{"key": key, "value": value or 0.0, "previous": prev or 0.0,
                 "yoy_growth": _growth(value, prev, comparable), "units": int(units or 0), "lines": int(lines or 0)}
                for key, value, prev, units, lines in rows]

    [totals] = query(
        f"SELECT sum(revenue_usd) FILTER (WHERE {CURRENT}), sum(revenue_usd) FILTER (WHERE {PREVIOUS}),"
        f" sum(units) FILTER (WHERE {CURRENT}), sum(lines) FILTER (WHERE {CURRENT}),"
        f" count(DISTINCT enterprise_id) FILTER (WHERE {CURRENT} AND units > 0),"
        f" count(DISTINCT enterprise_id) FILTER (WHERE {PREVIOUS} AND units > 0),"
        f" count(DISTINCT country) FILTER (WHERE {CURRENT} AND units > 0) {SCOPE}")
    return {
        "totals": totals,
        "by": {name: breakdown(column) for name, column in DIMENSIONS.items()},
        "monthly": dict(query(f"SELECT month, sum(revenue_usd) {SCOPE} GROUP BY 1")),
        "products": query(
            f"SELECT product_id, sum(revenue_usd) FILTER (WHERE {CURRENT}) AS v,"
            f" sum(revenue_usd) FILTER (WHERE {PREVIOUS}),"
            f" sum(units) FILTER (WHERE {CURRENT}) {SCOPE} GROUP BY 1 HAVING v > 0 ORDER BY v DESC, 1 LIMIT $top"),
    }


def _belt_names(session: Session) -> dict[int, dict]:
    return {b.id: {"name_zh": b.name_zh, "name_en": b.name_en}
            for b in session.scalars(select(IndustrialBelt).order_by(IndustrialBelt.id))}


def _market_groups(markets: list[dict], comparable: bool) -> list[dict]:
    groups = {code: {"key": code, "value": 0.0, "previous": 0.0, "units": 0, "lines": 0, "countries": 0}
              for code in MARKET_GROUP_NAMES}
    for row in markets:
        for code in market_groups(row["key"]):
            group = groups[code]
            group["value"] += row["value"]
            group["previous"] += row["previous"]
            group["units"] += row["units"]
            group["lines"] += row["lines"]
            group["countries"] += 1
    rows = [g | {"yoy_growth": _growth(g["value"], g["previous"], comparable)} for g in groups.values()]
    return sorted(rows, key=lambda g: -g["value"])


def _product_rows(session: Session, rows: list[tuple], comparable: bool) -> list[dict]:
    ids = [row[0] for row in rows]
    details = {p.id: p for p in session.execute(
        select(Product.id, Product.sku, Product.title_zh, Product.title_en, Product.category,
               Enterprise.name_zh.label("enterprise_zh"), Enterprise.name_en.label("enterprise_en"))
        .join(Enterprise, Enterprise.id == Product.enterprise_id).where(Product.id.in_(ids)))}
    result = []
    for product_id, value, prev, units in rows:
        p = details.get(product_id)
        result.append({"product_id": product_id, "sku": p.sku if p else str(product_id),
                       "title_zh": p.title_zh if p else None, "title_en": p.title_en if p else None,
                       "category": p.category if p else None,
                       "enterprise_zh": p.enterprise_zh if p else None, "enterprise_en": p.enterprise_en if p else None,
                       "value": value or 0.0, "units": int(units or 0), "yoy_growth": _growth(value, prev, comparable)})
    return result


# ----- outcomes of the programme ----------------------------------------------------------------------------

OUTCOME_FIELDS = ("talks", "intentions", "signed", "signed_value_cny", "signed_value_usd")


def _outcome_row(counts=None) -> dict:
    row = {name: getattr(counts, name) if counts is not None else 0 for name in OUTCOME_FIELDS}
    row["signed_value_cny"] = Decimal(row["signed_value_cny"])
    row["signed_value_usd"] = Decimal(row["signed_value_usd"])
    return row


def _add_extra(row: dict, extra: Extra) -> None:
    row["talks"] += extra.kind == "talk"
    row["intentions"] += extra.kind == "intention"
    if extra.kind == "signed":
        row["signed"] += 1
        row["signed_value_cny"] += extra.value_cny
        row["signed_value_usd"] += extra.value_usd


def _rounded(row: dict) -> dict:
    return row | {"signed_value_cny": row["signed_value_cny"].quantize(CENT),
                  "signed_value_usd": row["signed_value_usd"].quantize(CENT)}


def _ordered(rows: dict, key_order) -> list[dict]:
    return [_rounded(row) | {"key": key} for key, row in sorted(rows.items(), key=key_order)
            if row["talks"] or row["intentions"] or row["signed"]]


def outcome_figures(session: Session, actor: Principal, filters: StatsFilters,
                    today: dt.date | None = None) -> dict:
    """The programme's outcomes over the filters' months (default: the 12 months up to this one) and belt:
    talks (conversations), intentions (samples requested or approved), signed (orders placed) and their value
    in CNY and USD — trade's counts (`trade.service.outcomes`) with the matchmaking meetings' own marks that
    no linked thread or deal stands for (`events.outcomes.meeting_extras`) — by month, market (the demand's
    destination; a meeting's buyer's country), belt and event (`events.outcomes.event_outcomes`: meetings and
    linked trade, each outcome once)."""
    start, end = parse_period(filters.from_month, filters.to_month, today)
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())
    result = outcomes(session, actor, period_from=start.strftime("%Y-%m"),
                      period_to=(end - dt.timedelta(days=1)).strftime("%Y-%m"), belt_id=filters.belt_id, today=today)
    extras = meeting_extras(session, lo=lo, hi=hi, belt_id=filters.belt_id)
    total = _outcome_row(result.total)
    markets = {k: _outcome_row(v) for k, v in result.by_market.items()}
    belts = {k: _outcome_row(v) for k, v in result.by_belt.items()}
    unpriced = set(result.unpriced_currencies)
    for extra in extras:
        for row in (total, markets.setdefault(extra.country, _outcome_row()),
                    belts.setdefault(extra.belt_id, _outcome_row())):
            _add_extra(row, extra)
        if extra.unpriced:
            unpriced.add(extra.unpriced)
    months = []
    month = start
    while month < end:
        following = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        label = month.strftime("%Y-%m")
        row = _outcome_row(result.by_month.get(label))
        for extra in extras:
            if month <= extra.at.date() < following:
                _add_extra(row, extra)
        months.append(_rounded(row) | {"month": label})
        month = following
    by_event = event_outcomes(session, lo=lo, hi=hi, belt_id=filters.belt_id)
    events = {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(list(by_event))))}
    belt_names = _belt_names(session)
    for tally in by_event.values():
        unpriced |= set(tally.unpriced_currencies)
    return {
        "period": {"from": start.strftime("%Y-%m"), "to": (end - dt.timedelta(days=1)).strftime("%Y-%m")},
        "total": _rounded(total),
        "monthly": months,
        "market": _ordered(markets, lambda kv: (-kv[1]["talks"], -kv[1]["signed"], kv[0] or "~")),
        "belt": [row | {"name": belt_names.get(row["key"])} for row in
                 _ordered(belts, lambda kv: (-kv[1]["talks"], -kv[1]["signed"], kv[0] or 0))],
        "event": [_rounded(_outcome_row(tally)) | {"key": event_id, "name_zh": events[event_id].name_zh,
                                                   "name_en": events[event_id].name_en,
                                                   "starts_on": events[event_id].starts_on}
                  for event_id, tally in sorted(by_event.items(), key=lambda kv: events[kv[0]].starts_on,
                                                reverse=True) if event_id in events],
        "unpriced_currencies": sorted(unpriced),
    }
