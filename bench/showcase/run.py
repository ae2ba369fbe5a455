"""Issue 14 benchmark: the public showcase's product page at full demo scale (target: median under 100 ms),
with its neighbours (the showcase's home, a search, an enterprise page) and two anchors measured in the same run
against the same server: the static `/healthz` and the signed-in catalog product page `/products/{id}`.
Results: bench/results/showcase.json (showcase_quick.json with --quick).

    .venv/bin/python bench/showcase/run.py [--repeats 10] [--products 20] [--quick] [--database PATH]

The server is `chuhai serve` (one worker) on an SQLite file loaded with `chuhai demo --scale full` (reused
when --database names one that exists). Product pages cycle through `--products` listed products taken from
sitemap.xml, each in the four languages (/zh/, /en/, /es/, /ru/); every page is requested once first (caches
warm, as on a running server) and then `--repeats` times per product. The time is the client's wall time on
the loopback, the server's work included. Only HTTP is used: no module of the app is imported here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
TARGET_MS = 100
LANGS = ("zh", "en", "es", "ru")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load_demo(database: Path, scale: str) -> float:
    env = {**os.environ, "CHUHAI_DATABASE_URL": f"sqlite:///{database}", "CHUHAI_DATA_DIR": str(database.parent)}
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("chuhai")), "demo", "--scale", scale], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _serve(database: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "CHUHAI_DATABASE_URL": f"sqlite:///{database}", "CHUHAI_DATA_DIR": str(database.parent),
           "CHUHAI_WARM_CACHES": "false"}
    subprocess.run([str(Path(sys.executable).with_name("chuhai")), "db", "upgrade"], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # a reused database: up to this version's schema
    server = subprocess.Popen([str(Path(sys.executable).with_name("chuhai")), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not start")


def _stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1), "samples": len(ordered)}


def _timed(client: httpx.Client, urls: list[str], repeats: int) -> dict:
    for url in urls:  # once each first: caches warm, as on a server that has been running
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(repeats):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return _stats(samples)


def _sign_in(client: httpx.Client) -> None:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"email": "operator@chuhai.demo", "password": "chuhai-demo",
                                         "csrf_token": token, "next": "/"})
    assert answer.status_code == 303, answer.status_code


def measure(base_url: str, repeats: int, n_products: int) -> dict:
    with httpx.Client(base_url=base_url, timeout=60) as client:
        sitemap = client.get("/sitemap.xml").text
        products = re.findall(r"<loc>[^<]*?(/showcase/products/(\d+)-[a-z0-9-]*)</loc>", sitemap)
        enterprises = re.findall(r"<loc>[^<]*?(/showcase/enterprises/\d+-[a-z0-9-]*)</loc>", sitemap)
        step = max(1, len(products) // n_products)
        chosen = products[::step][:n_products]
        pages = {
            "anchor /healthz": _timed(client, ["/healthz"], repeats * 4),
            "showcase product page (4 languages)": _timed(
                client, [f"/{lang}{path}" for path, _id in chosen for lang in LANGS], repeats),
            "showcase product page (es)": _timed(client, [f"/es{path}" for path, _id in chosen], repeats),
            "showcase home": _timed(client, [f"/{lang}/showcase" for lang in LANGS], repeats),
            "showcase search": _timed(client, [f"/{lang}/showcase/search?q={q}" for lang, q in
                                               zip(LANGS, ("蕾丝假发", "lace wig", "peluca", "диван"), strict=True)],
                                      repeats),
            "showcase enterprise page": _timed(client, [f"/es{path}" for path in enterprises[:n_products]], repeats),
        }
        _sign_in(client)
        pages["anchor signed-in /products/{id}"] = _timed(client, [f"/products/{pid}" for _path, pid in chosen],
                                                          repeats)
    anchor = pages["anchor /healthz"]["median_ms"]
    for result in pages.values():
        result["vs_healthz"] = round(result["median_ms"] / anchor, 1)
    product = pages["showcase product page (4 languages)"]
    return {"listed_products": len(products), "listed_enterprises": len(enterprises), "products_measured": len(chosen),
            "target_ms": TARGET_MS, "meets_target": product["median_ms"] < TARGET_MS,
            "vs_signed_in_product_page": round(product["median_ms"]
                                               / pages["anchor signed-in /products/{id}"]["median_ms"], 2),
            "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small demo, few repeats")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--products", type=int, default=20)
    parser.add_argument("--database", type=Path, help="an SQLite file with the demo loaded (loaded when missing)")
    args = parser.parse_args()
    scale, repeats = ("small", 3) if args.quick else ("full", args.repeats)
    with tempfile.TemporaryDirectory(prefix="chuhai-bench-showcase-") as tmp:
        database = args.database or Path(tmp) / "chuhai.db"
        load_s = None if database.exists() else round(_load_demo(database, scale), 1)
        port = _free_port()
        server = _serve(database, port)
        try:
            result = measure(f"http://127.0.0.1:{port}", repeats, args.products)
        finally:
            server.terminate()
            server.wait(timeout=30)
    result = {"benchmark": "showcase", "quick": args.quick, "scale": scale, "demo_load_seconds": load_s,
              "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()},
              "server": "chuhai serve, one worker, SQLite", **result}
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "showcase_quick.json" if args.quick else "showcase.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
