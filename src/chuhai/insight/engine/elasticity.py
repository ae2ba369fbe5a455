"""Price sensitivity: own-price elasticity of units per market and per product × market.

Data: one observation per product × market × channel × currency × month with units > 0:
y = ln(units), x = ln(average selling price in the order currency). A "series" is one product sold
through one channel in one currency in the market: prices are read in the currency the buyer paid,
so exchange-rate moves do not pose as price changes, and a shift of sales between a retail and a
wholesale channel (different price levels, different order sizes) does not pose as a price
response. The aggregation is an Ibis expression
(`elasticity_cells`); the small regressions run in numpy on its result.

Per market (pooled over its products): ordinary least squares of y on x with series fixed effects
(every variable demeaned within its series), a linear monthly trend (market growth), and, when the
market has at least SEASON_MIN_MONTHS (24) distinct months of data, month-of-year fixed effects.
The elasticity is the coefficient of x; its 95 % confidence interval uses the classical standard
error and Student's t with n − series − regressors degrees of freedom. Series with a single month
add nothing and are dropped. "Not enough data" when, after that, there are fewer than
MARKET_MIN_OBS (24) observations, fewer than MIN_DF (10) residual degrees of freedom, or the
within-series standard deviation of ln(price) is below MIN_PRICE_VARIATION (0.03, about 3 %):
without price variation over time there is nothing to estimate from.

Per product × market: y is first adjusted by the market's trend and month-of-year effects, then
regressed on x within the product's series (demeaned per series). "Not enough data" below
PRODUCT_MIN_MONTHS (12) observations, fewer than 3 residual degrees of freedom, or below
MIN_PRICE_VARIATION standard deviation of ln(price).

A market is price sensitive (signal `price_sensitive_market`) when its pooled elasticity is
estimated and the upper end of the 95 % interval is below −1: a 1 % price rise loses more than
1 % of units, with confidence.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import NamedTuple

import ibis.expr.types as ir
import numpy as np
import pyarrow.compute as pc

SEASON_MIN_MONTHS = 24
MARKET_MIN_OBS = 24
MIN_DF = 10
MIN_PRICE_VARIATION = 0.03
PRODUCT_MIN_MONTHS = 12
SENSITIVE_BELOW = -1.0
CONFIDENCE = 0.95
NOT_ENOUGH_DATA = "not enough data"
PACKED_KEY_LIMIT = 2.0**62  # distinct key combinations that still fit one int64 sort key


class Elasticity(NamedTuple):  # a tuple: one is made per product × market, thousands per report
    elasticity: float | None
    ci: tuple[float, float] | None
    observations: int
    status: str  # "estimated" or NOT_ENOUGH_DATA
    products: int = 1
    season_effects: bool = False

    @property
    def price_sensitive(self) -> bool:
        return self.ci is not None and self.ci[1] < SENSITIVE_BELOW


@dataclass
class Cells:
    """The regressions' observations as numeric arrays, sorted by series, then month.

    Rows are sorted by (country, product_id, channel, currency, month): each market's rows, each
    product × market's and each series' are contiguous, and codes count up from 0 in that order;
    `keys[code]` is the (product_id, country) of a product × market code."""

    series: np.ndarray
    product_market: np.ndarray
    month: np.ndarray
    units: np.ndarray
    revenue_local: np.ndarray
    keys: list[tuple[str, str]]


SERIES_KEYS = ["country", "product_id", "channel", "currency"]


def elasticity_cells(cube: ir.Table) -> ir.Table:
    """The observations, unordered: `fetch_cells` sorts them (in numpy, on integer ranks, which is
    cheaper than ordering hundreds of thousands of rows by four strings in the query).
    The cube's grain (`chuhai.insight.engine.cube.sales_cube`) is already one row per series and month."""
    cells = cube.filter((cube.units > 0) & (cube.revenue_local > 0))
    return cells.select(*SERIES_KEYS, "month", "units", "revenue_local")


