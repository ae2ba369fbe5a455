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


def test_a_viewed_graph_changes_in_a_delta_of_its_own_and_answers_like_a_graph_changed_in_place(tmp_path):
    """A worker's change to a mapped graph (the shared file stays as it is, unread into memory): added slots go to
    a small graph of its own, removed ones are skipped; results, masked or not, are those of a graph changed in
    place, and `save` writes the merged graph."""
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(600, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    base = DenseIndex(dim=16, dtype="f32")
    base.add(np.arange(500), vectors[:500])
    base.save(tmp_path / "graph.usearch")
    viewed = DenseIndex.load(tmp_path / "graph.usearch", 16, "f32", view=True)
    owned = DenseIndex.load(tmp_path / "graph.usearch", 16, "f32")
    for index in (viewed, owned):
        index.add(np.arange(500, 600), vectors[500:])
        index.remove([3, 7, 550])
    assert viewed.index is not None and len(viewed.index) == 500 and len(viewed.delta) == 99  # file untouched
    assert len(viewed) == len(owned) == 597
    assert viewed.vector(3) is None and np.allclose(viewed.vector(520), vectors[520], atol=1e-6)
    queries = vectors[[3, 7, 520, 550, 10]]
    allowed = np.zeros(600, dtype=bool)
    allowed[[3, 40, 510, 599]] = True
    removed = [3, 7, 550]

    def exact(query: np.ndarray, mask: np.ndarray | None) -> set[int]:
        sims = vectors @ query
        sims[removed] = -np.inf
        if mask is not None:
            sims[~mask] = -np.inf
        return {int(slot) for slot in np.argsort(-sims)[:10] if np.isfinite(sims[slot])}

    for mask in (None, allowed):
        got = viewed.search_many(queries, k=10, allowed=[mask] * len(queries))
        want = owned.search_many(queries, k=10, allowed=[mask] * len(queries))
        for query, (slots, sims), (w_slots, w_sims) in zip(queries, got, want, strict=True):
            assert not set(removed) & set(slots.tolist())
            truth = exact(query, mask)
            # Both are approximate (graphs built on several threads differ from run to run): each finds the exact
            # neighbours but at most one, with the same similarities where they agree.
            for found in (slots, w_slots):
                assert len(set(found.tolist()) & truth) >= len(truth) - 1
            common = set(slots.tolist()) & set(w_slots.tolist())
            ours = dict(zip(slots.tolist(), sims, strict=True))
            theirs = dict(zip(w_slots.tolist(), w_sims, strict=True))
            assert all(np.isclose(ours[slot], theirs[slot], atol=1e-5) for slot in common)
    viewed.save(tmp_path / "merged.usearch")
    merged = DenseIndex.load(tmp_path / "merged.usearch", 16, "f32")
    assert len(merged) == 597 and merged.vector(550) is None and np.allclose(merged.vector(599), vectors[599])


def test_a_small_index_answers_the_exact_nearest_neighbours_whatever_the_build():
    # up to EXACT_UP_TO vectors the search is exhaustive: the same answer as brute force, in every build (an HNSW
    # graph built on several threads could swap near neighbours from one build to the next)
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((3000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = rng.standard_normal((20, 64)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    expected = np.argsort(-(queries @ vectors.T), axis=1)[:, :50]
    for _build in range(2):
        index = DenseIndex(dim=64, dtype="f32")
        index.add(np.arange(3000), vectors, threads=2)
        found = index.search_many(queries, 50, [None] * 20)
        assert [keys.tolist() for keys, _ in found] == expected.tolist()
