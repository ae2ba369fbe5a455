"""HS suggestion on realistic listings: held-out first, then dev, then the old glossary-derived sets.

    .venv/bin/python bench/planning/hs_listings.py                    # hs_listings.jsonl + old sets
    .venv/bin/python bench/planning/hs_listings.py --set marketplace  # hs_marketplace.jsonl
    .venv/bin/python bench/planning/hs_listings.py --set fresh        # hs_fresh.jsonl (all held out)
    .venv/bin/python bench/planning/hs_listings.py --set fresh2       # hs_fresh2.jsonl (all held out)

Accuracy of the chapter (2 digits), heading (4) and subheading (6) at top 1 and top 3, and the time per
answer (p50/p95 over every item, after one warm-up call), for the current suggester
(`chuhai.planning.engine.hs.suggest_item`, with the item's category and attributes) and, in the same run,
the frozen pre-listings suggester (`bench/planning/hs_baseline.py`) as the anchor. See HS_LISTINGS.md for
how the listings were made and split. Writes bench/results/hs_listings.json.

`--set marketplace` runs the marketplace-feed set instead (HS_MARKETPLACE.md: long keyword titles, category paths
and feed attributes), held-out first, and writes bench/results/hs_marketplace.json. Its held-out misses are
counted but not listed, so that nobody tunes on them.

`--set fresh` runs hs_fresh.jsonl (HS_FRESH.md): 120 feed listings written after the suggester was tuned on the
marketplace set, by someone who had not read the suggester's lexicon or the other sets; every line is held out, never
tuned on, and no miss is listed. Writes bench/results/hs_fresh.json. `--set fresh2` (HS_FRESH2.md), a second such set
written later the same way, writes bench/results/hs_fresh2.json. No held-out miss of any set is listed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import hs_baseline  # noqa: E402
from bench.planning.run import machine  # noqa: E402

from chuhai.planning.engine.hs import suggest_item  # noqa: E402


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def current(item: dict) -> list[str]:
    return [
        s["code"]
        for s in suggest_item(
            item["text"], top=3, category=item.get("category"), attributes=item.get("attributes")
        ).suggestions
    ]


def baseline(item: dict) -> list[str]:
    return [s["code"] for s in hs_baseline.suggest(item["text"], top=3)]


def evaluate(items: list[dict], method, list_misses: bool = True) -> dict:
    hits = {f"{level}_top{k}": 0 for level in ("chapter", "heading", "subheading") for k in (1, 3)}
    times, misses, empty = [], [], 0
    method(items[0])  # warm-up: indexes load once
    for item in items:
        t0 = time.perf_counter()
        got = method(item)
        times.append((time.perf_counter() - t0) * 1000)
        empty += not got
        for level, digits in (("chapter", 2), ("heading", 4), ("subheading", 6)):
            want = item["code"][:digits]
            hits[f"{level}_top1"] += bool(got) and got[0][:digits] == want
            hits[f"{level}_top3"] += any(code[:digits] == want for code in got[:3])
        if item["code"] not in got[:3]:
            misses.append({"id": item.get("id"), "text": item["text"], "expected": item["code"], "got": got[:3]})
    n = len(items)
    times.sort()
    return {
        "n": n,
        **{k: round(v / n, 4) for k, v in hits.items()},
        "empty_answers": empty,
        "ms_p50": round(statistics.median(times), 3),
        "ms_p95": round(times[min(n - 1, int(0.95 * n))], 3),
        **({"misses_top3": misses} if list_misses else {"misses_top3_count": len(misses)}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        choices=("listings", "marketplace", "fresh", "fresh2"),
        default="listings",
        help="listings: hs_listings.jsonl and the old glossary-derived sets (default); "
        "marketplace: hs_marketplace.jsonl; fresh, fresh2: hs_fresh.jsonl, hs_fresh2.jsonl (all held out)",
    )
    args = parser.parse_args()
    if args.set in ("fresh", "fresh2"):
        sets = {f"{args.set}_heldout": load(f"hs_{args.set}.jsonl")}
        out = ROOT / "bench" / "results" / f"hs_{args.set}.json"
    elif args.set == "marketplace":
        feed = load("hs_marketplace.jsonl")
        sets = {
            "marketplace_heldout": [i for i in feed if i["split"] == "heldout"],
            "marketplace_dev": [i for i in feed if i["split"] == "dev"],
        }
        out = ROOT / "bench" / "results" / "hs_marketplace.json"
    else:
        listings = load("hs_listings.jsonl")
        sets = {
            "listings_heldout": [i for i in listings if i["split"] == "heldout"],
            "listings_dev": [i for i in listings if i["split"] == "dev"],
            "old_glossary_set": load("hs_labelled.jsonl") + load("hs_heldout.jsonl"),
        }
        out = ROOT / "bench" / "results" / "hs_listings.json"
    report = {"benchmark": f"planning.hs_{args.set}", "machine": machine(), "sets": {}}
    for name, items in sets.items():
        list_misses = not name.endswith("_heldout")  # held-out misses are counted, never listed
        report["sets"][name] = {
            "current": evaluate(items, current, list_misses),
            "baseline_anchor": evaluate(items, baseline, list_misses),
        }
        for who, r in report["sets"][name].items():
            print(
                f"{name:19s} {who:16s} n={r['n']:3d} ch@1={r['chapter_top1']:.3f} hd@1={r['heading_top1']:.3f} "
                f"sub@1={r['subheading_top1']:.3f} sub@3={r['subheading_top3']:.3f} empty={r['empty_answers']} "
                f"p50={r['ms_p50']}ms p95={r['ms_p95']}ms"
            )
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("wrote", out)


if __name__ == "__main__":
    main()
