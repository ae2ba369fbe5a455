import math

import numpy as np

from chuhai.matching.engine.lexical import K1, B, LexicalIndex, TokenStore

BASE = [["wig", "lace", "13x4"], ["wig", "bob"], ["brake", "pad"], ["lace", "curtain", "white"], []]
DELTA = [["wig", "wig", "lace", "new"], ["new", "token"], ["brake"]]


def lucene(tf, dl, df, n, avgdl):
    return math.log(1 + (n - df + 0.5) / (df + 0.5)) * tf / (tf + K1 * (1 - B + B * dl / avgdl))


def test_delta_documents_are_scored_with_the_base_statistics():
    store = TokenStore()
    store.append(BASE)
    index = LexicalIndex(store)
    index.compact(np.ones(len(BASE), dtype=bool))
    store.append(DELTA)
    weight = np.ones(len(store), dtype=np.float32)
    query = ["wig", "lace", "new"]
    (slots, scores), = index.search_many([query], k=10, weight=weight)
    found = dict(zip(slots.tolist(), scores.tolist(), strict=False))

    n, avgdl = len(BASE), sum(map(len, BASE)) / len(BASE)
    df = {t: sum(t in d for d in BASE) for t in query}
    for slot, doc in enumerate(BASE + DELTA):
        expected = sum(lucene(doc.count(t), len(doc), df[t], n, avgdl) for t in query if doc.count(t))
        assert math.isclose(found.get(slot, 0.0), expected, rel_tol=1e-5), (slot, doc)
    assert list(slots[:1]) == [5]  # the delta's "wig wig lace new" beats every base document


def test_zero_weight_hides_documents_in_both_segments():
    store = TokenStore()
    store.append(BASE)
    index = LexicalIndex(store)
    index.compact(np.ones(len(BASE), dtype=bool))
    store.append(DELTA)
    weight = np.ones(len(store), dtype=np.float32)
    weight[[0, 5]] = 0
    (slots, _), = index.search_many([["wig"]], k=10, weight=weight)
    assert sorted(slots.tolist()) == [1]
