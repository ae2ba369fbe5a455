"""The platform's order history as the analytics engine's sales cube, and the feedback reports built on it.

One grouped SQL query (SQLite or PostgreSQL, through SQLAlchemy Core, streamed in chunks) reduces
the order lines to product × country × channel × customs mode × currency × month; DuckDB then
attaches each product's enterprise, belt and category and prices the cells in USD and CNY with the
engine's dated-rate rule (`chuhai.insight.cube.usd_rates_by_month`). The result, a pyarrow table of a
few hundred thousand rows at full demo scale (1.15M order lines), is cached per database for
`CUBE_TTL_S`, or until the stored version of the order lines changes (an import by any process),
and shared by the feedback reports and the statistics dashboard, which query it with
DuckDB. The database's `fx_rates` rows win; currencies they lack use the engine's built-in table.

`feedback_report` assembles, for one enterprise or one belt, what the engine decides (see
`chuhai/insight/SIGNALS.md`): sales by market, channel and month; price position against the
category × market bands; rising and declining markets and price-sensitive markets within the
scope's categories; slow movers among its SKUs; open demands in its categories and the unmet-demand
signal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from sqlalchemy import Float, String, cast, func, select
from sqlalchemy.orm import Session

from chuhai.catalog.models import Enterprise, IndustrialBelt, Product
from chuhai.demand.models import Demand, OrderLine
from chuhai.demand.repository import answerable_on
from chuhai.errors import NotFound
from chuhai.imports.repository import data_version
from chuhai.insight.cube import month_label, usd_rates_by_month
from chuhai.insight.elasticity import estimate_elasticities, fetch_cells
from chuhai.insight.fx import FxRate, builtin_rates, fx_arrow_table, with_cny
from chuhai.insight.markets import has_two_years, market_signals, market_totals, yoy_growth
from chuhai.insight.price_bands import position_in_band, price_bands, product_prices
from chuhai.insight.slow_movers import product_activity, slow_mover_signals
from chuhai.insight.unmet_demand import unmet_demand_signals
from chuhai.markets.models import FxRate as FxRow
from chuhai.web.cache import cached

CUBE_TTL_S = 300
FETCH_CHUNK = 100_000
ENGINE_KEYS = ["product_id", "country", "channel", "currency", "month"]
MIN_BAND_PRODUCTS = 3  # a price band of fewer products says little about "the market"

CUBE_SCHEMA = pa.schema([
    ("product_id", pa.int64()), ("country", pa.string()), ("channel", pa.string()),
    ("customs_mode", pa.string()), ("currency", pa.string()), ("month_text", pa.string()),
    ("units", pa.int64()), ("revenue_local", pa.float64()), ("lines", pa.int64()),
])


def platform_fx(session: Session) -> list[FxRate]:
    stored = [FxRate(currency, month, float(rate)) for currency, month, rate in
              session.execute(select(FxRow.currency, FxRow.month, FxRow.usd_rate))]
    known = {rate.currency for rate in stored}
    return with_cny(stored + [rate for rate in builtin_rates() if rate.currency not in known])


def _grouped_order_lines(session: Session) -> pa.Table:
    month = func.substr(cast(OrderLine.order_date, String), 1, 7)
    keys = [OrderLine.product_id, OrderLine.country, OrderLine.channel, OrderLine.customs_mode,
            OrderLine.currency, month]
    query = select(*keys, func.sum(OrderLine.units), cast(func.sum(OrderLine.units * OrderLine.unit_price), Float),
                   func.count()).group_by(*keys)
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
    """The platform cube (uncached): product_id, enterprise_id, belt_id, category, country, channel,
    customs_mode, currency, month (index), units, revenue_local, lines, revenue_usd, revenue_cny."""
    grouped, attributes = _grouped_order_lines(session), _product_attributes(session)
    fx = fx_arrow_table(platform_fx(session))
    con = ibis.duckdb.connect()
    try:
        con.con.register("grouped", grouped)
        con.con.register("attributes", attributes)
        con.con.register("fx", fx)
        con.con.execute(
            "CREATE VIEW lines AS SELECT g.product_id, a.enterprise_id, a.belt_id, a.category, g.country, g.channel,"
            " g.customs_mode,"
            " g.currency, CAST(substr(g.month_text, 1, 4) AS BIGINT) * 12 + CAST(substr(g.month_text, 6, 2) AS BIGINT)"
            " - 1 AS month, g.units, g.revenue_local, g.lines"
            " FROM grouped g JOIN attributes a USING (product_id)")
        lines = con.table("lines")
        fx_table = con.table("fx")
        rates = usd_rates_by_month(fx_table, lines.select("currency", "month").distinct())
        months = lines.select("month").distinct().mutate(currency=ibis.literal("CNY"))
        cny = usd_rates_by_month(fx_table, months).select("month", cny_rate="usd_rate")
        priced = lines.join(rates, ["currency", "month"]).left_join(cny, "month")
        revenue_usd = priced.revenue_local * priced.usd_rate
        return priced.select(
            "product_id", "enterprise_id", "belt_id", "category", "country", "channel", "customs_mode",
            "currency", "month", "units", "revenue_local", "lines",
            revenue_usd=revenue_usd, revenue_cny=revenue_usd / priced.cny_rate,
        ).to_pyarrow()
    finally:
        con.disconnect()


def platform_cube(url: str) -> pa.Table:
    """The cube of the database at `url`, cached for CUBE_TTL_S (served stale while it refreshes)."""

    def compute() -> pa.Table:
        from chuhai.database import new_session

        with new_session(url) as session:
            return load_cube(session)

    return cached(("insight_cube", url), CUBE_TTL_S, compute, version=lambda: data_version(url, "order_lines"))


@contextlib.contextmanager
def cube_connection(cube: pa.Table) -> Iterator[tuple[ibis.BaseBackend, ir.Table]]:
    """A DuckDB connection with the cube registered (zero-copy) as table `cube`."""
    con = ibis.duckdb.connect()
    try:
        con.con.register("cube", cube)
        yield con, con.table("cube")
    finally:
        con.disconnect()


def engine_cube(cube: ir.Table) -> ir.Table:
    """The engine's grain (`sales_cube`): customs modes summed, so a series is product × market ×
    channel × currency as the elasticity and slow-mover rules expect."""
    return cube.group_by([*ENGINE_KEYS, "category"]).aggregate(
        units=cube.units.sum(), revenue_local=cube.revenue_local.sum(), lines=cube.lines.sum(),
        revenue_usd=cube.revenue_usd.sum(), revenue_cny=cube.revenue_cny.sum(),
    )


def _rows(expr: ir.Table) -> list[dict]:
    return expr.to_pyarrow().to_pylist()


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
        raise NotFound(f"No such {kind}.")
    rows = session.execute(select(Product.id, Product.sku, Product.title_zh, Product.title_en, Product.category)
                           .join(Enterprise, Enterprise.id == Product.enterprise_id).where(condition)).all()
    products = {r.id: {"sku": r.sku, "title_zh": r.title_zh, "title_en": r.title_en, "category": r.category}
                for r in rows}
    categories = sorted({p["category"] for p in products.values()} | set(getattr(owner, "categories", None) or []))
    return Scope(kind, scope_id, owner.name_zh, owner.name_en, categories, products)


def open_demands(session: Session, categories: list[str] | None = None, limit: int | None = 20) -> list[dict]:
    """Demands suppliers can still answer (open, deadline not passed), newest first."""
    query = (select(Demand).where(answerable_on(dt.date.today()))
             .order_by(Demand.created_at.desc(), Demand.id.desc()))
    if categories is not None:
        query = query.where(Demand.category.in_(categories))
    if limit:
        query = query.limit(limit)
    return [{"demand_id": d.id, "ref": d.ref, "text": d.text, "category": d.category, "quantity": d.quantity,
             "target_price": d.target_price, "currency": d.currency, "country": d.destination_country,
             "deadline": d.deadline} for d in session.scalars(query)]


def _scope_filter(cube: ir.Table, scope: Scope) -> ir.BooleanValue:
    return cube.enterprise_id == scope.id if scope.kind == "enterprise" else cube.belt_id == scope.id


def feedback_report(session: Session, url: str, kind: str, scope_id: int) -> dict:
    scope = load_scope(session, kind, scope_id)
    report = {"scope": scope, "period": None}
    with cube_connection(platform_cube(url)) as (_con, cube):
        bounds = cube.aggregate(first=cube.month.min(), last=cube.month.max()).to_pyarrow().to_pylist()[0]
        if bounds["first"] is None:
            return report | _demand_sections(session, scope, set())
        first, last = int(bounds["first"]), int(bounds["last"])
        covered = set(cube.select("category").distinct().to_pyarrow().column(0).to_pylist())
        mine = cube.filter(_scope_filter(cube, scope))
        mine_engine = engine_cube(mine)
        peers = engine_cube(cube.filter(cube.category.isin(scope.categories or [""])))
        report["period"] = {"first": month_label(first), "last": month_label(last),
                            "last12": [month_label(last - 11), month_label(last)],
                            "two_years": has_two_years(first, last)}
        report.update(_sales_sections(mine, mine_engine, first, last))
        report["price_position"] = _price_position(scope, peers, last)
        report.update(_market_sections(peers, first, last))
        report["slow_movers"] = _slow_movers(scope, mine_engine, last)
    return report | _demand_sections(session, scope, covered)


def _sales_sections(mine: ir.Table, mine_engine: ir.Table, first: int, last: int) -> dict:
    markets = []
    for row in _rows(market_totals(mine_engine, last)):
        markets.append({"country": row["country"], "units": int(row["units"] or 0),
                        "revenue_usd": row["revenue_usd"] or 0.0,
                        "avg_price_usd": (row["revenue_usd"] / row["units"]) if row["units"] else None,
                        "revenue_last12": row["revenue_last12"] or 0.0,
                        "yoy_growth": yoy_growth(row, first, last)})
    markets.sort(key=lambda m: (-m["revenue_usd"], m["country"]))
    channels = _rows(mine.group_by("channel").aggregate(units=mine.units.sum(), revenue_usd=mine.revenue_usd.sum())
                     .order_by(ibis.desc("revenue_usd")))
    monthly = {r["month"]: r for r in _rows(mine.group_by("month").aggregate(
        units=mine.units.sum(), revenue_usd=mine.revenue_usd.sum()))}
    trend = [{"month": month_label(m), "units": int(monthly.get(m, {}).get("units") or 0),
              "revenue_usd": monthly.get(m, {}).get("revenue_usd") or 0.0} for m in range(first, last + 1)]
    last12 = sum(m["revenue_last12"] for m in markets)
    prev12 = sum(r["revenue_usd"] for r in trend[-24:-12]) if has_two_years(first, last) else 0.0
    totals = {
        "revenue_usd": sum(m["revenue_usd"] for m in markets),
        "units": sum(m["units"] for m in markets),
        "revenue_last12": last12,
        "yoy_growth": (last12 / prev12 - 1.0) if prev12 > 0 else None,
        "markets": len(markets),
        "skus_selling": mine.filter(mine.month > last - 12).product_id.nunique().to_pyarrow().as_py(),
    }
    return {"totals": totals, "markets": markets, "channels": channels, "trend": trend}


def _price_position(scope: Scope, peers: ir.Table, last: int) -> dict:
    prices = _rows(product_prices(peers, last))
    bands = {(b["category"], b["country"]): b for b in price_bands(prices) if b["products"] >= MIN_BAND_PRODUCTS}
    rows, counts = [], {"above": 0, "within": 0, "below": 0}
    for row in prices:
        if row["product_id"] not in scope.products:
            continue
        band = bands.get((row["category"], row["country"]))
        if band is None:
            continue
        position = position_in_band(row["avg_price_usd"], band)
        counts[position] += 1
        if position == "above":
            rows.append({**scope.products[row["product_id"]], "product_id": row["product_id"],
                         "country": row["country"], "units": int(row["units"]), "price": row["avg_price_usd"],
                         "median": band["median"], "p75": band["p75"], "band_products": band["products"],
                         "premium": row["avg_price_usd"] / band["median"] - 1.0 if band["median"] else None})
    rows.sort(key=lambda r: (-(r["premium"] or 0.0), r["sku"], r["country"]))
    return {"counts": counts, "above": rows}


def _market_sections(peers: ir.Table, first: int, last: int) -> dict:
    signals = market_signals(_rows(market_totals(peers, last)), first, last)
    market_estimates, _ = estimate_elasticities(fetch_cells(peers))
    elasticities = sorted(
        ({"country": country, "elasticity": e.elasticity, "ci": e.ci, "observations": e.observations,
          "products": e.products, "sensitive": e.price_sensitive}
         for country, e in market_estimates.items() if e.elasticity is not None),
        key=lambda e: (e["elasticity"], e["country"]),
    )
    by_growth = lambda s: -abs(s["evidence"]["order_lines_growth"])  # noqa: E731
    return {
        "rising": sorted((s for s in signals if s["type"] == "rising_market"), key=by_growth),
        "declining": sorted((s for s in signals if s["type"] == "declining_market"), key=by_growth),
        "elasticities": elasticities,
    }


def _slow_movers(scope: Scope, mine_engine: ir.Table, last: int) -> list[dict]:
    signals = slow_mover_signals(_rows(product_activity(mine_engine, last)), last)
    return [{**scope.products.get(s["product_id"], {"sku": str(s["product_id"])}), "product_id": s["product_id"],
             **s["evidence"]} for s in signals]


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
            bounds = cube.aggregate(first=cube.month.min(), last=cube.month.max()).to_pyarrow().to_pylist()[0]
            if bounds["first"] is None:
                return {"rising": [], "declining": [], "elasticities": []}
            return _market_sections(engine_cube(cube), int(bounds["first"]), int(bounds["last"]))

    return cached(("insight_market_overview", url), CUBE_TTL_S, compute, derived_from=("insight_cube", url))
