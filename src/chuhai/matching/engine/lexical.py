"""BM25 over token ids, with incremental updates.

Layout. Every document has a *slot* (a row number that never changes); its token ids live in a
CSR token store. The *base* segment is a bm25s index (numba backend) over slots `[0, base_size)`;
slots appended later form the *delta*. A changed product gets a new slot and its old slot is
tombstoned, so updates never touch the base:

- a query scores the base with bm25s, passing `alive & eligible` as its weight mask, which zeroes
  tombstoned and hard-constraint-failing documents;
- it scores the delta in numpy with the base's statistics (IDF from the base's document
  frequencies plus the delta's own, the base's average length), so scores from both segments
  are on the same scale and merge into one ranking;
- `compact()` folds the delta into a new base (tombstoned slots become empty documents, slots
  keep their numbers). The owner calls it when the delta outgrows a fraction of the base.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

K1, B = 1.5, 0.75
# bm25s' numba backend costs ~7 s of JIT compilation per process; below this size the numpy
# backend answers in well under a millisecond anyway.
NUMBA_MIN_DOCS = 50_000


class TokenStore:
    """Token ids of every slot (CSR: one flat array plus offsets), and the vocabulary.

    `flat`/`offsets` hold the slots as loaded (mapped from the files with `mmap`, shared by the processes that
    load them); slots appended since go to a tail of this process's own (`tail_flat`/`tail_offsets`), so an added
    product costs its tokens, not a private copy of every product's."""

    def __init__(self):
        self.vocab: dict[str, int] = {}
        self.flat = np.zeros(0, dtype=np.int32)
        self.offsets = np.zeros(1, dtype=np.int64)
        self.tail_flat = np.zeros(0, dtype=np.int32)
        self.tail_offsets = np.zeros(1, dtype=np.int64)

    @property
    def base_slots(self) -> int:
        return len(self.offsets) - 1

    def __len__(self) -> int:
        return self.base_slots + len(self.tail_offsets) - 1

    def ids(self, tokens: list[str], grow: bool) -> list[int]:
        if grow:
            return [self.vocab.setdefault(t, len(self.vocab)) for t in tokens]
        return [self.vocab[t] for t in tokens if t in self.vocab]

    def append(self, docs: list[list[str]]) -> None:
        id_lists = [self.ids(d, grow=True) for d in docs]
        lengths = np.fromiter((len(d) for d in id_lists), dtype=np.int64, count=len(id_lists))
        flat = np.fromiter((i for d in id_lists for i in d), dtype=np.int32, count=int(lengths.sum()))
        self.tail_flat = np.concatenate([self.tail_flat, flat])
        self.tail_offsets = np.concatenate([self.tail_offsets, self.tail_offsets[-1] + np.cumsum(lengths)])

    def doc(self, slot: int) -> np.ndarray:
        if slot < self.base_slots:
            return self.flat[self.offsets[slot] : self.offsets[slot + 1]]
        slot -= self.base_slots
        return self.tail_flat[self.tail_offsets[slot] : self.tail_offsets[slot + 1]]

    def since(self, start: int) -> tuple[np.ndarray, np.ndarray]:
        """The token ids of slots `start`… (one flat array) and their offsets in it (one more than slots)."""
        if start >= self.base_slots:
            first = self.tail_offsets[start - self.base_slots]
            return self.tail_flat[first:], self.tail_offsets[start - self.base_slots :] - first
        first = self.offsets[start]
        flat = np.concatenate([self.flat[first:], self.tail_flat])
        offsets = np.concatenate([self.offsets[start:] - first, self.offsets[-1] - first + self.tail_offsets[1:]])
        return flat, offsets

    def columns(self) -> tuple[np.ndarray, np.ndarray]:
        """Every slot's token ids and offsets, as saved."""
        return self.since(0) if len(self.tail_offsets) > 1 else (self.flat, self.offsets)


