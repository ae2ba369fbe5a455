"""Several web workers forked from one process that has loaded the app (`chuhai serve --workers N`).

uvicorn's own `--workers` spawns each worker as a new interpreter: every one imports the whole application and
builds its own copy of the read-only data (the matching index's dictionaries and model, the showcase's search
index, the dashboards' caches): ~280 MB per worker before it served anything, ~500 MB once it matched. Here a
supervisor imports the app, lets the caller load that data once (`preload`), freezes what it made out of the
garbage collector's reach (`gc.freeze`: a collection would otherwise write to every object's header and copy
every page), and forks the workers: they share those pages copy-on-write, and each one's own memory is what it
changes or allocates after the fork.

The workers share one listening socket (the kernel hands each connection to one of them) and each runs
uvicorn's server and the app's lifespan (the job runner, the cache warm-up) as a single worker would. The
supervisor forks a new worker when one dies and, on SIGTERM or SIGINT, stops them (SIGTERM: uvicorn's graceful
shutdown), killing those still running after `graceful_s`; if the supervisor itself dies (even killed), the
workers are sent SIGTERM (Linux's parent-death signal), so none is left serving the port.

Two things do not survive a fork: open database connections (the caller's `preload` closes its own before
returning) and OpenMP thread pools. libgomp (the e5 model's runtime) keeps a pool per thread that started a
parallel region; a forked worker has only the thread that forked, and if that thread had a pool, its first
parallel region waits forever for threads that are not there. So `preload` runs in a thread of its own, which
ends (its pool with it) before the fork: the supervisor's main thread, the workers' first, never has one.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable

log = logging.getLogger("chuhai.workers")

RESPAWN_DELAY_S = 1.0
PR_SET_PDEATHSIG = 1  # prctl(2)
# A worker that dies this soon after its start, this many times in a row, will not start (a broken deployment):
# the supervisor stops rather than forking in a loop.
EARLY_EXIT_S, EARLY_EXITS = 10.0, 5


def bind(host: str, port: int, backlog: int = 2048) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def serve(app, host: str, port: int, workers: int, preload: Callable[[], None] | None = None,
          graceful_s: float = 30.0, sock: socket.socket | None = None) -> int:
    """Serve `app` (an ASGI app, its lifespan run in each worker) with `workers` forked processes; returns when
    they have stopped (the exit status for the command)."""
    if not log.handlers:  # the supervisor's own lines, in uvicorn's format (the workers configure uvicorn's)
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     [supervisor] %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    sock = sock or bind(host, port)
    if preload is not None:
        _preload(preload)
    gc.collect()
    gc.freeze()  # what exists now stays out of the collector's generations: never written to by a collection
    stopping = False
    children: dict[int, float] = {}  # pid → when it was forked
    early_exits, status = 0, 0

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for _ in range(workers):
            pid = _fork(app, sock)
            children[pid] = time.monotonic()
        log.info("%s workers forked (pids %s)", workers, " ".join(map(str, children)))
        while not stopping:
            try:
                pid, wait_status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid, wait_status = 0, 0
            if pid and pid in children:
                lived = time.monotonic() - children.pop(pid)
                early_exits = early_exits + 1 if lived < EARLY_EXIT_S else 0
                if early_exits >= EARLY_EXITS:
                    log.error("worker %s exited (%s) %.1f s after its start, %s times in a row: stopping", pid,
                              _describe(wait_status), lived, early_exits)
                    stopping, status = True, 1
                    break
                log.warning("worker %s exited (%s): forking another", pid, _describe(wait_status))
                time.sleep(RESPAWN_DELAY_S)
                if not stopping:
                    new = _fork(app, sock)
                    children[new] = time.monotonic()
                continue
            time.sleep(0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _stop(children, graceful_s)
        sock.close()
    return status


def _preload(preload: Callable[[], None]) -> None:
    """`preload()` in a thread of its own (see the module docstring), its exception raised here."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            preload()
        except BaseException as exc:  # raised again in the supervisor's thread
            failed.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=run, name="preload", daemon=True)  # daemon: Ctrl-C meanwhile ends the process
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    log.info("shared data loaded in %.1f s", time.monotonic() - started)


def _stop_with(parent: int) -> None:
    """A worker is sent SIGTERM when its supervisor dies, even killed (Linux): no orphan keeps serving the port."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


def _fork(app, sock: socket.socket) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_DFL)  # uvicorn installs its own while it serves
        _stop_with(parent)
        _run_worker(app, sock)
        status = 0
    except BaseException:
        log.exception("worker %s failed", os.getpid())
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # never back into the supervisor's code (its finally blocks, its atexit handlers)


def _run_worker(app, sock: socket.socket) -> None:
    import uvicorn  # deferred: only the workers serve

    config = uvicorn.Config(app, proxy_headers=False, lifespan="on", timeout_graceful_shutdown=None)
    uvicorn.Server(config).run(sockets=[sock])


def _stop(children: dict[int, float], graceful_s: float) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + graceful_s
    while children and time.monotonic() < deadline:
        for pid in list(children):
            try:
                done, _status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                del children[pid]
        time.sleep(0.1)
    for pid in children:  # still serving after `graceful_s`
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"status {os.waitstatus_to_exitcode(status)}"
