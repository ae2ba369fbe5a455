"""Imports started from the page or the API run in a background thread and report progress.

The upload is streamed to a temporary file first, so a large file never sits in memory. Each job is
a row of `import_jobs` (state, progress, report), so any worker process of a multi-process
deployment can show it; the thread of the process that received the upload runs it.

Progress while it runs: the running process keeps it in memory, and on databases that let another
connection write during the import's long transaction (PostgreSQL) also stores it, with a heartbeat,
at most every PROGRESS_EVERY_S. SQLite has one writer at a time, so there the row gets the start and
the end only; SQLite is the single-process embedded deployment, whose own memory has the progress.
A job whose process died shows as "interrupted": on SQLite every unfinished job found when the app
starts, on PostgreSQL one without a heartbeat for STALE_AFTER.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import UploadFile

from chuhai.accounts.principal import Principal
from chuhai.config import Settings
from chuhai.database import get_engine, session_scope, utcnow
from chuhai.errors import ChuhaiError, Forbidden, NotFound, TooManyRequests, ValidationFailed
from chuhai.i18n import N_
from chuhai.imports import repository
from chuhai.imports.flows import import_file
from chuhai.imports.models import ImportJob
from chuhai.types import RoleCode
from chuhai.web.cache import refresh

KINDS_BY_ROLE = {
    RoleCode.OPERATOR: ("enterprises", "products", "buyers", "demands", "order_lines"),
    RoleCode.ENTERPRISE: ("products", "order_lines"),
    RoleCode.BUYER: ("demands",),
}
UPLOAD_CHUNK = 1 << 20
PROGRESS_EVERY_S = 2.0
STALE_AFTER = timedelta(minutes=10)
UNFINISHED = ("queued", "running")
# What a failed job shows when the failure was not about the file (a database error, a bug): the details go
# to the log, not to the user.
UNEXPECTED_FAILURE = N_("An unexpected error stopped the import; it has been logged. Try again later.")
log = logging.getLogger(__name__)


def import_limits(settings: Settings) -> dict[str, int]:
    """The limits of `start_import_job` from the settings."""
    return {"max_bytes": settings.max_upload_bytes, "max_per_user": settings.import_max_per_user,
            "max_running": settings.import_max_running}


def allowed_kinds(principal: Principal) -> tuple[str, ...]:
    return KINDS_BY_ROLE.get(principal.role, ())


@dataclass
class JobView:
    """What the page and the API show of a job."""

    id: str
    user_id: int | None
    kind: str
    filename: str
    state: str
    done_rows: int = 0
    total_rows: int | None = None
    report: dict[str, Any] | None = None
    error: str | None = None

    @property
    def percent(self) -> int | None:
        if self.state == "done":
            return 100
        if not self.total_rows:
            return None
        return min(99, int(100 * self.done_rows / self.total_rows))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "filename": self.filename, "state": self.state,
                "done_rows": self.done_rows, "total_rows": self.total_rows, "percent": self.percent,
                "report": self.report, "error": self.error}


# Progress of the jobs this process runs: (done_rows, total_rows) by job id.
_LIVE: dict[str, tuple[int, int | None]] = {}


def _stores_progress(database_url: str) -> bool:
    return get_engine(database_url).dialect.name != "sqlite"


def _view(row: ImportJob, stores_progress: bool) -> JobView:
    view = JobView(row.id, row.user_id, row.kind, row.filename, row.state, row.done_rows, row.total_rows,
                   row.report, row.error)
    if view.state in UNFINISHED:
        if row.id in _LIVE:
            view.done_rows, view.total_rows = _LIVE[row.id]
        elif stores_progress and row.heartbeat_at < utcnow() - STALE_AFTER:
            view.state, view.error = "interrupted", "The server stopped before this import finished."
    return view


def get_job(database_url: str, principal: Principal, job_id: str) -> JobView:
    with session_scope(database_url) as session:
        row = repository.import_job(session, job_id)
        if row is None or row.user_id != principal.user_id:
            raise NotFound("No such import.")
        return _view(row, _stores_progress(database_url))


def recent_jobs(database_url: str, principal: Principal) -> list[JobView]:
    with session_scope(database_url) as session:
        stores = _stores_progress(database_url)
        return [_view(row, stores) for row in repository.recent_import_jobs(session, principal.user_id)]


def interrupt_orphaned_jobs(database_url: str) -> int:
    """At start-up of a SQLite deployment (one process): every unfinished job belonged to a process
    that is gone. With PostgreSQL other workers may be running theirs: stale heartbeats only."""
    cutoff = None if not _stores_progress(database_url) else utcnow() - STALE_AFTER
    with session_scope(database_url) as session:
        session.info["audit_disabled"] = True
        return repository.interrupt_unfinished_import_jobs(session, cutoff)


def _update(database_url: str, job_id: str, **values) -> None:
    with session_scope(database_url) as session:
        session.info["audit_disabled"] = True  # bookkeeping; the import itself is audited
        repository.update_import_job(session, job_id, **values)


def _check_capacity(database_url: str, principal: Principal, max_per_user: int, max_running: int) -> None:
    """429 when the user already runs `max_per_user` imports, or everyone together `max_running` (counted in
    the database, so every worker process agrees)."""
    heartbeat_after = utcnow() - STALE_AFTER if _stores_progress(database_url) else None
    with session_scope(database_url) as session:
        mine = repository.running_import_jobs(session, principal.user_id, heartbeat_after)
        everyone = repository.running_import_jobs(session, None, heartbeat_after)
    if mine >= max_per_user:
        raise TooManyRequests("You already have %(running)s imports running; wait for one to finish.", running=mine)
    if everyone >= max_running:
        raise TooManyRequests("The server is busy with other imports; try again in a minute.")


async def start_import_job(database_url: str, principal: Principal, kind: str, upload: UploadFile,
                           skip_bad_rows: bool, fmt: str = "auto", *, max_bytes: int = 50 << 20,
                           max_per_user: int = 2, max_running: int = 4) -> JobView:
    kind = kind.replace("-", "_")
    if kind not in ("enterprises", "products", "buyers", "demands", "order_lines"):
        raise ValidationFailed("Unknown import kind %(kind)s.", kind=repr(kind), details={"field": "kind"})
    if kind not in allowed_kinds(principal):
        raise Forbidden("Your role may not import this kind of record.")
    filename = Path(upload.filename or "upload.csv").name
    if not filename.lower().endswith((".csv", ".xlsx", ".txt", ".tsv")):
        raise ValidationFailed("Upload a .csv or .xlsx file.", details={"field": "file"})
    _check_capacity(database_url, principal, max_per_user, max_running)
    size = 0
    with tempfile.NamedTemporaryFile(prefix="chuhai-import-", suffix="-" + filename, delete=False) as handle:
        while chunk := await upload.read(UPLOAD_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                break
            handle.write(chunk)
    if size > max_bytes:
        Path(handle.name).unlink(missing_ok=True)
        raise ValidationFailed("The file is larger than %(max_size)s MB; split it, or import it with the chuhai "
                               "command on the server.", max_size=max_bytes >> 20, details={"field": "file"})
    job = JobView(uuid.uuid4().hex[:12], principal.user_id, kind, filename[-255:], "queued")
    with session_scope(database_url) as session:
        session.info["audit_disabled"] = True
        session.add(ImportJob(id=job.id, user_id=job.user_id, kind=kind, filename=job.filename, state="queued"))
    _LIVE[job.id] = (0, None)
    thread = threading.Thread(target=_run, args=(job, Path(handle.name), database_url, principal, skip_bad_rows, fmt),
                              name=f"import-{job.id}", daemon=True)
    thread.start()
    return job


def refresh_order_views() -> None:
    """After new order lines: recompute, in the background, the cached views built on them, so
    dashboards, statistics and feedback reports show the new orders without waiting for the next
    page to notice the new data version. The views computed from the statistics cube (dashboard,
    market overview) follow it by themselves (`chuhai.web.cache`, `derived_from`)."""
    refresh(("insight_cube",), ("monthly_sales",))


def _run(job: JobView, path: Path, database_url: str, principal: Principal, skip_bad_rows: bool, fmt: str) -> None:
    stores_progress = _stores_progress(database_url)
    last_stored = 0.0

    def progress(done: int, total: int | None) -> None:
        nonlocal last_stored
        _LIVE[job.id] = (done, total)
        if stores_progress and time.monotonic() - last_stored >= PROGRESS_EVERY_S:
            last_stored = time.monotonic()
            _update(database_url, job.id, done_rows=done, total_rows=total, heartbeat_at=utcnow())

    try:
        _update(database_url, job.id, state="running", heartbeat_at=utcnow())
        with session_scope(database_url) as session:
            session.info["actor_id"] = principal.user_id
            report = import_file(session, job.kind, path, filename=job.filename, actor=principal,
                                skip_bad_rows=skip_bad_rows, fmt=fmt, progress=progress)
        done, total = _LIVE.get(job.id, (0, None))
        _update(database_url, job.id, state="done", report=report.to_dict(messages=True), done_rows=done,
                total_rows=total, finished_at=utcnow(), heartbeat_at=utcnow())
        if job.kind == "order_lines" and (report.created or report.updated):  # a re-import changes nothing
            refresh_order_views()
    except Exception as exc:  # the page shows it; nothing of the import was committed
        if isinstance(exc, ChuhaiError):  # about the file or the request: its message is for the user
            error = exc.english
        else:
            log.exception("import %s failed", job.id)
            error = UNEXPECTED_FAILURE
        try:
            _update(database_url, job.id, state="failed", error=error, finished_at=utcnow(),
                    heartbeat_at=utcnow())
        except Exception:  # the database itself is failing: the job shows as interrupted later
            log.exception("import %s failed and its state could not be stored", job.id)
    finally:
        _LIVE.pop(job.id, None)
        path.unlink(missing_ok=True)
