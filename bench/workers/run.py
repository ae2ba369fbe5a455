"""Issue 16 benchmark: memory of several web workers (`chuhai serve --workers N`). Target: under 300 MB of its own
memory (USS) per extra worker at 1M SKUs. Results: bench/results/workers.json.

    .venv/bin/python bench/workers/run.py [--workers 3] [--items 1000000] [--skip-demo] [--skip-synthetic]
                                          [--million]

`--million` adds 3. below: the whole server in fork mode on a copy of the demo database grown to a million
products (made once: `chuhai_1m`, lexical match index in /tmp/chuhai-1m-var), reported under "million_skus".

Memory is read from /proc/PID/smaps_rollup: RSS (every page the process maps), PSS (shared pages split among the
processes that map them: the sum over a server's processes is what it costs the machine) and USS (its private
pages: what one more worker adds).

1. Full demo on PostgreSQL (bench/pages/server.py's database): the server in two modes, one after the other —
   `spawn`, what `chuhai serve --workers N` ran until it forked its workers (uvicorn --workers: each worker a new
   interpreter importing the app and loading its own data), and `fork`, `chuhai serve --workers N` now (a
   supervisor loads the app and the shared read-only data, then forks the workers: chuhai.web.workers). Each is
   measured once idle (after its start-up work) and again after every worker has matched demands (buyers ask for
   their short list to be matched again, many at once, so that each worker gets some).
2. Synthetic catalogue of `--items` SKUs (bench/matching/speed.py's generator; random vectors for the ANN,
   since embedding a million titles takes hours): the index is built and saved once (cached under /tmp, the
   build time kept beside it), then K processes load it the way a worker does (`MatchIndex.load(mmap=True)`)
   and answer queries: `fork` (one process loads and answers, then forks K that answer: the workers now),
   `fork_changed` (the same, each forked process then applying 300 product changes as a worker's delta),
   `spawn_mmap` (K separate processes mapping the files) and `spawn_read` (K separate processes reading them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pages"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "matching"))
import server  # bench/pages/server.py: the demo database, the demo's ids, sign-in

RESULTS = server.ROOT / "bench" / "results"
TARGET_EXTRA_WORKER_MB = 300
CACHE = Path(os.environ.get("BENCH_WORKERS_CACHE", "/tmp/chuhai-workers-synthetic"))


MEANING = {
    "rss_mb": "every page the process maps, shared ones included (what `ps` shows)",
    "pss_mb": "its share of the pages: a page mapped by k processes counts 1/k in each; the sum over a server's "
              "processes is what the server costs the machine",
    "uss_mb": "its private pages (private clean + dirty): what the machine would get back if it exited, i.e. what "
              "one more worker costs",
    "supervisor": "fork mode: the process that loaded the app and the shared data and forked the workers (it "
                  "serves no request); spawn mode: uvicorn's supervisor (imports nothing of the app)",
    "first_worker_rss_mb": "RSS of the worker with the most private memory (the shared pages count in full)",
    "extra_worker_uss_mb": "USS of each other worker: the cost of one more worker, compared with the target",
    "ratio_to_target": "the largest extra worker's (or extra process's) USS / target_extra_worker_mb",
    "one_worker_breakdown": "one process doing, step by step, what a worker loads (imports, routes, read-only data, "
                            "caches, indexes) on the demo database: USS after each step",
    "synthetic": "the match index alone: processes that import the engine, load the index and answer queries "
                 "(no web app); fork: all K processes are forked from one that loaded it, so each one counts as "
                 "an extra; fork_changed: the same, each forked process then adding 100 products, replacing "
                 "100 and removing 100 (a worker's in-memory delta) and answering again",
}


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


def server_command(mode: str, port: int, workers: int) -> list[str]:
    if mode == "spawn":  # what `chuhai serve --workers N` ran before (uvicorn.run(workers=N), an import string)
        return [sys.executable, "-m", "uvicorn", "chuhai.app:create_app", "--factory", "--host", "127.0.0.1",
                "--port", str(port), "--workers", str(workers), "--no-proxy-headers",
                "--timeout-worker-healthcheck", "60"]
    return [server.CHUHAI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]


@contextmanager
def serving(mode: str, workers: int, timeout_s: float = 600):
    port = server.free_port()
    log = open(server.DATA_DIR.parent / f"chuhai-bench-workers-{mode}-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(server_command(mode, port, workers), env=server.server_env(), cwd=server.ROOT,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}; see {log.name}")
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - started > timeout_s:
                raise RuntimeError(f"the server did not answer within {timeout_s} s; see {log.name}")
            time.sleep(0.5)
        yield base, process, time.monotonic() - started
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def demo_mode(mode: str, workers: int, ids: dict, log=print) -> dict:
    with serving(mode, workers) as (base, process, answered_s):
        settle_s = server.wait_until_idle(process.pid, quiet_s=5.0, max_s=600)
        # The workers (not the supervisor's small helpers: multiprocessing's resource tracker).
        pids = [pid for pid in children(process.pid) if memory(pid)["rss_mb"] > 100]
        idle = {pid: memory(pid) for pid in pids}
        supervisor_idle = memory(process.pid)

        def rematch(_n: int) -> None:
            with httpx.Client(base_url=base, timeout=600) as client:
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
        server.wait_until_idle(process.pid, quiet_s=5.0, max_s=600)
        loaded = {pid: memory(pid) for pid in pids}
        supervisor = memory(process.pid)
    ordered = sorted(pids, key=lambda pid: -loaded[pid]["uss_mb"])
    extra = [loaded[p]["uss_mb"] for p in ordered[1:]]
    out = {"mode": mode, "workers": len(pids), "first_answer_s": round(answered_s, 1),
           "settled_after_s": round(settle_s, 1),
           "supervisor_idle": supervisor_idle, "supervisor": supervisor,
           "per_worker_idle": [idle[p] for p in ordered], "per_worker_index_loaded": [loaded[p] for p in ordered],
           "first_worker_rss_mb": loaded[ordered[0]]["rss_mb"], "extra_worker_uss_mb": extra,
           "extra_worker_pss_mb": [loaded[p]["pss_mb"] for p in ordered[1:]],
           "total_pss_mb": round(supervisor["pss_mb"] + sum(loaded[p]["pss_mb"] for p in pids), 1),
           "ratio_to_target": round(max(extra) / TARGET_EXTRA_WORKER_MB, 2) if extra else None,
           "meets_target": bool(extra) and max(extra) < TARGET_EXTRA_WORKER_MB}
    log(f"demo {mode}: {json.dumps(out)}")
    return out


def demo_workers(workers: int, modes: list[str], scale: str = "full demo (5,000 products, PostgreSQL)") -> dict:
    server.ensure_demo()
    ids = server.demo_ids()
    out = {"workers": workers, "scale": scale,
           "index_mode": "memory-mapped (MatchIndex.load(mmap=True))"
           + (", lexical only (CHUHAI_MATCH_LEXICAL_ONLY)" if os.environ.get("CHUHAI_MATCH_LEXICAL_ONLY") else "")}
    out["one_worker_breakdown"] = idle_breakdown()
    for mode in modes:
        out[mode] = demo_mode(mode, workers, ids)
    return out


MILLION_DATABASE = "chuhai_1m"
MILLION_DATA_DIR = Path("/tmp/chuhai-1m-var")
MILLION = 1_000_000


def million_database(log=print) -> str:
    """A copy of the full demo's database grown to a million products (the demo's 5,000 copied with a numbered
    SKU and title: the same enterprises, categories and texts, so the same tokens), with its lexical match index;
    made once, reused. Lexical only: embedding a million titles with e5 takes hours on 2 cores (the dense index
    at 1M is measured by the synthetic part, with random vectors, mapped the same way)."""
    server.ensure_demo()
    base, _, _name = server._psql_url(server.DATABASE_URL).rpartition("/")
    url = f"{base}/{MILLION_DATABASE}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("select 1 from pg_database where datname = %s", (MILLION_DATABASE,)).fetchone():
            log(f"copying {server.DATABASE_URL} into {MILLION_DATABASE}…")
            admin.execute(f'CREATE DATABASE "{MILLION_DATABASE}" TEMPLATE "{_name}"')  # names are constants
    with psycopg.connect(url, autocommit=True) as connection:
        have = connection.execute("select count(*) from products").fetchone()[0]
        if have < MILLION:
            copies = -(-(MILLION - have) // have)
            log(f"adding {MILLION - have:,} products ({copies} numbered copies of each demo product)…")
            connection.execute(
                "insert into products (enterprise_id, sku, title_zh, title_en, description, category, hs_code, "
                "attributes, certifications, moq, lead_time_days, status, created_at, updated_at, showcase_hidden, "
                "hs_code_source) "
                "select p.enterprise_id, left(p.sku, 50) || '-c' || g, p.title_zh, p.title_en || ' ' || g, "
                "p.description, p.category, p.hs_code, p.attributes, p.certifications, p.moq, p.lead_time_days, "
                "p.status, p.created_at, p.updated_at, p.showcase_hidden, p.hs_code_source "
                "from products p cross join generate_series(1, %s) g order by g, p.id limit %s",
                (copies, MILLION - have))
            connection.execute("VACUUM (ANALYZE)")
    env = {**os.environ, "CHUHAI_DATABASE_URL": url, "CHUHAI_DATA_DIR": str(MILLION_DATA_DIR),
           "CHUHAI_MATCH_LEXICAL_ONLY": "1"}
    if not (MILLION_DATA_DIR / "match-index").exists():
        log("building the lexical match index of a million products…")
        subprocess.run([server.CHUHAI, "match", "reindex"], env=env, cwd=server.ROOT, check=True, timeout=7200)
    return url


BREAKDOWN = r"""
import json, os, sys, time

