"""Quality: nDCG@10, Recall@50 and MRR per language for the anchor, lexical, dense and hybrid."""

from __future__ import annotations

import time
from collections import defaultdict

from demo_corpus import catalog_items, generated, handwritten
from embedding_cache import CachedEmbedder
from metrics import ndcg_at, recall_at, reciprocal_rank, summarise

from chuhai.matching.dense import E5Embedder
from chuhai.matching.engine import MatchIndex
from chuhai.matching.hybrid import Fusion
from chuhai.matching.tokenizer import Tokenizer

DEPTH = 50
FUSION_GRID = [Fusion(1.0, wd, k) for k in (10.0, 20.0, 60.0) for wd in (0.3, 0.5, 0.75, 1.0)]


def score_runs(labelled, ranked: list[list[str]]) -> list[dict]:
    return [
        {"language": d.language, "source": d.source, "ndcg": ndcg_at(r, d.grades),
         "recall": recall_at(r, d.grades, DEPTH), "rr": reciprocal_rank(r, d.grades, DEPTH)}
        for d, r in zip(labelled, ranked, strict=False)
    ]


def table(rows: list[dict]) -> dict:
    out = {"overall": summarise(rows)}
    by = defaultdict(list)
    for r in rows:
        by[f"{r['source']}/{r['language']}"].append(r)
        by[r["source"]].append(r)
        by[f"{r['source']}/non-en"].append(r) if r["language"] != "en" else None
    for key in sorted(by):
        out[key] = summarise(by[key])
    return out


def run_quality(data, cache_path, quick: bool, log) -> dict:
    items, attributes = catalog_items(data)
    labelled = handwritten(attributes) + generated(data, attributes, limit_en=60 if quick else 300)
    labelled = [d for d in labelled if d.grades]
    texts = [d.text for d in labelled]
    log(f"quality: {len(items)} products, {len(labelled)} labelled demands "
        f"({sum(d.source == 'handwritten' for d in labelled)} hand-written)")

    embedder = CachedEmbedder(E5Embedder(), cache_path)
    t = time.perf_counter()
    embedder.embed_passages([i.search_text() for i in items])
    embedder.embed_queries(texts)
    embedder.save()
    log(f"  embeddings ready in {time.perf_counter() - t:.1f}s (cached under {cache_path})")

    anchor = MatchIndex.build(items, embedder=None, tokenizer=Tokenizer(glossary=False, stem=False, stopwords=False))
    systems = {"anchor_bm25": anchor.rank(texts, "lexical", DEPTH)}
    hybrid = MatchIndex.build(items, embedder=embedder)
    systems["lexical"] = hybrid.rank(texts, "lexical", DEPTH)
    systems["dense"] = hybrid.rank(texts, "dense", DEPTH)

    # Fusion weights are fitted on the generated demands only; the hand-written set is held out.
    fit_rows = [i for i, d in enumerate(labelled) if d.source == "generated"]
    grid = []
    for fusion in FUSION_GRID[4:8] if quick else FUSION_GRID:
        hybrid.corpus.fusion = fusion
        ranked = hybrid.rank([texts[i] for i in fit_rows], "hybrid", DEPTH)
        rows = score_runs([labelled[i] for i in fit_rows], ranked)
        grid.append({"lexical_weight": fusion.lexical_weight, "dense_weight": fusion.dense_weight,
                     "rrf_k": fusion.rrf_k, "generated_ndcg@10": summarise(rows)["ndcg@10"]})
    best = max(grid, key=lambda g: g["generated_ndcg@10"])
    hybrid.corpus.fusion = Fusion(best["lexical_weight"], best["dense_weight"], best["rrf_k"])
    systems["hybrid_fitted"] = hybrid.rank(texts, "hybrid", DEPTH)
    hybrid.corpus.fusion = Fusion()
    systems["hybrid"] = hybrid.rank(texts, "hybrid", DEPTH)

    ann = {}
    for dtype in ("f32", "f16", "i8"):
        index = MatchIndex.build(items, embedder=embedder, ann_dtype=dtype)
        ann[dtype] = summarise(score_runs(labelled, index.rank(texts, "dense", DEPTH)))["ndcg@10"]
    embedder.save()

    results = {name: table(score_runs(labelled, ranked)) for name, ranked in systems.items()}
    anchor_table = results["anchor_bm25"]
    deltas = {
        key: round(results["hybrid"][key]["ndcg@10"] - anchor_table[key]["ndcg@10"], 4)
        for key in anchor_table if "ndcg@10" in anchor_table[key]
    }
    return {
        "catalog_products": len(items),
        "demands": {"handwritten": sum(d.source == "handwritten" for d in labelled),
                    "generated": sum(d.source == "generated" for d in labelled)},
        "systems": results,
        "hybrid_minus_anchor_ndcg@10": deltas,
        "fusion_default": {"lexical_weight": Fusion().lexical_weight, "dense_weight": Fusion().dense_weight,
                           "rrf_k": Fusion().rrf_k},
        "fusion_grid_on_generated": grid,
        "fusion_best_on_generated": best,
        "dense_ndcg@10_by_ann_dtype": ann,
    }
