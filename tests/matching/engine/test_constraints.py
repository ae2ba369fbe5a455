from dataclasses import replace
from decimal import Decimal

import pytest

from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import DemandQuery, Reason
from chuhai.matching.reasons import CODES, format_reason

from .conftest import item

TWIN = dict(title_en="Ceramic brake pads for Toyota Corolla", price_usd=Decimal("10"), moq=100,
            lead_time_days=20, monthly_capacity=10_000, certifications=("E-Mark", "ISO 9001"), verified=True)


def index_of(*items, embedder=None):
    return MatchIndex.build(list(items), embedder=embedder)


def demand(**fields):
    return DemandQuery(demand_id="d", text=fields.pop("text", "ceramic brake pads"), **fields)


def test_missing_required_certification_removes_the_product(embedder):
    index = index_of(item("ok", **TWIN), item("no-emark", **{**TWIN, "certifications": ("ISO 9001",)}),
                     embedder=embedder)
    found = index.match(demand(required_certifications=("E-MARK",)), top=10)
    assert [m.product_id for m in found] == ["ok"]  # spelling of the certificate does not matter
    assert "Certified: EMARK" in [format_reason(r) for r in found[0].reasons]
    assert index.match(demand(required_certifications=("CCC",)), top=10) == []


def test_verified_only_removes_unverified_suppliers(embedder):
    index = index_of(item("v", **TWIN), item("unverified", **{**TWIN, "verified": False}), embedder=embedder)
    assert [m.product_id for m in index.match(demand(verified_only=True), top=10)] == ["v"]
    assert len(index.match(demand(), top=10)) == 2


@pytest.mark.parametrize(
    "change, demand_fields, code",
    [
        ({"moq": 1000}, {"quantity": 200}, "moq_above_quantity"),
        ({"price_usd": Decimal("14")}, {"target_price_usd": Decimal("12")}, "price_above_target"),
        ({"lead_time_days": 60}, {"max_lead_time_days": 30}, "lead_time_above_max"),
        ({"monthly_capacity": 50}, {"quantity": 200}, "capacity_below_quantity"),
    ],
)
def test_each_soft_constraint_lowers_the_score_and_says_why(change, demand_fields, code):
    good, bad = item("good", **TWIN), item("bad", **{**TWIN, **change})
    index = index_of(bad, good)  # the worse one is indexed first: order must not decide
    ranked = index.match(demand(**demand_fields), top=2)
    assert [m.product_id for m in ranked] == ["good", "bad"]
    assert ranked[1].score < ranked[0].score
    assert ranked[1].relevance == pytest.approx(ranked[0].relevance)  # same text, only the terms differ
    gap = [r for r in ranked[1].reasons if r.kind == "gap"]
    assert [r.code for r in gap] == [code]
    assert code not in [r.code for r in ranked[0].reasons]


def test_a_bigger_gap_costs_more():
    near, far = {**TWIN, "price_usd": Decimal("11")}, {**TWIN, "price_usd": Decimal("20")}
    index = index_of(item("a", **near), item("b", **far))
    a, b = index.match(demand(target_price_usd=Decimal("10")), top=2)
    assert (a.product_id, b.product_id) == ("a", "b") and b.score < a.score


def test_soft_constraints_never_remove_products():
    index = index_of(item("x", **{**TWIN, "moq": 100_000, "price_usd": Decimal("99"), "lead_time_days": 365}))
    found = index.match(demand(quantity=1, target_price_usd=Decimal("1"), max_lead_time_days=1), top=5)
    assert [m.product_id for m in found] == ["x"] and found[0].score > 0


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_reason_renders_in_chinese_and_english(code):
    params = {"terms": ["~wig", "13x4"], "certifications": ["CE"], "moq": 5, "quantity": 2, "price": 3, "target": 2,
              "lead_time_days": 9, "max_days": 7, "capacity": 1, "market": "US", "requirements": ["US_CPSIA_CPC"]}
    reason = Reason(code, "fit", params)
    en, zh = format_reason(reason, "en"), format_reason(reason.as_dict(), "zh-CN")
    assert en and zh and en != zh
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.replace("13x4", ""))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)


def test_replace_keeps_dataclass_contract():
    # CatalogItem is a plain dataclass: the platform builds it from its own records
    base = item("p", **TWIN)
    assert replace(base, moq=1).moq == 1 and base.moq == 100


def test_a_loaded_terms_table_appends_to_a_tail_and_answers_as_one_table():
    """The loaded columns (mapped, shared) are never copied: new slots go to a tail, whose certifications may be
    ones the loaded rows never had (a wider bit row); masks, factors and terms read both as one table."""
    import numpy as np

    from chuhai.matching.engine.constraints import Terms, TermsTable

    def terms(price, verified, *certs):
        return Terms(price, 10.0, 20.0, 1000.0, verified, frozenset(certs))

    whole = TermsTable()
    whole.append([terms(5.0, True, "CE"), terms(9.0, False, "CE", "ISO9001"), terms(7.0, True)])
    loaded = TermsTable.from_state({name: column.copy() for name, column in whole.state().items()}, whole.cert_vocab)
    base = loaded.base["price"]
    extra = [terms(6.0, True, "CE", *(f"C{i}" for i in range(70))), terms(8.0, False, "ISO9001")]
    for table in (whole, loaded):
        table.append(extra)
    assert loaded.base["price"] is base and len(loaded.tail["price"]) == 2 and len(loaded) == len(whole) == 5
    for need, verified_only in ((("CE",), False), (("C69",), False), (("ISO 9001",), False), ((), True),
                                (("CE", "C3"), True), (("nope",), False)):
        demand = DemandQuery(demand_id="d", text="x", required_certifications=need, verified_only=verified_only)
        assert loaded.hard_mask(demand).tolist() == whole.hard_mask(demand).tolist()
    demand = DemandQuery(demand_id="d", text="x", quantity=50, target_price_usd=Decimal("6"))
    slots = np.array([4, 0, 3, 1])
    assert np.allclose(loaded.soft_factors(slots, demand), whole.soft_factors(slots, demand))
    assert [loaded.terms(s) for s in range(5)] == [whole.terms(s) for s in range(5)]
    assert loaded.terms(3).certifications == frozenset({"CE", *(f"C{i}" for i in range(70))})
    assert loaded.hard_mask(DemandQuery(demand_id="d", text="x", required_certifications=("C69",))).tolist() == [
        False, False, False, True, False]
