"""Demand → products: `MatchIndex`, the engine's entry point.

    index = MatchIndex.build(items)                 # CatalogItem list; e5 if available
    matches = index.match(demand, top=10)           # list[Match], best first, with reasons
    index.upsert([changed_item]); index.remove(["p9"])
    index.save("var/match-index"); index = MatchIndex.load("var/match-index")

Pipeline per demand: hard constraints → a mask over the catalog; lexical (BM25 + glossary) and
dense (e5 + ANN) retrieval inside the mask; rank fusion; soft constraints multiply the relevance
and add their reasons; sort; top K.

Persistence: `save(dir)` writes the items, token store, BM25 base, ANN vectors and a manifest;
`load(dir)` restores them without re-tokenising or re-embedding. A platform keeps one index
directory: `reindex` is `MatchIndex.build(all_items).save(dir)`; a changed product is
`upsert([item])` on the loaded index (no rebuild: new slot in the BM25 delta and the ANN),
followed by `save(dir)` when convenient.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

import numpy as np

from chuhai.matching.constraints import Terms, TermsTable, hard_fit_reasons, soft_factor
from chuhai.matching.dense import Embedder, default_embedder
from chuhai.matching.glossary import is_concept_token
from chuhai.matching.hybrid import Candidate, Fusion, HybridCorpus
from chuhai.matching.records import CatalogItem, DemandQuery, Match, Reason
from chuhai.matching.tokenizer import Tokenizer

MAX_TERMS_IN_REASON = 6


def _resolve(embedder: Embedder | str | None) -> Embedder | None:
    return default_embedder() if embedder == "auto" else embedder  # type: ignore[return-value]


def matched_terms(tokenizer: Tokenizer, query_text: str, doc_tokens: set[str]) -> list[str]:
    """Query tokens the document also has, in query order: concept tokens (rendered later in the
    reader's language) and surface words (not their stems)."""
    surface = tokenizer.surface_forms(query_text)
    out: list[str] = []
    for token in tokenizer(query_text):
        if token in doc_tokens:
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
    ):
        self.corpus = HybridCorpus(_resolve(embedder), "passage", tokenizer, ann_dtype, fusion)
        self.items: list[CatalogItem] = []  # by slot, tombstoned ones included
        self.table = TermsTable()

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
        self.corpus.add([item.product_id for item in items], texts, vectors)
        self.items.extend(items)
        self.table.append(terms)

    def remove(self, product_ids: list[str]) -> None:
        self.corpus.remove(product_ids)

    def compact(self) -> None:
        self.corpus.compact()

    # -- matching ------------------------------------------------------------------------------

    def _masks(self, demands: list[DemandQuery]) -> list[np.ndarray | None]:
        return [self.table.hard_mask(d) for d in demands]

    def rank(self, texts: list[str], mode: str = "hybrid", top: int = 50) -> list[list[str]]:
        """Product ids by text relevance alone (no constraints): what the quality benchmark scores."""
        found = self.corpus.candidates(texts, [None] * len(texts), mode)
        return [[self.corpus.ids[c.slot] for c in cands[:top]] for cands in found]

    def match_batch(
        self, demands: list[DemandQuery], top: int = 10, mode: str = "hybrid"
    ) -> list[list[Match]]:
        masks = self._masks(demands)
        found = self.corpus.candidates([d.text for d in demands], masks, mode)
        return [self._rerank(d, cands, top) for d, cands in zip(demands, found, strict=False)]

    def match(self, demand: DemandQuery, top: int = 10, mode: str = "hybrid") -> list[Match]:
        return self.match_batch([demand], top, mode)[0]

    def _rerank(self, demand: DemandQuery, candidates: list[Candidate], top: int) -> list[Match]:
        scored = []
        for c in candidates:
            terms = Terms.of(self.items[c.slot])
            factor, soft_reasons = soft_factor(terms, demand)
            scored.append((c.relevance * factor, c, terms, soft_reasons))
        scored.sort(key=lambda s: (-s[0], s[1].slot))
        matches = []
        for score, c, terms, soft_reasons in scored[:top]:
            item = self.items[c.slot]
            reasons = text_reasons(self.corpus.tokenizer, demand.text, item.search_text(), c)
            reasons += hard_fit_reasons(terms, demand) + soft_reasons
            matches.append(Match(item.product_id, round(score, 6), round(c.relevance, 6), reasons))
        return matches

    # -- persistence ---------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        self.corpus.save(directory)
        with open(directory / "items.jsonl", "w", encoding="utf-8") as fh:
            for item in self.items:
                row = asdict(item)
                row["price_usd"] = None if item.price_usd is None else str(item.price_usd)
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, directory: str | Path, embedder: Embedder | str | None = "auto") -> MatchIndex:
        directory = Path(directory)
        index = cls.__new__(cls)
        index.corpus = HybridCorpus.load(directory, _resolve(embedder))
        index.items = []
        with open(directory / "items.jsonl", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                row["certifications"] = tuple(row["certifications"])
                row["price_usd"] = None if row["price_usd"] is None else Decimal(row["price_usd"])
                index.items.append(CatalogItem(**row))
        index.table = TermsTable()
        index.table.append([Terms.of(item) for item in index.items])
        return index
