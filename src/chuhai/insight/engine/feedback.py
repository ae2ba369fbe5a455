"""The feedback report's figures from the platform cube: pure computation on pyarrow tables and Ibis
expressions (DuckDB), no database session.

The platform cube (`price_cube`) is the order lines grouped per product × country × channel × customs
mode × currency × month, with each product's enterprise, belt and category, priced in USD and CNY with
the engine's dated-rate rule (`chuhai.insight.engine.cube.usd_rates_by_month`). `scope_sections`
gives, for one enterprise or one belt (its products and categories), what the engine decides (see
`chuhai/insight/SIGNALS.md`): sales by market, channel and month; price position against the
category × market bands; rising, declining and price-sensitive markets within the scope's
categories; slow movers among its SKUs. `chuhai.insight.service` loads the inputs and caches the cube.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from chuhai.insight.engine.cube import month_label, usd_rates_by_month
from chuhai.insight.engine.elasticity import estimate_elasticities, fetch_cells
from chuhai.insight.engine.markets import has_two_years, market_signals, market_totals, yoy_growth
from chuhai.insight.engine.price_bands import position_in_band, price_bands, product_prices
from chuhai.insight.engine.slow_movers import product_activity, slow_mover_signals

ENGINE_KEYS = ["product_id", "country", "channel", "currency", "month"]
MIN_BAND_PRODUCTS = 3  # a price band of fewer products says little about "the market"


def price_cube(grouped: pa.Table, attributes: pa.Table, fx: pa.Table) -> pa.Table:
    """The platform cube: product_id, enterprise_id, belt_id, category, country, channel, customs_mode,
    currency, month (index), units, revenue_local, lines, sale_days, units_sq, revenue_usd, revenue_cny,
    revenue_usd_sq.
    `grouped`: the order lines per product_id, country, channel, customs_mode, currency, month_text (YYYY-MM)
    with units, revenue_local, lines, the days with sales and the sums of squared daily totals units_sq and
    revenue_local_sq;
    `attributes`: product_id, enterprise_id, belt_id, category; `fx`: the rates
    (`chuhai.insight.engine.fx.fx_arrow_table`)."""
    con = ibis.duckdb.connect()
    try:
        con.con.register("grouped", grouped)
        con.con.register("attributes", attributes)
        con.con.register("fx", fx)
        con.con.execute(
            "CREATE VIEW lines AS SELECT g.product_id, a.enterprise_id, a.belt_id, a.category, g.country, g.channel,"
            " g.customs_mode,"
            " g.currency, CAST(substr(g.month_text, 1, 4) AS BIGINT) * 12 + CAST(substr(g.month_text, 6, 2) AS BIGINT)"
            " - 1 AS month, g.units, g.revenue_local, g.lines, g.sale_days, g.units_sq,"
            " g.revenue_local_sq"
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
            "currency", "month", "units", "revenue_local", "lines", "sale_days", "units_sq",
            revenue_usd=revenue_usd, revenue_cny=revenue_usd / priced.cny_rate,
            revenue_usd_sq=priced.revenue_local_sq * priced.usd_rate * priced.usd_rate,
        ).to_pyarrow()
    finally:
        con.disconnect()


@contextlib.contextmanager
def cube_connection(cube: pa.Table) -> Iterator[tuple[ibis.BaseBackend, ir.Table]]:
    """A DuckDB connection with the cube registered (zero-copy) as table `cube`."""
    con = ibis.duckdb.connect()
    try:
        con.con.register("cube", cube)
        yield con, con.table("cube")
    finally:
        con.disconnect()


def month_bounds(cube: ir.Table) -> tuple[int, int] | None:
    """(first, last) month index of the cube, None when it is empty."""
    bounds = cube.aggregate(first=cube.month.min(), last=cube.month.max()).to_pyarrow().to_pylist()[0]
    return None if bounds["first"] is None else (int(bounds["first"]), int(bounds["last"]))


def covered_categories(cube: ir.Table) -> set[str]:
    """The categories that sold (what unmet demand is measured against)."""
    return set(cube.select("category").distinct().to_pyarrow().column(0).to_pylist())


def engine_cube(cube: ir.Table) -> ir.Table:
    """The engine's grain (`sales_cube`): customs modes summed, so a series is product × market ×
    channel × currency as the elasticity and slow-mover rules expect."""
    return cube.group_by([*ENGINE_KEYS, "category"]).aggregate(
        units=cube.units.sum(), revenue_local=cube.revenue_local.sum(), lines=cube.lines.sum(),
        revenue_usd=cube.revenue_usd.sum(), revenue_cny=cube.revenue_cny.sum(),
        sale_days=cube.sale_days.sum(), units_sq=cube.units_sq.sum(), revenue_usd_sq=cube.revenue_usd_sq.sum(),
    )


def _rows(expr: ir.Table) -> list[dict]:
    return expr.to_pyarrow().to_pylist()


def scope_sections(cube: ir.Table, bounds: tuple[int, int], kind: str, scope_id: int, categories: list[str],
                   products: dict[int, dict]) -> dict:
    """The cube's sections of the report of one enterprise or belt (`kind`): period, totals, markets,
    channels, trend, price_position, rising, declining, elasticities, slow_movers. `products`: the
    scope's products by id (sku, title_zh, title_en, category)."""
    first, last = bounds
    mine = cube.filter(cube.enterprise_id == scope_id if kind == "enterprise" else cube.belt_id == scope_id)
    mine_engine = engine_cube(mine)
    peers = engine_cube(cube.filter(cube.category.isin(categories or [""])))
    sections: dict = {"period": {"first": month_label(first), "last": month_label(last),
                                 "last12": [month_label(last - 11), month_label(last)],
                                 "two_years": has_two_years(first, last)}}
    sections.update(sales_sections(mine, mine_engine, first, last))
    sections["price_position"] = price_position(products, peers, last)
    sections.update(market_sections(peers, first, last))
    sections["slow_movers"] = slow_movers(products, mine_engine, last)
    return sections


