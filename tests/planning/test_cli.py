"""The batch contracts: `chuhai plan landed-cost`, `chuhai plan replenish`, `chuhai hs suggest`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from chuhai.cli import app

runner = CliRunner()

INPUT = {
    "sku": {
        "unit_cost_cny": 300,
        "weight_kg": 0.4,
        "length_cm": 30,
        "width_cm": 20,
        "height_cm": 10,
        "hs_code": "670420",
    },
    "ship_date": "2026-11-23",
    "options": [
        {
            "id": "us-amazon-sea",
            "destination": "US",
            "channel": "amazon",
            "route": "sea",
            "customs_mode": "9810",
            "selling_price": 129,
            "currency": "USD",
        },
        {
            "id": "gb-tiktok-express",
            "destination": "GB",
            "channel": "tiktok_shop",
            "route": "express",
            "customs_mode": "9610",
            "selling_price": 99,
            "currency": "GBP",
        },
        {
            "id": "kz-rail",
            "destination": "KZ",
            "channel": "distributor",
            "route": "rail",
            "customs_mode": "0110",
            "selling_price": 60,
            "currency": "USD",
        },
    ],
    "overrides": {"fx": {"USD": "7.2"}},
}


def write(path, payload):
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_landed_cost_contract(tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(
        app, ["plan", "landed-cost", "--input", str(write(tmp_path / "in.json", INPUT)), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    options = json.loads(out.read_text(encoding="utf-8"))["options"]
    assert {o["id"] for o in options} == {"us-amazon-sea", "gb-tiktok-express", "kz-rail"}
    margins = [o["margin_cny"] for o in options]
    assert margins == sorted(margins, reverse=True)
    for option in options:
        assert set(option) >= {"id", "components", "landed_cost_cny", "selling_price_cny", "margin_cny", "margin_pct"}
        assert abs(sum(c["amount_cny"] for c in option["components"]) - option["landed_cost_cny"]) < 0.005
        assert all(set(c) == {"name", "amount_cny", "basis"} for c in option["components"])
    us = next(o for o in options if o["id"] == "us-amazon-sea")
    assert us["selling_price_cny"] == pytest.approx(129 * 7.2)  # the fx override was used


def test_landed_cost_bad_input_exits_2_and_writes_nothing(tmp_path):
    bad = json.loads(json.dumps(INPUT))
    bad["options"][1]["customs_mode"] = "9999"
    out = tmp_path / "out.json"
    result = runner.invoke(
        app, ["plan", "landed-cost", "--input", str(write(tmp_path / "in.json", bad)), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "options[1].customs_mode" in result.stderr
    assert not out.exists()


def test_landed_cost_invalid_json(tmp_path):
    path = tmp_path / "in.json"
    path.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["plan", "landed-cost", "--input", str(path), "--out", str(tmp_path / "o.json")])
    assert result.exit_code == 2 and "invalid JSON" in result.stderr
    assert not (tmp_path / "o.json").exists()


def orders_csv(path, rows):
    lines = ["order_date,channel,country,product_id,units,unit_price,currency", *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PARAMS = {
    "as_of": "2026-11-23",
    "skus": {
        "WIG-1": {
            "unit_cost_cny": 300,
            "unit_volume_m3": 0.006,
            "lead_time_days": 10,
            "holding_cost_cny_per_unit_month": 3,
            "stockout_cost_cny_per_unit": 200,
            "on_hand": 5,
            "service_level": 0.95,
        },
        "NEW-1": {
            "unit_cost_cny": 50,
            "unit_volume_m3": 0.002,
            "lead_time_days": 35,
            "holding_cost_cny_per_unit_month": 1,
            "stockout_cost_cny_per_unit": 20,
            "on_hand": 0,
        },
    },
}


def test_replenish_contract(tmp_path):
    as_of = dt.date(2026, 11, 23)
    rows = [
        f"{(as_of - dt.timedelta(days=d)).isoformat()},amazon,US,WIG-1,{1 + d % 3},129.00,USD" for d in range(1, 300, 2)
    ]
    out = tmp_path / "plan.json"
    result = runner.invoke(
        app,
        [
            "plan",
            "replenish",
            "--orders",
            str(orders_csv(tmp_path / "o.csv", rows)),
            "--params",
            str(write(tmp_path / "p.json", PARAMS)),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    skus = {s["product_id"]: s for s in json.loads(out.read_text(encoding="utf-8"))["skus"]}
    assert set(skus) == {"WIG-1", "NEW-1"}
    for entry in skus.values():
        assert set(entry) >= {
            "product_id",
            "forecast_weekly",
            "reorder_point",
            "order_quantity",
            "ship_by",
            "slow_mover",
            "reason",
        }
        assert len(entry["forecast_weekly"]) == 12
    assert 5 < skus["WIG-1"]["forecast_weekly"][0] < 10  # 1-3 units every other day
    assert skus["WIG-1"]["order_quantity"] > 0 and skus["WIG-1"]["ship_by"] == "2026-11-23"
    assert 30 <= skus["NEW-1"]["order_quantity"] <= 50


@pytest.mark.parametrize(
    "row,message",
    [
        ("2026-13-01,amazon,US,WIG-1,1,10.00,USD", "line 2: order_date"),
        ("2026-11-01,amazon,US,WIG-1,one,10.00,USD", "line 2: units"),
        ("2026-11-01,amazon,US,WIG-1,1.5,10.00,USD", "line 2: units"),
        ("2026-11-01,amazon,US,WIG-1,1,ten,USD", "line 2: unit_price"),
        ("2026-11-01,amazon,US,,1,10.00,USD", "line 2: product_id"),
    ],
)
def test_replenish_bad_orders(tmp_path, row, message):
    out = tmp_path / "plan.json"
    result = runner.invoke(
        app,
        [
            "plan",
            "replenish",
            "--orders",
            str(orders_csv(tmp_path / "o.csv", [row])),
            "--params",
            str(write(tmp_path / "p.json", PARAMS)),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert not out.exists()


def test_replenish_bad_params(tmp_path):
    bad = json.loads(json.dumps(PARAMS))
    del bad["skus"]["WIG-1"]["on_hand"]
    out = tmp_path / "plan.json"
    result = runner.invoke(
        app,
        [
            "plan",
            "replenish",
            "--orders",
            str(orders_csv(tmp_path / "o.csv", [])),
            "--params",
            str(write(tmp_path / "p.json", bad)),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2 and "skus.WIG-1.on_hand" in result.stderr
    assert not out.exists()


def test_replenish_missing_column(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("order_date,product_id\n2026-01-01,A\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "plan",
            "replenish",
            "--orders",
            str(path),
            "--params",
            str(write(tmp_path / "p.json", PARAMS)),
            "--out",
            str(tmp_path / "plan.json"),
        ],
    )
    assert result.exit_code == 2 and "units" in result.stderr


def test_hs_suggest_json():
    result = runner.invoke(app, ["hs", "suggest", "陶瓷刹车片 丰田", "--top", "3", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 3 and rows[0]["code"] == "870830"
    assert set(rows[0]) == {"code", "description", "score"}


def test_hs_suggest_empty_text():
    result = runner.invoke(app, ["hs", "suggest", "  ", "--json"])
    assert result.exit_code == 2 and "TEXT" in result.stderr


def test_hs_suggest_batch_contract(tmp_path):
    items = tmp_path / "items.jsonl"
    items.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in [
        {"id": "k1", "text": "电热水壶 不锈钢 1.8L"},
        {"id": 2, "text": "Women trousers", "category": "Clothing > Women"},
        {"id": "s3", "text": "socks", "attributes": {"material": "cotton", "gender": "men"}},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["hs", "suggest", "--batch", str(items), "--top", "4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["k1", 2, "s3"]
    for line in lines:
        assert len(line["suggestions"]) == 4
        assert set(line["suggestions"][0]) == {"code", "description", "score"}
        assert set(line) <= {"id", "suggestions", "question"}
    assert lines[0]["suggestions"][0]["code"] == "851679"
    assert lines[2]["suggestions"][0]["code"] == "611595"
    question = lines[1]["question"]
    assert question["text"] and {o["answer"] for o in question["options"]} == {"knitted", "woven"}
    assert all(o["codes"] for o in question["options"])


@pytest.mark.parametrize(("line", "where"), [
    ('{"id": "a", "text": "socks"}\n{"text": "no id"}', "line 2: id"),
    ('{"id": "a"}', "line 1: text"),
    ('not json', "line 1"),
    ('{"id": "a", "text": "x", "attributes": [1]}', "line 1: attributes"),
])
def test_hs_suggest_batch_errors_name_the_line(tmp_path, line, where):
    items = tmp_path / "items.jsonl"
    items.write_text(line + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["hs", "suggest", "--batch", str(items), "--out", str(out)])
    assert result.exit_code == 2 and where in result.stderr
    assert not out.exists()
