"""HS suggestion over the shipped nomenclature and glossary."""

from __future__ import annotations

import json
from pathlib import Path

from chuhai.planning.engine.hs import all_codes, glossary, suggest
from chuhai.planning.engine.nomenclature import hs_nomenclature, is_valid_hs6

LABELLED = Path(__file__).resolve().parents[3] / "bench" / "planning" / "hs_labelled.jsonl"


def test_nomenclature_is_the_full_hs2022_set():
    nomen = hs_nomenclature(6)
    assert len(nomen) == 5613
    assert "999999" in nomen and not is_valid_hs6("999999")  # Comtrade reporting code, not HS
    assert nomen["670411"].startswith("Wigs; complete, of synthetic")


def test_is_valid_hs6():
    assert is_valid_hs6("870830")
    assert is_valid_hs6("8708.30")
    assert not is_valid_hs6("8708")
    assert not is_valid_hs6("999999")
    assert not is_valid_hs6("abc")


def test_glossary_covers_every_chapter_and_only_real_codes():
    nomen = all_codes()
    chapters = set(hs_nomenclature(2))
    assert chapters == set(glossary()["chapters"])
    for term in glossary()["terms"]:
        assert term["zh"] and term["en"]
        for code in term["codes"]:
            assert code in nomen, code


def test_suggestions_are_valid_sorted_and_sized():
    results = suggest("brake pads for passenger cars", top=5)
    assert len(results) == 5
    assert all(is_valid_hs6(r["code"]) and r["description"] for r in results)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert results[0]["code"] == "870830"


def test_chinese_titles_use_the_glossary():
    assert suggest("陶瓷刹车片", top=1)[0]["code"] == "870830"
    assert suggest("化纤假发 波波头", top=1)[0]["code"] == "670411"
    assert suggest("新鲜大蒜", top=1)[0]["code"] == "070320"


def test_empty_or_unknown_text():
    assert suggest("") == []
    assert suggest("   ") == []
    assert suggest("zzqxv") == []


def test_labelled_set_top3_accuracy():
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 80
    assert {r["lang"] for r in rows} == {"zh", "en"}
    hits = sum(r["code"] in [s["code"] for s in suggest(r["text"], top=3)] for r in rows)
    assert hits / len(rows) >= 0.8
