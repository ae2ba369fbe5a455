"""Pages: serving photos and files (`/media/<sha256>.<ext>`), managing a product's photos and an
enterprise's photos and documents (forms with CSRF), and the bulk photo ZIP beside the products import."""

from __future__ import annotations

from types import SimpleNamespace

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from starlette.datastructures import UploadFile

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise
from chuhai.errors import ChuhaiError, NotFound
from chuhai.i18n import error_text, pick
from chuhai.i18n import gettext as _
from chuhai.jobs.models import JobState
from chuhai.jobs.runner import live_progress
from chuhai.media import photo_jobs, service
from chuhai.media.models import ENTERPRISE_KINDS, MediaKind
from chuhai.media.responses import file_response, media_config, read_upload
from chuhai.media.storage import media_root
from chuhai.types import RoleCode
from chuhai.web.deps import DbSession, MaybeUser, SubmittedForm, require, verify_csrf
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Manager = Depends(require(RoleCode.ENTERPRISE, RoleCode.OPERATOR))


@router.get("/media/{name}")
def serve(request: Request, name: str, db: DbSession, principal: MaybeUser):
    """A stored rendition by its content hash, for a reader who may see it (anonymous: the showcase's)."""
    return file_response(media_config(request), service.served_file(db, principal, name))


def _flash(request: Request, kind: str, message: str) -> None:
    request.session["flash"] = {"kind": kind, "message": message}


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _files(form, name: str, limit: int) -> list[tuple[str, bytes]]:
    found = []
    for upload in form.getlist(name):
        if isinstance(upload, UploadFile) and upload.filename:
            found.append((upload.filename, read_upload(upload, limit)))
    return found


# ----- a product's photos ------------------------------------------------------------------------------------

def _product_page(request: Request, db, principal: Principal, product_id: int, error: str | None = None,
                  status_code: int = 200):
    product = service.managed_product(db, principal, product_id)
    config = media_config(request)
    return render(request, "media/product_photos.html", status_code=status_code, product=product,
                  photos=service.product_images(db, product_id), error=error,
                  limit=config.max_product_photos, max_mb=_megabytes(config.limits.max_bytes),
                  max_mp=round(config.limits.max_pixels / 1_000_000))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


@router.get("/products/{product_id}/photos")
def product_photos(request: Request, product_id: int, db: DbSession, principal: Principal = Manager):
    return _product_page(request, db, principal, product_id)


@router.post("/products/{product_id}/photos")
def upload_product_photos(request: Request, product_id: int, db: DbSession, form: SubmittedForm,
                          principal: Principal = Manager):
    """Every chosen file is added, or none: a refused file names itself and its reason."""
    service.managed_product(db, principal, product_id)  # NotFound before reading the uploaded files
    config = media_config(request)
    caption = form.get("caption") if isinstance(form.get("caption"), str) else None
    files = _files(form, "photos", config.limits.max_bytes)
    if not files:
        return _product_page(request, db, principal, product_id, _("Choose one or more photos."), 422)
    added = 0
    for name, content in files:
        try:
            added += service.add_product_photo(db, principal, config, product_id, file_name=name, content=content,
                                               caption=caption).created
        except ChuhaiError as exc:
            db.rollback()  # the other files of this upload go too
            return _product_page(request, db, principal, product_id,
                                 _("%(file)s: %(reason)s", file=name[:120], reason=error_text(exc)), 422)
    _flash(request, "ok", _("%(n)s photos added.", n=added) if added else _("These photos are already there."))
    return _see_other(f"/products/{product_id}/photos")


def _back(row_product_id: int | None, enterprise_id: int) -> str:
    return f"/products/{row_product_id}/photos" if row_product_id is not None else f"/enterprises/{enterprise_id}/media"


@router.post("/media/{media_id}/cover")
def cover(request: Request, media_id: int, db: DbSession, principal: Principal = Manager):
    row = service.managed_file(db, principal, media_id)
    back = _back(row.product_id, row.enterprise_id)
    try:
        service.set_cover(db, principal, media_id)
        _flash(request, "ok", _("Cover photo chosen."))
    except ChuhaiError as exc:
        _flash(request, "bad", error_text(exc))
    return _see_other(back)


@router.post("/media/{media_id}/move")
def move(request: Request, media_id: int, db: DbSession, direction: str = Form("up"),
         principal: Principal = Manager):
    row = service.managed_file(db, principal, media_id)
    back = _back(row.product_id, row.enterprise_id)
    try:
        service.move(db, principal, media_id, -1 if direction == "up" else 1)
    except ChuhaiError as exc:
        _flash(request, "bad", error_text(exc))
    return _see_other(back)


@router.post("/media/{media_id}/delete")
def delete(request: Request, media_id: int, db: DbSession, principal: Principal = Manager):
    row = service.managed_file(db, principal, media_id)
    back = _back(row.product_id, row.enterprise_id)
    try:
        service.delete(db, principal, media_config(request), media_id)
        _flash(request, "ok", _("Deleted."))
    except ChuhaiError as exc:
        _flash(request, "bad", error_text(exc))
    return _see_other(back)


