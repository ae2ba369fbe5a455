"""Contracts and imports take channel, route, customs-mode and country names as users write them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.imports import values
from chuhai.imports.values import BadValue
from chuhai.markets import names
from chuhai.planning.engine.landed_cost import parse_request
from chuhai.planning.engine.reference import InputError
from chuhai.types import CustomsMode

from ..insight.conftest import ORDER_HEADER
from ..planning.test_cli import INPUT


@pytest.mark.parametrize(("written", "code"), [
    ("Amazon", "amazon"), ("AMAZON ", "amazon"), ("amazon.co.jp", "amazon"), ("TikTok Shop", "tiktok_shop"),
    ("tiktok-shop", "tiktok_shop"), ("TIKTOK_SHOP", "tiktok_shop"), ("抖音", "tiktok_shop"),
    ("AliExpress", "aliexpress"), ("Alibaba.com", "alibaba"), ("Independent site", "independent_site"),
    ("Ｔｅｍｕ", "temu"),  # full-width, as Chinese input methods type it
])
def test_channels(written, code):
    assert names.channel_code(written) == code


@pytest.mark.parametrize(("written", "code"), [
    ("UK", "GB"), ("uk", "GB"), ("United Kingdom", "GB"), ("英国", "GB"), ("gbr", "GB"), ("USA", "US"),
    ("United States", "US"), ("美国", "US"), ("Russia", "RU"), ("Россия", "RU"), ("Deutschland", None),
    ("Alemania", "DE"), ("UAE", "AE"), ("Viet Nam", "VN"), ("Vietnam", "VN"), ("Kazakhstan", "KZ"),
    ("Côte d'Ivoire", "CI"), ("Atlantis", None), ("", None),
])
def test_countries(written, code):
    assert names.country_code(written) == code


def test_customs_modes_are_the_enum_and_read_as_written():
    assert set(names.CUSTOMS_MODE_CODES) == {mode.value for mode in CustomsMode}
    assert names.customs_mode_code("9610 跨境电商B2C直邮") == "9610"
    assert names.customs_mode_code("110") == "0110"
    assert names.customs_mode_code("9999") is None


def test_routes_are_looked_up_with_their_aliases():
    routes = ["sea", "air", "rail", "tir", "express", "postal"]
    assert names.lookup("Sea", routes, names.ROUTE_ALIASES) == "sea"
    assert names.lookup("Ocean freight", routes, names.ROUTE_ALIASES) == "sea"
    assert names.lookup("中欧班列", routes, names.ROUTE_ALIASES) == "rail"
    assert names.lookup("TIR truck", routes, names.ROUTE_ALIASES) == "tir"
    assert names.lookup("balloon", routes, names.ROUTE_ALIASES) is None


def test_landed_cost_contract_takes_names_as_written_and_refuses_unknown_ones_with_the_list():
    written = json.loads(json.dumps(INPUT))
    written["options"][0].update(destination="USA", channel="Amazon", route="Ocean freight", customs_mode="9810 ")
    written["options"][1].update(destination="United Kingdom", channel="TikTok Shop", route="Express")
    _, options = parse_request(written)
    assert [(o.destination, o.channel, o.route, o.customs_mode) for o in options[:2]] == [
        ("US", "amazon", "sea", "9810"), ("GB", "tiktok_shop", "express", "9610")]
    written["options"][2]["channel"] = "Ozon Global"
    with pytest.raises(InputError) as error:
        parse_request(written)
    assert error.value.field == "options[2].channel"
    assert "tiktok_shop" in error.value.message and "amazon" in error.value.message


def test_insight_contract_reads_channel_and_country_names(tmp_path):
    rows = [["2025-01-01", "Amazon", "United Kingdom", "P1", "2", "10", "GBP"],
            ["2025-01-02", "amazon", "GB", "P1", "1", "10", "GBP"],
            ["2025-01-03", "TikTok Shop", "英国", "P1", "1", "10", "GBP"],
            ["2025-01-04", "eBay", "UK", "P1", "1", "10", "GBP"]]
    orders = tmp_path / "orders.csv"
    orders.write_text("\n".join(",".join(row) for row in [ORDER_HEADER[:7], *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["insight", "report", "--orders", str(orders), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(m["country"], m["units"]) for m in report["markets"]] == [("GB", 5)]


def test_imports_read_names_and_name_the_known_values():
    assert values.channel("TikTok Shop") == "tiktok_shop"
    assert values.country("Россия") == "RU"
    with pytest.raises(BadValue) as error:
        values.channel("Ozon Global")
    assert "tiktok_shop" in str(error.value.params)
