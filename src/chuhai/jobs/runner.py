"""The runner: claims queued jobs and runs their handlers with bounded concurrency (see `chuhai.jobs`).

One loop thread claims due jobs while a slot is free, enqueues the periodic kinds when their period
starts, beats the heartbeat of the jobs it runs and stores their progress (PostgreSQL), and prunes
old finished jobs. Each claimed job runs on a thread of a pool of `concurrency`; an isolated kind's
thread starts a child process (multiprocessing's forkserver: a small single-threaded server forks
it, never the web process with its threads and memory) that sets its resource limits, runs the
handler and sends progress and the outcome back through a pipe. A child that exceeds a limit dies
or fails alone; its transaction was never committed, so nothing of it is kept.
"""

from __future__ import annotations

import errno
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import shutil
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from chuhai.config import Settings
from chuhai.database import get_engine, session_scope
from chuhai.errors import ChuhaiError
from chuhai.jobs import registry, service
from chuhai.jobs.models import Job
from chuhai.jobs.registry import JobContext, Kind, RetryLater
from chuhai.marks import N_

log = logging.getLogger(__name__)

CPU_EXCEEDED = N_("The work used more than %(seconds)s seconds of processor time and was stopped; nothing of it "
                  "was saved.")
MEMORY_EXCEEDED = N_("The work needed more than %(megabytes)s MB of memory and was stopped; nothing of it was "
                     "saved.")
DISK_FULL = N_("The server ran out of disk space (or past the limit of %(megabytes)s MB per file) during the "
               "work; nothing of it was saved.")
TIMED_OUT = N_("The work took longer than %(seconds)s seconds and was stopped; nothing of it was saved.")
PERIODIC_PREFIX = service.PERIODIC_KEY_PREFIX
PRUNE_EVERY_S = 3600.0
CHILD_PROGRESS_EVERY_S = 0.2


def job_files(data_dir: Path | str, job_id: str) -> Path:
    """The folder where a job keeps its files (an upload waiting to be imported); removed with the job."""
    return Path(data_dir) / "jobs" / job_id


@dataclass(frozen=True)
class Limits:
    cpu_s: int
    memory_mb: int
    file_mb: int


def limits_of(kind: Kind, settings: Settings) -> Limits:
    return Limits(kind.cpu_s or settings.jobs_child_cpu_s, kind.memory_mb or settings.jobs_child_memory_mb,
                  kind.file_mb or settings.jobs_child_file_mb)


class Outcome(Exception):
    """How a job ended other than by its handler's return: a message id and parameters, and whether to retry."""

    def __init__(self, message: str, params: dict[str, Any] | None = None, *, retry: bool = False,
                 after_s: float | None = None) -> None:
        super().__init__(message)
        self.message, self.params, self.retry, self.after_s = message, params or {}, retry, after_s


class _Abandoned(Exception):
    """The runner is stopping and killed the job's child: the job stays running until `recover` interrupts it."""


