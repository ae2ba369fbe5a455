"""The anchor: the same report with the aggregation done in plain pandas (one DataFrame in memory).

It computes the same aggregates as the Ibis expressions in `chuhai.insight` (sales cube with the
month's FX rate, market totals, product × market totals, elasticity cells, product activity) and
hands them to the same `assemble_report`, so the two reports can be compared value for value.
"""

from __future__ import annotations

import pandas as pd

from chuhai.insight.engine.elasticity import cells_from_frame
from chuhai.insight.engine.report import assemble_report


def _usd_rates(fx: pd.DataFrame, needed: pd.DataFrame) -> pd.DataFrame:
    rates = fx.assign(from_month=fx["valid_from"].dt.year * 12 + fx["valid_from"].dt.month - 1)
    rates = rates.groupby(["currency", "from_month"], as_index=False)["usd_rate"].mean()
    pairs = needed.merge(rates, on="currency")
    latest = pairs[pairs["from_month"] <= pairs["month"]].groupby(["currency", "month"])["from_month"].max()
    earliest = pairs.groupby(["currency", "month"])["from_month"].min()
    chosen = latest.reindex(earliest.index).fillna(earliest).astype("int64").rename("from_month").reset_index()
    return chosen.merge(rates, on=["currency", "from_month"])[["currency", "month", "usd_rate"]]


def pandas_report(orders: pd.DataFrame, fx: pd.DataFrame, demands: list[dict] | None = None) -> dict:
    orders = orders.assign(
        month=orders["order_date"].dt.year * 12 + orders["order_date"].dt.month - 1,
        revenue_local=orders["units"] * orders["unit_price"],
        lines=1,
    )
    keys = ["product_id", "country", "channel", "currency", "month"]
    has_category = "category" in orders.columns
    daily = orders.groupby([*keys, "order_date"], as_index=False, observed=True).agg(
        units=("units", "sum"), revenue_local=("revenue_local", "sum"), lines=("lines", "sum"),
        **({"category": ("category", "max")} if has_category else {}))
    daily = daily.assign(units_sq=daily["units"].astype("float64") ** 2, revenue_local_sq=daily["revenue_local"] ** 2)
    cube = daily.groupby(keys, as_index=False, observed=True).agg(
        units=("units", "sum"), revenue_local=("revenue_local", "sum"), lines=("lines", "sum"),
        sale_days=("units", "size"), units_sq=("units_sq", "sum"), revenue_local_sq=("revenue_local_sq", "sum"),
        **({"category": ("category", "max")} if has_category else {}))
    rates = _usd_rates(fx, cube[["currency", "month"]].drop_duplicates())
    cube = cube.merge(rates, on=["currency", "month"])
    cube["revenue_usd"] = cube["revenue_local"] * cube["usd_rate"]
    cube["revenue_usd_sq"] = cube["revenue_local_sq"] * cube["usd_rate"] ** 2
    covered = set(cube["category"].dropna().unique()) if has_category else set()
    if cube.empty:
        return assemble_report(None, [], [], None, [], demands or [], covered)
    first, last = int(cube["month"].min()), int(cube["month"].max())

    recent = cube["month"] > last - 12
    before = (cube["month"] > last - 24) & ~recent
    windowed = {f"{name}_{window}": (cube[column].where(mask), "sum")
                for name, column in (("revenue", "revenue_usd"), ("revenue_sq", "revenue_usd_sq"), ("units", "units"),
                                     ("units_sq", "units_sq"), ("sale_days", "sale_days"), ("lines", "lines"))
                for window, mask in (("last12", recent), ("prev12", before))}
    markets = cube.assign(**{key: series for key, (series, _) in windowed.items()}).groupby(
        "country", as_index=False).agg(revenue_usd=("revenue_usd", "sum"), units=("units", "sum"),
                                       **{key: (key, how) for key, (_, how) in windowed.items()})
    products = cube.groupby(["product_id", "country"], as_index=False).agg(
        units=("units", "sum"), revenue_usd=("revenue_usd", "sum"))
    cells = cells_from_frame(cube)  # the cube is one row per series and month already

    selling = cube[cube["units"] > 0]
    recent6 = selling["month"] > last - 6
    history = (selling["month"] > last - 18) & ~recent6
    windows = {f"{column}_{window}": selling[column].where(mask, 0)
               for column in ("sale_days", "units", "units_sq", "lines")
               for window, mask in (("last6", recent6), ("before12", history))}
    activity = selling.assign(**windows, units_last3=selling["units"].where(selling["month"] > last - 3, 0)).groupby(
        "product_id", as_index=False).agg(
        last_sale_month=("month", "max"), units_last3=("units_last3", "sum"),
        **{key: (key, "sum") for key in windows},
        **({"category": ("category", "max")} if has_category else {}))
    return assemble_report(
        (first, last), markets.to_dict("records"), products.to_dict("records"), cells,
        activity.to_dict("records"), demands or [], covered,
    )
