"""The showcase's product search: BM25 over the matching engine's multilingual tokenizer (glossary
concepts, so "peluca" finds 假发 and "wig"), built once over a snapshot of the listed products."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from chuhai.matching.engine.lexical import LexicalIndex, TokenStore

MAX_QUERY_CHARS = 200


class ProductSearch:
    """Ranks documents (id, text) for a free-text query in any language."""

    def __init__(self, documents: Sequence[tuple[int, str]], tokenizer: Callable[[str], list[str]]):
        self.tokenizer = tokenizer
        self.ids = np.fromiter((doc_id for doc_id, _ in documents), dtype=np.int64, count=len(documents))
        store = TokenStore()
        store.append([tokenizer(text) for _, text in documents])
        self.index = LexicalIndex(store)
        self.index.compact(np.ones(len(documents), dtype=bool))
        self.weight = np.ones(len(documents), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, k: int = 500) -> list[int]:
        """The ids of up to `k` documents that share a term with `query`, best first."""
        tokens = self.tokenizer(query[:MAX_QUERY_CHARS])
        if not tokens or not len(self.ids):
            return []
        slots, _scores = self.index.search_many([tokens], k, self.weight)[0]
        return [int(self.ids[slot]) for slot in slots]