class Runner:
    """Runs the registered kinds' jobs of one database. `start()`/`stop()` in the web process (the app's
    lifespan), `run_forever()` in `chuhai jobs work`."""

    def __init__(self, settings: Settings, *, concurrency: int | None = None, periodic: bool = True) -> None:
        self.settings = settings
        self.url = settings.database_url
        self.concurrency = max(1, concurrency or settings.jobs_concurrency)
        self.periodic = periodic
        self.worker = service.worker_name()
        self.sqlite = get_engine(self.url).dialect.name == "sqlite"
        self._pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="job")
        self._running: dict[str, threading.Thread | None] = {}
        self._children: dict[str, multiprocessing.Process] = {}
        self._live: dict[str, dict[str, Any]] = {}
        self._stored: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_beat = self._last_prune = 0.0
        self._last_recover = time.monotonic()
        self._next_due: dict[str, float] = {}

    # ----- life cycle -------------------------------------------------------------------------------------

    def start(self) -> Runner:
        self.recover()
        isolated = sorted({kind.handler.__module__ for kind in registry.KINDS.values() if kind.isolated})
        # Imported once by the fork server (a no-op once it runs): each child starts with its handler loaded, the
        # models configured (`chuhai.jobs.forkserver`), and the program's main module (`chuhai`, uvicorn, …),
        # which a child would otherwise import afresh. The fork server swallows an ImportError of these.
        multiprocessing.get_context("forkserver").set_forkserver_preload(["__main__", "chuhai.jobs.runner",
                                                                          FORKSERVER_PRELOAD, *isolated])
        _LIVE_RUNNERS[self.worker] = self
        self._thread = threading.Thread(target=self._loop, name="job-runner", daemon=True)
        self._thread.start()
        return self

    def recover(self) -> int:
        """Mark the running jobs of processes that are gone "interrupted" (the runner does it as it starts)."""
        stale = None if self.sqlite else timedelta(seconds=self.settings.jobs_stale_after_s)
        try:
            with session_scope(self.url) as session:
                session.info["audit_disabled"] = True
                count = service.interrupt_dead(session, stale_after=stale, live_workers=_LIVE_RUNNERS)
        except Exception:  # a database not migrated yet, or unreachable: the next start tries again
            log.warning("could not look for interrupted jobs", exc_info=True)
            return 0
        if count:
            log.warning("%s job(s) of a stopped process marked interrupted", count)
        return count

    def stop(self, timeout: float = 10.0) -> None:
        """Stop claiming; wait up to `timeout` for running jobs, then kill isolated children (their jobs read
        "interrupted")."""
        self._stop.set()
        registry.wake()
        if self._thread is not None:
            self._thread.join(timeout)
        deadline = time.monotonic() + timeout
        while self._running and time.monotonic() < deadline:
            time.sleep(0.05)
        with self._lock:
            children = list(self._children.items())
        for _job_id, child in children:
            child.kill()
        self._pool.shutdown(wait=bool(children), cancel_futures=True)
        _LIVE_RUNNERS.pop(self.worker, None)
        self.recover()

    def run_forever(self) -> None:
        """`chuhai jobs work`: run until SIGTERM or SIGINT."""
        stopped = threading.Event()

        def on_signal(_signum, _frame) -> None:
            stopped.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        self.start()
        while not stopped.wait(1.0):
            pass
        self.stop(self.settings.jobs_shutdown_s)

    def live_progress(self, job_id: str) -> dict[str, Any] | None:
        """The latest progress of a job this runner is running (None otherwise)."""
        return self._live.get(job_id)

    # ----- the loop ---------------------------------------------------------------------------------------

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._tick()
            except Exception:  # the database is unreachable or locked: try again at the next tick
                log.warning("job runner tick failed", exc_info=True)
            registry.wait_for_work(self.settings.jobs_poll_s)

    def _tick(self) -> None:
        if self.periodic:
            self._enqueue_periodic()
        kinds = [name for name in registry.KINDS]
        while kinds and len(self._running) < self.concurrency and not self._stop.is_set():
            with session_scope(self.url) as session:
                session.info["audit_disabled"] = True
                job = service.claim(session, kinds, self.worker)
                if job is not None:
                    session.expunge(job)
            if job is None:
                break
            with self._lock:
                self._running[job.id] = None
            self._pool.submit(self._execute, job)
        now = time.monotonic()
        if now - self._last_beat >= self.settings.jobs_heartbeat_s:
            self._last_beat = now
            self._beat()
        if now - self._last_prune >= PRUNE_EVERY_S:
            self._last_prune = now
            self._prune()
        if not self.sqlite and now - self._last_recover >= self.settings.jobs_stale_after_s / 2:
            self._last_recover = now  # another host's runner may have died: its silent jobs are interrupted
            self.recover()

    def _enqueue_periodic(self) -> None:
        now = time.time()
        for kind in list(registry.KINDS.values()):
            if not kind.every_s or now < self._next_due.get(kind.name, 0.0):
                continue
            slot = int(now // kind.every_s)
            self._next_due[kind.name] = (slot + 1) * kind.every_s
            with session_scope(self.url) as session:  # every process tries; the key lets one job in per period
                session.info["audit_disabled"] = True
                try:
                    service.enqueue(session, kind.name, dedupe_key=f"{PERIODIC_PREFIX}{kind.name}:{slot}")
                    session.commit()
                except Exception:  # another process queued this period's job first (unique key)
                    session.rollback()

    def _beat(self) -> None:
        """Heartbeats and progress of the jobs running here. Not on SQLite: its one writer is often the running
        job itself (a long import), and it is the single-host deployment where a dead process is seen by pid."""
        ids = list(self._running)
        if self.sqlite or not ids:
            return
        with session_scope(self.url) as session:
            session.info["audit_disabled"] = True
            service.heartbeat(session, ids)
            for job_id in ids:
                progress = self._live.get(job_id)
                if progress is not None and progress != self._stored.get(job_id):
                    service.store_progress(session, job_id, progress)
                    self._stored[job_id] = progress

    def _prune(self) -> None:
        with session_scope(self.url) as session:
            session.info["audit_disabled"] = True
            ids = service.prune(session, timedelta(days=self.settings.jobs_keep_days))
        for job_id in ids:
            shutil.rmtree(job_files(self.settings.data_dir, job_id), ignore_errors=True)

    # ----- one job ----------------------------------------------------------------------------------------

    def _execute(self, job: Job) -> None:
        kind = registry.get_kind(job.kind)
        with self._lock:
            self._running[job.id] = threading.current_thread()
        self._live[job.id] = job.progress or {}
        result: dict[str, Any] | None = None
        outcome: Outcome | None = None
        abandoned = False
        try:
            if kind is None:
                raise Outcome(service.UNEXPECTED)
            context = JobContext(job.id, job.kind, dict(job.payload or {}), self.url, job.owner_id, job.attempts,
                                 str(self.settings.data_dir), progress=lambda value: self._progress(job.id, value))
            result = self._run_isolated(kind, context) if kind.isolated else _call(kind.handler, context)
        except Outcome as exc:
            outcome = exc
        except _Abandoned:
            abandoned = True
        except Exception:
            log.exception("job %s (%s) failed", job.id, job.kind)
            outcome = Outcome(service.UNEXPECTED, retry=True)
        try:
            if not abandoned:
                self._finish(job, kind, result, outcome)
        except Exception:  # the database is failing: the job reads "interrupted" after the next recovery
            log.exception("job %s finished but its state could not be stored", job.id)
        finally:
            with self._lock:
                self._running.pop(job.id, None)
                self._children.pop(job.id, None)
            self._live.pop(job.id, None)
            self._stored.pop(job.id, None)
            registry.wake()  # a slot is free

    def _progress(self, job_id: str, value: dict[str, Any]) -> None:
        self._live[job_id] = dict(value)

    def _finish(self, job: Job, kind: Kind | None, result: dict[str, Any] | None, outcome: Outcome | None) -> None:
        with session_scope(self.url) as session:
            session.info["audit_disabled"] = True
            if outcome is None:
                service.succeed(session, job.id, result, self._live.get(job.id))
            else:
                service.fail(session, job, outcome.message, outcome.params, retry=outcome.retry,
                             backoff_s=kind.backoff_s if kind else 30.0, after_s=outcome.after_s)
        if outcome is None and kind is not None and kind.after is not None:
            try:
                kind.after(self.url, result)
            except Exception:
                log.exception("after-hook of job %s (%s) failed", job.id, job.kind)

    def _run_isolated(self, kind: Kind, context: JobContext) -> dict[str, Any] | None:
        # Long: start the child, then one loop over its pipe and its exit, each way it can end named here
        limits = limits_of(kind, self.settings)
        mp = multiprocessing.get_context("forkserver")
        receive, send = mp.Pipe(duplex=False)
        handler = f"{kind.handler.__module__}:{kind.handler.__qualname__}"
        plain = {name: getattr(context, name) for name in
                 ("job_id", "kind", "payload", "database_url", "owner_id", "attempt", "data_dir")}
        child = mp.Process(target=child_main, args=(send, handler, plain, limits), name=f"job-{context.job_id}")
        child.start()
        send.close()
        with self._lock:
            self._children[context.job_id] = child
        deadline = time.monotonic() + kind.timeout_s
        message = None
        try:
            while message is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    child.kill()
                    raise Outcome(TIMED_OUT, {"seconds": int(kind.timeout_s)})
                ready = multiprocessing.connection.wait([receive, child.sentinel], timeout=min(remaining, 1.0))
                if receive in ready or (ready and receive.poll()):
                    try:
                        received = receive.recv()
                    except (EOFError, OSError):  # the child died without a word: its exit status tells why
                        break
                    if received[0] == "progress":
                        self._progress(context.job_id, received[1])
                    else:
                        message = received
                elif ready:  # exited, pipe drained
                    break
        finally:
            receive.close()
        child.join(5)
        if child.exitcode is None:
            child.kill()
            child.join(5)
        if message is not None:
            return _outcome_of(message)
        if self._stop.is_set():  # killed by `stop`: left running, so that it reads "interrupted"
            raise _Abandoned
        return _death(child.exitcode, limits)


_LIVE_RUNNERS: dict[str, Runner] = {}


def live_progress(job_id: str) -> dict[str, Any] | None:
    """The progress of a job running in this process, from whichever runner runs it."""
    for runner in list(_LIVE_RUNNERS.values()):
        if (progress := runner.live_progress(job_id)) is not None:
            return progress
    return None


def _call(handler, context: JobContext) -> dict[str, Any] | None:
    """Run a handler here; its failures become outcomes (shared by the thread and the child)."""
    try:
        return handler(context)
    except ChuhaiError as exc:  # about the input: its message is for the user; retrying would not help
        raise Outcome(exc.message, exc.params) from exc
    except RetryLater as exc:
        raise Outcome(exc.message, exc.params, retry=True, after_s=exc.after_s) from exc


def _outcome_of(message: tuple) -> dict[str, Any] | None:
    if message[0] == "ok":
        return message[1]
    _tag, text, params, retry, after_s = message
    raise Outcome(text, params, retry=retry, after_s=after_s)


def _death(exitcode: int | None, limits: Limits) -> dict[str, Any] | None:
    """The outcome of a child that exited without reporting one."""
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):  # past the soft CPU limit, or the hard one
        raise Outcome(CPU_EXCEEDED, {"seconds": limits.cpu_s})
    if exitcode == -signal.SIGXFSZ:
        raise Outcome(DISK_FULL, {"megabytes": limits.file_mb})
    log.error("job child exited with status %s without a result", exitcode)
    raise Outcome(service.UNEXPECTED)