def sales_sections(mine: ir.Table, mine_engine: ir.Table, first: int, last: int) -> dict:
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


def price_position(products: dict[int, dict], peers: ir.Table, last: int) -> dict:
    """How the scope's `products` are priced against the category × market bands of `peers`."""
    prices = _rows(product_prices(peers, last))
    bands = {(b["category"], b["country"]): b for b in price_bands(prices) if b["products"] >= MIN_BAND_PRODUCTS}
    rows, counts = [], {"above": 0, "within": 0, "below": 0}
    for row in prices:
        if row["product_id"] not in products:
            continue
        band = bands.get((row["category"], row["country"]))
        if band is None:
            continue
        position = position_in_band(row["avg_price_usd"], band)
        counts[position] += 1
        if position == "above":
            rows.append({**products[row["product_id"]], "product_id": row["product_id"],
                         "country": row["country"], "units": int(row["units"]), "price": row["avg_price_usd"],
                         "median": band["median"], "p75": band["p75"], "band_products": band["products"],
                         "premium": row["avg_price_usd"] / band["median"] - 1.0 if band["median"] else None})
    rows.sort(key=lambda r: (-(r["premium"] or 0.0), r["sku"], r["country"]))
    return {"counts": counts, "above": rows}


def market_sections(peers: ir.Table, first: int, last: int) -> dict:
    """Rising and declining markets (strongest change first) and the markets' price elasticities."""
    signals = market_signals(_rows(market_totals(peers, last)), first, last)
    market_estimates, _ = estimate_elasticities(fetch_cells(peers))
    elasticities = sorted(
        ({"country": country, "elasticity": e.elasticity, "ci": e.ci, "observations": e.observations,
          "products": e.products, "sensitive": e.price_sensitive}
         for country, e in market_estimates.items() if e.elasticity is not None),
        key=lambda e: (e["elasticity"], e["country"]),
    )
    by_growth = lambda s: -abs(s["evidence"]["growth"])  # noqa: E731
    return {
        "rising": sorted((s for s in signals if s["type"] == "rising_market"), key=by_growth),
        "declining": sorted((s for s in signals if s["type"] == "declining_market"), key=by_growth),
        "elasticities": elasticities,
    }


def overview_sections(cube: ir.Table) -> dict:
    """`market_sections` over all the cube's sales (the operator's view)."""
    bounds = month_bounds(cube)
    if bounds is None:
        return {"rising": [], "declining": [], "elasticities": []}
    return market_sections(engine_cube(cube), *bounds)


def slow_movers(products: dict[int, dict], mine_engine: ir.Table, last: int) -> list[dict]:
    signals = slow_mover_signals(_rows(product_activity(mine_engine, last)), last)
    return [{**products.get(s["product_id"], {"sku": str(s["product_id"])}), "product_id": s["product_id"],
             **s["evidence"]} for s in signals]
