"""Issue 2 benchmark: `chuhai demo --scale full` time and peak memory, and the server time of the
main list pages at full scale (target: under 300 ms each).

Anchors measured in the same run: the demo *generation* alone (no database writes) for the load,
and a trivial route (`/healthz`) through the same stack for the pages. Results:
bench/results/foundation.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
PAGE_TARGET_MS = 300
PAGES = ["/", "/enterprises", "/products", "/products?q=wig", "/products?category=furniture", "/demands",
         "/buyers", "/belts", "/admin/audit"]


def _child_peak_mb(command: list[str], env: dict) -> tuple[float, float]:
    """Wall time and peak RSS of a child process (ru_maxrss of the children is in KiB on Linux)."""
    started = time.perf_counter()
    script = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, *command], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib / 1024


def bench_demo(scale: str, database: Path) -> dict:
    env = {**os.environ, "CHUHAI_DATABASE_URL": f"sqlite:///{database}", "CHUHAI_DATA_DIR": str(database.parent)}
    chuhai = str(Path(sys.executable).with_name("chuhai"))
    generate_only = [sys.executable, "-c",
                     "import sys; from chuhai.demo.generator import generate; from chuhai.demo.orders import "
                     "iter_order_chunks; d = generate(sys.argv[1]); print(sum(len(c) for c in iter_order_chunks(d)))",
                     scale]
    anchor_s, anchor_mb = _child_peak_mb(generate_only, env)
    load_s, load_mb = _child_peak_mb([chuhai, "demo", "--scale", scale], env)
    return {"scale": scale, "load_seconds": round(load_s, 2), "load_peak_rss_mb": round(load_mb, 1),
            "anchor_generate_only_seconds": round(anchor_s, 2), "anchor_generate_only_peak_rss_mb": round(anchor_mb, 1),
            "load_vs_generate_ratio": round(load_s / anchor_s, 2),
            "database_mb": round(database.stat().st_size / 2**20, 1)}


def bench_pages(database: Path, repeats: int) -> dict:
    from fastapi.testclient import TestClient

    from chuhai.app import create_app
    from chuhai.config import Settings

    app = create_app(Settings(database_url=f"sqlite:///{database}", secret_key="bench", data_dir=database.parent))
    results = {}
    with TestClient(app) as client:
        login = client.get("/login").text
        token = login.split('name="csrf_token" value="')[1].split('"')[0]
        client.post("/login", data={"email": "operator@chuhai.demo", "password": "chuhai-demo",
                                    "csrf_token": token, "next": "/"})

        def timed(path: str) -> list[float]:
            client.get(path)  # warm the caches once, as a running server would be
            samples = []
            for _ in range(repeats):
                started = time.perf_counter()
                response = client.get(path)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            return samples

        anchor = statistics.median(timed("/healthz"))
        for path in PAGES:
            samples = sorted(timed(path))
            median = statistics.median(samples)
            results[path] = {"median_ms": round(median, 1), "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 1),
                             "vs_target": round(median / PAGE_TARGET_MS, 3), "vs_healthz": round(median / anchor, 1),
                             "meets_target": median < PAGE_TARGET_MS}
    return {"anchor_healthz_median_ms": round(anchor, 2), "target_ms": PAGE_TARGET_MS, "pages": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small scale, few repeats")
    args = parser.parse_args()
    scale, repeats = ("small", 5) if args.quick else ("full", 15)
    with tempfile.TemporaryDirectory(prefix="chuhai-bench-") as tmp:
        database = Path(tmp) / "chuhai.db"
        demo = bench_demo(scale, database)
        print(json.dumps(demo, indent=2))
        pages = bench_pages(database, repeats)
        print(json.dumps(pages, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {
        "benchmark": "foundation", "quick": args.quick, "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "demo": demo, "list_pages": pages,
    }
    name = "foundation_quick.json" if args.quick else "foundation.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS / name}")


if __name__ == "__main__":
    main()
