"""Product → open demands, and the markets a product fits best.

The same hybrid search runs the other way round: the open demands are the corpus (embedded with
the "query: " prefix, as in the forward direction) and the product's text is the query
(embedded as a "passage: "), so a pair scores the same cosine in both directions. Hard constraints
are checked per demand (a demand requiring a certificate the product lacks is not a fit), soft
ones lower the score exactly as in `MatchIndex`.

Markets: each destination country sums the scores of the product's top fitting demands there;
the sum rewards both how well and how often a market asks for the product.
"""

from __future__ import annotations

import numpy as np

from chuhai.matching.engine.constraints import Terms, hard_fit_reasons, passes_hard, soft_factor
from chuhai.matching.engine.dense import Embedder
from chuhai.matching.engine.embedders import default_embedder
from chuhai.matching.engine.hybrid import Fusion, HybridCorpus
from chuhai.matching.engine.match_index import text_reasons
from chuhai.matching.engine.records import CatalogItem, DemandFit, DemandQuery, MarketFit
from chuhai.matching.engine.tokenizer import Tokenizer


class DemandIndex:
    def __init__(
        self,
        embedder: Embedder | str | None = "auto",
        tokenizer: Tokenizer | None = None,
        fusion: Fusion = Fusion(),
    ):
        embedder = default_embedder() if embedder == "auto" else embedder
        self.corpus = HybridCorpus(embedder, "query", tokenizer, fusion=fusion)  # type: ignore[arg-type]
        self.demands: list[DemandQuery] = []

    def __len__(self) -> int:
        return len(self.corpus)

    @classmethod
    def build(cls, demands: list[DemandQuery], **options) -> DemandIndex:
        index = cls(**options)
        index.upsert(demands)
        return index

    def upsert(self, demands: list[DemandQuery]) -> None:
        if demands:
            self.corpus.add([d.demand_id for d in demands], [d.text for d in demands])
            self.demands.extend(demands)

    def remove(self, demand_ids: list[str]) -> None:
        """Closed or withdrawn demands leave the index."""
        self.corpus.remove(demand_ids)

    def demands_for(self, item: CatalogItem, top: int = 10, vector: np.ndarray | None = None) -> list[DemandFit]:
        """`vector`: the product's passage vector when the caller has it (the product index keeps one per
        product, `MatchIndex.vector_of`), instead of embedding its text again — the costly part."""
        terms = Terms.of(item)
        eligible = np.array([passes_hard(terms, d) for d in self.demands], dtype=bool)
        text = item.search_text()
        vectors = None if vector is None else np.asarray(vector, dtype=np.float32)[None, :]
        (candidates,) = self.corpus.candidates([text], [eligible], query_vectors=vectors)
        fits = []
        for c in candidates:
            demand = self.demands[c.slot]
            factor, soft_reasons = soft_factor(terms, demand)
            fits.append((c.relevance * factor, c, demand, soft_reasons))
        fits.sort(key=lambda f: (-f[0], f[1].slot))
        out = []
        for score, c, demand, soft_reasons in fits[:top]:
            reasons = text_reasons(self.corpus.tokenizer, demand.text, text, c)
            reasons += hard_fit_reasons(terms, demand) + soft_reasons
            out.append(
                DemandFit(demand.demand_id, round(score, 6), round(c.relevance, 6), demand.destination_country, reasons)
            )
        return out

    def markets_for(self, item: CatalogItem, top: int = 5, depth: int = 50) -> list[MarketFit]:
        by_country: dict[str, MarketFit] = {}
        for fit in self.demands_for(item, top=depth):
            if not fit.destination_country:
                continue
            market = by_country.setdefault(fit.destination_country, MarketFit(fit.destination_country, 0.0, 0, []))
            market.score = round(market.score + fit.score, 6)
            market.demand_count += 1
            market.demand_ids.append(fit.demand_id)
        return sorted(by_country.values(), key=lambda m: (-m.score, m.country))[:top]
