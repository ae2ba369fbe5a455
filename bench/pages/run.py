"""Issue 16 benchmark: every page type at full demo scale, one at a time against an idle server
(target: each under 150 ms). Results: bench/results/pages.json (median and p95 per page, the first
view apart, and /healthz through the same stack as the anchor).

    .venv/bin/python bench/pages/run.py [--repeats 15] [--quick]

The server is `chuhai serve` (one worker) on PostgreSQL with the full demo (see server.py: loaded once
into BENCH_DATABASE_URL, reused after). Each page is requested once (the "first" figure: what the first
visitor after a start waits, caches cold) and then `--repeats` times; the time is the client's wall
time on the loopback, the server's work included.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import server  # the shared helpers beside this file

RESULTS = server.ROOT / "bench" / "results"
TARGET_MS = 150


def pages(ids: dict) -> dict[str, list[str]]:
    """Per role, the pages to time (one of each page type; records of the demo's accounts)."""
    e, p, b, d = ids["enterprise"], ids["product"], ids["buyer"], ids["demand"]
    operator = ["/", "/enterprises", f"/enterprises/{e}", "/products", "/products?q=wig", f"/products/{p}",
                "/demands", f"/demands/{ids['any_demand']}", "/buyers", f"/buyers/{b}", "/belts",
                f"/belts/{ids['belt']}", "/providers", "/admin/audit", "/admin/members", "/matching/unmatched",
                f"/matching/demands/{d}/matches", "/stats", "/insight", f"/insight/belts/{ids['belt']}",
                f"/insight/enterprises/{e}", "/events", "/imports", "/planning/reference", "/planning/warehouse",
                "/planning/landed-cost", "/notifications", "/conversations", "/deals", "/quotations", "/account"]
    if ids.get("event"):
        operator += [f"/events/{ids['event']}", f"/events/{ids['event']}/schedule",
                     f"/events/{ids['event']}/tables/pdf"]
    enterprise = ["/", "/matching/opportunities", f"/insight/enterprises/{e}", f"/products/{p}",
                  f"/products/{p}/edit", "/products", "/quotations", "/conversations",
                  f"/planning/products/{p}/dossier.pdf", f"/insight/enterprises/{e}/report.pdf"]
    buyer = ["/", "/demands", f"/demands/{d}", f"/matching/demands/{d}/matches", "/demands/new", "/deals"]
    if ids.get("quotation_demand"):
        buyer.append(f"/trade/demands/{ids['quotation_demand']}/quotations")
    if ids.get("event") and ids.get("registration"):
        operator += [f"/events/{ids['event']}/agenda/{ids['registration']}",
                     f"/events/{ids['event']}/agenda/{ids['registration']}/pdf"]
    anonymous = ["/login", "/signup", "/showcase", "/showcase/search?q=wig", "/robots.txt", "/sitemap.xml"]
    return {"anonymous": anonymous, "operator": operator, "enterprise": enterprise, "buyer": buyer,
            "provider": ["/", "/providers"]}


def time_page(client: httpx.Client, path: str, repeats: int) -> dict:
    times, statuses = [], set()
    for _ in range(repeats + 1):
        started = time.perf_counter()
        response = client.get(path, follow_redirects=False)
        times.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    first, rest = times[0], sorted(times[1:])
    p95 = rest[min(len(rest) - 1, round(0.95 * (len(rest) - 1)))]
    median = statistics.median(rest)
    return {"status": sorted(statuses), "first_ms": round(first, 1), "median_ms": round(median, 1),
            "p95_ms": round(p95, 1), "meets_target": p95 < TARGET_MS and statuses <= {200}}


def run(repeats: int) -> dict:
    server.ensure_demo()
    ids = server.demo_ids()
    results: dict[str, dict] = {}
    with server.serve(workers=1) as (base, process):
        server.wait_until_idle(process.pid)  # the start-up cache warming finishes
        with httpx.Client(base_url=base, timeout=120) as anonymous:
            anchor = time_page(anonymous, "/healthz", repeats * 2)
        for role, paths in pages(ids).items():
            with httpx.Client(base_url=base, timeout=120) as client:
                if role != "anonymous":
                    server.sign_in(client, role)
                for path in paths:
                    key = f"{role} {path}"
                    results[key] = time_page(client, path, repeats)
                    print(f"{key:60s} {results[key]}", flush=True)
    slow = sorted((k for k, v in results.items() if not v["meets_target"]), key=lambda k: -results[k]["p95_ms"])
    worst = max(results, key=lambda k: results[k]["p95_ms"])
    return {"anchor_healthz": anchor, "target_ms": TARGET_MS, "repeats": repeats, "pages": results,
            "worst": {"page": worst, **results[worst]}, "over_target": slow,
            "all_meet_target": not slow}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="3 repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else args.repeats
    report = {"benchmark": "pages", "quick": args.quick, "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()},
              "database": server.DATABASE_URL.rpartition("@")[2], **run(repeats)}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("pages_quick.json" if args.quick else "pages.json")
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"→ {out}: worst {report['worst']['page']} p95 {report['worst']['p95_ms']} ms; "
          f"{len(report['over_target'])} pages over {TARGET_MS} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
