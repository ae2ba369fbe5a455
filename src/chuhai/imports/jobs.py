"""Imports started from the page or the API run in a background thread and report progress.

The upload is streamed to a temporary file first, so a large file never sits in memory. Jobs are
kept in this process's memory: enough for the embedded single-process deployment; the report of a
finished import is also in the audit log.
"""

from __future__ import annotations

import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import UploadFile

from chuhai.accounts.principal import Principal
from chuhai.errors import Forbidden, ValidationFailed
from chuhai.types import RoleCode
from chuhai.web.cache import refresh

KINDS_BY_ROLE = {
    RoleCode.OPERATOR: ("enterprises", "products", "buyers", "demands", "order_lines"),
    RoleCode.ENTERPRISE: ("products", "order_lines"),
    RoleCode.BUYER: ("demands",),
}
UPLOAD_CHUNK = 1 << 20
MAX_JOBS_KEPT = 200


def allowed_kinds(principal: Principal) -> tuple[str, ...]:
    return KINDS_BY_ROLE.get(principal.role, ())


@dataclass
class ImportJob:
    id: str
    user_id: int | None
    kind: str
    filename: str
    state: str = "queued"  # queued, running, done, failed
    done_rows: int = 0
    total_rows: int | None = None
    report: dict[str, Any] | None = None
    error: str | None = None
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None

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


class JobRegistry:
    def __init__(self) -> None:
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()

    def add(self, job: ImportJob) -> None:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS_KEPT:
                self._jobs.pop(next(iter(self._jobs)))

    def get(self, job_id: str) -> ImportJob | None:
        return self._jobs.get(job_id)

    def for_user(self, user_id: int | None) -> list[ImportJob]:
        return [job for job in reversed(self._jobs.values()) if job.user_id == user_id][:10]


JOBS = JobRegistry()


async def start_import_job(database_url: str, principal: Principal, kind: str, upload: UploadFile,
                           skip_bad_rows: bool, fmt: str = "auto") -> ImportJob:
    kind = kind.replace("-", "_")
    if kind not in ("enterprises", "products", "buyers", "demands", "order_lines"):
        raise ValidationFailed(f"Unknown import kind {kind!r}.", details={"field": "kind"})
    if kind not in allowed_kinds(principal):
        raise Forbidden("Your role may not import this kind of record.")
    filename = Path(upload.filename or "upload.csv").name
    if not filename.lower().endswith((".csv", ".xlsx", ".txt", ".tsv")):
        raise ValidationFailed("Upload a .csv or .xlsx file.", details={"field": "file"})
    with tempfile.NamedTemporaryFile(prefix="chuhai-import-", suffix="-" + filename, delete=False) as handle:
        while chunk := await upload.read(UPLOAD_CHUNK):
            handle.write(chunk)
    job = ImportJob(id=uuid.uuid4().hex[:12], user_id=principal.user_id, kind=kind, filename=filename)
    JOBS.add(job)
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


def _run(job: ImportJob, path: Path, database_url: str, principal: Principal, skip_bad_rows: bool, fmt: str) -> None:
    from chuhai.database import session_scope
    from chuhai.imports.service import run_import

    def progress(done: int, total: int | None) -> None:
        job.done_rows, job.total_rows = done, total

    job.state = "running"
    try:
        with session_scope(database_url) as session:
            session.info["actor_id"] = principal.user_id
            report = run_import(session, job.kind, path, filename=job.filename, actor=principal,
                                skip_bad_rows=skip_bad_rows, fmt=fmt, progress=progress)
        job.report = report.to_dict()
        job.state = "done"
        if job.kind == "order_lines" and (report.created or report.updated):  # a re-import changes nothing
            refresh_order_views()
    except Exception as exc:  # the page shows it; nothing was committed
        job.error = str(exc)
        job.state = "failed"
    finally:
        job.finished_at = time.time()
        path.unlink(missing_ok=True)