def _ranks(column) -> tuple[np.ndarray, list]:
    """Each row's rank among the column's distinct values (strings in byte order, nulls last: what
    ORDER BY gives), and those values in rank order."""
    encoded = pc.dictionary_encode(column.combine_chunks(), null_encoding="encode")
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    rank_of = np.empty(len(order), dtype=np.int64)
    rank_of[order] = np.arange(len(order), dtype=np.int64)
    values = encoded.dictionary.take(order).to_pylist()
    return rank_of[encoded.indices.to_numpy(zero_copy_only=False)], values


def cells_from_arrow(table) -> Cells:
    """Cells from a pyarrow table with SERIES_KEYS, month, units and revenue_local (any row order,
    one row per series and month, units and revenue > 0), sorted by (country, product_id, channel,
    currency, month)."""
    ranks, values = zip(*(_ranks(table.column(name)) for name in SERIES_KEYS), strict=True)
    month = table.column("month").to_numpy().astype("int64")
    sizes = [len(v) for v in values]
    first_month = int(month.min()) if len(month) else 0
    months = int(month.max()) - first_month + 1 if len(month) else 1
    if float(np.prod([*sizes, months], dtype=np.float64)) < PACKED_KEY_LIMIT:
        # Every key packed into one integer: one sort, and series and markets are where the packed
        # key (without the month) changes.
        series_key = np.zeros(len(month), dtype=np.int64)
        for rank, size in zip(ranks, sizes, strict=True):
            series_key = series_key * size + rank
        order = np.argsort(series_key * months + (month - first_month))
        series_key = series_key[order]
        market_key = series_key // (sizes[2] * sizes[3])  # country * products + product
        country, product = np.divmod(market_key, sizes[1])
    else:  # too many distinct values to pack into one integer
        order = np.lexsort((month, *reversed(ranks)))
        country, product, channel, currency = (rank[order] for rank in ranks)
        series_key = np.column_stack([country, product, channel, currency])
        market_key = np.column_stack([country, product])
    series_starts = _starts(series_key)
    market_starts = _starts(market_key)
    first = np.flatnonzero(market_starts)
    keys = list(zip(np.array(values[1], dtype=object)[product[first]].tolist(),
                    np.array(values[0], dtype=object)[country[first]].tolist(), strict=True))
    return Cells(
        series=np.cumsum(series_starts) - 1,
        product_market=np.cumsum(market_starts) - 1,
        month=month[order],
        units=table.column("units").to_numpy().astype("float64")[order],
        revenue_local=table.column("revenue_local").to_numpy().astype("float64")[order],
        keys=keys,
    )


def _starts(sorted_keys: np.ndarray) -> np.ndarray:
    """True where a row's key (a value, or a row of a 2-D array) differs from the previous row's."""
    starts = np.ones(len(sorted_keys), dtype=bool)
    if len(sorted_keys) > 1:
        changed = sorted_keys[1:] != sorted_keys[:-1]
        starts[1:] = changed if changed.ndim == 1 else changed.any(axis=1)
    return starts


def fetch_cells(cube: ir.Table) -> Cells:
    return cells_from_arrow(elasticity_cells(cube).to_pyarrow())


def cells_from_frame(frame) -> Cells:
    """Cells from a pandas frame with the key columns (product_id, country, channel, currency,
    month, units, revenue_local): what other engines and the tests hand over."""
    frame = frame[(frame["units"] > 0) & (frame["revenue_local"] > 0)]
    frame = frame.sort_values([*SERIES_KEYS, "month"], kind="stable")
    series = frame.groupby(SERIES_KEYS, sort=True, observed=True).ngroup().to_numpy()
    grouped = frame.groupby(["country", "product_id"], sort=True, observed=True)
    product_market = grouped.ngroup().to_numpy()
    keys = [(product_id, country) for country, product_id in grouped.size().index]
    return Cells(series.astype("int64"), product_market.astype("int64"), frame["month"].to_numpy().astype("int64"),
                 frame["units"].to_numpy(dtype="float64"), frame["revenue_local"].to_numpy(dtype="float64"), keys)


def _t_quantile(df):
    """Student's t quantile for the two-sided CONFIDENCE interval (scipy.special's inverse CDF: the
    same numbers as scipy.stats.t.ppf without importing scipy.stats, which takes seconds)."""
    from scipy.special import stdtrit  # deferred: heavy (0.3 s); every process importing the engine would pay it

    return stdtrit(df, 0.5 + CONFIDENCE / 2)


