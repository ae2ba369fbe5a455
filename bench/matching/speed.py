"""Speed and scale: a generated catalog of N SKUs (1,000,000 by default).

Embedding 1M titles with e5 on two cores would take hours, so the ANN is measured on 1M
*synthetic* vectors: mixtures of real e5 passage vectors of the demo catalog plus noise, which
keep e5's geometry (anisotropy, neighbourhood density) without the embedding cost. Embedding
throughput is measured separately on real titles. Queries are real demand texts embedded at query
time — by e5 (`hybrid_e5`) or by the static table distilled from e5 (`hybrid_static`) — so the
latency includes the query embedding.
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

from chuhai.demo.belts import CATEGORIES
from chuhai.demo.vocabulary import make_product
from chuhai.matching.engine.dense import DenseIndex, E5Embedder
from chuhai.matching.engine.embedders import DualEmbedder
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import CatalogItem, DemandQuery
from chuhai.matching.engine.static import StaticQueryEncoder, load_static_table

CERT_SETS = [(), ("ISO9001",), ("CE", "ISO9001"), ("FDA", "CE"), ("REACH",), ("E-Mark", "ISO9001"), ("FSC", "CARB P2")]


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generated_catalog(n: int, seed: int = 11) -> list[CatalogItem]:
    """n SKUs from the demo vocabulary: n/5 product specs, each sold by several enterprises with
    their own titles' languages, prices, MOQs and certificates."""
    rng = random.Random(seed)
    categories = list(CATEGORIES)
    specs = [make_product(rng.choice(categories), rng) for _ in range(max(1, n // 5))]
    items = []
    for i in range(n):
        spec = specs[i % len(specs)]
        roll = rng.random()
        items.append(CatalogItem(
            product_id=f"SKU-{i:07d}", enterprise_id=f"E-{rng.randrange(n // 50 + 1):05d}",
            title_en=None if roll < 0.06 else spec.title_en, title_zh=None if 0.06 <= roll < 0.12 else spec.title_zh,
            category=None, price_usd=Decimal(str(round(spec.retail_usd * rng.uniform(0.3, 0.5), 2))),
            moq=spec.moq * rng.choice([1, 2, 5]), lead_time_days=spec.lead_time_days,
            certifications=rng.choice(CERT_SETS), monthly_capacity=rng.choice([500, 2000, 10_000, 50_000]),
            verified=rng.random() < 0.6,
        ))
    return items


def synthetic_vectors(base: np.ndarray, n: int, seed: int = 3, chunk: int = 100_000):
    """Yield (start, vectors) chunks: 0.7·a + 0.3·b + noise, renormalised."""
    rng = np.random.default_rng(seed)
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        a = base[rng.integers(len(base), size=m)]
        b = base[rng.integers(len(base), size=m)]
        v = 0.7 * a + 0.3 * b + rng.normal(0, 0.02, size=(m, base.shape[1])).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        yield start, v.astype(np.float32)


LOAD_PROBE = """
import json, sys, time
from chuhai.matching.engine.dense import E5Embedder
from chuhai.matching.engine.match_index import MatchIndex
def rss():
    return int(next(l for l in open('/proc/self/status') if l.startswith('VmRSS:')).split()[1]) / 1024
E5Embedder()
before = rss()
t = time.perf_counter()
index = MatchIndex.load(sys.argv[1])
print(json.dumps({"load_s": round(time.perf_counter() - t, 1), "rss_before_mb": round(before),
                  "rss_loaded_mb": round(rss()), "lexical_only": index.lexical_only}))
"""


def serving_memory(index: MatchIndex, directory: Path, log) -> dict:
    """Save the index, load it in a fresh process: its RSS growth is what serving costs."""
    if directory.exists():
        shutil.rmtree(directory)
    t = time.perf_counter()
    index.save(directory)
    out = {"save_s": round(time.perf_counter() - t, 1)}
    out["on_disk_mb"] = round(sum(f.stat().st_size for f in directory.rglob("*") if f.is_file()) / 2**20)
    probe = subprocess.run([sys.executable, "-c", LOAD_PROBE, str(directory)], capture_output=True, text=True)
    if probe.returncode == 0:
        loaded = json.loads(probe.stdout.strip().splitlines()[-1])
        out.update(load_s=loaded["load_s"], index_memory_mb=loaded["rss_loaded_mb"] - loaded["rss_before_mb"],
                   lexical_only_after_load=loaded["lexical_only"])
    else:
        out["load_error"] = probe.stderr[-2000:]
    shutil.rmtree(directory, ignore_errors=True)
    log(f"  persistence: save {out['save_s']}s, {out['on_disk_mb']} MB on disk; fresh-process load "
        f"{out.get('load_s')}s, index memory {out.get('index_memory_mb')} MB")
    return out


def percentile(values, q) -> float:
    return round(float(np.percentile(np.array(values) * 1000, q)), 2)


def run_speed(n: int, base_vectors: np.ndarray, demand_texts: list[str], batch_texts: list[str], log,
              scratch: Path | None = None, embedding_sample: int = 256) -> dict:
    out: dict = {"skus": n}
    t = time.perf_counter()
    items = generated_catalog(n)
    out["catalog_generation_s"] = round(time.perf_counter() - t, 1)
    rss_items = rss_mb()
    log(f"speed: {n:,} SKUs generated in {out['catalog_generation_s']}s (RSS {rss_items:.0f} MB)")

    t = time.perf_counter()
    index = MatchIndex.build(items, embedder=None)
    out["lexical_build_s"] = round(time.perf_counter() - t, 1)
    rss_lexical = rss_mb()
    lex = index.corpus.lexical
    out["lexical_vocabulary"] = len(index.corpus.store.vocab)
    out["lexical_arrays_mb"] = round(
        (sum(a.nbytes for a in (lex.base.scores["data"], lex.base.scores["indices"], lex.base.scores["indptr"]))
         + sum(column.nbytes for column in index.corpus.store.columns())) / 2**20, 1)
    log(f"  lexical index (tokenise + BM25): {out['lexical_build_s']}s, arrays {out['lexical_arrays_mb']} MB")

    embedder = E5Embedder()
    sample = [i.search_text() for i in items[:: max(1, n // embedding_sample)][:embedding_sample]]
    embedder.embed_passages(sample[:8])
    t = time.perf_counter()
    embedder.embed_passages(sample)
    out["embedding_passages_per_s"] = round(len(sample) / (time.perf_counter() - t), 1)
    log(f"  e5 passage embedding: {out['embedding_passages_per_s']} sentences/s (batch of {len(sample)})")

    dense = DenseIndex(dim=embedder.dim, dtype="i8")
    t = time.perf_counter()
    for start, vectors in synthetic_vectors(base_vectors, n):
        dense.add(np.arange(start, start + len(vectors)), vectors)
    out["ann_build_s"] = round(time.perf_counter() - t, 1)
    out["ann_vectors"] = f"synthetic: mixtures of {len(base_vectors)} real e5 passage vectors + noise"
    out["ann_memory_mb"] = round(dense.index.memory_usage / 2**20, 1)
    index.corpus.dense, index.corpus.embedder = dense, embedder
    rss_all = rss_mb()
    out["rss_mb"] = {"catalog_records": round(rss_items), "after_lexical": round(rss_lexical),
                     "after_ann": round(rss_all)}
    out["build_rss_growth_mb"] = round(rss_all - rss_items)
    log(f"  ANN (usearch i8, HNSW M=16): {out['ann_build_s']}s, {out['ann_memory_mb']} MB; "
        f"build RSS growth {out['build_rss_growth_mb']} MB")
    if scratch is not None:
        out["persistence"] = serving_memory(index, scratch, log)

    table = load_static_table(embedder_name=embedder.name)
    dual = DualEmbedder(embedder, StaticQueryEncoder(table, index.corpus.tokenizer) if table else None, "static")
    index.corpus.embedder = dual
    variants = ["hybrid_static", "hybrid_e5"] if table else ["hybrid_e5"]

    def demand(i: int, text: str, prefix: str) -> DemandQuery:
        rng = random.Random(i)
        return DemandQuery(f"{prefix}{i}", text, quantity=rng.choice([None, 100, 1000]),
                           target_price_usd=rng.choice([None, Decimal("20"), Decimal("80")]))

    def run(d: DemandQuery, variant: str):
        if variant == "lexical":
            return index.match(d, top=10, mode="lexical")
        return index.match(d, top=10, query_encoder=variant.removeprefix("hybrid_"))

    demands = [demand(i, text, "q") for i, text in enumerate(demand_texts)]
    for variant in variants:
        run(demands[0], variant)  # JIT compilation of the numba BM25 kernels happens on the first
    out["single_demand_ms"] = {}
    for variant in [*variants, "lexical"]:
        index.corpus.tokenizer.trim_cache(keep=0)  # every variant tokenises its demands afresh
        times = []
        for d in demands:
            t = time.perf_counter()
            run(d, variant)
            times.append(time.perf_counter() - t)
        out["single_demand_ms"][variant] = {"p50": percentile(times, 50), "p95": percentile(times, 95),
                                            "n": len(times)}

    for name, encode in (("e5", lambda x: embedder.embed_queries([x])),
                         ("static", lambda x: dual.embed_queries([x], encoder="static"))):
        if name == "static" and table is None:
            continue
        times = []
        for d in demands[:100]:
            t = time.perf_counter()
            encode(d.text)
            times.append(time.perf_counter() - t)
        out[f"query_embedding_ms_p50_{name}"] = percentile(times, 50)

    # The anchor: one plain bm25s top-10 call on the same 1M-document index.
    tokens = [index.corpus.store.ids(index.corpus.tokenizer(d.text), grow=False) for d in demands]
    anchor = []
    for ids in tokens:
        if not ids:
            continue
        t = time.perf_counter()
        lex.base.retrieve([ids], k=10, show_progress=False, n_threads=1)
        anchor.append(time.perf_counter() - t)
    out["anchor_bm25_ms"] = {"p50": percentile(anchor, 50), "p95": percentile(anchor, 95)}
    first = out["single_demand_ms"][variants[0]]
    out["hybrid_over_anchor_p50"] = round(first["p50"] / max(out["anchor_bm25_ms"]["p50"], 1e-3), 1)
    log("  single demand: " + "; ".join(f"{v} p50 {m['p50']} ms, p95 {m['p95']} ms"
                                        for v, m in out["single_demand_ms"].items())
        + f"; e5 query {out['query_embedding_ms_p50_e5']} ms; anchor bm25s p50 {out['anchor_bm25_ms']['p50']} ms")

    with open("/proc/loadavg") as fh:
        out["load_average_during_run"] = fh.read().split()[:3]
    batch = [demand(i, text, "b") for i, text in enumerate(batch_texts)]  # distinct texts
    out["batch_size"] = len(batch)
    out["batch_demands_per_s"] = {}
    for variant in [*variants, "lexical"]:
        best = 0.0
        for _ in range(2 if variant != "hybrid_e5" else 1):  # best of two: the machine is shared
            index.corpus.tokenizer.trim_cache(keep=0)  # no demand's tokens cached from a previous run
            t = time.perf_counter()
            if variant == "lexical":
                index.match_batch(batch, top=10, mode="lexical")
            else:
                index.match_batch(batch, top=10, query_encoder=variant.removeprefix("hybrid_"))
            best = max(best, len(batch) / (time.perf_counter() - t))
        out["batch_demands_per_s"][variant] = round(best, 1)
    log("  batch of " + str(len(batch)) + ": "
        + ", ".join(f"{v} {r} demands/s" for v, r in out["batch_demands_per_s"].items()))
    if table is not None:
        out["batch_breakdown_ms_per_demand"] = batch_breakdown(index, batch)
        log(f"  where a static hybrid batch demand's time goes (ms): {out['batch_breakdown_ms_per_demand']}")
    return out


def batch_breakdown(index: MatchIndex, batch: list[DemandQuery]) -> dict:
    """The static hybrid batch, stage by stage (ms per demand)."""
    corpus = index.corpus
    corpus.tokenizer.trim_cache(keep=0)
    texts = [d.text for d in batch]
    n = len(batch)
    out = {}
    t = time.perf_counter()
    masks = index._masks(batch)
    out["hard_constraint_masks"] = time.perf_counter() - t
    t = time.perf_counter()
    tokens = [corpus._query_tokens(x) for x in texts]
    out["tokenise"] = time.perf_counter() - t
    t = time.perf_counter()
    corpus.lexical.search_many(tokens, corpus.fusion.depth, corpus.alive.astype(np.float32))
    out["bm25_search"] = time.perf_counter() - t
    t = time.perf_counter()
    vectors = corpus.embedder.embed_queries(texts, encoder="static")
    out["static_query_encoding"] = time.perf_counter() - t
    t = time.perf_counter()
    corpus.dense.search_many(vectors, corpus.fusion.depth, masks)
    out["ann_search"] = time.perf_counter() - t
    t = time.perf_counter()
    found = corpus.candidates(texts, masks, "hybrid", query_vectors=vectors)
    candidates_s = time.perf_counter() - t
    out["fusion"] = max(candidates_s - out["bm25_search"] - out["ann_search"] - out["tokenise"], 0.0)
    t = time.perf_counter()
    for d, cands in zip(batch, found, strict=False):
        index._rerank(d, cands, 10)
    out["soft_constraints_and_reasons"] = time.perf_counter() - t
    return {k: round(1000 * v / n, 3) for k, v in out.items()}
