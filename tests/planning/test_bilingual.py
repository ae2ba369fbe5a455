"""Basis and reason texts in both languages: same figures, Chinese on the Chinese pages, contracts unchanged.

The `*.expected.json` files were written by the CLI before the Chinese texts existed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.planning.cli import _read_orders
from chuhai.planning.contracts import landed_cost_option, stock_plan
from chuhai.planning.engine.cost import COMPONENTS
from chuhai.planning.engine.landed_cost import evaluate
from chuhai.planning.engine.stock import parse_params, replenish
from chuhai.planning.texts import basis_text, render
from tests.planning.test_pages import _as, world  # noqa: F401 (fixture)

DATA = Path(__file__).parent / "data"
LANDED_COST_INPUTS = ("wig", "sofa", "garlic")
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
runner = CliRunner()


def numbers(text: str) -> list[str]:
    return sorted(NUMBER.findall(text))


@pytest.mark.parametrize("name", LANDED_COST_INPUTS)
def test_every_component_has_a_chinese_basis_with_the_same_figures(name):
    results = evaluate(json.loads((DATA / f"landed_cost_{name}.json").read_text(encoding="utf-8")))
    for result in results:
        assert [c.name for c in result.components] == list(COMPONENTS)
        contract = {c["name"]: c["basis"] for c in landed_cost_option(result)["components"]}
        for component in result.components:
            zh, en = basis_text(component, "zh_CN"), basis_text(component, "en")
            where = f"{result.option.id}/{component.name}"
            assert CJK.search(zh), where
            assert numbers(zh) == numbers(en), (where, en, zh)
            assert contract[component.name] == en


def test_the_representative_inputs_reach_the_special_cases():
    bases = [basis_text(c, "en") for name in LANDED_COST_INPUTS
             for r in evaluate(json.loads((DATA / f"landed_cost_{name}.json").read_text(encoding="utf-8")))
             for c in r.components]
    for case in ("exempt: consignment within de minimis", "simplified low-value rate", "flat 3 EUR", "rebate (",
                 "no rebate under 9610", "oversize:", "B2B:", "[override]", "GST/sales tax is added", "US_301_CN"):
        assert any(case in b for b in bases), case


def _replenish_plan():
    params, as_of = parse_params(json.loads((DATA / "replenish_params.json").read_text(encoding="utf-8")))
    return replenish(_read_orders(DATA / "replenish_orders.csv"), params, as_of)


def test_every_stock_reason_has_a_chinese_rendering_with_the_same_figures():
    entries = _replenish_plan().skus
    assert {"ship", "plan", "wait", "test_batch", "do_not_stock", "slow_retrieve"} <= {e.action for e in entries}
    for entry in entries:
        zh, en = render(entry.reason, "zh_CN"), render(entry.reason, "en")
        assert CJK.search(zh), entry.product_id
        # the Chinese spells "30–50" the same; percentages and figures must match one for one
        assert numbers(zh) == numbers(en), (en, zh)
        assert stock_plan(entry)["reason"] == en


@pytest.mark.parametrize("name", LANDED_COST_INPUTS)
def test_landed_cost_output_is_unchanged(tmp_path, name):
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["plan", "landed-cost", "--input", str(DATA / f"landed_cost_{name}.json"),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    expected = (DATA / f"landed_cost_{name}.expected.json").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == expected


def test_replenish_output_is_unchanged(tmp_path):
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", "replenish", "--orders", str(DATA / "replenish_orders.csv"),
                                 "--params", str(DATA / "replenish_params.json"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (DATA / "replenish.expected.json").read_text(encoding="utf-8")


PLANNER_QUERY = ("&o_destination=US&o_channel=amazon&o_route=air&o_customs_mode=9810&o_selling_price=129"
                 "&o_currency=USD&o_destination=GB&o_channel=amazon&o_route=sea&o_customs_mode=9610"
                 "&o_selling_price=99&o_currency=GBP")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_planner_page_shows_the_basis_in_the_readers_language(client, world, lang):  # noqa: F811
    _as(client, world["member"], lang)
    page = client.get(f"/planning/landed-cost?product_id={world['wig'].id}{PLANNER_QUERY}")
    assert page.status_code == 200
    shown = re.findall(r'data-basis="([a-z_]+)">([^<]*)<', page.text)
    assert {name for name, _ in shown} == set(COMPONENTS)
    freight = [text for name, text in shown if name == "international_freight"]
    if lang == "zh_CN":
        assert all(CJK.search(text) for _, text in shown)
        assert any("计费重" in text for text in freight) and "chargeable weight" not in page.text
    else:
        assert any("chargeable weight" in text for text in freight) and "计费重" not in page.text


@pytest.mark.parametrize("lang, words", [("zh_CN", "新品尚无销售"), ("en", "new SKU without sales")])
def test_warehouse_page_shows_reasons_in_the_readers_language(client, world, lang, words):  # noqa: F811
    _as(client, world["member"], lang)
    page = client.get(f"/planning/warehouse?sku={world['new'].id}")
    assert page.status_code == 200
    reason = re.search(r'data-testid="warehouse-reason">([^<]*)<', page.text).group(1)
    assert words in reason
