"""An Embedder that remembers every vector it computed, on disk under bench/cache/."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from chuhai.matching.engine.dense import query_focus


class CachedEmbedder:
    def __init__(self, inner, path: Path):
        self.inner, self.path = inner, path
        self.name, self.dim = inner.name, inner.dim
        self.cache: dict[str, np.ndarray] = {}
        self.dirty = False
        if path.exists():
            with np.load(path) as data:
                self.cache = dict(zip(data["keys"].tolist(), data["vectors"], strict=False))

    @staticmethod
    def _key(role: str, text: str) -> str:
        return hashlib.sha1(f"{role}\0{text}".encode()).hexdigest()

    def _embed(self, texts: list[str], role: str) -> np.ndarray:
        if role == "query":  # what E5Embedder really embeds of a demand
            texts = [query_focus(t) for t in texts]
        keys = [self._key(role, t) for t in texts]
        missing = sorted({i for i, k in enumerate(keys) if k not in self.cache}, key=lambda i: keys[i])
        todo = {keys[i]: texts[i] for i in missing}
        if todo:
            fn = self.inner.embed_queries if role == "query" else self.inner.embed_passages
            vectors = fn(list(todo.values()))
            self.cache.update(zip(todo.keys(), vectors, strict=False))
            self.dirty = True
        return np.stack([self.cache[k] for k in keys]) if keys else np.zeros((0, self.dim), np.float32)

    def embed_queries(self, texts):
        return self._embed(list(texts), "query")

    def embed_passages(self, texts):
        return self._embed(list(texts), "passage")

    def save(self) -> None:
        if self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            keys = np.array(list(self.cache), dtype="U40")
            np.savez(self.path, keys=keys, vectors=np.stack(list(self.cache.values())).astype(np.float32))
            self.dirty = False
