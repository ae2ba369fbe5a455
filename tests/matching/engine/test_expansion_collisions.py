"""Cross-lingual expansion must not turn a word into an unrelated concept (chuhai.matching.engine.tokenizer):
an Indonesian glossary term that is the English stem of another word (mobil, car ← mobile), a material word
inside the name of a tool (iron ← curling iron), and English plurals the stemmer does not fold (knives)."""

import os
import subprocess
import sys

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


@pytest.mark.parametrize(
    ("text", "concept", "english"),
    [("车载充电器", "~appliance", "charger"), ("继电器", "~appliance", "relay"), ("山茶花", "~tea", "camellia")],
)
def test_a_glossary_word_inside_a_dictionary_word_of_another_sense_is_not_that_concept(text, concept, english):
    # 电器 "appliance" sits inside 充电器 "battery charger" and 继电器 "relay"; 茶 "tea" inside 山茶花 "camellia"
    tokens = tok.query_tokens(text)
    assert concept not in tokens
    assert english in tokens


@pytest.mark.parametrize(
    ("text", "concept"), [("家用电器", "~appliance"), ("小家电", "~appliance"), ("实木床头", "~bed")]
)
def test_a_dictionary_word_that_names_the_concept_keeps_it(text, concept):
    # 家用电器 "household appliance", 床头 "bedside": the dictionary word has the glossary word's sense
    assert concept in tok(text)


def test_query_translations_come_in_the_same_order_in_every_process():
    # the Chinese words were translated in the order of a set: it changed with the hash seed of the process
    code = (
        "from chuhai.matching.engine.tokenizer import Tokenizer; "
        "print(Tokenizer().query_tokens('羽毛球拍 瑜伽垫 钓鱼竿'))"
    )
    runs = {
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": str(seed)},
                       capture_output=True, text=True, check=True).stdout
        for seed in (1, 2, 3)
    }
    assert len(runs) == 1
