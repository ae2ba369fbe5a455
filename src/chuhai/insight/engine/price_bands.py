"""Price bands per category and market over the last 12 months of data (L-11..L).

Each product's average selling price in a market is revenue_usd ÷ units over the window (the Ibis
expression `product_prices`). A band is the distribution of those prices across the products of a
category in a market: minimum, 25th percentile, median, 75th percentile, maximum (linear
interpolation), with the number of products. A product is "priced above the market" when its price
exceeds the band's 75th percentile, "below" under the 25th. Without a category column every product
falls in one band per market (category null).
"""

from __future__ import annotations

import ibis.expr.types as ir
import numpy as np


def product_prices(cube: ir.Table, last_month: int) -> ir.Table:
    window = cube.filter((cube.month > last_month - 12) & (cube.units > 0))
    keys = ["product_id", "country"] + (["category"] if "category" in cube.columns else [])
    prices = window.group_by(keys).aggregate(units=window.units.sum(), revenue_usd=window.revenue_usd.sum())
    return prices.mutate(avg_price_usd=prices.revenue_usd / prices.units)


def price_bands(prices: list[dict]) -> list[dict]:
    groups: dict[tuple, list[float]] = {}
    for row in prices:
        groups.setdefault((row.get("category"), row["country"]), []).append(float(row["avg_price_usd"]))
    bands = []
    for (category, country), values in sorted(groups.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        p = np.percentile(np.asarray(values), [0, 25, 50, 75, 100])
        bands.append({"category": category, "country": country, "products": len(values),
                      "min": p[0], "p25": p[1], "median": p[2], "p75": p[3], "max": p[4]})
    return bands


def position_in_band(price: float, band: dict) -> str:
    if price > band["p75"]:
        return "above"
    if price < band["p25"]:
        return "below"
    return "within"