MODELS = "chuhai.models"  # imports every domain's models (SQLAlchemy resolves relationships across domains)
FORKSERVER_PRELOAD = "chuhai.jobs.forkserver"  # the models configured, the database drivers imported


# ----- the child process --------------------------------------------------------------------------------

def child_main(send, handler_ref: str, plain: dict[str, Any], limits: Limits) -> None:
    """In the child: set the limits, run the handler, send ("ok", result) or ("failed", message, params, retry,
    after_s); progress goes as ("progress", value), at most every CHILD_PROGRESS_EVERY_S."""
    _die_with_runner()
    last: list[Any] = [0.0, None]  # when progress was last sent; the latest value not sent yet

    def progress(value: dict[str, Any]) -> None:
        last[1] = dict(value)
        if time.monotonic() - last[0] >= CHILD_PROGRESS_EVERY_S:
            last[0], value, last[1] = time.monotonic(), last[1], None
            send.send(("progress", value))

    try:
        # Every domain's models before any query: a relationship names classes of other domains (User → Buyer),
        # and a fork server started by another runner of this process may not have preloaded them.
        importlib.import_module(MODELS)
        module, _sep, name = handler_ref.partition(":")
        handler = importlib.import_module(module)  # usually preloaded by the fork server already
        for part in name.split("."):
            handler = getattr(handler, part)
        _set_limits(limits)  # the work's own seconds, memory and files from here
        context = JobContext(**plain, progress=progress)
        result = _call(handler, context)
        if last[1] is not None:  # the final count
            send.send(("progress", last[1]))
        send.send(("ok", result))
    except Outcome as exc:
        send.send(("failed", exc.message, exc.params, exc.retry, exc.after_s))
    except MemoryError:
        send.send(("failed", MEMORY_EXCEEDED, {"megabytes": limits.memory_mb}, False, None))
    except Exception as exc:
        if _is_disk_full(exc):
            send.send(("failed", DISK_FULL, {"megabytes": limits.file_mb}, False, None))
        elif _is_memory(exc):
            send.send(("failed", MEMORY_EXCEEDED, {"megabytes": limits.memory_mb}, False, None))
        else:
            log.exception("job %s (%s) failed", plain["job_id"], plain["kind"])
            send.send(("failed", service.UNEXPECTED, {}, True, None))
    finally:
        send.close()


def _die_with_runner() -> None:
    """If the runner's process dies (even by SIGKILL), this child dies at once too: its transaction is never
    committed, and the job, left running, reads "interrupted" after the restart."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="watch-runner", daemon=True).start()


def _set_limits(limits: Limits) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(usage.ru_utime + usage.ru_stime) + limits.cpu_s
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))  # SIGXCPU at the soft limit, SIGKILL 2 s later
    memory = limits.memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    size = limits.file_mb << 20
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        orig = getattr(exc, "orig", None)  # SQLAlchemy's wrapper of the driver's error
        if orig is not None and id(orig) not in seen:
            yield orig
        exc = exc.__cause__ or exc.__context__


def _is_disk_full(exc: BaseException) -> bool:
    for error in _chain(exc):
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return True
        if getattr(error, "sqlstate", None) == "53100":  # PostgreSQL's disk_full
            return True
        text = str(error).lower()
        if "database or disk is full" in text or "disk i/o error" in text or "no space left" in text:
            return True
    return False


def _is_memory(exc: BaseException) -> bool:
    return any(isinstance(error, MemoryError) or "out of memory" in str(error).lower() for error in _chain(exc))

