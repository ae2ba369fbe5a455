"""Quality: nDCG@10, Recall@50 and MRR per language for the anchor, lexical, dense and hybrid.

Dense and hybrid run twice, with the two query encoders over the same e5 passage index: e5
itself (`*_e5`) and the static token table distilled from e5 (`*_static`, see
chuhai.matching.engine.static). `hybrid` is the engine's default (the static encoder when its table
loads); `hybrid_fitted` uses the fusion weights fitted on the generated demands."""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np
from demo_corpus import catalog_items, generated, handwritten
from embedding_cache import CachedEmbedder
from metrics import ndcg_at, recall_at, reciprocal_rank, summarise

from chuhai.matching.engine.dense import E5Embedder, query_focus
from chuhai.matching.engine.embedders import DualEmbedder
from chuhai.matching.engine.hybrid import Fusion
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.static import StaticQueryEncoder, load_static_table
from chuhai.matching.engine.tokenizer import Tokenizer

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

    e5 = CachedEmbedder(E5Embedder(), cache_path)
    t = time.perf_counter()
    e5.embed_passages([i.search_text() for i in items])
    e5.embed_queries(texts)
    e5.save()
    log(f"  embeddings ready in {time.perf_counter() - t:.1f}s (cached under {cache_path})")
    static_table = load_static_table(embedder_name=e5.name)
    if static_table is None:
        raise SystemExit("no static query table for this embedder: run bench/matching/distill_static.py")
    embedder = DualEmbedder(e5, StaticQueryEncoder(static_table), "static")

    anchor = MatchIndex.build(items, embedder=None, tokenizer=Tokenizer(glossary=False, stem=False, stopwords=False))
    systems = {"anchor_bm25": anchor.rank(texts, "lexical", DEPTH)}
    hybrid = MatchIndex.build(items, embedder=embedder)
    systems["lexical"] = hybrid.rank(texts, "lexical", DEPTH)
    for encoder in ("e5", "static"):
        systems[f"dense_{encoder}"] = hybrid.rank(texts, "dense", DEPTH, query_encoder=encoder)

    # Fusion weights are fitted on the generated demands only; the hand-written set is held out.
    fit_rows = [i for i, d in enumerate(labelled) if d.source == "generated"]
    grid = []
    for fusion in FUSION_GRID[4:8] if quick else FUSION_GRID:
        hybrid.corpus.fusion = fusion
        row = {"lexical_weight": fusion.lexical_weight, "dense_weight": fusion.dense_weight, "rrf_k": fusion.rrf_k}
        for encoder in ("e5", "static"):
            ranked = hybrid.rank([texts[i] for i in fit_rows], "hybrid", DEPTH, query_encoder=encoder)
            scored = score_runs([labelled[i] for i in fit_rows], ranked)
            row[f"generated_ndcg@10_{encoder}"] = summarise(scored)["ndcg@10"]
        grid.append(row)
    best = max(grid, key=lambda g: g["generated_ndcg@10_static"])
    hybrid.corpus.fusion = Fusion(best["lexical_weight"], best["dense_weight"], best["rrf_k"])
    systems["hybrid_static_fitted"] = hybrid.rank(texts, "hybrid", DEPTH, query_encoder="static")
    hybrid.corpus.fusion = Fusion()
    for encoder in ("e5", "static"):
        systems[f"hybrid_{encoder}"] = hybrid.rank(texts, "hybrid", DEPTH, query_encoder=encoder)

    ann = {}
    for dtype in ("f32", "f16", "i8"):
        index = MatchIndex.build(items, embedder=embedder, ann_dtype=dtype)
        ann[dtype] = summarise(score_runs(labelled, index.rank(texts, "dense", DEPTH, query_encoder="e5")))["ndcg@10"]
    e5.save()

    # How close the static query vectors are to e5's on these (never trained on) demands.
    e5_vectors = e5.embed_queries(texts)
    static_vectors = embedder.embed_queries(texts, encoder="static")
    cosines = np.sum(e5_vectors * static_vectors, axis=1) / np.maximum(np.linalg.norm(e5_vectors, axis=1), 1e-12)
    static_agreement = {}
    for source in ("handwritten", "generated"):
        rows = [i for i, d in enumerate(labelled) if d.source == source]
        static_agreement[source] = {"mean_cos_static_vs_e5": round(float(np.mean(cosines[rows])), 4),
                                    "no_known_token": int(sum(not static_vectors[i].any() for i in rows))}
    try:  # the labelled texts must not be among the texts the static table was fitted on
        from distill_static import training_texts

        seed = static_table.meta.get("seed", 5001)
        training = {query_focus(x) for x in training_texts(seed)}
        static_agreement["labelled_texts_in_training_set"] = sum(query_focus(x) in training for x in texts)
    except Exception as exc:
        static_agreement["labelled_texts_in_training_set"] = f"not checked: {exc}"

    scored = {name: score_runs(labelled, ranked) for name, ranked in systems.items()}
    results = {name: table(rows) for name, rows in scored.items()}
    # Is e5's query side measurably better than the static table's? Paired bootstrap of the
    # per-demand nDCG@10 difference (hybrid_e5 − hybrid_static), 95% interval.
    rng = np.random.default_rng(0)
    paired = {}
    for key, keep in (("handwritten", lambda d: d.source == "handwritten"),
                      ("handwritten/non-en", lambda d: d.source == "handwritten" and d.language != "en"),
                      ("generated", lambda d: d.source == "generated")):
        rows = [i for i, d in enumerate(labelled) if keep(d)]
        diff = np.array([scored["hybrid_e5"][i]["ndcg"] - scored["hybrid_static"][i]["ndcg"] for i in rows])
        means = diff[rng.integers(len(diff), size=(2000, len(diff)))].mean(axis=1)
        paired[key] = {"mean": round(float(diff.mean()), 4), "ci95": [round(float(np.percentile(means, 2.5)), 4),
                       round(float(np.percentile(means, 97.5)), 4)], "n": len(rows),
                       "e5_better": int((diff > 1e-9).sum()), "static_better": int((diff < -1e-9).sum())}
    anchor_table = results["anchor_bm25"]
    deltas = {}
    for name in ("hybrid_e5", "hybrid_static", "lexical"):
        deltas[name] = {key: round(results[name][key]["ndcg@10"] - anchor_table[key]["ndcg@10"], 4)
                        for key in anchor_table if "ndcg@10" in anchor_table[key]}
        per_language = {k: v for k, v in deltas[name].items() if k.count("/") == 1 and not k.endswith("non-en")}
        worst = min(per_language, key=per_language.get)
        deltas[name]["min_per_language"] = {"key": worst, "delta": per_language[worst]}
    meta = {k: static_table.meta.get(k) for k in ("embedder", "glossary_sha1", "seed", "texts", "tokens",
                                                   "validation_mean_cos")}
    return {
        "catalog_products": len(items),
        "demands": {"handwritten": sum(d.source == "handwritten" for d in labelled),
                    "generated": sum(d.source == "generated" for d in labelled)},
        "systems": results,
        "minus_anchor_ndcg@10": deltas,
        "hybrid_e5_minus_hybrid_static_ndcg@10": paired,
        "static_query_table": meta,
        "static_vs_e5_query_vectors": static_agreement,
        "fusion_default": {"lexical_weight": Fusion().lexical_weight, "dense_weight": Fusion().dense_weight,
                           "rrf_k": Fusion().rrf_k},
        "fusion_grid_on_generated": grid,
        "fusion_best_on_generated_static": best,
        "dense_e5_ndcg@10_by_ann_dtype": ann,
    }