def _demean(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Each column minus its mean within the rows' group."""
    sizes = np.bincount(codes).astype("float64")
    if values.ndim == 1:
        return values - (np.bincount(codes, weights=values) / sizes)[codes]
    out = np.empty_like(values)
    for j in range(values.shape[1]):
        out[:, j] = values[:, j] - (np.bincount(codes, weights=values[:, j]) / sizes)[codes]
    return out


def _market_estimate(x, y, month, series, products) -> tuple[Elasticity, np.ndarray | None, bool]:
    """One market's pooled estimate and its control coefficients (trend, then calendar months 2..12
    when seasonal; None when not estimated).

    The within-series moments are built from sums (X'X_within = X'X − Σ_s m_s m_s' / n_s, with m_s
    the series' column sums) instead of a demeaned design matrix: the month-of-year dummies then
    cost one bincount, not eleven columns."""
    # Series and products are contiguous (see `Cells`), so runs stand in for np.unique.
    local = series - series[0]
    keep = np.bincount(local)[local] >= 2
    x, y, month, series, products = x[keep], y[keep], month[keep], series[keep], products[keep]
    n = len(x)
    codes = np.cumsum(np.r_[True, series[1:] != series[:-1]]) - 1 if n else series
    n_series = int(codes[-1]) + 1 if n else 0
    n_products = int(np.count_nonzero(products[1:] != products[:-1])) + 1 if n else 0
    season = bool(n) and bool(np.count_nonzero(np.bincount(month - month.min())) >= SEASON_MIN_MONTHS)
    not_enough = Elasticity(None, None, n, NOT_ENOUGH_DATA, n_products, season)
    if n == 0:
        return not_enough, None, season
    # Centred: shifts leave within-series moments unchanged and keep the sums well conditioned.
    dense = np.column_stack([x - x.mean(), month - month.mean(), y - y.mean()])
    sizes = np.bincount(codes, minlength=n_series).astype("float64")
    sums = np.column_stack([np.bincount(codes, weights=dense[:, j], minlength=n_series) for j in range(3)])
    if season:
        moy = month % 12
        per_series = np.bincount(codes * 12 + moy, minlength=n_series * 12).reshape(n_series, 12)[:, 1:]
        by_month = np.column_stack([np.bincount(moy, weights=dense[:, j], minlength=12)[1:] for j in range(3)])
        k_all = 14
        raw = np.zeros((k_all, k_all))
        order = [0, 1, 13]  # x, trend, y; the dummies sit at 2..12
        raw[np.ix_(order, order)] = dense.T @ dense
        raw[2:13, order] = by_month
        raw[order, 2:13] = by_month.T
        raw[2:13, 2:13] = np.diag(np.bincount(moy, minlength=12)[1:].astype("float64"))
        totals = np.column_stack([sums[:, :2], per_series, sums[:, 2:]])
    else:
        raw = dense.T @ dense
        totals = sums
    within = raw - (totals / sizes[:, None]).T @ totals
    xtx, xty, yy = within[:-1, :-1], within[:-1, -1], within[-1, -1]
    k = xtx.shape[0]
    df = n - n_series - k
    if n < MARKET_MIN_OBS or df < MIN_DF or np.sqrt(max(xtx[0, 0], 0.0) / n) < MIN_PRICE_VARIATION:
        return not_enough, None, season
    if np.linalg.matrix_rank(xtx) < k:
        return not_enough, None, season
    coef = np.linalg.solve(xtx, xty)
    rss = max(float(yy - coef @ xty), 0.0)
    se = float(np.sqrt(rss / df * np.linalg.inv(xtx)[0, 0]))
    half = float(_t_quantile(df)) * se
    beta = float(coef[0])
    return Elasticity(beta, (beta - half, beta + half), n, "estimated", n_products, season), coef[1:], season


def _control_effect(month: np.ndarray, coef: np.ndarray, season: bool) -> np.ndarray:
    """The trend and month-of-year part of ln(units) the market regression attributes to each row."""
    effect = coef[0] * month.astype("float64")
    if season:
        effect += np.concatenate([[0.0], coef[1:]])[month % 12]
    return effect


def estimate_elasticities(cells: Cells) -> tuple[dict[str, Elasticity], dict[tuple[str, str], Elasticity]]:
    """Returns (per market, per (product_id, country))."""
    if len(cells.units) == 0:
        return {}, {}
    y = np.log(cells.units)
    x = np.log(cells.revenue_local / cells.units)
    month, series, product_market = cells.month, cells.series, cells.product_market
    countries = sorted({country for _, country in cells.keys})
    code_of = {country: code for code, country in enumerate(countries)}
    country_code = np.array([code_of[country] for _, country in cells.keys])[product_market]
    markets: dict[str, Elasticity] = {}
    adjusted = y.copy()
    seasonal = np.zeros(len(y), dtype=bool)
    bounds = np.flatnonzero(np.r_[True, country_code[1:] != country_code[:-1], True])  # markets are contiguous
    for start, stop in itertools.pairwise(bounds):
        rows = slice(start, stop)
        estimate, coef, season = _market_estimate(x[rows], y[rows], month[rows], series[rows], product_market[rows])
        markets[countries[country_code[start]]] = estimate
        seasonal[rows] = season
        if coef is not None:
            adjusted[rows] = y[rows] - _control_effect(month[rows], coef, season)

    # Per product × market: the slope of adjusted ln(units) on ln(price) within its series.
    dx, dy = _demean(x, series), _demean(adjusted, series)
    groups = len(cells.keys)
    n = np.bincount(product_market, minlength=groups)
    sxx = np.bincount(product_market, weights=dx * dx, minlength=groups)
    sxy = np.bincount(product_market, weights=dx * dy, minlength=groups)
    syy = np.bincount(product_market, weights=dy * dy, minlength=groups)
    first_series = np.r_[True, series[1:] != series[:-1]]  # series are contiguous
    n_series = np.bincount(product_market, weights=first_series.astype("float64"), minlength=groups)
    df = n - n_series - 1
    ok = (n >= PRODUCT_MIN_MONTHS) & (df >= 3) & (np.sqrt(sxx / np.maximum(n, 1)) >= MIN_PRICE_VARIATION)
    with np.errstate(divide="ignore", invalid="ignore"):
        beta = np.where(ok, sxy / np.where(ok, sxx, 1.0), np.nan)
        sigma2 = np.maximum(syy - beta * sxy, 0.0) / np.maximum(df, 1)
        half = _t_quantile(np.maximum(df, 1)) * np.sqrt(sigma2 / np.where(ok, sxx, 1.0))
    first_row = np.flatnonzero(np.r_[True, product_market[1:] != product_market[:-1]])
    codes = product_market[first_row]
    products: dict[tuple[str, str], Elasticity] = {}
    for code, estimated, b, h, count, season in zip(
        codes.tolist(), ok[codes].tolist(), beta[codes].tolist(), half[codes].tolist(), n[codes].tolist(),
        seasonal[first_row].tolist(), strict=True,
    ):
        if estimated:
            products[cells.keys[code]] = Elasticity(b, (b - h, b + h), count, "estimated", 1, season)
        else:
            products[cells.keys[code]] = Elasticity(None, None, count, NOT_ENOUGH_DATA, 1, season)
    return markets, products


def price_sensitivity_signals(markets: dict[str, Elasticity]) -> list[dict]:
    signals = []
    for country, estimate in sorted(markets.items()):
        if not estimate.price_sensitive:
            continue
        signals.append({
            "type": "price_sensitive_market",
            "product_id": None,
            "country": country,
            "category": None,
            "evidence": {
                "elasticity": estimate.elasticity,
                "elasticity_ci": list(estimate.ci),
                "observations": estimate.observations,
                "products": estimate.products,
                "season_effects": estimate.season_effects,
                "rule": f"upper end of the {int(CONFIDENCE * 100)}% interval < {SENSITIVE_BELOW}",
            },
        })
    return signals
