"""Two years of channel sales (order lines), simulated with numpy and streamed as DataFrames.

The simulation works on *streams* (SKU × market × channel) and months. A stream's expected number of
order lines in a month is

    K · popularity · (market size · category affinity)^0.6 · channel share
      · seasonality(category, calendar month, hemisphere) · (1 + growth)^(years from mid-period)
      · price_multiplier(SKU, market, month) ^ elasticity(market)

times 0 before the SKU's launch and 0.02 for slow movers after 2026-02, with each market's trend then
tilted so that its expected year-2 / year-1 ratio is exactly 1 + growth. The price multiplier combines a
repricing step (×0.75–1.35 from a random month, half the pairs), promotions (−30% in a fifth of
the months) and noise; it also sets the line's price. K is chosen so that the
expected total is the scale's target. Lines are drawn with Poisson counts, then each gets a day,
units, a unit price in the channel's currency and a customs mode.

Columns of each chunk: external_ref (str, unique), sku (str), order_date (datetime64, day
precision), channel, country, units (int64), unit_price (str: an exact decimal such as "23.40" or
"1250000"; the loader stores it as Decimal), currency, customs_mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np
import pandas as pd

from chuhai.demo.affinity import (
    CHANNEL_AFFINITY,
    DEFAULT_MARKET_WEIGHT,
    MARKET_AFFINITY,
    OUTDOOR_TYPES,
    SEASONALITY,
)
from chuhai.demo.markets import (
    CHANNEL_PRICE_FACTOR,
    CHANNELS,
    CUSTOMS_MODES,
    MARKETS,
    WHOLESALE_CHANNELS,
    ZERO_DECIMAL_CURRENCIES,
    channels_in,
)

FIRST_MONTH = np.datetime64("2024-11", "M")
MONTHS = 24
SLOW_FROM_MONTH = 16  # 2026-03: slow movers have sold (almost) nothing since
SLOW_RESIDUE = 0.02
PROMO_PROBABILITY, PROMO_FACTOR = 0.2, 0.7
REPRICE_PROBABILITY = 0.5
MAX_CHANNELS_PER_MARKET = 2
MARKET_WEIGHT_EXPONENT = 0.6  # flattens size × affinity so that small markets keep some sales
CELL_BLOCK = 65_536  # cells per random-number block: fixed, so output does not depend on chunk_rows
BULK_CATEGORIES = frozenset({"agri_produce", "seasonings", "food_beverage"})

COUNTRY_CODES = list(MARKETS)
CHANNEL_CODES = list(CHANNELS)


def _streams(data, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    plan = data.sales
    sku, market, channel, pair, weight = [], [], [], [], []
    pair_sku, pair_market = [], []
    for index, product in enumerate(data.products):
        category = product["category"]
        affinity = CHANNEL_AFFINITY[category]
        for country in plan.markets[index]:
            available = [c for c in plan.channels[index] if c in channels_in(country) and c in affinity]
            if index == plan.repriced["index"] and country == plan.repriced["country"]:
                available = [c for c in available if c not in WHOLESALE_CHANNELS] or available
            if not available:
                continue
            if len(available) > MAX_CHANNELS_PER_MARKET:  # a SKU sells in a market through one or two channels
                keys = rng.random(len(available)) ** (1.0 / np.array([affinity[c] for c in available]))
                keep = set(np.argsort(-keys)[:MAX_CHANNELS_PER_MARKET])
                available = [c for i, c in enumerate(available) if i in keep]
            pair_id = len(pair_sku)
            pair_sku.append(index)
            pair_market.append(COUNTRY_CODES.index(country))
            base = plan.popularity[index] * (MARKETS[country].size * MARKET_AFFINITY[category].get(
                country, DEFAULT_MARKET_WEIGHT)) ** MARKET_WEIGHT_EXPONENT
            total = sum(affinity[c] for c in available)
            for code in available:
                sku.append(index)
                market.append(COUNTRY_CODES.index(country))
                channel.append(CHANNEL_CODES.index(code))
                pair.append(pair_id)
                weight.append(base * affinity[code] / total)
    return (np.array(sku), np.array(market), np.array(channel), np.array(pair), np.array(weight),
            np.array(pair_sku), np.array(pair_market))


def _price_multipliers(data, rng: np.random.Generator, pair_sku: np.ndarray, pair_market: np.ndarray) -> np.ndarray:
    pairs = len(pair_sku)
    months = np.arange(MONTHS)
    step_month = rng.integers(3, 22, size=pairs)
    step = np.where(rng.random(pairs) < REPRICE_PROBABILITY, rng.uniform(0.75, 1.35, size=pairs), 1.0)
    multiplier = np.where(months[None, :] >= step_month[:, None], step[:, None], 1.0)
    multiplier *= np.where(rng.random((pairs, MONTHS)) < PROMO_PROBABILITY, PROMO_FACTOR, 1.0)
    multiplier *= np.exp(rng.normal(0.0, 0.03, size=(pairs, MONTHS)))
    repriced = data.sales.repriced
    country = COUNTRY_CODES.index(repriced["country"])
    hit = np.flatnonzero((pair_sku == repriced["index"]) & (pair_market == country))
    if len(hit):
        level = MARKETS[repriced["country"]].price_level
        before = repriced["price_before_usd"] / (data.sales.retail_usd[repriced["index"]] * level)
        after = repriced["price_after_usd"] / (data.sales.retail_usd[repriced["index"]] * level)
        multiplier[hit[0]] = np.where(months < repriced["month"], before, after)
    return multiplier


def _seasonality(data, sku: np.ndarray, market: np.ndarray) -> np.ndarray:
    """(streams, months) seasonal multipliers."""
    calendar = (np.arange(MONTHS) + 10) % 12  # month 0 is November: calendar index 10
    categories = list(SEASONALITY)
    table = np.array([SEASONALITY[c] for c in categories])  # (categories, 12)
    outdoor = np.array(SEASONALITY["playground"])
    product_cat = np.array([categories.index(p["category"]) for p in data.products])
    product_outdoor = np.array([p["attributes"].get("type") in OUTDOOR_TYPES or p["category"] == "playground"
                                for p in data.products])
    southern = np.array([MARKETS[c].southern for c in COUNTRY_CODES])
    season = table[product_cat[sku]][:, calendar]
    flip = product_outdoor[sku] & southern[market]
    outdoor_row = np.where(product_outdoor[sku][:, None], outdoor[calendar][None, :], season)
    shifted = outdoor[(calendar + 6) % 12][None, :]
    return np.where(flip[:, None], shifted, outdoor_row)


def _rates(data, rng: np.random.Generator):
    sku, market, channel, pair, weight, pair_sku, pair_market = _streams(data, rng)
    multiplier = _price_multipliers(data, rng, pair_sku, pair_market)
    elasticity = np.array([MARKETS[c].elasticity for c in COUNTRY_CODES])
    growth = np.array([MARKETS[c].growth for c in COUNTRY_CODES])
    years = (np.arange(MONTHS) - (MONTHS - 1) / 2) / 12.0
    rate = weight[:, None] * _seasonality(data, sku, market)
    rate *= (1.0 + growth[market])[:, None] ** years[None, :]
    rate *= multiplier[pair] ** elasticity[market][:, None]
    plan = data.sales
    rate *= np.arange(MONTHS)[None, :] >= plan.launch_month[sku][:, None]
    slow = plan.slow_mover[sku][:, None] & (np.arange(MONTHS)[None, :] >= SLOW_FROM_MONTH)
    rate = np.where(slow, rate * SLOW_RESIDUE, rate)
    rate = _calibrate_growth(rate, market, growth)
    rate *= data.target_order_lines / rate.sum()
    return sku, market, channel, pair, rate, multiplier


def _calibrate_growth(rate: np.ndarray, market: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Tilt each market's trend so that its expected year-2 / year-1 ratio is exactly 1 + growth.

    Launches, slow movers and the repricing of a few large SKUs would otherwise blur a small
    market's growth; the tilt is smooth, so month-to-month price responses are untouched.
    """
    year_two = np.arange(MONTHS) >= 12
    exponent = (np.arange(MONTHS) - (MONTHS - 1) / 2) / 12.0
    for _ in range(4):
        first = np.bincount(market, weights=rate[:, ~year_two].sum(axis=1), minlength=len(growth))
        second = np.bincount(market, weights=rate[:, year_two].sum(axis=1), minlength=len(growth))
        correction = np.ones(len(growth))
        sold = (first > 0) & (second > 0)
        correction[sold] = (1.0 + growth[sold]) * first[sold] / second[sold]
        rate = rate * correction[market][:, None] ** exponent[None, :]
    return rate


