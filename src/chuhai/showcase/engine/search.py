"""The showcase's product search: BM25 over the matching engine's multilingual tokenizer (glossary
concepts, so "peluca" finds 假发 and "wig"), built once over a snapshot of the listed products."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from chuhai.matching.engine.lexical import LexicalIndex, TokenStore

MAX_QUERY_CHARS = 200


class ProductSearch:
    """Ranks documents (id, text) for a free-text query in any language. Built once over every document, then
    kept current by `updated` copies: a changed document's old slot becomes a tombstone (weight 0) and its new
    text goes to the index's delta (scored with the base's statistics), so a change costs its own tokens and a
    copy of the id map, not a rebuild (at a million products a rebuild took 155 s in the supervisor)."""

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

    def updated(self, documents: Sequence[tuple[int, str]], removed: Iterable[int] = ()) -> ProductSearch:
        """A copy with these documents replaced (the new ones added) and the `removed` ids dropped. This search is
        left as it is: a query running on it in another thread never sees half an update. The copy shares the
        built base (never changed after the build) and copies what an update changes: the weights, the id map,
        the vocabulary and the delta's token arrays (which `TokenStore.append` replaces, never changes)."""
        documents = list({doc_id: (doc_id, text) for doc_id, text in documents}.values())  # the last of an id
        new = copy.copy(self)
        new.index = copy.copy(self.index)
        new.index.store = copy.copy(self.index.store)
        new.index.store.vocab = dict(self.index.store.vocab)
        new.weight, new.slot_of = self.weight.copy(), dict(self.slot_of)
        for doc_id in [*removed, *(doc_id for doc_id, _ in documents)]:
            slot = new.slot_of.pop(int(doc_id), None)
            if slot is not None:
                new.weight[slot] = 0.0
        if documents:
            start = len(new.ids)
            new.index.store.append([new.tokenizer(text) for _, text in documents])
            added = np.fromiter((doc_id for doc_id, _ in documents), dtype=np.int64, count=len(documents))
            new.ids = np.concatenate([new.ids, added])
            new.weight = np.concatenate([new.weight, np.ones(len(documents), dtype=np.float32)])
            new.slot_of.update((int(doc_id), start + n) for n, doc_id in enumerate(added))
        return new

    def search(self, query: str, k: int = 500) -> list[int]:
        """The ids of up to `k` documents that share a term with `query`, best first."""
        tokens = self.tokenizer(query[:MAX_QUERY_CHARS])
        if not tokens or not self.slot_of:
            return []
        slots, _scores = self.index.search_many([tokens], k, self.weight)[0]
        return [int(self.ids[slot]) for slot in slots]
