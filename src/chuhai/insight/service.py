"""The platform's order history as the analytics engine's sales cube, and the feedback reports built on it.

One grouped SQL query (SQLite or PostgreSQL, through SQLAlchemy Core, streamed in chunks) reduces
the order lines to product × country × channel × customs mode × currency × month; the engine
(`chuhai.insight.engine.feedback.price_cube`) then attaches each product's enterprise, belt and
category and prices the cells in USD and CNY with its dated-rate rule. The result, a pyarrow table of a
few hundred thousand rows at full demo scale (1.15M order lines), is cached per database for
`CUBE_TTL_S`, or until the stored version of the order lines changes (an import by any process),
and shared by the feedback reports and the statistics dashboard, which query it with
DuckDB. The database's `fx_rates` rows win; currencies they lack use the engine's built-in table.

`feedback_report` assembles, for one enterprise or one belt, what the engine decides (see
`chuhai/insight/SIGNALS.md` and `chuhai.insight.engine.feedback`), with the open demands in its
categories and the unmet-demand signal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import pyarrow as pa
from sqlalchemy import Float, String, cast, func, select
from sqlalchemy.orm import Session

from chuhai.catalog.models import Enterprise, IndustrialBelt, Product
from chuhai.database import new_session
from chuhai.demand.models import Demand, OrderLine
from chuhai.demand.repository import answerable_on
from chuhai.errors import NotFound
from chuhai.imports.repository import data_version
from chuhai.insight.engine.feedback import (
    covered_categories,
    cube_connection,
    month_bounds,
    overview_sections,
    price_cube,
    scope_sections,
)
from chuhai.insight.engine.fx import FxRate, builtin_rates, fx_arrow_table, with_cny
from chuhai.insight.engine.unmet_demand import unmet_demand_signals
from chuhai.markets.models import FxRate as FxRow
from chuhai.web.cache import cached

CUBE_TTL_S = 300
FETCH_CHUNK = 100_000

CUBE_SCHEMA = pa.schema([
    ("product_id", pa.int64()), ("country", pa.string()), ("channel", pa.string()),
    ("customs_mode", pa.string()), ("currency", pa.string()), ("month_text", pa.string()),
    ("units", pa.int64()), ("revenue_local", pa.float64()), ("lines", pa.int64()),
    ("sale_days", pa.int64()), ("units_sq", pa.float64()), ("revenue_local_sq", pa.float64()),
])


_fx_cache: dict[str, tuple[tuple, list[FxRate]]] = {}


def platform_fx(session: Session) -> list[FxRate]:
    """The database's monthly rates and the built-in ones for the currencies it lacks. Kept per database until
    the stored rates change (their count, latest month and sum: one aggregate instead of reading and
    converting every row, which several sections of a page each did)."""
    key = str(session.get_bind().url)
    signature = tuple(session.execute(select(func.count(), func.max(FxRow.month), func.sum(FxRow.usd_rate))).one())
    hit = _fx_cache.get(key)
    if hit is not None and hit[0] == signature:
        return hit[1]
    stored = [FxRate(currency, month, float(rate)) for currency, month, rate in
              session.execute(select(FxRow.currency, FxRow.month, FxRow.usd_rate))]
    known = {rate.currency for rate in stored}
    rates = with_cny(stored + [rate for rate in builtin_rates() if rate.currency not in known])
    _fx_cache[key] = (signature, rates)
    return rates


def _grouped_order_lines(session: Session) -> pa.Table:
    """The order lines per product, country, channel, customs mode, currency and month, from each day's
    totals: the days with sales and the squares of the daily totals measure how often and how lumpily a
    product sells (see `chuhai.insight.engine.cube.line_aggregates`)."""
    day_keys = [OrderLine.product_id, OrderLine.country, OrderLine.channel, OrderLine.customs_mode,
                OrderLine.currency, OrderLine.order_date]
    daily = (select(*day_keys, func.sum(OrderLine.units).label("units"),
                    cast(func.sum(OrderLine.units * OrderLine.unit_price), Float).label("revenue"),
                    func.count().label("lines"))
             .group_by(*day_keys).subquery())
    month = func.substr(cast(daily.c.order_date, String), 1, 7)
    keys = [daily.c.product_id, daily.c.country, daily.c.channel, daily.c.customs_mode, daily.c.currency, month]
    units = cast(daily.c.units, Float)
    query = select(*keys, func.sum(daily.c.units), func.sum(daily.c.revenue), func.sum(daily.c.lines), func.count(),
                   func.sum(units * units), func.sum(daily.c.revenue * daily.c.revenue)).group_by(*keys)
    batches = []
    result = session.connection().execution_options(stream_results=True, yield_per=FETCH_CHUNK).execute(query)
    for rows in result.partitions(FETCH_CHUNK):
        columns = list(zip(*rows, strict=True))
        batches.append(pa.record_batch([pa.array(values, type=column.type)
                                        for values, column in zip(columns, CUBE_SCHEMA, strict=True)],
                                       schema=CUBE_SCHEMA))
    return pa.Table.from_batches(batches, schema=CUBE_SCHEMA)


def _product_attributes(session: Session) -> pa.Table:
    rows = session.execute(select(Product.id, Product.enterprise_id, Enterprise.belt_id, Product.category)
                           .join(Enterprise, Enterprise.id == Product.enterprise_id)).all()
    ids, enterprises, belts, categories = (list(c) for c in zip(*rows, strict=True)) if rows else ([], [], [], [])
    return pa.table({"product_id": pa.array(ids, pa.int64()), "enterprise_id": pa.array(enterprises, pa.int64()),
                     "belt_id": pa.array(belts, pa.int64()), "category": pa.array(categories, pa.string())})


def load_cube(session: Session) -> pa.Table:
    """The platform cube (uncached; see `chuhai.insight.engine.feedback.price_cube`)."""
    return price_cube(_grouped_order_lines(session), _product_attributes(session),
                      fx_arrow_table(platform_fx(session)))


def platform_cube(url: str) -> pa.Table:
    """The cube of the database at `url`, cached for CUBE_TTL_S (served stale while it refreshes)."""

    def compute() -> pa.Table:
        with new_session(url) as session:
            return load_cube(session)

    return cached(("insight_cube", url), CUBE_TTL_S, compute, version=lambda: data_version(url, "order_lines"))


@dataclass
class Scope:
    kind: str  # "enterprise" or "belt"
    id: int
    name_zh: str
    name_en: str | None
    categories: list[str]
    products: dict[int, dict] = field(default_factory=dict)  # id -> sku, title_zh, title_en, category


def load_scope(session: Session, kind: str, scope_id: int) -> Scope:
    if kind == "enterprise":
        owner = session.get(Enterprise, scope_id)
        condition = Product.enterprise_id == scope_id
    else:
        owner = session.get(IndustrialBelt, scope_id)
        condition = Enterprise.belt_id == scope_id
    if owner is None:
        raise NotFound("No such enterprise.") if kind == "enterprise" else NotFound("No such industrial belt.")
    rows = session.execute(select(Product.id, Product.sku, Product.title_zh, Product.title_en, Product.category)
                           .join(Enterprise, Enterprise.id == Product.enterprise_id).where(condition)).all()
    products = {r.id: {"sku": r.sku, "title_zh": r.title_zh, "title_en": r.title_en, "category": r.category}
                for r in rows}
    categories = sorted({p["category"] for p in products.values()} | set(getattr(owner, "categories", None) or []))
    return Scope(kind, scope_id, owner.name_zh, owner.name_en, categories, products)


def open_demands(session: Session, categories: list[str] | None = None, limit: int | None = 20) -> list[dict]:
    """Demands suppliers can still answer (open, deadline not passed), newest first (columns only: the unmet
    demand section reads every open demand, and whole records cost several times as much)."""
    query = (select(Demand.id.label("demand_id"), Demand.ref, Demand.text, Demand.category, Demand.quantity,
                    Demand.target_price, Demand.currency, Demand.destination_country.label("country"),
                    Demand.deadline)
             .where(answerable_on(dt.date.today()))
             .order_by(Demand.created_at.desc(), Demand.id.desc()))
    if categories is not None:
        query = query.where(Demand.category.in_(categories))
    if limit:
        query = query.limit(limit)
    return [dict(row) for row in session.execute(query).mappings()]


def feedback_report(session: Session, url: str, kind: str, scope_id: int) -> dict:
    """The scope's feedback: its sales sections (from the cube; cached per scope and per the scope's products,
    recomputed in the background when the cube's data moves) and the open demands (read now)."""
    scope = load_scope(session, kind, scope_id)
    report = {"scope": scope, "period": None}
    covered, sections = _scope_sections(url, scope)
    return report | sections | _demand_sections(session, scope, covered)


