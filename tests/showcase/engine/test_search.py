"""The showcase's product search kept current document by document (chuhai.showcase.engine.search)."""

from __future__ import annotations

from chuhai.matching.engine.tokenizer import Tokenizer
from chuhai.showcase.engine.search import ProductSearch

DOCUMENTS = [(1, "13x4 lace front wig human hair body wave"), (2, "ceramic brake pads for Toyota Corolla"),
             (3, "velvet three seat sofa grey"), (4, "acoustic guitar 41 inch solid spruce top")]


def test_an_update_replaces_adds_and_drops_documents_like_a_rebuild():
    tokenizer = Tokenizer()
    search = ProductSearch(DOCUMENTS, tokenizer)
    search.update([(2, "leather office chair with armrests"), (5, "mink false eyelashes 3D")], removed=[3])
    search.update([(5, "mink false eyelashes 3D 25mm")])  # changed again: its first new slot is dropped too
    rebuilt = ProductSearch([(1, DOCUMENTS[0][1]), (2, "leather office chair with armrests"), (4, DOCUMENTS[3][1]),
                             (5, "mink false eyelashes 3D 25mm")], tokenizer)
    assert len(search) == len(rebuilt) == 4
    for query in ("brake pads", "office chair", "sofa", "eyelashes", "假睫毛", "wig", "guitar"):
        assert search.search(query) == rebuilt.search(query), query
    assert search.search("brake pads") == [] and search.search("sofa") == []
    assert search.search("eyelashes") == [5]  # once, though it was added twice
    assert 0 < search.changed_share <= 1
