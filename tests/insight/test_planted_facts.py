"""The batch report recovers what the demo generator planted (small scale, seed 7)."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from chuhai.demo.facts import planted_facts
from chuhai.demo.generator import generate
from chuhai.demo.orders import iter_order_chunks
from chuhai.insight.cli import app

MIN_LINES = 300  # markets with fewer order lines per 12 months are too small to expect a clear trend


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    data = generate("small", 7)
    category = {p["sku"]: p["category"] for p in data.products}
    frame = pd.concat(list(iter_order_chunks(data)), ignore_index=True)
    frame = frame.rename(columns={"sku": "product_id"})
    frame["category"] = frame["product_id"].map(category)
    frame["order_date"] = frame["order_date"].dt.strftime("%Y-%m-%d")
    folder = tmp_path_factory.mktemp("demo")
    frame.to_csv(folder / "orders.csv", index=False)
    with (folder / "demands.jsonl").open("w", encoding="utf-8") as handle:
        for demand in data.demands:
            handle.write(json.dumps(demand, default=str, ensure_ascii=False) + "\n")
    result = CliRunner().invoke(app, ["report", "--orders", str(folder / "orders.csv"), "--demands",
                                      str(folder / "demands.jsonl"), "--out", str(folder / "report.json")])
    assert result.exit_code == 0, result.output
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    recent = frame["order_date"] >= "2025-11-01"
    lines = pd.DataFrame({"last": frame[recent].groupby("country").size(),
                          "prev": frame[~recent].groupby("country").size()}).fillna(0)
    return planted_facts(data), report, lines


def flagged(report, kind):
    return {s["country"] if kind != "slow_mover" else s["product_id"]
            for s in report["signals"] if s["type"] == kind}


def test_indonesia_is_price_sensitive_and_the_us_is_not(demo):
    facts, report, _ = demo
    sensitive = flagged(report, "price_sensitive_market")
    assert "ID" in sensitive and "US" not in sensitive
    assert not sensitive & set(facts["price_insensitive_markets"])
    assert sensitive <= set(facts["price_sensitive_markets"])


def test_asean_and_rcep_markets_with_enough_orders_are_rising(demo):
    facts, report, lines = demo
    big = set(lines[(lines["last"] >= MIN_LINES) & (lines["prev"] >= MIN_LINES)].index)
    group = (set(facts["asean_markets"]) | set(facts["rcep_markets"])) & big
    assert len(group) >= 3
    rising = flagged(report, "rising_market")
    assert group <= rising
    assert all(facts["yoy_growth"][country] >= 0.15 for country in rising)


def test_declining_markets_are_the_shrinking_ones(demo):
    facts, report, lines = demo
    declining = flagged(report, "declining_market")
    big = set(lines[(lines["last"] >= MIN_LINES) & (lines["prev"] >= MIN_LINES)].index)
    assert set(facts["declining_markets"]) & big <= declining
    assert declining and all(facts["yoy_growth"][country] < 0 for country in declining)


def test_planted_slow_movers_are_flagged(demo):
    facts, report, _ = demo
    slow = flagged(report, "slow_mover")
    planted = set(facts["slow_mover_skus"])
    assert planted <= slow
    assert len(slow & planted) / len(slow) >= 0.8


def test_unmet_demand_is_found_per_market(demo):
    facts, report, _ = demo
    planted: dict[str, int] = {}
    for cluster in facts["unmet_demand"]:
        planted[cluster["country"]] = planted.get(cluster["country"], 0) + cluster["demands"]
    found = {s["country"]: s["evidence"]["demands"] for s in report["signals"]
             if s["type"] == "unmet_demand" and s["category"] is None}
    assert found == planted
    assert all(s["evidence"]["reasons"] == {"uncategorised": s["evidence"]["demands"]}
               for s in report["signals"] if s["type"] == "unmet_demand")


def test_every_product_and_market_is_reported(demo):
    _, report, lines = demo
    assert {m["country"] for m in report["markets"]} == set(lines.index)
    assert report["skipped_rows"]["count"] == 0
