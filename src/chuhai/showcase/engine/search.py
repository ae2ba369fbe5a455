"""The showcase's product search: BM25 over the matching engine's multilingual tokenizer (glossary
concepts, so "peluca" finds 假发 and "wig"), built once over a snapshot of the listed products."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from chuhai.matching.engine.lexical import LexicalIndex, TokenStore

MAX_QUERY_CHARS = 200


class ProductSearch:
    """Ranks documents (id, text) for a free-text query in any language. Built once over every document, then
    kept current by `update`: a changed document's old slot becomes a tombstone (weight 0) and its new text goes
    to the index's delta (scored with the base's statistics), so a change costs its own tokens, not a rebuild
    (at a million products a rebuild is ~45 s of CPU in every worker)."""

    def __init__(self, documents: Sequence[tuple[int, str]], tokenizer: Callable[[str], list[str]]):
        self.tokenizer = tokenizer
        self.ids = np.fromiter((doc_id for doc_id, _ in documents), dtype=np.int64, count=len(documents))
        self.slot_of = {int(doc_id): slot for slot, doc_id in enumerate(self.ids)}
        store = TokenStore()
        store.append([tokenizer(text) for _, text in documents])
        self.index = LexicalIndex(store)
        self.index.compact(np.ones(len(documents), dtype=bool))
        self.weight = np.ones(len(documents), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.slot_of)

    @property
    def changed_share(self) -> float:
        """The slots added since the build, per document held: past a point a rebuild is cheaper to search."""
        return self.index.delta_size / max(len(self.slot_of), 1)

    def update(self, documents: Sequence[tuple[int, str]], removed: Iterable[int] = ()) -> None:
        """Replace these documents (add the new ones) and drop the `removed` ids."""
        documents = list({doc_id: (doc_id, text) for doc_id, text in documents}.values())  # the last of an id
        for doc_id in [*removed, *(doc_id for doc_id, _ in documents)]:
            slot = self.slot_of.pop(int(doc_id), None)
            if slot is not None:
                self.weight[slot] = 0.0
        if not documents:
            return
        start = len(self.ids)
        self.index.store.append([self.tokenizer(text) for _, text in documents])
        added = np.fromiter((doc_id for doc_id, _ in documents), dtype=np.int64, count=len(documents))
        self.ids = np.concatenate([self.ids, added])
        self.weight = np.concatenate([self.weight, np.ones(len(documents), dtype=np.float32)])
        self.slot_of.update((int(doc_id), start + n) for n, doc_id in enumerate(added))

    def search(self, query: str, k: int = 500) -> list[int]:
        """The ids of up to `k` documents that share a term with `query`, best first."""
        tokens = self.tokenizer(query[:MAX_QUERY_CHARS])
        if not tokens or not self.slot_of:
            return []
        slots, _scores = self.index.search_many([tokens], k, self.weight)[0]
        return [int(self.ids[slot]) for slot in slots]
