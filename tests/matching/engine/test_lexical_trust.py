"""Confidence-aware fusion (chuhai.matching.engine.hybrid, `Fusion.unsure_lexical_factor`): a demand that names
no kind of product the glossary knows ("Makeup Brushes") has little lexical evidence, so BM25's pick of a title
that merely repeats one of its words ("Hot Air Brush … Brush") no longer outweighs the embedding's pick;
a demand naming a glossary product, or written in Chinese, keeps the usual balance."""

import dataclasses

import numpy as np
import pytest

from chuhai.matching.engine import dense
from chuhai.matching.engine.glossary import is_concept_token
from chuhai.matching.engine.hybrid import HybridCorpus
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import CatalogItem

TITLES = {
    "right": "Kabuki Contour Makeup Duo",  # a makeup brush that does not say "brush"
    "wrong": "Hot Air Brush Round Brush Volumizer",  # says "brush" twice, is a hair styler
    "case": "Pencil Case Zipper Pouch",
    "notes": "Sticky Notes Pastel Pad",
    "reel": "Fishing Reel Spool",
}
# cosine of each title with the demand "makeup brushes": the embedding's order is right, wrong, case, notes, reel
COSINE = {"right": 0.9, "wrong": 0.6, "case": 0.5, "notes": 0.4, "reel": 0.3}


class ChosenEmbedder:
    """e5's place taken by vectors whose cosine with any demand is set per title (axis 0 is the demand's), so
    that the embedding's order is known in advance."""

    name, dim = dense.E5Embedder.name, dense.DIM

    def embed_queries(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, 0] = 1.0
        return out

    def embed_passages(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            pid = next((p for p, title in TITLES.items() if text.startswith(title)), None)
            if pid is None:  # a demand embedded as a passage (the reverse direction)
                out[i, 0] = 1.0
                continue
            out[i, 0] = COSINE[pid]
            out[i, 1 + list(TITLES).index(pid)] = np.sqrt(1 - COSINE[pid] ** 2)
        return out


@pytest.fixture(scope="module")
def items():
    return [CatalogItem(pid, "e-" + pid, title_en=title) for pid, title in TITLES.items()]


def test_a_demand_without_a_glossary_product_leans_on_the_embedding(items):
    index = MatchIndex.build(items, embedder=ChosenEmbedder())
    demand = "Makeup Brushes"
    assert not any(is_concept_token(t) for t in index.corpus._query_tokens(demand))
    # the two sides disagree: BM25 puts the title repeating "brush" first, the embedding the makeup duo
    assert index.rank([demand], "lexical")[0][:2] == ["wrong", "right"]
    assert index.rank([demand], "dense")[0][:2] == ["right", "wrong"]
    assert index.rank([demand])[0][0] == "right"
    # with the lexical side trusted as for a glossary product, its pick wins: the setting is what decides
    index.corpus.fusion = dataclasses.replace(index.corpus.fusion, unsure_lexical_factor=1.0)
    assert index.rank([demand])[0][0] == "wrong"


def test_the_first_result_of_both_sides_still_scores_one(items):
    index = MatchIndex.build(items, embedder=ChosenEmbedder())
    top = index.corpus.candidates(["Kabuki Contour Makeup Duo"], [None])[0][0]
    assert index.corpus.ids[top.slot] == "right" and (top.lexical_rank, top.dense_rank) == (1, 1)
    assert top.relevance == pytest.approx(1.0)


def test_a_glossary_product_or_chinese_words_keep_the_balance():
    corpus = HybridCorpus(ChosenEmbedder())
    f = corpus.fusion
    assert f.unsure_lexical_factor < 1.0 and f.unsure_dense_only_weight > f.dense_only_weight
    assert corpus._lexical_trust(corpus._query_tokens("human hair wig"), 1.0) == (1.0, f.dense_only_weight)
    assert corpus._lexical_trust(corpus._query_tokens("化妆刷"), 1.0) == (1.0, f.dense_only_weight)
    plain = corpus._query_tokens("makeup brushes")
    assert corpus._lexical_trust(plain, 1.0) == (f.unsure_lexical_factor, f.unsure_dense_only_weight)


def test_the_reverse_direction_keeps_the_balance():
    """Open demands searched by a product's text (doc_role "query") are ranked as before."""
    runs = []
    for factor in (0.5, 1.0):
        corpus = HybridCorpus(ChosenEmbedder(), doc_role="query")
        corpus.fusion = dataclasses.replace(corpus.fusion, unsure_lexical_factor=factor)
        corpus.add(list(TITLES), list(TITLES.values()))
        runs.append([(c.slot, c.relevance) for c in corpus.candidates(["Makeup Brushes"], [None])[0]])
    assert runs[0] == runs[1] and runs[0]
