"""A corpus searchable lexically (BM25 + glossary) and densely (e5 + ANN), fused by rank.

Both directions of matching use it: products searched by a demand's text (`MatchIndex`) and open
demands searched by a product's text (`DemandIndex`). Documents are addressed by string ids
outside and by slots inside; an update tombstones the old slot and appends a new one (see
`chuhai.matching.engine.lexical` for why), and the delta is compacted into the BM25 base once it grows
past `compact_fraction` of the corpus.

Fusion is weighted reciprocal-rank fusion: relevance = Σ wᵢ / (k + rankᵢ), normalised so that a
document ranked first by every retriever scores 1.0. Ranks, not raw scores, because BM25 scores
and cosine similarities live on unrelated scales that shift from query to query.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from chuhai.matching.engine import slots as slot_files
from chuhai.matching.engine.dense import DIM, DenseIndex, Embedder
from chuhai.matching.engine.glossary import is_concept_token, product_concept_tokens
from chuhai.matching.engine.lexical import LexicalIndex, TokenStore
from chuhai.matching.engine.slots import SlotIds, SlotMap
from chuhai.matching.engine.tokenizer import Tokenizer, is_cjk, tokens_signature

FORMAT_VERSION = 2  # 2: the ids in columns (`slots`), not a JSON list


@dataclass(frozen=True, slots=True)
class Fusion:
    lexical_weight: float = 1.0
    dense_weight: float = 0.5  # fitted on the generated demands (bench/matching)
    rrf_k: float = 20.0
    depth: int = 100  # candidates taken from each retriever
    # A candidate only the embedding found, for a demand whose words do match other products,
    # counts this much: e5-small confuses neighbouring product kinds (a wooden swing set and a
    # rattan garden set) more often than the glossary does.
    dense_only_weight: float = 0.5
    # In a demand, a glossary concept naming a kind of product (glossary.product_concept_tokens)
    # counts this many times, any other concept (material, style, make) once however many of its
    # synonyms the text repeats ("HDPE plastic"): the buyer of an HDPE climbing frame wants a
    # climbing frame first. Fitted on the generated demands (plateau 4-6; the smallest taken).
    product_boost: int = 4
    attribute_boost: int = 1
    # Feedback from the catalogue itself, for a demand one of whose words no product has ("Fishing
    # Lures" where titles say "Minnow Crankbait Hard Bait"): BM25 runs again with the words that at
    # least two of the first `feedback_docs` fused results share (the `feedback_terms` rarest-weighted,
    # each once, the demand's own tokens twice), fused with the same dense list. Demands whose words
    # all occur in the catalogue are not touched. Chosen on bench/matching/ood*/ dev categories only.
    feedback_docs: int = 5
    feedback_terms: int = 5
    # How much the lexical side counts for a demand it has little evidence for: one that names no kind of
    # product the glossary knows ("Makeup Brushes", "Yoga Mats"). BM25 then rewards whatever title repeats
    # one of its plain words (a hot air brush, a watercolour brush pen), and the embedding, which reads the
    # demand as a whole, is the better guide: the lexical weight is multiplied by `unsure_lexical_factor`
    # and a candidate only the embedding found is not discounted (`dense_only_weight` is for demands whose
    # glossary concepts BM25 matched). A demand naming a glossary product keeps today's balance, and so does
    # one with Chinese, Japanese or Korean words (see `HybridCorpus._lexical_trust`). Chosen on the dev
    # categories of bench/matching/ood_hard/ (0.3-0.5 alike for English; 0.7 no gain).
    unsure_lexical_factor: float = 0.5
    unsure_dense_only_weight: float = 1.0


@dataclass(slots=True)
class Candidate:
    slot: int
    relevance: float
    lexical_rank: int | None
    dense_rank: int | None


class HybridCorpus:
    def __init__(
        self,
        embedder: Embedder | None,
        doc_role: str = "passage",
        tokenizer: Tokenizer | None = None,
        ann_dtype: str = "i8",
        fusion: Fusion = Fusion(),
        compact_fraction: float = 0.1,
        compact_min: int = 2000,
    ):
        self.embedder = embedder
        self.doc_role = doc_role
        self.tokenizer = tokenizer or Tokenizer()
        self.fusion = fusion
        self.compact_fraction, self.compact_min = compact_fraction, compact_min
        self.ann_dtype = ann_dtype
        self.store = TokenStore()
        self.lexical = LexicalIndex(self.store)
        self.dense = DenseIndex(dim=embedder.dim, dtype=ann_dtype) if embedder else None
        self.ids = SlotIds()  # by slot, tombstoned ones included
        self.slot_of = SlotMap()  # id → live slot
        self.alive = np.zeros(0, dtype=bool)
        self._token_of: list[str] = []  # token id → token, grown with the vocabulary (see `_feedback_terms`)

    def __len__(self) -> int:
        return len(self.slot_of)

    # -- updates -------------------------------------------------------------------------------

    def _embed_docs(self, texts: list[str]) -> np.ndarray:
        assert self.embedder is not None
        if self.doc_role == "passage":
            return self.embedder.embed_passages(texts)
        # documents that are demands (the reverse direction) are embedded once: by e5 itself
        return _embed_queries(self.embedder, texts, "e5")

    def _embed_queries(self, texts: list[str], encoder: str | None = None) -> np.ndarray:
        assert self.embedder is not None
        if self.doc_role == "passage":
            return _embed_queries(self.embedder, texts, encoder)
        return self.embedder.embed_passages(texts)

    def add(self, ids: list[str], texts: list[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Add or replace documents; returns their new slots. `vectors` skips the embedding (the
        benchmark passes cached ones)."""
        self.remove([i for i in ids if i in self.slot_of])
        start = len(self.ids)
        slots = np.arange(start, start + len(ids), dtype=np.int64)
        self.store.append([self.tokenizer(t) for t in texts])
        self.tokenizer.trim_cache()
        self.ids.extend(ids)
        self.slot_of.update(zip(ids, slots.tolist(), strict=False))
        self.alive = np.concatenate([self.alive, np.ones(len(ids), dtype=bool)])
        if self.dense is not None:
            self.dense.add(slots, self._embed_docs(texts) if vectors is None else vectors)
        if self.lexical.base is None or self.lexical.delta_size > max(
            self.compact_min, self.compact_fraction * self.lexical.base_size
        ):
            self.compact()
        return slots

    def remove(self, ids: list[str]) -> list[int]:
        slots = [self.slot_of.pop(i) for i in ids if i in self.slot_of]
        if slots:
            self.alive[slots] = False
            if self.dense is not None:
                self.dense.remove(slots)
        return slots

    def compact(self) -> None:
        self.lexical.compact(self.alive)

    # -- search --------------------------------------------------------------------------------

    def _query_tokens(self, text: str) -> list[str]:
        products = product_concept_tokens()
        query, concepts = [], set()
        for token in self.tokenizer.query_tokens(text):
            if not is_concept_token(token):
                query.append(token)
            elif token not in concepts:
                concepts.add(token)
                boost = self.fusion.product_boost if token in products else self.fusion.attribute_boost
                query.extend([token] * boost)
        return query

    def candidates(
        self,
        texts: list[str],
        masks: list[np.ndarray | None],
        mode: str = "hybrid",
        query_vectors: np.ndarray | None = None,
        query_encoder: str | None = None,
    ) -> list[list[Candidate]]:
        """Fused candidates per query text, best first. `masks[i]` restricts query i to the slots
        where it is True (hard constraints); None = every live slot. `query_encoder` ("static" or
        "e5") picks how a demand is embedded when the embedder offers both (None: its default)."""
        depth = self.fusion.depth
        use_lexical = mode in ("hybrid", "lexical")
        use_dense = mode in ("hybrid", "dense") and self.dense is not None
        lexical: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0, np.int64), None)] * len(texts)
        if use_lexical and len(self.ids):
            tokens = [self._query_tokens(t) for t in texts]
            groups: dict[int, list[int]] = {}
            for i, mask in enumerate(masks):
                groups.setdefault(-1 if mask is None else i, []).append(i)
            for key, members in groups.items():
                weight = self.alive if key == -1 else (self.alive & masks[key])
                found = self.lexical.search_many(
                    [tokens[i] for i in members], depth, weight.astype(np.float32)
                )
                for i, res in zip(members, found, strict=False):
                    lexical[i] = res
        dense: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0, np.int64), None)] * len(texts)
        if use_dense and len(self.slot_of):
            vectors = self._embed_queries(texts, query_encoder) if query_vectors is None else query_vectors
            dense = self.dense.search_many(vectors, depth, masks)

        f = self.fusion
        wl = f.lexical_weight if use_lexical else 0.0
        wd = f.dense_weight if use_dense else 0.0
        # per query: (lexical weight, weight of a dense-only candidate); see `Fusion.unsure_lexical_factor`
        weights = [(wl, f.dense_only_weight)] * len(texts)
        if use_lexical and use_dense and len(self.ids) and self.doc_role == "passage":  # not the reverse direction
            weights = [self._lexical_trust(t, wl) for t in tokens]
        out = []
        for (lex_slots, lex_scores), (den_slots, den_scores), (wl_i, dow) in zip(lexical, dense, weights,
                                                                                 strict=False):
            out.append(_fuse(lex_slots, lex_scores, den_slots, den_scores, wl_i, wd, f, dow))
        # products searched by a demand only: the reverse direction (demands searched by a product) is left as it was
        if use_lexical and use_dense and f.feedback_docs and f.feedback_terms and len(self.ids) and \
                self.doc_role == "passage":
            again = [i for i, t in enumerate(tokens) if out[i] and self._lacks_a_word(t)]
            expanded = {i: self._feedback_terms(tokens[i], out[i]) for i in again}
            expanded = {i: extra for i, extra in expanded.items() if extra}
            for i, extra in expanded.items():
                weight = self.alive if masks[i] is None else (self.alive & masks[i])
                lex_slots, lex_scores = self.lexical.search_many([tokens[i] * 2 + extra], depth,
                                                                 weight.astype(np.float32))[0]
                den_slots, den_scores = dense[i]
                wl_i, dow = weights[i]
                out[i] = _fuse(lex_slots, lex_scores, den_slots, den_scores, wl_i, wd, f, dow)
        return out

    def _lexical_trust(self, tokens: list[str], wl: float) -> tuple[float, float]:
        """The lexical weight and the weight of a dense-only candidate for one demand of a hybrid search (see
        `Fusion.unsure_lexical_factor`). A demand with Chinese, Japanese or Korean words keeps the balance: the
        embedding reads those worse (in-domain dense nDCG@10 0.76-0.84 against 0.93-0.96 lexical) and the
        lexical side has their translations."""
        f = self.fusion
        if not product_concept_tokens().isdisjoint(tokens) or any(is_cjk(t) for t in tokens):
            return wl, f.dense_only_weight
        return wl * f.unsure_lexical_factor, f.unsure_dense_only_weight

    def _lacks_a_word(self, tokens: list[str]) -> bool:
        """Whether the demand names no kind of product the glossary knows and one of its words occurs in no
        product. Its Chinese, Japanese and Korean words are left out when it has others (the English
        translations of the Chinese ones are among those). A demand that names a glossary product is left
        as it is: the belts' demands, where feedback doubled the time of a search for no gain overall."""
        if not product_concept_tokens().isdisjoint(tokens):
            return False
        other = [t for t in tokens if not is_cjk(t)]
        vocab = self.store.vocab
        return any(t not in vocab for t in (other or tokens))

    def _feedback_terms(self, tokens: list[str], found: list[Candidate]) -> list[str]:
        """The tokens that at least two of the first `feedback_docs` results share and the demand lacks,
        the `feedback_terms` with the largest (results sharing it × IDF) first; no numbers."""
        f = self.fusion
        vocab = self.store.vocab
        if len(self._token_of) < len(vocab):
            self._token_of.extend([""] * (len(vocab) - len(self._token_of)))
            for token, i in vocab.items():
                self._token_of[i] = token
        ids, counts = np.unique(np.concatenate([np.unique(self.store.doc(c.slot)) for c in found[: f.feedback_docs]]),
                                return_counts=True)
        own = {vocab[t] for t in tokens if t in vocab}
        keep = [(c, i) for i, c in zip(ids.tolist(), counts.tolist(), strict=True)
                if c >= 2 and i not in own and not self._token_of[i].isdigit()]
        if not keep:
            return []
        idf = self.lexical._idf(np.array([i for _, i in keep], dtype=np.int64))
        weights = np.array([c for c, _ in keep], dtype=np.float64) * idf
        order = np.lexsort(([i for _, i in keep], -weights))[: f.feedback_terms]
        return [self._token_of[keep[j][1]] for j in order.tolist()]

    # -- persistence ---------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        tmp = directory.with_name(directory.name + ".tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        self.lexical.save(tmp / "lexical")
        np.save(tmp / "alive.npy", self.alive)
        slot_files.save(tmp, self.ids, self.slot_of)
        manifest = {
            "format": FORMAT_VERSION,
            "doc_role": self.doc_role,
            "embedder": self.embedder.name if self.embedder else None,
            "dim": self.embedder.dim if self.embedder else DIM,
            "ann_dtype": self.ann_dtype,
            "glossary": self.tokenizer.matcher is not None,
            "tokens": tokens_signature(),
            "fusion": asdict(self.fusion),
        }
        if self.dense is not None:
            self.dense.save(tmp / "vectors.usearch")
        (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        # Swap in the finished directory so a crash mid-save never leaves a half-written index.
        if directory.exists():
            old = directory.with_name(directory.name + ".old")
            if old.exists():
                shutil.rmtree(old)
            directory.rename(old)
            tmp.rename(directory)
            shutil.rmtree(old)
        else:
            tmp.rename(directory)

    @classmethod
    def load(cls, directory: Path, embedder: Embedder | None, cache_dir: str | Path | None = None,
             mmap: bool = False) -> HybridCorpus:
        """`cache_dir`: the tokenizer's (see `tokenizer.Tokenizer`). `mmap`: the arrays and the ANN graph are
        mapped from the files (shared between the processes that load them; see `LexicalIndex.load`,
        `DenseIndex.load`); `save` writes a new directory, so the mapped files are never changed under a reader."""
        directory = Path(directory)
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        if manifest["format"] != FORMAT_VERSION:
            raise ValueError(f"{directory}: index format {manifest['format']}, expected {FORMAT_VERSION}")
        if manifest.get("tokens") != tokens_signature():  # its stored tokens are not what the queries' would be
            raise ValueError(f"{directory}: built with other tokenizer rules or glossary")
        has_vectors = (directory / "vectors.usearch").exists()
        if embedder is not None and (not has_vectors or manifest["embedder"] != embedder.name):
            embedder = None  # vectors missing or from another model: serve lexical-only
        corpus = cls(
            embedder,
            doc_role=manifest["doc_role"],
            tokenizer=Tokenizer(glossary=manifest["glossary"], cache_dir=cache_dir),
            ann_dtype=manifest["ann_dtype"],
            # Settings an older index saved but Fusion no longer has (concept_boost) are dropped.
            fusion=Fusion(**{k: v for k, v in manifest["fusion"].items() if k in Fusion.__dataclass_fields__}),
        )
        corpus.lexical = LexicalIndex.load(directory / "lexical", mmap=mmap)
        corpus.store = corpus.lexical.store
        corpus.alive = np.load(directory / "alive.npy", mmap_mode="c" if mmap else None)  # "c": removals stay private
        corpus.ids, corpus.slot_of = slot_files.load(directory, mmap=mmap)
        if embedder is not None:
            corpus.dense = DenseIndex.load(directory / "vectors.usearch", manifest["dim"], manifest["ann_dtype"],
                                           view=mmap)
        return corpus


def _embed_queries(embedder: Embedder, texts: list[str], encoder: str | None) -> np.ndarray:
    """Query vectors by the named encoder when the embedder has several (`DualEmbedder`)."""
    if encoder is not None and hasattr(embedder, "resolve"):
        return embedder.embed_queries(texts, encoder=encoder)  # type: ignore[call-arg]
    return embedder.embed_queries(texts)


def _fuse(lex_slots, lex_scores, den_slots, den_scores, wl: float, wd: float, f: Fusion,
          dense_only_weight: float) -> list[Candidate]:
    """Weighted reciprocal-rank fusion of one query's two ranked lists, vectorised: relevance =
    wl/(k + lexical rank) + wd/(k + dense rank), × dense_only_weight for a candidate only the
    embedding found (when BM25 found anything), ÷ (wl + wd)/(k + 1), so that a candidate both rank
    first scores 1.0; best first, ties by slot."""
    norm = (wl + wd) / (f.rrf_k + 1) or 1.0
    lex_slots = np.asarray(lex_slots, dtype=np.int64)
    den_slots = np.asarray(den_slots, dtype=np.int64)
    lex_ranks, den_ranks = _tied_ranks(lex_scores), _tied_ranks(den_scores)
    n_lex = len(lex_slots)
    if n_lex + len(den_slots) == 0:
        return []
    slots, inverse = np.unique(np.concatenate([lex_slots, den_slots]), return_inverse=True)
    contributions = np.concatenate([wl / (f.rrf_k + lex_ranks), wd / (f.rrf_k + den_ranks)])
    relevance = np.bincount(inverse, weights=contributions, minlength=len(slots))
    lexical_rank = np.zeros(len(slots), dtype=np.int64)
    lexical_rank[inverse[:n_lex]] = lex_ranks
    dense_rank = np.zeros(len(slots), dtype=np.int64)
    dense_rank[inverse[n_lex:]] = den_ranks
    if n_lex and wl > 0:
        relevance[lexical_rank == 0] *= dense_only_weight
    order = np.lexsort((slots, -relevance))
    relevance /= norm
    return [
        Candidate(slot, rel, lr or None, dr or None)
        for slot, rel, lr, dr in zip(slots[order].tolist(), relevance[order].tolist(),
                                     lexical_rank[order].tolist(), dense_rank[order].tolist(), strict=True)
    ]


def _tied_ranks(scores: np.ndarray | None) -> np.ndarray:
    """Competition ranks of scores sorted best first ("1224"): equal scores, equal rank, so two
    identical offers get the same relevance and only their terms can separate them."""
    if scores is None or len(scores) == 0:
        return np.zeros(0, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.float64)
    new_group = np.concatenate([[True], np.abs(np.diff(scores)) > 1e-6 * np.maximum(1.0, np.abs(scores[1:]))])
    positions = np.arange(1, len(scores) + 1)
    return np.maximum.accumulate(np.where(new_group, positions, 0))
