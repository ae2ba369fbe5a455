"""Screening finds transliterated, reordered and suffixed names and aliases, and clears hard negatives."""

from pathlib import Path

import pytest

from chuhai.compliance.engine.screening.contract import load_lists
from chuhai.compliance.engine.screening.lists import Entry
from chuhai.compliance.engine.screening.matcher import Party, Screener
from chuhai.compliance.engine.screening.names import name_form

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def screener():
    return Screener(load_lists([DATA / "csl_sample.csv", DATA / "un_sample.xml", DATA / "mofcom_sample.csv"]))


def best(screener, name, country=None):
    matches = screener.screen(Party("p", name, country))
    return matches[0] if matches else None


@pytest.mark.parametrize(("a", "b"), [
    ("ООО «Ромашка»", "Romashka LLC"),
    ("Romashka, OOO", "ROMASHKA LIMITED LIABILITY COMPANY"),
    ("Siemens Aktiengesellschaft", "SIEMENS AG"),
    ("Société Générale S.A.", "Societe Generale"),
    ("深圳华茂电子有限公司", "华茂电子股份有限公司"),
])
def test_legal_forms_and_scripts_normalise_alike(a, b):
    assert name_form(a).folded == name_form(b).folded or name_form(a).tokens[0] == name_form(b).tokens[0]


@pytest.mark.parametrize(("party", "country", "entry_id", "reason"), [
    ("Юрий Щукин", "RU", "sdn-25123", "transliteration"),          # Cyrillic against the list's Latin
    ("Yuriy Shchukin", None, "sdn-25123", "alias"),                 # another Latin spelling, the alias form
    ("Aleksey Nikolaevich Morozov", "RU", "6908601", "exact"),
    ("Morozov Aleksey Nikolaevich", None, "6908601", "reordered"),  # word order
    ("Алексей Морозов", "RU", "6908601", "alias"),
    ("Aerokomplekt LLC", "RU", "e1c0a1b2", "legal_form_dropped"),    # OOO -> LLC
    ("ООО «Аэрокомплект»", None, "e1c0a1b2", "transliteration"),
    ("Aerokomplkt", None, "e1c0a1b2", "fuzzy"),                       # a typo
    ("Huamao Dianzi Co., Ltd.", "CN", "e7f81c33", "transliteration"),  # pinyin of the Chinese alias
    ("Koryo General Trading Corp.", None, "6908700", "legal_form_dropped"),
    ("Lockheed Martin Missiles & Fire Control", "US", "不可靠实体工作机制公告2023年第1号", "alias"),
    ("Pars Aria Trading", "AE", "sdn-30001", "country_match"),
])
def test_true_variants_are_found(screener, party, country, entry_id, reason):
    match = best(screener, party, country)
    assert match is not None, party
    assert match.entry_id == entry_id
    assert reason in match.reasons
    assert 0.86 <= match.score <= 1.0


@pytest.mark.parametrize("party", [
    "Aerospace Komplekt Solutions GmbH",     # shares words with a listed firm, is another firm
    "Yuri Shevchenko",                       # same first name, other surname
    "Aleksey Morozkin Trading",              # similar surname, other party
    "Shenzhen Huaxin Electronics Co., Ltd.",  # same city and trade, other name
    "深圳华信电子有限公司",
    "Koryo Tours Ltd",
    "General Motors",
    "Pars Oil Trading FZE",
])
def test_hard_negatives_are_cleared(screener, party):
    assert best(screener, party) is None, screener.screen(Party("p", party))


def test_matches_are_best_first_and_one_per_entry():
    entries = [Entry("L", "1", "Almaz Trading LLC", aliases=("Almaz Trade",)), Entry("L", "2", "Almaz Tradin")]
    matches = Screener(entries).screen(Party("p", "Almaz Trading"))
    assert [m.entry_id for m in matches] == ["1", "2"]
    assert matches[0].score >= matches[1].score


def test_a_country_on_another_list_country_lowers_the_score():
    s = Screener([Entry("L", "1", "Norvex Machinery", countries=("IR",))])
    same, other = s.screen(Party("a", "Norvex Machinery", "IR"))[0], s.screen(Party("b", "Norvex Machinery", "US"))[0]
    assert "country_match" in same.reasons and same.score > other.score
