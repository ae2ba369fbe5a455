"""Matching benchmarks: quality on the labelled set, speed and scale on 1M generated SKUs.

    .venv/bin/python bench/matching/run.py            # full: 5,000-product demo catalog, 1M SKUs
    .venv/bin/python bench/matching/run.py --quick    # small catalog, 20k SKUs, < 1 min (warm cache)
    .venv/bin/python bench/matching/run.py --only quality

Writes bench/results/matching_quality.json, bench/results/matching_speed.json and (out-of-domain
titles, see ood/README.md; the same set in quick mode) bench/results/matching_ood.json. Vectors are
cached in bench/cache/matching/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from demo_corpus import catalog_items, handwritten  # noqa: E402
from embedding_cache import CachedEmbedder  # noqa: E402


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def log(message: str) -> None:
    print(message, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    parser.add_argument("--only", choices=["quality", "speed", "ood"])
    parser.add_argument("--skus", type=int, help="SKUs for the speed run (default 1,000,000; quick 20,000)")
    args = parser.parse_args()

    from chuhai.demo.generator import generate
    from chuhai.matching.engine.dense import E5Embedder

    cache = ROOT / "bench" / "cache" / "matching"
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    suffix = "_quick" if args.quick else ""
    scale = "small" if args.quick else "full"
    data = generate(scale, 7)
    vectors_file = cache / f"e5-{scale}.npz"

    if args.only in (None, "quality"):
        from quality import run_quality

        t = time.perf_counter()
        quality = run_quality(data, vectors_file, args.quick, log)
        quality.update(machine=machine(), scale=scale, seconds=round(time.perf_counter() - t, 1))
        (results_dir / f"matching_quality{suffix}.json").write_text(json.dumps(quality, indent=2, ensure_ascii=False))
        systems = quality["systems"]
        keys = [k for k in systems["anchor_bm25"] if k.startswith("handwritten/") or k in ("overall", "generated")]
        log(f"\n{'nDCG@10':20s}" + "".join(f"{s.replace('hybrid_static_', 'hs_'):>13s}" for s in systems))
        for key in keys:
            log(f"{key:20s}" + "".join(f"{systems[s][key]['ndcg@10']:13.3f}" for s in systems))
        log(f"fusion fitted on generated demands: {quality['fusion_best_on_generated_static']}")
        log(f"dense e5 nDCG@10 by ANN dtype: {quality['dense_e5_ndcg@10_by_ann_dtype']}")
        log(f"static vs e5 query vectors: {quality['static_vs_e5_query_vectors']}")
        log(f"hybrid_e5 − hybrid_static nDCG@10: {quality['hybrid_e5_minus_hybrid_static_ndcg@10']}")
        log(f"minimum per-language gain over the anchor: "
            f"{ {k: v['min_per_language'] for k, v in quality['minus_anchor_ndcg@10'].items()} }")

    if args.only in (None, "ood"):
        from ood import in_domain_figures, run_ood

        t = time.perf_counter()
        in_domain = in_domain_figures(results_dir / f"matching_quality{suffix}.json")
        ood = run_ood(cache / "e5-ood.npz", log, in_domain)
        ood.update(machine=machine(), seconds=round(time.perf_counter() - t, 1))
        (results_dir / "matching_ood.json").write_text(json.dumps(ood, indent=2, ensure_ascii=False))
        for label, figures in (("out-of-domain", ood["ndcg@10"]), ("out-of-domain hard", ood["hard"]["ndcg@10"]),
                               ("out-of-domain siblings", ood["siblings"]["ndcg@10"])):
            for split in ("heldout", "dev"):
                table = figures[split]
                log(f"\n{label} {split} nDCG@10 " + "".join(f"{k:>8s}" for k in next(iter(table.values()))))
                for name, row in table.items():
                    log(f"{name:28s}" + "".join(f"{v:8.3f}" for v in row.values()))
        log(f"in-domain beside it: {in_domain}")

    if args.only in (None, "speed"):
        from speed import run_speed

        items, attributes = catalog_items(data)
        embedder = CachedEmbedder(E5Embedder(), vectors_file)
        base = embedder.embed_passages([i.search_text() for i in items])
        embedder.save()
        texts = list(dict.fromkeys([d.text for d in handwritten(attributes)] + [d["text"] for d in data.demands]))
        single, batch = texts[: 40 if args.quick else 200], texts[: 100 if args.quick else 500]
        n = args.skus or (20_000 if args.quick else 1_000_000)
        t = time.perf_counter()
        speed = run_speed(n, np.asarray(base), single, batch, log, scratch=cache / f"speed-index-{n}",
                          embedding_sample=64 if args.quick else 256)
        targets = {"p95_ms": 50, "index_memory_mb": 4096, "batch_demands_per_s": 200}
        memory = speed.get("persistence", {}).get("index_memory_mb")
        passed = {
            "index_memory": None if memory is None else memory < targets["index_memory_mb"],
            **{f"p95_{v}": m["p95"] < targets["p95_ms"]
               for v, m in speed["single_demand_ms"].items() if v != "lexical"},
            **{f"batch_{v}": r >= targets["batch_demands_per_s"] for v, r in speed["batch_demands_per_s"].items()},
        }
        speed.update(machine=machine(), seconds=round(time.perf_counter() - t, 1), load_average_at_end=os.getloadavg(),
                     targets=targets, target_met=passed)
        log(f"targets met: {passed}")
        (results_dir / f"matching_speed{suffix}.json").write_text(json.dumps(speed, indent=2))


if __name__ == "__main__":
    main()