def uss():
    fields = {}
    for line in open(f"/proc/{os.getpid()}/smaps_rollup"):
        parts = line.split()
        if len(parts) >= 3 and parts[0].endswith(":"):
            fields[parts[0][:-1]] = int(parts[1]) / 1024
    return fields["Private_Clean"] + fields["Private_Dirty"]

steps, last = [], uss()
def step(name, started):
    global last
    now = uss()
    steps.append({"step": name, "uss_mb": round(now, 1), "added_mb": round(now - last, 1),
                  "s": round(time.perf_counter() - started, 2)})
    last = now

t = time.perf_counter(); import chuhai.app as app_module
step("import chuhai.app (FastAPI, SQLAlchemy, numpy, ibis, pyarrow, ...)", t)
from chuhai import charts, i18n
from chuhai.config import get_settings
from chuhai.database import new_session
from chuhai.matching import index_store
from chuhai.matching.engine.bilingual import load_cedict
from chuhai.planning.engine import hs
from chuhai.web import templating
settings = get_settings()
url = settings.database_url
t = time.perf_counter(); app = app_module.create_app(settings); step("create_app (every domain's routes)", t)
t = time.perf_counter(); [i18n.catalog(l) for l in i18n.SUPPORTED_LOCALES]; step("message catalogs", t)
t = time.perf_counter(); env = templating.environment()
[env.get_template(n) for n in env.list_templates(filter_func=lambda n: n.endswith(".html"))]
step("every page template compiled", t)
t = time.perf_counter(); load_cedict(); step("CC-CEDICT (matching tokenizer's zh-en dictionary)", t)
t = time.perf_counter(); hs.suggest("lace front wig"); step("HS code suggester's indexes", t)
t = time.perf_counter(); charts.new_figure(); step("matplotlib (PDF charts)", t)
from chuhai.showcase.service import warm_search
from chuhai.dashboards.service import programme_monthly_sales
from chuhai.insight.service import market_overview, platform_cube
t = time.perf_counter(); warm_search(url, settings.cache_dir); step("showcase search index", t)
t = time.perf_counter(); programme_monthly_sales(url); step("programme monthly sales", t)
t = time.perf_counter(); platform_cube(url); step("order-history cube (stats, feedback)", t)
t = time.perf_counter(); market_overview(url); step("market overview", t)
with new_session(url) as session:
    store = index_store.index_for(session)
    t = time.perf_counter(); store.match_index(session); step("product match index (mapped) + e5 model + tokenizer", t)
    t = time.perf_counter(); store.demand_index(session); step("open demands' index (embedded)", t)
