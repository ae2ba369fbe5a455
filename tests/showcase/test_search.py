"""The showcase's search follows the catalogue by reading only what changed (chuhai.showcase.service)."""

from __future__ import annotations

import pytest

from chuhai.showcase import repository, service
from tests import factories
from tests.conftest import recorded_ids


@pytest.fixture
def read_documents(monkeypatch) -> list:
    """The `ids` each read of search documents asked for (None: every product)."""
    return recorded_ids(monkeypatch, repository, "search_documents")


def _found(session, query: str) -> list[int]:
    return [product.id for product in service.search_products(session, query, size=100).items]


def test_a_change_reindexes_only_the_products_it_touched(session, read_documents):
    service._search_cache.entries.clear()
    maker = factories.enterprise(session)
    products = [factories.product(session, maker, title_en=f"Lace front wig {n}", title_zh=None) for n in range(30)]
    guitar = factories.product(session, maker, title_en="Acoustic guitar 41 inch", title_zh=None,
                               category="instruments")
    session.commit()
    assert set(_found(session, "lace wig")) == {p.id for p in products} and read_documents == [None]
    entry = service._search_cache.entries[str(session.get_bind().url)]

    products[0].title_en, products[0].category = "Velvet three seat sofa", "furniture"  # edited
    products[1].status = "archived"
    products[2].showcase_hidden = True
    sofa_maker_product = factories.product(session, maker, title_en="Leather corner sofa", title_zh=None,
                                           category="furniture")
    session.commit()
    assert set(_found(session, "sofa")) == {products[0].id, sofa_maker_product.id}
    assert set(_found(session, "lace wig")) == {p.id for p in products[3:]}  # archived and hidden are out
    assert read_documents[1:] == [{products[0].id, products[1].id, products[2].id, sofa_maker_product.id}]
    updated = service._search_cache.entries[str(session.get_bind().url)]
    assert updated.search.index.base is entry.search.index.base  # not rebuilt: the built base is shared

    products[2].showcase_hidden = False  # shown again: listed again without being re-read as a new text
    session.commit()
    assert products[2].id in _found(session, "lace wig")
    assert _found(session, "guitar") == [guitar.id]


def test_a_change_to_a_large_share_of_the_catalogue_rebuilds(session, read_documents):
    service._search_cache.entries.clear()
    maker = factories.enterprise(session)
    products = [factories.product(session, maker, title_en=f"Lace front wig {n}", title_zh=None) for n in range(5)]
    session.commit()
    _found(session, "wig")
    for product in products[:2]:  # 40 %: more than REBUILD_SHARE
        product.title_en, product.category = "Mink false eyelashes", "eyelashes"
    session.commit()
    assert set(_found(session, "eyelashes")) == {p.id for p in products[:2]}
    assert read_documents == [None, None]


def test_an_enterprise_change_reaches_its_products(session, read_documents):
    service._search_cache.entries.clear()
    maker = factories.enterprise(session)
    others = factories.enterprise(session)
    mine = factories.product(session, maker, title_en="Lace front wig", title_zh=None)
    for n in range(10):
        factories.product(session, others, title_en=f"Brake pad set {n}", title_zh=None, category="auto_parts")
    session.commit()
    assert _found(session, "lace wig") == [mine.id]
    maker.showcase_hidden = True  # the whole enterprise leaves the showcase
    session.commit()
    assert _found(session, "lace wig") == []
    assert read_documents[1:] == [{mine.id}]


def test_a_build_does_not_keep_every_documents_tokens(session, monkeypatch):
    # The tokenizer caches the tokens of each text it saw: after a build, every product's (~3 GB at a million).
    service._search_cache.entries.clear()
    monkeypatch.setattr(service, "SEARCH_TOKENS_KEPT", 5)
    maker = factories.enterprise(session)
    for n in range(12):
        factories.product(session, maker, title_en=f"Lace front wig {n}", title_zh=None)
    session.commit()
    assert len(_found(session, "wig")) == 12
    assert len(service._tokenizer(None)._cache) <= 5 + 1  # the query's own
