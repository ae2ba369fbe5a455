"""The HS suggester on listings as enterprises type them: the article before the material, the question for
the one fact the text does not give, evidence from confirmed products, never an empty answer."""

from __future__ import annotations

import pytest

from chuhai.planning.engine.hs import Evidence, EvidenceIndex, suggest, suggest_item


def codes(text: str, top: int = 3, **kwargs) -> list[str]:
    return [s["code"] for s in suggest_item(text, top=top, **kwargs).suggestions]


@pytest.mark.parametrize(("text", "code"), [
    ("电热水壶 不锈钢 1.8L", "851679"),  # an electric kettle, not stainless-steel tableware (7323)
    ("Stainless steel vacuum flask 500ml", "961700"),  # vacuum flasks: 9617 whatever they are made of
    ("Diesel engine glow plug for Toyota Hilux", "851180"),  # the part has its own heading, not the engine's
    ("Clutch kit for Toyota Hilux, pressure plate and disc", "870893"),  # not brake linings
    ("Queen size duvet down alternative, microfiber polyester fill", "940490"),  # bedding, not feathers
    ("男士纯棉袜子 10双装", "611595"),  # men's cotton socks: knitted hosiery of cotton
    ("Автомобильные коврики резиновые", "401691"),  # rubber floor mats: 4016, not the car's parts
    ("Silla de plástico apilable para jardín", "940180"),  # furniture of any material: 94
])
def test_the_article_wins_over_the_material_and_the_machine_it_fits(text, code):
    assert code in codes(text, top=3)
    assert codes(text, top=1)[0][:4] == code[:4]


def test_a_question_separates_knitted_and_woven_when_the_text_does_not_say():
    answer = suggest_item("Women trousers", top=5)
    assert answer.question is not None and answer.question.fact == "knit"
    options = dict(answer.question.options)
    assert set(options) == {"knitted", "woven"}
    assert all(code.startswith("61") for code in options["knitted"])
    assert all(code.startswith("62") for code in options["woven"])


def test_no_question_about_a_fact_the_listing_gives_and_the_fact_picks_the_subheading():
    answer = suggest_item("Women trousers", top=3, attributes={"construction": "woven", "material": "cotton"})
    assert answer.suggestions[0]["code"] == "620462"
    assert answer.question is None or answer.question.fact not in ("knit", "material", "gender")


def test_category_names_the_article():
    assert codes("Summer 2024 new style, breathable", top=1, category="Shoes > Women > Sneakers")[0][:2] == "64"


def test_confirmed_products_are_evidence_for_the_next_suggestion():
    text = "招财猫摆件 树脂 店铺开业"
    assert "392640" not in codes(text, top=1)
    evidence = [Evidence("树脂招财猫摆件 开业礼品", "392640"), Evidence("Lace front wig", "670420")]
    assert codes(text, top=1, evidence=evidence) == ["392640"]
    assert codes(text, top=1, evidence=EvidenceIndex(evidence)) == ["392640"]
    # a distant product is no evidence; an invalid code is ignored
    assert codes("Carbon spinning fishing rod", top=1, evidence=[Evidence("树脂招财猫摆件", "392640"),
                                                                  Evidence("Carbon spinning fishing rod", "990000")]) \
        == codes("Carbon spinning fishing rod", top=1)


@pytest.mark.parametrize("text", ["男士纯棉袜子", "液化丙烷 钢瓶装", "Caballos vivos de pura raza", "Лопата садовая",
                                  "qwzx blorp", "新款 爆款 包邮"])
def test_never_an_empty_answer_for_a_description(text):
    assert len(suggest(text, top=5)) >= 1


def test_empty_text_gives_nothing():
    assert suggest("   ") == [] and suggest_item("").suggestions == []
