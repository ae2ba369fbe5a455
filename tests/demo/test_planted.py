"""The planted facts are visible with plain pandas on the small dataset."""

from __future__ import annotations

import numpy as np

from chuhai.demo.facts import planted_facts
from chuhai.demo.markets import MARKETS, WHOLESALE_CHANNELS


def _within_pair_elasticity(orders, country: str) -> float:
    """Slope of log monthly units on log relative price, within SKU, on months with retail sales."""
    retail = orders[(orders["country"] == country) & ~orders["channel"].isin(WHOLESALE_CHANNELS)].copy()
    retail["relative"] = retail["usd"] / retail.groupby(["sku", "channel"])["usd"].transform("median")
    monthly = retail.groupby(["sku", "month"]).agg(units=("units", "sum"), relative=("relative", "mean"))
    monthly = monthly[monthly.groupby("sku")["units"].transform("size") >= 6].reset_index()
    log_units = np.log(monthly["units"]) - monthly.groupby("sku")["units"].transform(lambda u: np.log(u).mean())
    log_price = np.log(monthly["relative"]) - monthly.groupby("sku")["relative"].transform(
        lambda p: np.log(p).mean())
    return float((log_units * log_price).sum() / (log_price**2).sum())


def test_indonesia_is_far_more_price_sensitive_than_the_us(small_orders):
    indonesia = _within_pair_elasticity(small_orders, "ID")
    us = _within_pair_elasticity(small_orders, "US")
    assert us > -0.6
    assert indonesia < -1.0
    assert indonesia < us - 0.8


def test_asean_grows_faster_than_the_us_and_britain_and_turkey_decline(small_orders):
    group = small_orders["country"].map(lambda c: "ASEAN" if "asean" in MARKETS[c].groups else c)
    lines = small_orders.groupby([group, "year"]).size().unstack()
    growth = lines[2] / lines[1] - 1
    assert growth["ASEAN"] > 0.4
    assert growth["ASEAN"] > growth["US"] + 0.3
    assert growth["GB"] < -0.1 and growth["TR"] < -0.1
    assert 0 < growth["US"] < 0.2


def test_slow_movers_stopped_selling(small, small_orders):
    slow = set(planted_facts(small)["slow_mover_skus"])
    assert len(slow) == 6
    sold = small_orders[small_orders["sku"].isin(slow)]
    first_year = (sold["order_date"] < "2025-11-01").sum()
    last_six_months = (sold["order_date"] >= "2026-05-01").sum()
    assert first_year > 200
    assert last_six_months < 0.03 * first_year
    furniture = {p["sku"] for p in small.products if p["category"] == "furniture"}
    assert slow & furniture


def test_seasonality(small, small_orders):
    category = small_orders["sku"].map({p["sku"]: p["category"] for p in small.products})
    calendar = small_orders["order_date"].dt.month
    north = ~small_orders["country"].map(lambda c: MARKETS[c].southern)
    playground = small_orders[(category == "playground") & north]
    spring = playground[calendar[playground.index].isin([4, 5, 6])].shape[0]
    autumn = playground[calendar[playground.index].isin([10, 11, 12])].shape[0]
    assert spring > 2 * autumn
    wigs = calendar[category == "wigs"]
    assert wigs.isin([11, 12]).sum() / 2 > 1.3 * wigs.isin([2, 3]).sum() / 2


def test_the_slide_house_sold_in_indonesia_only_after_repricing(small, small_orders):
    fact = planted_facts(small)["repriced_sku"]
    sales = small_orders[(small_orders["sku"] == fact["sku"]) & (small_orders["country"] == "ID")]
    retail = sales[~sales["channel"].isin(WHOLESALE_CHANNELS)]
    before = retail[retail["order_date"] < fact["repriced_on"]]
    after = retail[retail["order_date"] >= fact["repriced_on"]]
    assert len(after) / 14 > 3 * len(before) / 10  # lines per month: 14 months after, 10 before
    assert before["usd"].median() > 1.5 * after["usd"].median()


def test_planted_facts_describe_the_markets(small):
    facts = planted_facts(small)
    assert "ID" in facts["price_sensitive_markets"] and "US" in facts["price_insensitive_markets"]
    assert facts["elasticity"]["ID"] <= -2.0 < -0.5 <= facts["elasticity"]["US"]
    assert set(facts["asean_markets"]) <= set(facts["rising_markets"])
    assert {"GB", "TR"} == set(facts["declining_markets"])
    unmet = {(u["category_hint"], u["country"]) for u in facts["unmet_demand"]}
    assert unmet == {(small.demand_specs[d["ref"]]["type"], d["destination_country"])
                     for d in small.demands if d["category"] is None}
    assert facts["peak_months"]["playground"] == [5, 6]
