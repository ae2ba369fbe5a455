import numpy as np

from chuhai.matching.engine.dense import DenseIndex, query_focus


def test_query_focus_keeps_the_product_sentence():
    rfq = "We are looking for velvet sofas (3 seats). Quantity: 20 pcs. Target price 321 USD, delivered to Felixstowe."
    assert query_focus(rfq) == "We are looking for velvet sofas (3 seats)."
    assert query_focus("求购13x4蕾丝前头套假发。数量100。") == "求购13x4蕾丝前头套假发。"
    assert query_focus("2.5 kg garlic powder bags") == "2.5 kg garlic powder bags"
    assert len(query_focus("wig " * 200)) == 160


def test_masked_search_returns_only_allowed_slots_even_when_they_are_far():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(2000, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = DenseIndex(dim=16, dtype="f32")
    index.add(np.arange(2000), vectors)
    query = vectors[:1]
    allowed = np.zeros(2000, dtype=bool)
    allowed[[1500, 1700, 1999]] = True  # not among the query's nearest neighbours
    (slots, _sims), = index.search_many(query, k=5, allowed=[allowed])
    assert set(slots.tolist()) <= {1500, 1700, 1999} and len(slots) >= 1
    (free, _), = index.search_many(query, k=5, allowed=[None])
    assert free[0] == 0 and len(free) == 5
    index.remove([0])
    (after, _), = index.search_many(query, k=5, allowed=[None])
    assert 0 not in after.tolist()
