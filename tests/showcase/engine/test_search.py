"""The showcase's product search kept current document by document (chuhai.showcase.engine.search)."""

from __future__ import annotations

from chuhai.matching.engine.tokenizer import Tokenizer
from chuhai.showcase.engine.search import ProductSearch

DOCUMENTS = [(1, "13x4 lace front wig human hair body wave"), (2, "ceramic brake pads for Toyota Corolla"),
             (3, "velvet three seat sofa grey"), (4, "acoustic guitar 41 inch solid spruce top")]


def test_an_updated_copy_replaces_adds_and_drops_documents_like_a_rebuild():
    tokenizer = Tokenizer()
    built = ProductSearch(DOCUMENTS, tokenizer)
    search = built.updated([(2, "leather office chair with armrests"), (5, "mink false eyelashes 3D")], removed=[3])
    search = search.updated([(5, "mink false eyelashes 3D 25mm")])  # changed again: its first new slot drops too
    rebuilt = ProductSearch([(1, DOCUMENTS[0][1]), (2, "leather office chair with armrests"), (4, DOCUMENTS[3][1]),
                             (5, "mink false eyelashes 3D 25mm")], tokenizer)
    assert len(search) == len(rebuilt) == 4
    for query in ("brake pads", "office chair", "sofa", "eyelashes", "假睫毛", "wig", "guitar"):
        assert search.search(query) == rebuilt.search(query), query
    assert search.search("brake pads") == [] and search.search("sofa") == []
    assert search.search("eyelashes") == [5]  # once, though it was added twice
    assert 0 < search.changed_share <= 1
    # The search it was copied from is untouched: a query running on it in another thread meanwhile is unaffected.
    assert built.search("brake pads") == [2] and built.search("sofa") == [3] and built.search("eyelashes") == []
    assert len(built) == 4 and built.changed_share == 0
