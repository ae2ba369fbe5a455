"""Imports started from the page or the API: jobs of the one background runner (`chuhai.jobs`), kind
"imports.file", each run in a child process with CPU-time, memory and file-size limits, so a runaway
file fails alone and never takes the web process down.

The upload is streamed into the job's folder in the data directory first (a large file never sits in
memory; a worker process on the same host, `chuhai jobs work`, reads it there), then the job is queued.
The child runs the whole import in one transaction: a job killed mid-way (the server's process, or the
child past a limit) has saved nothing, reads "interrupted" or "failed", and may be run again — the
import is idempotent (rows are matched on their natural keys) and its file stays until the job has
finished. Progress: the runner of the process that runs the job holds it in memory and, on PostgreSQL,
stores it with a heartbeat; SQLite, the single-process embedded deployment, shows it from memory.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import UploadFile

from chuhai.accounts import audit
from chuhai.accounts.models import User
from chuhai.accounts.principal import Principal
from chuhai.accounts.service import principal_of
from chuhai.catalog import flows as catalog_flows
from chuhai.config import Settings, get_settings
from chuhai.database import get_engine, session_scope, utcnow
from chuhai.demand import flows as demand_flows
from chuhai.errors import ChuhaiError, Conflict, Forbidden, NotFound, TooManyRequests, ValidationFailed
from chuhai.imports.flows import import_file
from chuhai.jobs import repository as job_repository
from chuhai.jobs import runner as job_runner
from chuhai.jobs import service as job_service
from chuhai.jobs.models import Job, JobState
from chuhai.jobs.registry import JobContext
from chuhai.types import RoleCode
from chuhai.web.cache import refresh

IMPORT_KIND = "imports.file"
KINDS_BY_ROLE = {
    RoleCode.OPERATOR: ("enterprises", "products", "buyers", "demands", "order_lines"),
    RoleCode.ENTERPRISE: ("products", "order_lines"),
    RoleCode.BUYER: ("demands",),
}
UPLOAD_CHUNK = 1 << 20
UPLOAD_NAME = "upload"
# What a failed job shows when the failure was not about the file (a database error, a bug): the details go
# to the log, not to the user.
UNEXPECTED_FAILURE = job_service.UNEXPECTED
STOPPED = job_service.INTERRUPTED
log = logging.getLogger(__name__)


def import_limits(settings: Settings) -> dict[str, Any]:
    """The limits of `start_import_job` from the settings (and where uploads wait: the data folder)."""
    return {"max_bytes": settings.max_upload_bytes, "max_per_user": settings.import_max_per_user,
            "max_running": settings.import_max_running, "data_dir": settings.data_dir,
            "stale_after_s": settings.jobs_stale_after_s}


def allowed_kinds(principal: Principal) -> tuple[str, ...]:
    return KINDS_BY_ROLE.get(principal.role, ())


@dataclass
class JobView:
    """What the page and the API show of a job."""

    id: str
    user_id: int | None
    kind: str
    filename: str
    state: str  # queued, running, done, failed, interrupted (chuhai.types.JobState)
    done_rows: int = 0
    total_rows: int | None = None
    report: dict[str, Any] | None = None
    error: str | None = None  # English (the API)
    error_message: str | None = None  # its message id and parameters (the page translates them)
    error_params: dict[str, Any] | None = None
    can_rerun: bool = False  # failed or interrupted, and its file is still there

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


def _stores_progress(database_url: str) -> bool:
    return get_engine(database_url).dialect.name != "sqlite"


def _view(job: Job, stale_after_s: float | None) -> JobView:
    state = "done" if job.state == JobState.SUCCEEDED else str(job.state)
    if state == "cancelled":
        state = "failed"
    progress = (job_runner.live_progress(job.id) if state in ("queued", "running") else None) or job.progress or {}
    payload = job.payload or {}
    view = JobView(job.id, job.owner_id, payload.get("kind", ""), payload.get("filename", ""), state,
                   progress.get("done_rows", 0), progress.get("total_rows"), job.result)
    message, params = job.error_message, dict(job.error_params or {})
    if (state == "running" and stale_after_s is not None and job_runner.live_progress(job.id) is None
            and (job.heartbeat_at or job.created_at) < utcnow() - timedelta(seconds=stale_after_s)):
        view.state, message, params = "interrupted", STOPPED, {}  # its process went silent: no restart seen yet
    if message:
        view.error, view.error_message, view.error_params = message % params if params else message, message, params
    view.can_rerun = view.state in ("failed", "interrupted") and _upload_of(job).exists()
    return view


def _upload_of(job: Job) -> Path:
    return Path((job.payload or {}).get("folder", "/nonexistent")) / UPLOAD_NAME


def _stale_after(database_url: str, stale_after_s: float | None = None) -> float | None:
    """Beyond this many seconds without a heartbeat a running job is shown interrupted (PostgreSQL only: there
    the runner beats while the import runs; on SQLite a dead process is seen when the app starts)."""
    if not _stores_progress(database_url):
        return None
    return stale_after_s if stale_after_s is not None else get_settings().jobs_stale_after_s


def get_job(database_url: str, principal: Principal, job_id: str) -> JobView:
    with session_scope(database_url) as session:
        job = job_repository.get(session, job_id)
        if job is None or job.kind != IMPORT_KIND or job.owner_id != principal.user_id:
            raise NotFound("No such import.")
        return _view(job, _stale_after(database_url))


def recent_jobs(database_url: str, principal: Principal) -> list[JobView]:
    with session_scope(database_url) as session:
        stale = _stale_after(database_url)
        return [_view(job, stale) for job in job_service.recent_jobs(session, owner_id=principal.user_id,
                                                                      kinds=[IMPORT_KIND], limit=10)]


def _check_capacity(database_url: str, principal: Principal, max_per_user: int, max_running: int,
                    stale_after_s: float | None) -> None:
    """429 when the user already runs `max_per_user` imports, or everyone together `max_running` (counted in
    the database, so every worker process agrees)."""
    stale = _stale_after(database_url, stale_after_s)
    heartbeat_after = utcnow() - timedelta(seconds=stale) if stale is not None else None
    with session_scope(database_url) as session:
        mine = job_repository.count_unfinished(session, IMPORT_KIND, owner_id=principal.user_id,
                                               heartbeat_after=heartbeat_after)
        everyone = job_repository.count_unfinished(session, IMPORT_KIND, heartbeat_after=heartbeat_after)
    if mine >= max_per_user:
        raise TooManyRequests("You already have %(running)s imports running; wait for one to finish.", running=mine)
    if everyone >= max_running:
        raise TooManyRequests("The server is busy with other imports; try again in a minute.")


def start_import_job(database_url: str, principal: Principal, kind: str, upload: UploadFile,
                     skip_bad_rows: bool, fmt: str = "auto", *, max_bytes: int = 50 << 20,
                     max_per_user: int = 2, max_running: int = 4, data_dir: Path | None = None,
                     stale_after_s: float | None = None) -> JobView:
    """Blocking (the capacity check, the copy of the upload, the enqueue): called from plain `def` handlers,
    which FastAPI runs on the thread pool, never from the event loop."""
    kind = kind.replace("-", "_")
    if kind not in ("enterprises", "products", "buyers", "demands", "order_lines"):
        raise ValidationFailed("Unknown import kind %(kind)s.", kind=repr(kind), details={"field": "kind"})
    if kind not in allowed_kinds(principal):
        raise Forbidden("Your role may not import this kind of record.")
    filename = Path(upload.filename or "upload.csv").name
    if not filename.lower().endswith((".csv", ".xlsx", ".txt", ".tsv")):
        raise ValidationFailed("Upload a .csv or .xlsx file.", details={"field": "file"})
    _check_capacity(database_url, principal, max_per_user, max_running, stale_after_s)
    job_id = uuid.uuid4().hex[:16]
    folder = job_runner.job_files(data_dir if data_dir is not None else get_settings().data_dir, job_id)
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with (folder / UPLOAD_NAME).open("wb") as handle:
            while chunk := upload.file.read(UPLOAD_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ValidationFailed("The file is larger than %(max_size)s MB; split it, or import it with "
                                           "the chuhai command on the server.", max_size=max_bytes >> 20,
                                           details={"field": "file"})
                handle.write(chunk)
        with session_scope(database_url) as session:
            session.info["audit_disabled"] = True  # bookkeeping; the import itself is audited
            job = job_service.enqueue(session, IMPORT_KIND, {
                "kind": kind, "filename": filename[-255:], "skip_bad_rows": skip_bad_rows, "fmt": fmt,
                "folder": str(folder)}, owner_id=principal.user_id, job_id=job_id)
            return _view(job, None)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def rerun_import_job(database_url: str, principal: Principal, job_id: str, *, max_per_user: int = 2,
                     max_running: int = 4, stale_after_s: float | None = None, **_limits: Any) -> JobView:
    """Run a failed or interrupted import of this user again, from the file it kept (nothing of it was saved, and
    an import is idempotent): Conflict when it cannot be (finished, or its file is gone), 429 as for a new one."""
    with session_scope(database_url) as session:
        job = job_repository.get(session, job_id)
        if job is None or job.kind != IMPORT_KIND or job.owner_id != principal.user_id:
            raise NotFound("No such import.")
        if job.state.can_rerun and not _upload_of(job).exists():
            raise Conflict("The uploaded file of this import is gone; upload it again.")
    _check_capacity(database_url, principal, max_per_user, max_running, stale_after_s)
    with session_scope(database_url) as session:
        session.info["audit_disabled"] = True  # bookkeeping; the import itself is audited
        return _view(job_service.rerun(session, job_id, owner_id=principal.user_id), None)


def run_import_job(ctx: JobContext) -> dict[str, Any]:
    """The job's handler, in the child process: the whole import in one transaction, then its file goes."""
    audit.install()  # a fresh process: the audit log's hook, as the app and the CLI install it
    payload = ctx.payload
    folder = Path(payload["folder"])
    path = folder / UPLOAD_NAME
    if not path.exists():
        raise NotFound("The uploaded file of this import is gone; upload it again.")

    def progress(done: int, total: int | None) -> None:
        ctx.progress({"done_rows": done, "total_rows": total})

    with session_scope(ctx.database_url) as session:
        user = session.get(User, ctx.owner_id) if ctx.owner_id is not None else None
        if user is None:
            raise NotFound("The account that started this import is gone.")
        actor = principal_of(user)
        session.info["actor_id"] = actor.user_id
        try:
            report = import_file(session, payload["kind"], path, filename=payload["filename"], actor=actor,
                                 skip_bad_rows=bool(payload.get("skip_bad_rows")), fmt=payload.get("fmt", "auto"),
                                 progress=progress)
        except ChuhaiError:  # about the file: running it again would fail again
            shutil.rmtree(folder, ignore_errors=True)
            raise
    shutil.rmtree(folder, ignore_errors=True)
    return report.to_dict(messages=True)


def after_import(database_url: str, result: dict[str, Any] | None) -> None:
    """In the runner's process once an import succeeded (the child's writes are committed): this process's
    match index compares itself with the catalog or the demands, and the order views are recomputed."""
    if not result or not (result.get("created") or result.get("updated")):  # a re-import changes nothing
        return
    kind = result.get("kind")
    if kind in ("enterprises", "products", "demands"):
        with session_scope(database_url) as session:
            session.connection()  # a transaction to commit: the index notes the change after it
            if kind == "demands":
                demand_flows.demands_written_in_bulk(session)
            else:
                catalog_flows.catalog_written_in_bulk(session)
    elif kind == "order_lines":
        refresh_order_views()


def refresh_order_views() -> None:
    """After new order lines: recompute, in the background, the cached views built on them, so
    dashboards, statistics and feedback reports show the new orders without waiting for the next
    page to notice the new data version. The views computed from the statistics cube (dashboard,
    market overview) follow it by themselves (`chuhai.web.cache`, `derived_from`)."""
    refresh(("insight_cube",), ("monthly_sales",))
