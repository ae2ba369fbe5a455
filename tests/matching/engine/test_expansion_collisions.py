"""Cross-lingual expansion must not turn a word into an unrelated concept (chuhai.matching.engine.tokenizer):
an Indonesian glossary term that is the English stem of another word (mobil, car ← mobile), a material word
inside the name of a tool (iron ← curling iron), and English plurals the stemmer does not fold (knives)."""

import pytest

from chuhai.matching.engine.tokenizer import Tokenizer

tok = Tokenizer()


@pytest.mark.parametrize("text", ["手机", "手机壳", "mobile phone holder", "Mobile Phone Case"])
def test_a_mobile_phone_is_no_car(text):
    # 手机 is glossed "mobile phone" (CC-CEDICT); "mobile" stems to "mobil", Indonesian for car
    assert "~car" not in tok.query_tokens(text)
    assert "phone" in tok.query_tokens(text)


def test_foreign_terms_still_match_as_written_and_in_the_plural():
    assert "~car" in tok("mobil bekas")  # Indonesian: used car
    assert "~car" in tok("voitures") and "~car" in tok("voiture")  # French, the glossary lists the singular
    assert "~human_hair" in tok("cheveux humain")  # the glossary lists the plural, "cheveux humains"
    assert "~wig" in tok("Perücken") and "~wig" in tok("pelucas")
    assert "~car" in tok("car phone mount")  # the English word itself is the concept


@pytest.mark.parametrize("text", ["curling iron", "Soldering Irons", "flat iron hair straightener", "电烙铁"])
def test_an_iron_that_is_a_tool_is_not_the_metal(text):
    assert "~metal" not in tok.query_tokens(text)


@pytest.mark.parametrize("text", ["cast iron skillet", "wrought iron fence", "铁锅", "iron frame"])
def test_iron_the_material_is_still_metal(text):
    assert "~metal" in tok.query_tokens(text)


def test_irregular_english_plurals_fold_onto_the_singular():
    assert tok("utility knives") == tok("utility knife")
    assert tok("wall shelves") == tok("wall shelf")
    assert tok("makeup brushes") == tok("makeup brush")
    # a -ves plural that keeps its v is left to the stemmer, not made into "glof"
    assert tok("gloves") == tok("glove") and tok("sleeves") == tok("sleeve")
