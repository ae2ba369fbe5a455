"""The facts the generator plants in the demo data, for the analytics' tests (see PLANTED.md)."""

from __future__ import annotations

from collections import Counter

import numpy as np

from chuhai.demo.affinity import OUTDOOR_TYPES, SEASONALITY
from chuhai.demo.markets import CHANNEL_PRICE_FACTOR, MARKETS, WHOLESALE_CHANNELS
from chuhai.demo.orders import SLOW_FROM_MONTH

PRICE_SENSITIVE_AT = -1.8  # elasticity at or below: price sensitive
PRICE_INSENSITIVE_AT = -0.8  # elasticity at or above: price insensitive
RISING_AT = 0.35


def planted_facts(data) -> dict:
    """What a correct analysis of `data` finds, as plain values."""
    markets = MARKETS.values()
    peak = {category: sorted(int(i) + 1 for i in np.argsort(profile, kind="stable")[-2:])
            for category, profile in SEASONALITY.items()}
    slow = [data.products[i]["sku"] for i in np.flatnonzero(data.sales.slow_mover)]
    unmet = Counter((data.demand_specs[d["ref"]]["type"], d["destination_country"])
                    for d in data.demands if d["category"] is None)
    repriced = data.sales.repriced
    return {
        "period": {"first_day": "2024-11-01", "last_day": "2026-10-31"},
        "elasticity": {m.country: m.elasticity for m in markets},
        "price_sensitive_markets": sorted(m.country for m in markets if m.elasticity <= PRICE_SENSITIVE_AT),
        "price_insensitive_markets": sorted(m.country for m in markets if m.elasticity >= PRICE_INSENSITIVE_AT),
        "yoy_growth": {m.country: m.growth for m in markets},
        "rising_markets": sorted(m.country for m in markets if m.growth >= RISING_AT),
        "declining_markets": sorted(m.country for m in markets if m.growth < 0),
        "asean_markets": sorted(m.country for m in markets if "asean" in m.groups),
        "rcep_markets": sorted(m.country for m in markets if "rcep" in m.groups),
        "price_levels": {m.country: m.price_level for m in markets},
        "usd_exchange_rates": {m.currency: m.per_usd for m in markets},
        "channel_price_factor": dict(CHANNEL_PRICE_FACTOR),
        "wholesale_channels": list(WHOLESALE_CHANNELS),
        "seasonality": {category: list(profile) for category, profile in SEASONALITY.items()},
        "peak_months": peak,
        "q4_peak_categories": sorted(c for c, months in peak.items() if set(months) <= {10, 11, 12}),
        "spring_summer_categories": ["playground"],
        "outdoor_product_types": sorted(OUTDOOR_TYPES),
        "southern_hemisphere_markets": sorted(m.country for m in markets if m.southern),
        "slow_mover_skus": slow,
        "slow_since": "2026-03-01",
        "slow_since_month_index": SLOW_FROM_MONTH,
        "repriced_sku": {
            "sku": data.products[repriced["index"]]["sku"],
            "country": repriced["country"],
            "repriced_on": "2025-09-01",
            "price_before_usd": repriced["price_before_usd"],
            "price_after_usd": repriced["price_after_usd"],
        },
        "unmet_demand": [{"category_hint": hint, "country": country, "demands": count}
                         for (hint, country), count in sorted(unmet.items())],
    }