class LexicalIndex:
    def __init__(self, store: TokenStore):
        self.store = store
        self.base = None
        self.base_size = 0
        self.base_vocab_size = 0
        self.base_df = np.zeros(0, dtype=np.int64)
        self.avgdl = 1.0

    @property
    def delta_size(self) -> int:
        return len(self.store) - self.base_size

    def compact(self, alive: np.ndarray) -> None:
        """(Re)build the base over all slots; tombstoned slots are indexed as empty documents."""
        import bm25s  # deferred: heavy (scipy, numba), loaded once an index is built

        n = len(self.store)
        flat, offsets = (column.tolist() for column in self.store.columns())
        docs = [flat[offsets[s] : offsets[s + 1]] if alive[s] else [] for s in range(n)]
        vocab = dict(self.store.vocab)  # bm25s adds its empty token to the dict it gets
        vocab_size = len(vocab)
        backend = "numba" if n >= NUMBA_MIN_DOCS else "numpy"
        retriever = bm25s.BM25(k1=K1, b=B, method="lucene", backend=backend)
        if n:
            retriever.index((docs, vocab), show_progress=False)
            self.base = retriever
            indptr = retriever.scores["indptr"]
            self.base_df = np.diff(indptr)[:vocab_size].astype(np.int64)
        else:
            self.base, self.base_df = None, np.zeros(0, dtype=np.int64)
        # the same average bm25s uses inside the base (tombstones count as empty documents)
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        self.avgdl = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        self.base_size = n
        self.base_vocab_size = vocab_size

    def _idf(self, token_ids: np.ndarray) -> np.ndarray:
        """IDF from the base's statistics only, so that delta and base scores are comparable; a
        token the base has never seen counts as the rarest."""
        df = np.zeros(len(token_ids), dtype=np.float64)
        in_base = token_ids < self.base_vocab_size
        df[in_base] = self.base_df[token_ids[in_base]]
        n_docs = max(self.base_size, 1)
        return np.log1p((n_docs - df + 0.5) / (df + 0.5))

    def _score_delta(self, token_ids: list[int], weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """BM25 of every delta document for one query, vectorised over the delta's CSR slice."""
        n_delta = self.delta_size
        if n_delta == 0 or not token_ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        unique, multiplicity = np.unique(np.asarray(token_ids, dtype=np.int64), return_counts=True)
        flat, starts = self.store.since(self.base_size)
        positions = np.nonzero(np.isin(flat, unique))[0]
        if len(positions) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        docs = np.searchsorted(starts, positions, side="right") - 1
        toks = flat[positions].astype(np.int64)
        pairs, tf = np.unique(docs * (int(unique.max()) + 1) + toks, return_counts=True)
        pair_docs, pair_toks = pairs // (int(unique.max()) + 1), pairs % (int(unique.max()) + 1)
        which = np.searchsorted(unique, pair_toks)
        lengths = np.diff(starts)[pair_docs]
        norm = K1 * (1 - B + B * lengths / self.avgdl)
        contribution = self._idf(unique)[which] * multiplicity[which] * tf / (tf + norm)
        scores = np.bincount(pair_docs, weights=contribution, minlength=n_delta)
        scores *= weight[self.base_size :]
        slots = np.nonzero(scores > 0)[0]
        return slots + self.base_size, scores[slots].astype(np.float32)

    def search_many(
        self, queries: list[list[str]], k: int, weight: np.ndarray
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Top-k (slots, scores) for each tokenised query; `weight` (float32, one per slot) is 0
        for slots that must not be returned. Only documents with a positive score come back."""
        id_lists = [self.store.ids(q, grow=False) for q in queries]
        base_results = [(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))] * len(queries)
        if self.base is not None and self.base_size:
            base_ids = [[i for i in ids if i < self.base_vocab_size] for ids in id_lists]
            todo = [j for j, ids in enumerate(base_ids) if ids]
            if todo:
                kk = min(k, self.base_size)
                mask = np.ascontiguousarray(weight[: self.base_size], dtype=np.float32)
                if mask.min() >= 1.0:
                    # Nothing to exclude (no tombstone, no hard constraint): bm25s then skips
                    # multiplying a corpus-sized score array by the mask for every query.
                    mask = None

                def retrieve(rows: list[int]):
                    # n_threads=1 runs bm25s' serial kernel (njit, nogil). Its parallel kernel is a
                    # second numba function: the first batch in a process paid ≈5 s compiling it
                    # (why batches once ran slower than single queries). Two threads over the
                    # serial kernel use both cores without that compilation.
                    return self.base.retrieve([base_ids[j] for j in rows], k=kk, weight_mask=mask,
                                              show_progress=False, n_threads=1)

                numba = getattr(self.base, "backend", None) == "numba"
                workers = min(2, os.cpu_count() or 1) if numba and len(todo) >= 16 else 1
                if workers > 1:
                    chunks = [todo[i::workers] for i in range(workers)]
                    with ThreadPoolExecutor(workers) as pool:
                        parts = list(pool.map(retrieve, chunks))
                    rows = [j for chunk in chunks for j in chunk]
                    docs = np.concatenate([p[0] for p in parts])
                    scores = np.concatenate([p[1] for p in parts])
                else:
                    rows = todo
                    docs, scores = retrieve(todo)
                base_results = list(base_results)
                for row, j in enumerate(rows):
                    keep = scores[row] > 0
                    base_results[j] = (docs[row][keep].astype(np.int64), scores[row][keep])
        out = []
        for j, ids in enumerate(id_lists):
            slots, scores = base_results[j]
            d_slots, d_scores = self._score_delta(ids, weight)
            if len(d_slots):
                slots = np.concatenate([slots, d_slots])
                scores = np.concatenate([scores, d_scores])
                order = np.argsort(-scores, kind="stable")[:k]
                slots, scores = slots[order], scores[order]
            out.append((slots, scores))
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        flat, offsets = self.store.columns()
        np.save(directory / "tokens_flat.npy", flat)
        np.save(directory / "tokens_offsets.npy", offsets)
        (directory / "vocab.json").write_text(json.dumps(self.store.vocab, ensure_ascii=False), encoding="utf-8")
        meta = {"base_size": self.base_size, "base_vocab_size": self.base_vocab_size, "avgdl": self.avgdl}
        (directory / "lexical.json").write_text(json.dumps(meta), encoding="utf-8")
        if self.base is not None:
            self.base.save(str(directory / "base"), show_progress=False)
            np.save(directory / "base_df.npy", self.base_df)

    @classmethod
    def load(cls, directory: Path, mmap: bool = False) -> LexicalIndex:
        """`mmap`: the arrays (token store, BM25 scores) are mapped read-only from the files instead of read
        into memory, so processes that load the same directory share their pages (a change copies what it
        changes: the token store's arrays are replaced, never written in place)."""
        import bm25s  # deferred: heavy (scipy, numba), loaded once an index is loaded

        mode = "r" if mmap else None
        store = TokenStore()
        store.flat = np.load(directory / "tokens_flat.npy", mmap_mode=mode)
        store.offsets = np.load(directory / "tokens_offsets.npy", mmap_mode=mode)
        store.vocab = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        index = cls(store)
        meta = json.loads((directory / "lexical.json").read_text(encoding="utf-8"))
        index.base_size = meta["base_size"]
        index.base_vocab_size = meta["base_vocab_size"]
        index.avgdl = meta["avgdl"]
        if (directory / "base").exists():
            # Without bm25s' copy of the vocabulary (a second dict of every token): queries reach it as token ids,
            # and all it checks of them is that they are in the base's vocabulary (`search_many` passes only those).
            index.base = bm25s.BM25.load(str(directory / "base"), show_progress=False, mmap=mmap, load_vocab=False)
            index.base.vocab_dict = {"": index.base_vocab_size}  # the empty token bm25s adds when indexing
            index.base.unique_token_ids_set = range(index.base_vocab_size + 1)
            index.base.backend = "numba" if index.base_size >= NUMBA_MIN_DOCS else "numpy"
            index.base_df = np.load(directory / "base_df.npy", mmap_mode=mode)
        return index

