"""JSON API of media: a product's photos (list, upload, order, cover, delete), an enterprise's photos and
documents, and the bulk photo ZIP. Files are served by the pages' `/media/<sha256>.<ext>` URLs."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from chuhai.errors import NotFound, ValidationFailed
from chuhai.i18n import gettext
from chuhai.jobs.models import Job, JobState
from chuhai.jobs.runner import live_progress
from chuhai.media import photo_jobs, service
from chuhai.media.models import ENTERPRISE_KINDS, MediaFile, MediaKind
from chuhai.media.responses import media_config
from chuhai.media.schemas import ImportOut, ImportRowOut, MediaOut, OrderIn, PhotoImportJobOut, UploadOut
from chuhai.media.storage import media_root
from chuhai.web.deps import AnyUser, DbSession, verify_csrf
from chuhai.web.openapi import errors

router = APIRouter(tags=["media"], dependencies=[Depends(verify_csrf)])


def _out(ref: service.ImageRef) -> MediaOut:
    return MediaOut(id=ref.id, kind=ref.kind, product_id=ref.product_id, position=ref.position,
                    is_cover=ref.is_cover, caption=ref.caption, alt=ref.alt, content_type=ref.content_type,
                    display_url=ref.display_url, thumb_url=ref.thumb_url, width=ref.width, height=ref.height,
                    thumb_width=ref.thumb_width, thumb_height=ref.thumb_height)


def _row_out(row: MediaFile, alt: str = "") -> MediaOut:
    return _out(service.ref_of(row, alt))


def _read(upload: UploadFile, limit: int) -> bytes:
    return upload.file.read(limit + 1)  # one byte more than allowed is enough to refuse it


@router.get("/products/{product_id}/photos", response_model=list[MediaOut], responses=errors(403))
def product_photos(product_id: int, db: DbSession, principal: AnyUser):
    """The product's photos, cover first (for those who manage the product)."""
    service.managed_product(db, principal, product_id)
    return [_out(ref) for ref in service.product_images(db, product_id)]


@router.post("/products/{product_id}/photos", response_model=UploadOut, status_code=201,
             responses=errors(403, 409))
def upload_product_photo(request: Request, product_id: int, db: DbSession, principal: AnyUser,
                         file: UploadFile = File(...), caption: str | None = Form(None, max_length=200)):
    """A JPEG, PNG or WebP photo (the content decides, not the name), re-encoded without its metadata.
    The same file again answers the photo already there (`created`: false)."""
    config = media_config(request)
    service.managed_product(db, principal, product_id)
    added = service.add_product_photo(db, principal, config, product_id, file_name=file.filename or "",
                                      content=_read(file, config.limits.max_bytes), caption=caption)
    return UploadOut(**_row_out(added.row).model_dump(), created=added.created)


@router.put("/products/{product_id}/photos/order", response_model=list[MediaOut], responses=errors(403))
def order_photos(product_id: int, body: OrderIn, db: DbSession, principal: AnyUser):
    service.reorder(db, principal, product_id, body.ids)
    return [_out(ref) for ref in service.product_images(db, product_id)]


@router.post("/media/{media_id}/cover", response_model=MediaOut, responses=errors(403))
def set_cover(media_id: int, db: DbSession, principal: AnyUser):
    return _row_out(service.set_cover(db, principal, media_id))


@router.delete("/media/{media_id}", status_code=204, responses=errors(403))
def delete_media(request: Request, media_id: int, db: DbSession, principal: AnyUser):
    service.delete(db, principal, media_config(request), media_id)


@router.get("/enterprises/{enterprise_id}/media", response_model=list[MediaOut], responses=errors(403))
def enterprise_media(enterprise_id: int, db: DbSession, principal: AnyUser):
    service.managed_enterprise(db, principal, enterprise_id)
    return [_out(ref) for ref in service.enterprise_images(db, enterprise_id)]


@router.post("/enterprises/{enterprise_id}/media", response_model=UploadOut, status_code=201,
             responses=errors(403, 409))
def upload_enterprise_media(request: Request, enterprise_id: int, db: DbSession, principal: AnyUser,
                            file: UploadFile = File(...), kind: str = Form(...),
                            caption: str | None = Form(None, max_length=200)):
    """A factory or showroom photo, or a certificate (image or PDF)."""
    config = media_config(request)
    service.managed_enterprise(db, principal, enterprise_id)
    if kind not in {k.value for k in ENTERPRISE_KINDS}:
        raise ValidationFailed("Choose factory, showroom or certificate.", details={"field": "kind"})
    added = service.add_enterprise_file(db, principal, config, enterprise_id, kind=MediaKind(kind),
                                        file_name=file.filename or "",
                                        content=_read(file, config.limits.max_bytes), caption=caption)
    return UploadOut(**_row_out(added.row).model_dump(), created=added.created)


def _report_out(result: dict) -> ImportOut:
    return ImportOut(enterprise_id=result["enterprise_id"], added=result["added"], unchanged=result["unchanged"],
                     refused=result["refused"],
                     rows=[ImportRowOut(file=r["file"], sku=r["sku"], status=r["status"], product_id=r["product_id"],
                                        media_id=r["media_id"], code=r["code"],
                                        message=gettext(r["message"], **(r["params"] or {})) if r["message"] else None)
                           for r in result.get("rows", [])])


def _job_out(job: Job) -> PhotoImportJobOut:
    enterprise_id = int((job.payload or {}).get("enterprise_id", 0))
    error = gettext(job.error_message, **(job.error_params or {})) if job.error_message else None
    report = _report_out(job.result) if job.state == JobState.SUCCEEDED and job.result else None
    out = PhotoImportJobOut.of(job, f"/api/v1/enterprises/{enterprise_id}/photo-imports/{job.id}", error,
                               enterprise_id=enterprise_id, report=report)
    return out.model_copy(update={"progress": live_progress(job.id) or job.progress})


@router.post("/enterprises/{enterprise_id}/photo-imports", response_model=PhotoImportJobOut, status_code=202,
             responses=errors(403))
def import_photos(request: Request, enterprise_id: int, db: DbSession, principal: AnyUser,
                  file: UploadFile = File(...)):
    """A ZIP of photos named by SKU (`SKU123_1.jpg`, `SKU123-2.png`), imported by a background job: poll
    `poll_url` until `state` is succeeded, then `report` lists each file added, already there, or refused with
    its reason (the good ones are kept); a broken archive fails the job (`error` says why)."""
    settings = request.app.state.settings
    job = photo_jobs.start_photo_import(db, principal, enterprise_id, file.file.read(),
                                        file_name=file.filename or "photos.zip", data_dir=settings.data_dir,
                                        media_dir=media_root(settings))
    return _job_out(job)


@router.get("/enterprises/{enterprise_id}/photo-imports/{job_id}", response_model=PhotoImportJobOut,
            responses=errors(403))
def photo_import(enterprise_id: int, job_id: str, db: DbSession, principal: AnyUser):
    """A photo import of one's own: queued, running (`progress`: done and total files), succeeded (`report`) or
    failed (`error`)."""
    job = photo_jobs.photo_import_job(db, principal, job_id)
    if (job.payload or {}).get("enterprise_id") != enterprise_id:
        raise NotFound("No such job.")
    return _job_out(job)
