from chuhai.matching.engine.glossary import LANGUAGES, concept_token, is_concept_token, load_glossary
from chuhai.matching.engine.tokenizer import Tokenizer, normalise

tok = Tokenizer()


def test_plural_and_singular_fold_to_one_token():
    assert tok("wigs") == tok("wig")
    assert tok("Eyelashes") == tok("eyelash")
    assert tok("brake pads") == tok("brake pad")


def test_same_product_noun_in_ten_languages_shares_a_concept_token():
    texts = ["wig", "假发", "peluca", "парики", "ウィッグ", "rambut palsu",
             "Perücken", "perruques", "perucas", "가발을"]
    concept_sets = [{t for t in tok(text) if is_concept_token(t)} for text in texts]
    assert all(s == concept_sets[0] and s for s in concept_sets), concept_sets


def test_chinese_is_segmented_and_glossary_terms_win_over_segmentation():
    tokens = tok("陶瓷刹车片 丰田凯美瑞")
    assert tokens.count("~brake_pad") == 1 and "~ceramic" in tokens
    assert "刹车" not in tokens  # the glossary took the whole term


def test_korean_spacing_and_particles_do_not_hide_terms():
    assert "~brake_pad" in tok("브레이크 패드를 구매") and "~brake_pad" in tok("브레이크패드")


def test_lace_sizes_and_accents_are_normalised():
    assert "13x4" in tok("13×4 lace") and "13x4" in tok("13 * 4 lace")
    assert normalise("Pestañas MAGNÉTICAS") == "pestanas magneticas"
    assert normalise("が") == "が"  # kana keep their voicing marks


def test_anchor_tokenizer_has_no_concepts():
    plain = Tokenizer(glossary=False, stem=False, stopwords=False)
    assert not any(is_concept_token(t) for t in plain("human hair wigs 假发"))
    assert "wigs" in plain("human hair wigs")


def test_glossary_rows_are_complete_and_every_term_finds_its_own_concept():
    glossary = load_glossary()
    assert len(glossary.concepts) > 100
    shadowed = []
    for concept, by_language in glossary.terms.items():
        assert by_language["en"] and by_language["zh"], concept
        for language in LANGUAGES:
            for term in by_language[language]:
                # a one-character Japanese-only term is looked for in Japanese text only (see the test below)
                text = term + "を" if normalise(term) in tok.matcher.japanese_only else term
                if concept_token(concept) not in tok(text):
                    shadowed.append((concept, term, tok(text)))
    assert not shadowed  # a term listed under two concepts, or swallowed by a longer term


def test_a_japanese_one_character_term_is_not_looked_for_inside_chinese_words():
    # 机 is "desk" in Japanese but the second half of 手机 ("mobile phone") in Chinese; 庭 likewise of 家庭
    assert "~table" not in tok("手机壳") and "~table" not in tok.query_tokens("手机壳")
    assert "~outdoor" not in tok("家庭用")
    assert "~table" in tok("木製の机") and "~table" in tok("机を買いたい")
    assert "~table" in tok("折叠桌子")  # the Chinese terms are looked for everywhere


def test_after_the_bulk_indexing_the_cache_keeps_a_bounded_number_of_texts():
    # Every distinct query a public search box receives would otherwise stay cached, up to a million texts.
    tokenizer = Tokenizer(glossary=False)
    for n in range(10):
        tokenizer(f"catalogue title {n}")
    tokenizer.trim_cache(keep=3)
    assert len(tokenizer._cache) == 0  # more than it may keep: cleared
    for n in range(10):
        tokenizer(f"query {n}")
    assert len(tokenizer._cache) == 3
    assert tokenizer("query 9") == tokenizer("query 9")  # uncached texts are still tokenised


def test_the_english_possessive_leaves_no_token_of_its_own():
    tokenizer = Tokenizer()
    assert tokenizer("Women's Pumps") == tokenizer("Women Pumps")
    assert tokenizer("Men’s Loafers") == tokenizer("Men Loafers")
    assert "s" in tokenizer("T-shirt size S M L")  # a size S is a word