print(json.dumps(steps))
"""


def idle_breakdown(log=print) -> list[dict]:
    """What one worker's memory is made of, step by step, in one process on the demo database: the USS after each
    step (private pages: in spawn mode every worker pays all of it; in fork mode the supervisor does, once)."""
    done = subprocess.run([sys.executable, "-c", BREAKDOWN], env=server.server_env(), cwd=server.ROOT,
                          capture_output=True, text=True, timeout=1200, check=True)
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    for s in steps:
        log(f"  {s['added_mb']:+7.1f} MB → {s['uss_mb']:7.1f} MB  {s['s']:6.2f} s  {s['step']}")
    return steps


LOADER = r"""
import gc, os, sys, time
import numpy as np
from decimal import Decimal
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import CatalogItem, DemandQuery

directory, mode, name, dim, processes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

class RandomEmbedder:
    def __init__(self):
        self.name, self.dim = name, dim
    def embed_queries(self, texts):
        v = np.random.default_rng(len(texts)).standard_normal((len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)
    embed_passages = embed_queries

TEXTS = ["lace front wig", "ceramic brake pads", "solid wood dining table", "LED strip", "假发 蕾丝", "陶瓷刹车片"]

def answer(index, seed):
    for n, text in enumerate(TEXTS * 4):
        certs = ("CE",) if n % 3 == 0 else ()
        index.match(DemandQuery(demand_id=str(n), text=text, quantity=100 + seed, target_price_usd=Decimal("20"),
                                max_lead_time_days=30, required_certifications=certs), top=10)

started = time.perf_counter()
index = MatchIndex.load(directory, embedder=RandomEmbedder(), mmap=mode != "spawn_read")
load_s = time.perf_counter() - started
answer(index, 0)
if not mode.startswith("fork"):
    print("ready", os.getpid(), round(load_s, 2), flush=True)
    time.sleep(3600)
    sys.exit(0)
gc.collect()
gc.freeze()
pids = []
for k in range(processes):
    pid = os.fork()
    if pid == 0:
        answer(index, k + 1)
        if mode == "fork_changed":  # what a worker does when products change: 100 new, 100 replaced, 100 gone
            new = [CatalogItem(product_id=f"NEW-{k}-{i}", enterprise_id="E-00001", title_en=f"cordless drill {i}",
                               price_usd=Decimal("30"), moq=10, certifications=("CE",)) for i in range(100)]
            old = [index.corpus.ids[s] for s in range(1000 * k, 1000 * k + 200)]
            replaced = [CatalogItem(product_id=pid, enterprise_id="E-00001", title_en="LED strip 5 m", moq=1)
                        for pid in old[:100]]
            index.upsert(new + replaced)
            index.remove(old[100:])
            answer(index, k + 1)
        print("ready", os.getpid(), round(load_s, 2), flush=True)
        time.sleep(3600)
        os._exit(0)
    pids.append(pid)
print("supervisor", os.getpid(), flush=True)
time.sleep(3600)
"""


class _Named:
    """The embedder the synthetic index is saved with (random unit vectors: geometry does not matter here)."""

    name, dim = "synthetic-random", 384

    def embed_queries(self, texts):
        v = np.random.default_rng(0).standard_normal((len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    embed_passages = embed_queries


def synthetic_index(items: int, log=print) -> tuple[Path, dict]:
    """The index of `items` generated SKUs, built once and cached under CACHE (rebuilt when its format changed)."""
    from chuhai.matching.engine.hybrid import FORMAT_VERSION

    directory = CACHE / str(items)
    meta_path = directory / "build.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("format") == FORMAT_VERSION and (directory / "idx" / "fingerprints.npy").exists():
            log(f"synthetic index of {items} SKUs: cached at {directory} (built in {meta['build_and_save_s']} s)")
            return directory / "idx", meta
    from speed import generated_catalog  # bench/matching/speed.py

    from chuhai.matching.engine.match_index import MatchIndex

    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    catalog = generated_catalog(items)
    vectors = np.random.default_rng(1).standard_normal((items, _Named.dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    generated_s = time.perf_counter() - started
    index = MatchIndex.build(catalog, vectors=vectors, embedder=_Named())
    index.save(directory / "idx")
    del index, catalog, vectors
    build_s = time.perf_counter() - started
    meta = {"items": items, "format": FORMAT_VERSION, "generate_s": round(generated_s, 1),
            "build_and_save_s": round(build_s, 1), "built": datetime.now(UTC).isoformat(timespec="seconds"),
            "cores": os.cpu_count()}
    meta_path.write_text(json.dumps(meta))
    log(f"synthetic index of {items} SKUs built and saved in {build_s:.0f} s")
    return directory / "idx", meta


def synthetic(items: int, processes: int, log=print) -> dict:
    directory, meta = synthetic_index(items, log)
    out = {"items": items, "build_and_save_s": meta["build_and_save_s"], "build_cores": meta["cores"],
           "on_disk_mb": round(sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 2**20, 1)}
    for mode in ("fork", "fork_changed", "spawn_mmap", "spawn_read"):
        command = [sys.executable, "-c", LOADER, str(directory), mode, _Named.name, str(_Named.dim), str(processes)]
        procs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
                 for _ in range(1 if mode.startswith("fork") else processes)]
        try:
            pids, load_s = [], []
            for proc in procs:
                wanted = processes if mode.startswith("fork") else 1
                while wanted:
                    line = proc.stdout.readline()
                    if line.startswith("supervisor"):
                        continue
                    if not line.startswith("ready"):
                        raise RuntimeError(f"a loader ({mode}) failed: {line!r}")
                    pids.append(int(line.split()[1]))
                    load_s.append(float(line.split()[2]))
                    wanted -= 1
            mem = sorted((memory(pid) for pid in pids), key=lambda m: -m["uss_mb"])
            supervisor = memory(procs[0].pid) if mode.startswith("fork") else None
        finally:
            for proc in procs:
                if mode.startswith("fork"):
                    for pid in children(proc.pid):
                        os.kill(pid, 9)
                proc.kill()
                proc.wait()
        extra = [m["uss_mb"] for m in (mem if mode.startswith("fork") else mem[1:])]
        out[mode] = {"processes": processes, "load_s": max(load_s), "per_process": mem,
                     "supervisor": supervisor, "first_rss_mb": (supervisor or mem[0])["rss_mb"],
                     "extra_process_uss_mb": extra,
                     "ratio_to_target": round(max(extra) / TARGET_EXTRA_WORKER_MB, 2) if extra else None}
        log(f"{mode}: {out[mode]}")
    extra = out["fork"]["extra_process_uss_mb"]
    out["meets_target"] = bool(extra) and max(extra) < TARGET_EXTRA_WORKER_MB
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--modes", default="spawn,fork", help="the demo's server modes, in order")
    parser.add_argument("--quick", action="store_true", help="a synthetic index of 50,000 SKUs")
    parser.add_argument("--million", action="store_true",
                        help="also the whole server (fork mode) on a copy of the demo grown to 1M products")
    parser.add_argument("--key", default="full_demo", help=argparse.SUPPRESS)  # where --million's run reports
    args = parser.parse_args()
    if args.quick:
        args.items = min(args.items, 50_000)
    out = RESULTS / "workers.json"
    report = json.loads(out.read_text()) if out.exists() else {}
    report.update({"benchmark": "workers", "date": datetime.now(UTC).isoformat(timespec="seconds"),
                   "meaning": MEANING,
                   "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                               "platform": platform.platform()},
                   "target_extra_worker_mb": TARGET_EXTRA_WORKER_MB})
    if not args.skip_demo:
        scale = ("1,000,000 products (the full demo's 5,000 in numbered copies), PostgreSQL"
                 if args.key == "million_skus" else "full demo (5,000 products, PostgreSQL)")
        report[args.key] = demo_workers(args.workers, args.modes.split(","), scale)
        print(json.dumps(report[args.key], indent=1), flush=True)
    if not args.skip_synthetic:
        report["synthetic"] = synthetic(args.items, args.workers)
    RESULTS.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"→ {out}")
    if args.million:  # the same measurement on the grown copy, in a process of its own (the server's settings)
        url = million_database()
        env = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_DATA_DIR": str(MILLION_DATA_DIR),
               "CHUHAI_MATCH_LEXICAL_ONLY": "1"}
        subprocess.run([sys.executable, __file__, "--workers", str(args.workers), "--skip-synthetic",
                        "--modes", "fork", "--key", "million_skus"], env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
