"""Feedback from the catalogue itself (chuhai.matching.engine.hybrid): a demand one of whose words no
product has ("Fishing Lures" where titles say "Crankbait … Treble Hooks") searches BM25 again with the
words its first results share; a demand whose words all occur, or that names a glossary product, is
left as it was."""

import dataclasses

import numpy as np
import pytest

from chuhai.matching.engine import dense
from chuhai.matching.engine.hybrid import HybridCorpus
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import CatalogItem

AXES = {"crankbait": 0, "popper": 0, "swimbait": 0, "bait": 0, "lures": 0, "fishing": 1}


class KeywordEmbedder:
    """e5's place taken by one axis for the words of lures, one for "fishing" and one per other word, so
    that what the dense side finds is known in advance: the lures first, then the reel and the rod."""

    name, dim = dense.E5Embedder.name, dense.DIM

    def _embed(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, AXES.get(word, 2 + sum(map(ord, word)) % (self.dim - 2))] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def embed_queries(self, texts):
        return self._embed(texts)

    def embed_passages(self, texts):
        return self._embed(texts)


TITLES = {
    "lure-a": "Minnow Crankbait Hard Bait Treble Hooks",
    "lure-b": "Popper Topwater Bait Treble Hooks",
    "lure-c": "Swimbait Paddle Tail Soft Bait",
    "reel": "Spinning Fishing Reel Metal Spool",
    "rod": "Telescopic Fishing Rod Carbon Pole",
    "mat": "TPE Non Slip Exercise Pad Pilates",
    "pan": "Nonstick Skillet Induction Cookware",
    "peeler": "Swivel Blade Potato Skinner",
}


@pytest.fixture(scope="module")
def items():
    return [CatalogItem(pid, "e-" + pid, title_en=title) for pid, title in TITLES.items()]


def ranked(index: MatchIndex, text: str) -> list[str]:
    return index.rank([text])[0]


def without_feedback(items) -> MatchIndex:
    index = MatchIndex.build(items, embedder=KeywordEmbedder())
    index.corpus.fusion = dataclasses.replace(index.corpus.fusion, feedback_docs=0)
    return index


def test_a_word_no_product_has_brings_the_words_its_first_results_share(items):
    index = MatchIndex.build(items, embedder=KeywordEmbedder())
    before = ranked(without_feedback(items), "fishing lures")
    after = ranked(index, "fishing lures")
    # BM25 alone knows only "fishing": the reel and the rod come before every lure
    assert set(before[:2]) == {"reel", "rod"}
    # the lures the embedding found share "bait", "treble", "hooks": BM25 searched again with them
    assert set(after[:2]) == {"lure-a", "lure-b"}
    assert all(after.index(lure) < before.index(lure) for lure in ("lure-a", "lure-b"))
    assert ranked(index, "fishing lures") == after  # deterministic
    corpus = index.corpus
    tokens = corpus._query_tokens("fishing lures")
    assert corpus._lacks_a_word(tokens)
    shared = corpus._feedback_terms(tokens, corpus.candidates(["fishing lures"], [None])[0])
    assert "bait" in shared and "fish" not in shared and len(shared) <= corpus.fusion.feedback_terms


def test_a_demand_whose_words_all_occur_is_left_as_it_was(items):
    index = MatchIndex.build(items, embedder=KeywordEmbedder())
    assert not index.corpus._lacks_a_word(index.corpus._query_tokens("fishing reel"))
    assert ranked(index, "fishing reel") == ranked(without_feedback(items), "fishing reel")


def test_a_demand_naming_a_glossary_product_is_left_as_it_was(items):
    index = MatchIndex.build(items, embedder=KeywordEmbedder())
    tokens = index.corpus._query_tokens("wig for fishing qzwrx")
    assert "~wig" in tokens and not index.corpus._lacks_a_word(tokens)
    assert ranked(index, "wig for fishing qzwrx") == ranked(without_feedback(items), "wig for fishing qzwrx")


def test_chinese_words_with_english_translations_do_not_count_as_missing(items):
    index = MatchIndex.build(items, embedder=KeywordEmbedder())
    corpus = index.corpus
    assert not corpus._lacks_a_word(["钓鱼", "fish", "reel"])  # the translations occur
    assert corpus._lacks_a_word(["钓鱼"])  # nothing else to go by


def test_the_reverse_direction_gets_no_feedback():
    """Open demands searched by a product's text (doc_role "query") are ranked as before."""
    runs = []
    for feedback_docs in (5, 0):
        corpus = HybridCorpus(KeywordEmbedder(), doc_role="query")
        corpus.fusion = dataclasses.replace(corpus.fusion, feedback_docs=feedback_docs)
        corpus.add(list(TITLES), list(TITLES.values()))
        runs.append([(c.slot, c.relevance) for c in corpus.candidates(["fishing lures"], [None])[0]])
    assert runs[0] == runs[1] and runs[0]
