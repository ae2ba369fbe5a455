"""The bulk photo ZIP from the page and the API as a background job (`chuhai.jobs`): hundreds of photos take minutes to
decode and re-encode, more than a request should wait. The upload is kept in the job's folder
(`data_dir/jobs/<id>/photos.zip`) and imported by the `media.photo_zip` kind in an isolated child process
(CPU, memory and file-size limits: the settings' `jobs_child_*`) in one transaction; its result is the
import report (one row per file). The command line waits: it imports at once through the same
`service.import_photos` the job runs."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from chuhai.accounts import audit
from chuhai.accounts.models import User
from chuhai.accounts.principal import Principal
from chuhai.accounts.service import principal_of
from chuhai.config import get_settings
from chuhai.database import after_rollback, session_scope
from chuhai.errors import NotFound, ValidationFailed
from chuhai.jobs import service as jobs
from chuhai.jobs.models import Job
from chuhai.jobs.registry import JobContext
from chuhai.jobs.runner import job_files
from chuhai.media import service
from chuhai.media.storage import LocalStorage

PHOTO_ZIP_KIND = "media.photo_zip"
ZIP_NAME = "photos.zip"


def start_photo_import(session: Session, actor: Principal, enterprise_id: int, content: bytes, *,
                       file_name: str, data_dir: Path, media_dir: Path) -> Job:
    """Queue the import of a photo ZIP for the actor's enterprise (the operator: any) in the caller's
    transaction; the file is removed again if that rolls back."""
    service.managed_enterprise(session, actor, enterprise_id)
    actor.require_standing()
    if not content:
        raise ValidationFailed("The file is empty.", details={"field": "file"})
    job_id = uuid.uuid4().hex[:16]
    folder = job_files(data_dir, job_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ZIP_NAME).write_bytes(content)
    after_rollback(session, lambda: shutil.rmtree(folder, ignore_errors=True))
    return jobs.enqueue(session, PHOTO_ZIP_KIND, {
        "enterprise_id": enterprise_id, "file_name": Path(file_name or "photos.zip").name[-200:],
        "folder": str(folder), "media_dir": str(media_dir)}, owner_id=actor.user_id, job_id=job_id)


def photo_import_job(session: Session, actor: Principal, job_id: str) -> Job:
    """The actor's own photo import job (NotFound otherwise)."""
    service.require_manager(actor)
    job = jobs.get_job(session, job_id[:32], owner_id=actor.user_id)
    if job.kind != PHOTO_ZIP_KIND:
        raise NotFound("No such job.")
    return job


def run_photo_import(ctx: JobContext) -> dict[str, Any]:
    """The handler, in the child process: every file of the archive in one transaction, then the file goes."""
    audit.install()  # a fresh process: the audit log's hook, as the app and the CLI install it
    payload = ctx.payload
    folder = Path(payload["folder"])
    path = folder / ZIP_NAME
    if not path.exists():
        raise NotFound("The uploaded file of this import is gone; upload it again.")
    settings = get_settings()
    storage = LocalStorage(Path(payload["media_dir"])) if settings.media_storage == "local" else None
    config = service.config_from_settings(settings, storage=storage)
    with session_scope(ctx.database_url) as session:
        user = session.get(User, ctx.owner_id) if ctx.owner_id is not None else None
        if user is None:
            raise NotFound("The account that started this import is gone.")
        actor = principal_of(user)
        session.info["actor_id"] = actor.user_id
        report = service.import_photos(session, actor, config, int(payload["enterprise_id"]), path.read_bytes(),
                                       progress=lambda done, total: ctx.progress({"done": done, "total": total}))
    shutil.rmtree(folder, ignore_errors=True)
    return {"enterprise_id": report.enterprise_id, "added": report.added, "unchanged": report.unchanged,
            "refused": report.refused,
            "rows": [{"file": r.file, "sku": r.sku, "status": r.status, "product_id": r.product_id,
                      "media_id": r.media_id, "code": r.code, "message": r.message, "params": r.params}
                     for r in report.rows]}