def _format_prices(price: np.ndarray, zero_decimals: np.ndarray) -> np.ndarray:
    cents = np.round(price * 100).astype(np.int64)
    whole = np.round(price).astype(np.int64)
    text = np.empty(len(price), dtype=object)
    text[zero_decimals] = whole[zero_decimals].astype(str)
    rest = ~zero_decimals
    units, hundredths = np.divmod(cents[rest], 100)
    text[rest] = np.char.add(np.char.add(units.astype(str), "."), np.char.zfill(hundredths.astype(str), 2))
    return text


def iter_order_chunks(data, chunk_rows: int = 100_000) -> Iterator[pd.DataFrame]:
    """Stream the order lines as DataFrames of at most `chunk_rows` rows (see the module docstring)."""
    # Long: the vectorised order-line generator keeps its arrays in one scope; each step draws from the seeded stream.
    seed = data.seed
    rng = np.random.default_rng([seed, 1])
    sku, market, channel, pair, rate, multiplier = _rates(data, rng)
    counts = np.random.default_rng([seed, 2]).poisson(rate)
    cell_stream, cell_month = np.nonzero(counts)
    cell_count = counts[cell_stream, cell_month]
    del counts, rate

    plan = data.sales
    skus = np.array([p["sku"] for p in data.products], dtype=object)
    bulk = np.array([p["category"] in BULK_CATEGORIES for p in data.products])
    price_level = np.array([MARKETS[c].price_level for c in COUNTRY_CODES])
    per_usd = np.array([MARKETS[c].per_usd for c in COUNTRY_CODES])
    currencies = np.array([MARKETS[c].currency for c in COUNTRY_CODES], dtype=object)
    zero_decimal_market = np.array([MARKETS[c].currency in ZERO_DECIMAL_CURRENCIES for c in COUNTRY_CODES])
    channel_factor = np.array([CHANNEL_PRICE_FACTOR[c] for c in CHANNEL_CODES])
    wholesale = np.array([c in WHOLESALE_CHANNELS for c in CHANNEL_CODES])
    countries = np.array(COUNTRY_CODES, dtype=object)
    channel_names = np.array(CHANNEL_CODES, dtype=object)
    mode_codes = np.array([[m for m, _ in CUSTOMS_MODES[c]] + [CUSTOMS_MODES[c][-1][0]] * (3 - len(CUSTOMS_MODES[c]))
                           for c in CHANNEL_CODES], dtype=object)
    mode_cum = np.array([np.cumsum([p for _, p in CUSTOMS_MODES[c]] + [0.0] * (3 - len(CUSTOMS_MODES[c])))
                         for c in CHANNEL_CODES])
    month_starts = FIRST_MONTH + np.arange(MONTHS + 1)
    month_days = (month_starts[1:].astype("datetime64[D]") - month_starts[:-1].astype("datetime64[D]")).astype(int)
    month_first_day = month_starts[:-1].astype("datetime64[D]")

    pending: list[pd.DataFrame] = []
    pending_rows = 0
    emitted = 0
    for block, start in enumerate(range(0, len(cell_stream), CELL_BLOCK)):
        block_rng = np.random.default_rng([seed, 3, block])
        streams = np.repeat(cell_stream[start:start + CELL_BLOCK], cell_count[start:start + CELL_BLOCK])
        months = np.repeat(cell_month[start:start + CELL_BLOCK], cell_count[start:start + CELL_BLOCK])
        n = len(streams)
        line_sku, line_market, line_channel = sku[streams], market[streams], channel[streams]
        day = month_first_day[months] + (block_rng.random(n) * month_days[months]).astype(int)
        is_wholesale = wholesale[line_channel]
        retail_units = 1 + block_rng.poisson(np.where(bulk[line_sku], 1.0, 0.25))
        bulk_base = np.maximum(plan.moq[line_sku], 10) * 2.0
        wholesale_units = np.maximum(1, np.round(bulk_base * block_rng.lognormal(0.0, 0.6, n))).astype(np.int64)
        units = np.where(is_wholesale, wholesale_units, retail_units).astype(np.int64)
        usd = (plan.retail_usd[line_sku] * price_level[line_market] * multiplier[pair[streams], months]
               * channel_factor[line_channel] * np.exp(block_rng.normal(0.0, 0.015, n)))
        local = np.where(is_wholesale, usd, usd * per_usd[line_market])
        currency = np.where(is_wholesale, "USD", currencies[line_market])
        zero = ~is_wholesale & zero_decimal_market[line_market]
        pick = (block_rng.random(n)[:, None] > mode_cum[line_channel]).sum(axis=1)
        customs = mode_codes[line_channel, np.minimum(pick, 2)]
        refs = np.char.add("DEMO-", np.char.zfill((emitted + pending_rows + np.arange(n)).astype(str), 8))
        frame = pd.DataFrame({
            "external_ref": refs.astype(object),
            "sku": skus[line_sku],
            "order_date": day,
            "channel": channel_names[line_channel],
            "country": countries[line_market],
            "units": units,
            "unit_price": _format_prices(local, zero),
            "currency": currency.astype(object),
            "customs_mode": customs,
        })
        pending.append(frame)
        pending_rows += n
        while pending_rows >= chunk_rows:
            merged = pd.concat(pending, ignore_index=True)
            yield merged.iloc[:chunk_rows].reset_index(drop=True)
            emitted += chunk_rows
            rest = merged.iloc[chunk_rows:].reset_index(drop=True)
            pending, pending_rows = [rest], len(rest)
    if pending_rows:
        yield pd.concat(pending, ignore_index=True)


def order_lines_frame(data) -> pd.DataFrame:
    """All order lines in one DataFrame: convenient at small scale (tests, notebooks)."""
    return pd.concat(list(iter_order_chunks(data)), ignore_index=True)


def period() -> tuple[date, date]:
    """First and last day of the order lines."""
    return date(2024, 11, 1), date(2026, 10, 31)