def _scope_sections(url: str, scope: Scope) -> tuple[set[str], dict]:
    """(categories the sales cover, the scope's sales sections): about a second of DuckDB work per scope at full
    demo scale, so cached like the cube it is computed from; the key carries what the scope is made of."""
    shape = hashlib.sha256(repr((scope.categories, sorted(scope.products.items()))).encode()).hexdigest()[:16]

    def compute() -> tuple[set[str], dict]:
        with cube_connection(platform_cube(url)) as (_con, cube):
            bounds = month_bounds(cube)
            if bounds is None:
                return set(), {}
            return covered_categories(cube), scope_sections(cube, bounds, scope.kind, scope.id, scope.categories,
                                                            scope.products)

    return cached(("insight_scope", url, scope.kind, scope.id, shape), CUBE_TTL_S, compute,
                  derived_from=("insight_cube", url))


def _demand_sections(session: Session, scope: Scope, covered: set[str]) -> dict:
    answerable = open_demands(session, scope.categories)
    unmet = unmet_demand_signals([{**d, "matched": None} for d in open_demands(session, None, None)], covered)
    relevant = [s for s in unmet if s["category"] is None or s["category"] in scope.categories]
    return {"open_demands": answerable, "unmet": relevant[:15]}


def market_overview(url: str) -> dict:
    """Rising, declining and price-sensitive markets over all the platform's sales (the operator's view),
    cached like the cube."""

    def compute() -> dict:
        with cube_connection(platform_cube(url)) as (_con, cube):
            return overview_sections(cube)

    return cached(("insight_market_overview", url), CUBE_TTL_S, compute, derived_from=("insight_cube", url))
