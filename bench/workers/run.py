"""Issue 16 benchmark: memory of several web workers (`chuhai serve --workers N`), whose match index is
memory-mapped from its files so that the workers share it. Target: under 300 MB per extra worker at 1M SKUs.
Results: bench/results/workers.json.

    .venv/bin/python bench/workers/run.py [--workers 3] [--items 1000000] [--skip-demo] [--skip-synthetic]

1. Full demo: `chuhai serve --workers N` on PostgreSQL with the full demo (bench/pages/server.py); every
   worker is made to load the match index (buyers ask for their short list to be matched again, many at
   once, so that each worker gets some), then each process's memory is read from /proc: RSS, PSS (shared
   pages split among the processes that map them) and USS (its private pages: what one more worker adds).
2. Synthetic catalogue of `--items` SKUs (bench/matching/speed.py's generator; random vectors for the ANN,
   since embedding a million titles takes hours): the index is built and saved once, then K plain processes
   load it the way a worker does (`MatchIndex.load(mmap=True)`) and answer queries; the same with
   `mmap=False` (read into memory) as the anchor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pages"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "matching"))
import server  # bench/pages/server.py: the demo database, the server, the demo's ids

RESULTS = server.ROOT / "bench" / "results"
TARGET_EXTRA_WORKER_MB = 300


def memory(pid: int) -> dict:
    """RSS, PSS and USS (private clean + dirty) of a process, in MB (/proc/PID/smaps_rollup)."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and parts[0].endswith(":"):
                fields[parts[0][:-1]] = int(parts[1]) / 1024
    return {"rss_mb": round(fields["Rss"], 1), "pss_mb": round(fields["Pss"], 1),
            "uss_mb": round(fields["Private_Clean"] + fields["Private_Dirty"], 1)}


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def demo_workers(workers: int) -> dict:
    server.ensure_demo()
    ids = server.demo_ids()
    with server.serve(workers=workers) as (base, process):
        time.sleep(float(os.environ.get("BENCH_SETTLE_S", "20")))
        # The workers (not the supervisor's small helpers: multiprocessing's resource tracker, the job runner's
        # fork server before it forks).
        pids = [pid for pid in children(process.pid) if memory(pid)["rss_mb"] > 100]
        idle = {pid: memory(pid) for pid in pids}

        def rematch(_n: int) -> None:
            with httpx.Client(base_url=base, timeout=300) as client:
                server.sign_in(client, "buyer")
                for _ in range(3):
                    page = client.get(f"/demands/{ids['demand']}")  # its "match again" form
                    client.post(f"/matching/demands/{ids['demand']}/matches",
                                data={"csrf_token": server.csrf_of(page.text)}, follow_redirects=False)

        threads = [threading.Thread(target=rematch, args=(n,)) for n in range(4 * workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        loaded = {pid: memory(pid) for pid in pids}
    ordered = sorted(pids, key=lambda pid: -loaded[pid]["uss_mb"])
    return {"workers": workers, "index_mode": "memory-mapped (MatchIndex.load(mmap=True))",
            "per_worker_idle": [idle[p] for p in ordered], "per_worker_index_loaded": [loaded[p] for p in ordered],
            "first_worker_rss_mb": loaded[ordered[0]]["rss_mb"],
            "extra_worker_uss_mb": [loaded[p]["uss_mb"] for p in ordered[1:]],
            "meets_target": all(loaded[p]["uss_mb"] < TARGET_EXTRA_WORKER_MB for p in ordered[1:])}


LOADER = r"""
import sys, time
import numpy as np
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import DemandQuery

class RandomEmbedder:
    name, dim = sys.argv[3], int(sys.argv[4])
    def embed_queries(self, texts):
        v = np.random.default_rng(len(texts)).standard_normal((len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)
    embed_passages = embed_queries

index = MatchIndex.load(sys.argv[1], embedder=RandomEmbedder(), mmap=sys.argv[2] == "mmap")
for n, text in enumerate(["lace front wig", "ceramic brake pads", "solid wood dining table", "LED strip"] * 5):
    index.match(DemandQuery(demand_id=str(n), text=text, quantity=100), top=10)
print("ready", flush=True)
time.sleep(3600)
"""


class _Named:
    """The embedder the synthetic index is saved with (random unit vectors: geometry does not matter here)."""

    name, dim = "synthetic-random", 384

    def embed_queries(self, texts):
        v = np.random.default_rng(0).standard_normal((len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    embed_passages = embed_queries


def synthetic(items: int, processes: int, log=print) -> dict:
    from speed import generated_catalog  # bench/matching/speed.py

    from chuhai.matching.engine.match_index import MatchIndex

    directory = Path(tempfile.mkdtemp(prefix="chuhai-workers-")) / "idx"
    started = time.perf_counter()
    catalog = generated_catalog(items)
    vectors = np.random.default_rng(1).standard_normal((items, _Named.dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = MatchIndex.build(catalog, vectors=vectors, embedder=_Named())
    index.save(directory)
    del index, catalog, vectors
    build_s = time.perf_counter() - started
    log(f"synthetic index of {items} SKUs built and saved in {build_s:.0f} s")
    out = {"items": items, "build_and_save_s": round(build_s, 1),
           "on_disk_mb": round(sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 2**20, 1)}
    try:
        for mode in ("mmap", "read"):
            procs = [subprocess.Popen([sys.executable, "-c", LOADER, str(directory), mode, _Named.name,
                                       str(_Named.dim)], stdout=subprocess.PIPE, text=True)
                     for _ in range(processes)]
            try:
                for proc in procs:
                    if proc.stdout.readline().strip() != "ready":
                        raise RuntimeError(f"a loader ({mode}) failed")
                mem = sorted((memory(proc.pid) for proc in procs), key=lambda m: -m["uss_mb"])
            finally:
                for proc in procs:
                    proc.kill()
                    proc.wait()
            out[mode] = {"processes": processes, "per_process": mem, "first_rss_mb": mem[0]["rss_mb"],
                         "extra_process_uss_mb": [m["uss_mb"] for m in mem[1:]]}
            log(f"{mode}: {out[mode]}")
    finally:
        shutil.rmtree(directory.parent, ignore_errors=True)
    extra = out["mmap"]["extra_process_uss_mb"]
    out["meets_target"] = bool(extra) and max(extra) < TARGET_EXTRA_WORKER_MB
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--quick", action="store_true", help="a synthetic index of 50,000 SKUs")
    args = parser.parse_args()
    if args.quick:
        args.items = min(args.items, 50_000)
    out = RESULTS / "workers.json"
    report = json.loads(out.read_text()) if out.exists() else {}
    report.update({"benchmark": "workers", "date": datetime.now(UTC).isoformat(timespec="seconds"),
                   "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                               "platform": platform.platform()},
                   "target_extra_worker_mb": TARGET_EXTRA_WORKER_MB})
    if not args.skip_demo:
        report["full_demo"] = demo_workers(args.workers)
        print(json.dumps(report["full_demo"], indent=1), flush=True)
    if not args.skip_synthetic:
        report["synthetic"] = synthetic(args.items, args.workers)
    RESULTS.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"→ {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
