"""The cross-lingual query vocabulary: mined catalogue pairs, the CC-CEDICT dictionary, query expansion."""

from chuhai.matching.engine.bilingual import (
    clean_glosses,
    load_cedict,
    load_mined,
    mine_term_pairs,
    parse_cedict,
)
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import CatalogItem
from chuhai.matching.engine.tokenizer import Tokenizer

tok = Tokenizer()


def test_dictionary_keeps_noun_glosses_and_drops_classifiers_surnames_and_verbs():
    assert clean_glosses(["wrist watch", "CL:塊|块[kuai4]"]) == ["wrist watch"]
    assert clean_glosses(["(finger) ring"]) == ["ring"]
    assert clean_glosses(["surname Li", "plum"]) == ["plum"]
    assert clean_glosses(["to run", "to jog"]) == ["run", "jog"]  # verbs only when nothing else
    assert clean_glosses(["to grab", "claw"]) == ["claw"]
    parsed = parse_cedict(["# comment", "手錶 手表 [shou3 biao3] /wrist watch/CL:塊|块[kuai4]/",
                           "李 李 [Li3] /surname Li/", "李 李 [li3] /plum/"])
    assert parsed == {"手表": ("wrist watch",), "李": ("plum",)}


def test_the_shipped_dictionary_translates_product_words_outside_the_glossary():
    cedict = load_cedict()
    assert len(cedict) > 50_000
    assert cedict["项链"] == ("necklace",)
    assert "frying pan" in cedict["平底锅"]
    assert "screwdriver" in cedict["螺丝刀"]


def test_mining_links_words_one_to_one_and_drops_unresolvable_ties():
    corpus = (
        [(["手表", "钢带"], ["watch", "steel", "band"])] * 4
        + [(["手表", "皮带"], ["watch", "leather", "strap"])] * 4
        + [(["项链"], ["necklace", "chain"])] * 3
        + [(["罕见"], ["rare"])] * 2
    )
    rows = {(z, e): (n, d, c) for z, e, n, d, c in mine_term_pairs(corpus, min_count=3)}
    assert ("手表", "watch") in rows and rows[("手表", "watch")][:2] == (8, 1.0)
    # necklace and chain always occur together: a tie the counts cannot break, so nothing is linked…
    assert not any(z == "项链" for z, _ in rows)
    # …unless the dictionary confirms one of them
    confirmed = mine_term_pairs(corpus, min_count=3, confirm=lambda z, e: (z, e) == ("项链", "necklace"))
    assert ("项链", "necklace", 3, 1.0, True) in confirmed
    assert not any(z == "罕见" for z, *_ in confirmed)  # seen twice: below min_count
    assert len({e for _, e, *_ in confirmed}) == len(confirmed)  # one-to-one


def test_nested_chinese_words_from_search_mode_segmentation_do_not_count_as_a_tie():
    corpus = [(["保温", "保温杯", "儿童"], ["vacuum", "kid"]), (["保温", "保温杯"], ["vacuum", "bottl"]),
              (["保温", "保温杯", "不锈"], ["vacuum", "steel"])]
    rows = mine_term_pairs(corpus, min_count=3)
    assert [(z, e) for z, e, *_ in rows] == [("保温杯", "vacuum")]


def test_mined_file_has_known_pairs_from_the_catalogue():
    mined = load_mined()
    assert mined["抽屉"] == "drawer"
    assert mined["镊子"] == "tweezer"
    assert mined["冬季"] == "winter"
    assert "人" not in mined  # an unconfirmed, loose pair (人 → rectangular) is not used


def test_query_tokens_add_english_for_chinese_words_the_glossary_lacks():
    tokens = tok.query_tokens("瑜伽垫")
    assert "瑜伽" in tokens and "yoga" in tokens
    assert {"fri", "pan"} <= set(tok.query_tokens("平底锅"))
    assert "flat" not in tok.query_tokens("平底锅")  # 平底 is inside the translated 平底锅
    # glossary terms are left to the glossary, documents are not expanded
    assert tok.query_tokens("陶瓷刹车片") == tok("陶瓷刹车片")
    assert tok("瑜伽垫") == ["瑜伽", "垫"]
    assert Tokenizer(translate=False).query_tokens("瑜伽垫") == tok("瑜伽垫")


def test_no_translation_where_the_glossary_named_the_product_or_the_text_is_japanese():
    # 假发 is a glossary product: the leftover 批发 stays Chinese only
    assert tok.query_tokens("假发 批发 平底锅") == tok("假发 批发 平底锅")
    assert tok.query_tokens("ヨガマット 平底鍋") == tok("ヨガマット 平底鍋")


def test_a_chinese_query_finds_english_only_titles():
    items = [CatalogItem(product_id="mat", enterprise_id="e", title_en="TPE Yoga Mat 6mm Non Slip"),
             CatalogItem(product_id="pan", enterprise_id="e", title_en="Nonstick Frying Pan 28cm"),
             CatalogItem(product_id="pen", enterprise_id="e", title_en="Ballpoint Pens Black Ink 50 Pack")]
    index = MatchIndex.build(items, embedder=None)
    assert index.rank(["瑜伽垫"], "lexical")[0][0] == "mat"
    assert index.rank(["平底锅"], "lexical")[0][0] == "pan"
    assert index.rank(["圆珠笔"], "lexical")[0][0] == "pen"
    before = MatchIndex.build(items, embedder=None, tokenizer=Tokenizer(translate=False))
    assert before.rank(["瑜伽垫"], "lexical")[0] == []


def test_a_chinese_query_nothing_translates_gets_its_characters_first_glosses():
    tok = Tokenizer()
    # neither the mined pairs nor CC-CEDICT know 女靴 or 鞋架, and jieba keeps each whole
    assert {"boot"} <= set(tok.query_tokens("女靴"))
    assert {"shoe"} <= set(tok.query_tokens("鞋架"))


def test_beside_a_translated_word_no_character_is_glossed_alone():
    # 电钻 "electric drill" is known; 无绳 "cordless" is not, and its characters (not + rope) would be noise
    tokens = Tokenizer().query_tokens("无绳电钻")
    assert "drill" in tokens
    assert "rope" not in tokens


def test_a_short_chinese_name_translates_its_leftover_words_even_beside_a_glossary_product():
    tok = Tokenizer()
    # 智能 is a glossary word (smart home); in a name as short as a category's, 手表 still gets "watch"
    assert "watch" in tok.query_tokens("智能手表")
    # in a demand the glossary's products stand alone (translating the rest cost the belts' figures)
    demand = tok.query_tokens("求购13x4蕾丝前头套假发，巴西真人发，身体波浪，22英寸")
    assert not any(t.isascii() and t.isalpha() for t in demand)