# ----- an enterprise's photos and documents -------------------------------------------------------------------

def _enterprise_page(request: Request, db, principal: Principal, enterprise_id: int, error: str | None = None,
                     status_code: int = 200):
    enterprise = service.managed_enterprise(db, principal, enterprise_id)
    config = media_config(request)
    return render(request, "media/enterprise_media.html", status_code=status_code, enterprise=enterprise,
                  files=service.enterprise_images(db, enterprise_id), error=error, kinds=ENTERPRISE_KINDS,
                  MediaKind=MediaKind, limit=config.max_enterprise_files,
                  max_mb=_megabytes(config.limits.max_bytes))


@router.get("/enterprises/{enterprise_id}/media")
def enterprise_media(request: Request, enterprise_id: int, db: DbSession, principal: Principal = Manager):
    return _enterprise_page(request, db, principal, enterprise_id)


@router.post("/enterprises/{enterprise_id}/media")
def upload_enterprise_media(request: Request, enterprise_id: int, db: DbSession, form: SubmittedForm,
                            principal: Principal = Manager):
    service.managed_enterprise(db, principal, enterprise_id)
    config = media_config(request)
    try:
        kind = MediaKind(str(form.get("kind") or ""))
    except ValueError:
        kind = None
    if kind not in ENTERPRISE_KINDS:
        return _enterprise_page(request, db, principal, enterprise_id, _("Choose factory, showroom or certificate."),
                                422)
    caption = form.get("caption") if isinstance(form.get("caption"), str) else None
    files = _files(form, "files", config.limits.max_bytes)
    if not files:
        return _enterprise_page(request, db, principal, enterprise_id, _("Choose one or more files."), 422)
    for name, content in files:
        try:
            service.add_enterprise_file(db, principal, config, enterprise_id, kind=kind, file_name=name,
                                        content=content, caption=caption)
        except ChuhaiError as exc:
            db.rollback()
            return _enterprise_page(request, db, principal, enterprise_id,
                                    _("%(file)s: %(reason)s", file=name[:120], reason=error_text(exc)), 422)
    _flash(request, "ok", _("Files added."))
    return _see_other(f"/enterprises/{enterprise_id}/media")


# ----- the bulk photo ZIP --------------------------------------------------------------------------------------

def _import_page(request: Request, db, principal: Principal, *, report=None, error: str | None = None,
                 status_code: int = 200, job=None, progress=None):
    enterprises = []
    if principal.is_operator:
        enterprises = [(e.id, pick(e.name_zh, e.name_en)) for e in
                       db.scalars(select(Enterprise).order_by(Enterprise.name_zh).limit(2000))]
    config = media_config(request)
    return render(request, "media/import_photos.html", status_code=status_code, report=report, error=error,
                  enterprises=enterprises, limits=config.archive_limits, limit=config.max_product_photos,
                  max_mb=_megabytes(config.limits.max_bytes),
                  max_upload_mb=_megabytes(request.app.state.settings.max_upload_bytes), job=job,
                  progress=progress or {}, JobState=JobState)


@router.get("/imports/photos")
def import_photos_form(request: Request, db: DbSession, principal: Principal = Manager):
    return _import_page(request, db, principal)


@router.post("/imports/photos")
def import_photos(request: Request, db: DbSession, form: SubmittedForm, principal: Principal = Manager):
    """The archive is kept and imported by a background job (`photo_jobs`); its page shows the report."""
    enterprise_id = principal.enterprise_id
    if principal.is_operator:
        try:
            enterprise_id = int(str(form.get("enterprise_id") or ""))
        except ValueError:
            return _import_page(request, db, principal, error=_("Choose the enterprise."), status_code=422)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _import_page(request, db, principal, error=_("Choose a ZIP file."), status_code=422)
    settings = request.app.state.settings
    try:
        job = photo_jobs.start_photo_import(db, principal, enterprise_id or 0, upload.file.read(),
                                            file_name=upload.filename, data_dir=settings.data_dir,
                                            media_dir=media_root(settings))
    except NotFound:
        raise
    except ChuhaiError as exc:
        db.rollback()
        return _import_page(request, db, principal, error=error_text(exc), status_code=422)
    return _see_other(f"/imports/photos/jobs/{job.id}")


def _report_of(result: dict) -> SimpleNamespace:
    return SimpleNamespace(**{**result, "rows": [SimpleNamespace(**row) for row in result.get("rows", [])]})


@router.get("/imports/photos/jobs/{job_id}")
def photo_import_job(request: Request, job_id: str, db: DbSession, principal: Principal = Manager):
    """The import's state (the page reloads itself until it is finished), then its report, file by file."""
    job = photo_jobs.photo_import_job(db, principal, job_id)
    progress = live_progress(job.id) or job.progress or {}
    error = _(job.error_message, **(job.error_params or {})) if job.error_message else None
    report = _report_of(job.result) if job.state == JobState.SUCCEEDED and job.result else None
    return _import_page(request, db, principal, report=report, error=error, job=job, progress=progress)
