"""What the page, load and worker benchmarks share: the full demo on PostgreSQL, `chuhai serve` as a child
process on 127.0.0.1, signed-in HTTP clients, and the ids of the demo's records to visit.

The benchmarks measure the application from outside, over HTTP, as a user would: nothing of `chuhai` is
imported here (tests/test_architecture.py).

The database: `BENCH_DATABASE_URL` (default postgresql://postgres@127.0.0.1:5432/chuhai_bench, created when
missing). An empty one is loaded once with `chuhai demo --scale full` and `chuhai match reindex --rematch`
(many minutes on 2 cores); later runs reuse it (`chuhai db upgrade` only). Its data folder (the matching
index) is `BENCH_DATA_DIR` (default /tmp/chuhai-bench-var).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
CHUHAI = str(Path(sys.executable).with_name("chuhai"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/chuhai_bench")
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", "/tmp/chuhai-bench-var"))
PASSWORD = "chuhai-demo"
LOGINS = {"operator": "operator@chuhai.demo", "enterprise": "wigs@chuhai.demo", "buyer": "buyer@chuhai.demo",
          "provider": "forwarder@chuhai.demo"}


def server_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "CHUHAI_DATABASE_URL": DATABASE_URL, "CHUHAI_DATA_DIR": str(DATA_DIR),
            "CHUHAI_SECURE_COOKIES": "0",  # plain http on the loopback
            "PYTHONUNBUFFERED": "1", **extra}


def _psql_url(url: str) -> str:
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def ensure_demo(log=print) -> None:
    """The full demo in the benchmark database, loaded once (see the module docstring)."""
    base, _, name = _psql_url(DATABASE_URL).rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if admin.execute("select 1 from pg_database where datname = %s", (name,)).fetchone() is None:
            admin.execute(f'create database "{name}"')  # the name comes from the bench's own setting
    env = server_env()
    subprocess.run([CHUHAI, "db", "upgrade"], env=env, check=True, cwd=ROOT, capture_output=True)
    if subprocess.run([CHUHAI, "db", "is-empty"], env=env, cwd=ROOT).returncode == 0:
        log("loading the full demo and building the matching index once (many minutes on 2 cores)…")
        subprocess.run([CHUHAI, "demo", "--scale", "full"], env=env, check=True, cwd=ROOT)
        subprocess.run([CHUHAI, "match", "reindex", "--rematch"], env=env, check=True, cwd=ROOT)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(workers: int = 1, port: int | None = None, env: dict | None = None, timeout_s: float = 300):
    """`chuhai serve --workers N` on 127.0.0.1; yields (base URL, the Popen). Stopped (SIGTERM, then SIGKILL)
    on exit."""
    port = port or free_port()
    command = [CHUHAI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    log = open(DATA_DIR.parent / f"chuhai-bench-serve-{port}.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(command, env=env or server_env(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"chuhai serve exited with {process.returncode}; see {log.name}")
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"chuhai serve did not answer within {timeout_s} s; see {log.name}")
            time.sleep(0.5)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def process_tree_cpu_s(pid: int) -> float:
    """CPU seconds used so far by a process and its children (the server's workers)."""
    total = 0.0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids += [int(c) for c in (task / "children").read_text().split()]
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wait_until_idle(pid: int, quiet_s: float = 3.0, max_s: float = 300.0) -> float:
    """Wait until the server's processes stop computing (start-up cache warming, first index loads): their CPU
    time moves by less than 5% of a core over `quiet_s`. Returns the seconds waited."""
    started = time.monotonic()
    before = process_tree_cpu_s(pid)
    while time.monotonic() - started < max_s:
        time.sleep(quiet_s)
        now = process_tree_cpu_s(pid)
        if now - before < 0.05 * quiet_s:
            break
        before = now
    return time.monotonic() - started


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def sign_in(client: httpx.Client, role: str) -> None:
    """Sign `client` in as the demo account of `role` (a session cookie)."""
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"email": LOGINS[role], "password": PASSWORD, "csrf_token": token},
                           follow_redirects=False)
    if response.status_code != 303:
        raise RuntimeError(f"signing in as {role} answered {response.status_code}")


def demo_ids() -> dict[str, int | str | None]:
    """Records of the demo accounts to visit: the wig maker's enterprise and a product of it, the buyer and a
    demand of it with a stored short list, a belt, an event with a registration, a quotation and a deal."""
    one = {
        "enterprise": "select enterprise_id from users where email = 'wigs@chuhai.demo'",
        "buyer": "select buyer_id from users where email = 'buyer@chuhai.demo'",
        "product": "select min(p.id) from products p join users u on u.enterprise_id = p.enterprise_id "
                   "where u.email = 'wigs@chuhai.demo' and p.status = 'active'",
        "demand": "select d.id from demands d join users u on u.buyer_id = d.buyer_id "
                  "where u.email = 'buyer@chuhai.demo' order by (select count(*) from demand_matches m "
                  "where m.demand_id = d.id) desc, d.id desc limit 1",
        "any_demand": "select max(id) from demands where status = 'open'",
        "belt": "select belt_id from enterprises e join users u on u.enterprise_id = e.id "
                "where u.email = 'wigs@chuhai.demo'",
        "event": "select min(id) from events",
        "registration": "select min(id) from event_registrations where event_id = (select min(id) from events)",
        "quotation_demand": "select q.demand_id from quotations q join demands d on d.id = q.demand_id "
                            "join users u on u.buyer_id = d.buyer_id where u.email = 'buyer@chuhai.demo' limit 1",
        "deal": "select min(id) from deals",
        "conversation": "select min(id) from conversations",
    }
    out: dict[str, int | str | None] = {}
    with psycopg.connect(_psql_url(DATABASE_URL)) as connection:
        for key, sql in one.items():
            try:
                row = connection.execute(sql).fetchone()
            except psycopg.Error:  # a table of a feature this version does not have
                connection.rollback()
                row = None
            out[key] = row[0] if row else None
    return out
