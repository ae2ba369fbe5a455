"""Photos and files: upload (checked, stripped and re-encoded by `engine.images`), reorder, cover, delete,
the bulk ZIP import, and what other domains read (`cover_images`, `product_images`, `enterprise_images`).

Who manages what: an enterprise's members manage its own product photos and enterprise files, the operator
all (a member of another enterprise gets NotFound, other roles Forbidden). Who sees what: anyone signed in
sees the photos of products and enterprises they may see (not a rejected enterprise's, not an archived
product's, except their owner and the operator); anonymous visitors see those of the public showcase
(verified enterprises' active products).

The service writes the files through a `Storage` and the rows through the session; it flushes, never
commits. A file written for a row that does not survive is deleted when the transaction rolls back
(`chuhai.database.after_rollback`); a deleted row's files go once the deletion commits (`after_commit`),
unless another row shares the same content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise, Product
from chuhai.config import Settings
from chuhai.database import after_commit, after_rollback
from chuhai.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chuhai.i18n import pick
from chuhai.marks import N_
from chuhai.media.engine import archive as archive_engine
from chuhai.media.engine import images
from chuhai.media.models import ENTERPRISE_KINDS, MediaFile, MediaKind
from chuhai.media.storage import Storage, key_for, storage_from_settings, valid_key
from chuhai.types import RoleCode, VerificationStatus

MEDIA_URL = "/media/"

# The refusals of the image engine, as message ids (rendered in the reader's language at the edge).
REFUSALS = {
    images.EMPTY: N_("The file is empty."),
    images.TOO_LARGE: N_("The file is larger than %(limit_mb)s MB."),
    images.NOT_AN_IMAGE: N_("Upload a JPEG, PNG or WebP image (the content decides, not the file name)."),
    images.NOT_A_DOCUMENT: N_("Upload a JPEG, PNG or WebP image or a PDF (the content decides, not the file name)."),
    images.TOO_MANY_PIXELS: N_("The image has too many pixels (at most %(limit_mp)s megapixels)."),
    images.BROKEN: N_("The file is damaged or not what its first bytes say."),
}
ARCHIVE_REFUSALS = {
    archive_engine.NOT_A_ZIP: N_("Upload a ZIP archive."),
    archive_engine.TOO_MANY_ENTRIES: N_("The archive has %(count)s files; at most %(limit)s."),
    archive_engine.TOO_LARGE_UNCOMPRESSED: N_("The archive unpacks to more than %(limit_mb)s MB."),
}
ROW_REFUSALS = {
    archive_engine.ENTRY_NAME: N_("The file name carries no SKU (name it SKU.jpg, SKU_1.jpg or SKU-2.png)."),
    archive_engine.ENTRY_TOO_LARGE: N_("The file is larger than %(limit_mb)s MB."),
    archive_engine.ENTRY_RATIO: N_("The file is compressed more than %(limit)s to 1 (a zip bomb?)."),
    archive_engine.ENTRY_BROKEN: N_("The file cannot be read from the archive."),
    "unknown_sku": N_("No product of this enterprise has the SKU %(sku)s."),
    "too_many": N_("The product already has %(limit)s photos."),
    **REFUSALS,
}


@dataclass(frozen=True, slots=True)
class MediaConfig:
    """What the service needs from the settings: where files go and the limits."""

    storage: Storage
    limits: images.Limits = field(default_factory=images.Limits)
    archive_limits: archive_engine.ArchiveLimits = field(default_factory=archive_engine.ArchiveLimits)
    max_product_photos: int = 8
    max_enterprise_files: int = 30


def config_from_settings(settings: Settings, storage: Storage | None = None) -> MediaConfig:
    limits = images.Limits(max_bytes=settings.media_max_bytes, max_pixels=settings.media_max_pixels,
                           display_px=settings.media_display_px, thumb_px=settings.media_thumb_px)
    return MediaConfig(
        storage=storage or storage_from_settings(settings), limits=limits,
        archive_limits=archive_engine.ArchiveLimits(max_entries=settings.media_zip_max_entries,
                                                    max_total_bytes=settings.media_zip_max_total_bytes,
                                                    max_entry_bytes=settings.media_max_bytes,
                                                    max_ratio=settings.media_zip_max_ratio),
        max_product_photos=settings.media_max_product_photos,
        max_enterprise_files=settings.media_max_enterprise_files)


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One photo or document as pages, PDFs and the showcase show it."""

    id: int
    kind: MediaKind
    thumb_url: str
    display_url: str
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    alt: str
    content_type: str
    thumb_key: str
    display_key: str
    is_cover: bool = False
    position: int = 0
    caption: str | None = None
    product_id: int | None = None

    @property
    def is_document(self) -> bool:
        return self.content_type == images.PDF


def url_of(key: str) -> str:
    """The public URL of a stored key: /media/<sha256>.<ext> (the key's directory is derived from it)."""
    return MEDIA_URL + PurePosixPath(key).name


def key_of_name(name: str) -> str | None:
    """The stored key a /media/<name> URL names, or None when the name is not a content hash."""
    digest, _, extension = name.partition(".")
    key = key_for(digest, extension)
    return key if valid_key(key) else None


def ref_of(row: MediaFile, alt: str = "") -> ImageRef:
    return ImageRef(id=row.id, kind=row.kind, thumb_url=url_of(row.thumb_key), display_url=url_of(row.display_key),
                    width=row.width, height=row.height, thumb_width=row.thumb_width, thumb_height=row.thumb_height,
                    alt=row.caption or alt, content_type=row.content_type, thumb_key=row.thumb_key,
                    display_key=row.display_key, is_cover=row.is_cover, position=row.position,
                    caption=row.caption, product_id=row.product_id)


def _product_alt(product: Product) -> str:
    return pick(product.title_zh, product.title_en) or product.sku


# ----- reading -----------------------------------------------------------------------------------------------

def cover_images(session: Session, product_ids: Iterable[int]) -> dict[int, ImageRef]:
    """The cover photo of each product that has photos (the one marked cover, else the first), by product
    id. One query; callers decide which products the reader may see."""
    ids = sorted({int(i) for i in product_ids if 0 < int(i) <= MAX_ID})
    if not ids:
        return {}
    found: dict[int, ImageRef] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = session.execute(
            select(MediaFile, Product.title_zh, Product.title_en, Product.sku)
            .join(Product, Product.id == MediaFile.product_id)
            .where(MediaFile.product_id.in_(chunk), MediaFile.kind == MediaKind.PRODUCT)
            .order_by(MediaFile.product_id, MediaFile.is_cover.desc(), MediaFile.position, MediaFile.id)).all()
        for row, title_zh, title_en, sku in rows:
            if row.product_id not in found:
                found[row.product_id] = ref_of(row, pick(title_zh, title_en) or sku)
    return found


def product_images(session: Session, product_id: int) -> list[ImageRef]:
    """A product's photos, cover first, then by position."""
    product = _get(session, Product, product_id)
    if product is None:
        return []
    rows = session.scalars(select(MediaFile).where(MediaFile.product_id == product_id,
                                                   MediaFile.kind == MediaKind.PRODUCT)
                           .order_by(MediaFile.is_cover.desc(), MediaFile.position, MediaFile.id)).all()
    return [ref_of(row, _product_alt(product)) for row in rows]


def enterprise_images(session: Session, enterprise_id: int,
                      kinds: Sequence[MediaKind] = ENTERPRISE_KINDS) -> list[ImageRef]:
    """An enterprise's photos and documents (factory, showroom, certificates), by kind then position."""
    enterprise = _get(session, Enterprise, enterprise_id)
    if enterprise is None:
        return []
    rows = session.scalars(select(MediaFile).where(MediaFile.enterprise_id == enterprise_id,
                                                   MediaFile.product_id.is_(None), MediaFile.kind.in_(list(kinds)))
                           .order_by(MediaFile.kind, MediaFile.position, MediaFile.id)).all()
    alt = pick(enterprise.name_zh, enterprise.name_en) or ""
    return [ref_of(row, alt) for row in rows]


def visible_kinds(actor: Principal, enterprise_id: int) -> tuple[MediaKind, ...]:
    """The enterprise file kinds a reader is shown: all to the enterprise itself and the operator, no
    certificate scans to others (their numbers are private, as the catalog keeps them)."""
    if actor.may_see_enterprise_private(enterprise_id):
        return ENTERPRISE_KINDS
    return tuple(kind for kind in ENTERPRISE_KINDS if kind is not MediaKind.CERTIFICATE)


def _public_condition():
    """On the public showcase (as `chuhai.showcase` lists it): a verified enterprise the operator has not
    hidden, an active product not hidden; never a certificate's scan (its number is private)."""
    return and_(Enterprise.verification_status == VerificationStatus.VERIFIED, Enterprise.showcase_hidden.is_(False),
                or_(and_(MediaFile.product_id.is_(None), MediaFile.kind != MediaKind.CERTIFICATE),
                    and_(Product.status == "active", Product.showcase_hidden.is_(False))))


def _reader_condition(actor: Principal):
    """What a signed-in reader sees: everything of their own enterprise (the operator: all), else what is not
    a rejected enterprise's nor an archived product's."""
    if actor.is_operator:
        return true()
    seen = and_(Enterprise.verification_status != VerificationStatus.REJECTED,
                MediaFile.kind != MediaKind.CERTIFICATE,  # a certificate's number is private, as in the catalog
                or_(MediaFile.product_id.is_(None), Product.status == "active"))
    if actor.role == RoleCode.ENTERPRISE and actor.enterprise_id is not None:
        return or_(MediaFile.enterprise_id == actor.enterprise_id, seen)
    return seen


@dataclass(frozen=True, slots=True)
class Served:
    key: str
    content_type: str
    public: bool  # visible without signing in: cacheable by shared caches
    file_name: str


def served_file(session: Session, actor: Principal | None, name: str) -> Served:
    """The stored file a /media/<name> URL names, for a reader who may see one of the rows using it
    (anonymous: the public showcase's). NotFound otherwise — the same answer as for no such file. Many rows
    may share a file (equal content): one visible row is enough, found by the database."""
    key = key_of_name(name)
    if key is None:
        raise NotFound("No such file.")
    query = (select(MediaFile).join(Enterprise, Enterprise.id == MediaFile.enterprise_id)
             .outerjoin(Product, Product.id == MediaFile.product_id)
             .where(or_(MediaFile.display_key == key, MediaFile.thumb_key == key)).limit(1))
    row, public = session.scalar(query.where(_public_condition())), True
    if row is None and actor is not None:
        row, public = session.scalar(query.where(_reader_condition(actor))), False
    if row is None:
        raise NotFound("No such file.")
    content_type = row.content_type if key == row.display_key else _type_of(key)
    return Served(key, content_type, public, PurePosixPath(row.original_name).stem[:80] + "." + key.rsplit(".", 1)[1])


def _type_of(key: str) -> str:
    extension = key.rsplit(".", 1)[1]
    return {v: k for k, v in images.EXTENSIONS.items()}[extension]


# ----- managing ----------------------------------------------------------------------------------------------

MAX_ID = 2**31 - 1  # the Integer id columns: a larger id names nothing (and SQLite cannot even bind it)


def _get(session: Session, model, record_id: int):
    return session.get(model, record_id) if 0 < record_id <= MAX_ID else None


def require_manager(actor: Principal) -> None:
    if actor.role not in (RoleCode.ENTERPRISE, RoleCode.OPERATOR):
        raise Forbidden("Only enterprises and the operator manage photos.")


def managed_product(session: Session, actor: Principal, product_id: int) -> Product:
    """The product whose photos the actor manages: its enterprise's member or the operator."""
    require_manager(actor)
    product = _get(session, Product, product_id)
    if product is None or not actor.may_see_enterprise_private(product.enterprise_id):
        raise NotFound("No such product.")
    return product


def managed_enterprise(session: Session, actor: Principal, enterprise_id: int) -> Enterprise:
    require_manager(actor)
    enterprise = _get(session, Enterprise, enterprise_id)
    if enterprise is None or not actor.may_see_enterprise_private(enterprise_id):
        raise NotFound("No such enterprise.")
    return enterprise


def managed_file(session: Session, actor: Principal, media_id: int) -> MediaFile:
    require_manager(actor)
    row = _get(session, MediaFile, media_id)
    if row is None or not actor.may_see_enterprise_private(row.enterprise_id):
        raise NotFound("No such photo or file.")
    return row


def _refused(exc: images.MediaRefused) -> ValidationFailed:
    return ValidationFailed(REFUSALS[exc.code], details={"field": "file", "code": exc.code}, **exc.params)


def store_rendition(session: Session, config: MediaConfig, rendition: images.Rendition) -> str:
    """Write a rendition under its content hash (once: equal content shares the file); a file this
    transaction wrote is removed again if it rolls back."""
    key = key_for(rendition.digest, rendition.extension)
    if not config.storage.exists(key):
        config.storage.put(key, rendition.data, rendition.content_type)
        after_rollback(session, lambda: _delete_unless_used(config.storage, key))
    return key


def _delete_unless_used(storage: Storage, key: str) -> None:
    storage.delete(key)


def _clean_name(file_name: str, fallback: str) -> str:
    return PurePosixPath((file_name or "").replace("\\", "/")).name.strip()[:255] or fallback


def _clean_caption(caption: str | None) -> str | None:
    caption = " ".join((caption or "").split())[:200]
    return caption or None


def _save(session: Session, actor: Principal, config: MediaConfig, processed: images.Processed, *,
          enterprise_id: int, product_id: int | None, kind: MediaKind, file_name: str, caption: str | None,
          position: int) -> MediaFile:
    display_key = store_rendition(session, config, processed.display)
    thumb_key = store_rendition(session, config, processed.thumb)
    row = MediaFile(enterprise_id=enterprise_id, product_id=product_id, kind=kind, position=position,
                    is_cover=False, caption=_clean_caption(caption),
                    original_name=_clean_name(file_name, f"file.{processed.display.extension}"),
                    source_sha256=processed.source_sha256, content_type=processed.display.content_type,
                    display_key=display_key, width=processed.display.width, height=processed.display.height,
                    size_bytes=len(processed.display.data), thumb_key=thumb_key,
                    thumb_width=processed.thumb.width, thumb_height=processed.thumb.height,
                    uploaded_by_id=actor.user_id)
    session.add(row)
    session.flush()
    return row


@dataclass(slots=True)
class Added:
    row: MediaFile
    created: bool  # False: the same file was already there (idempotent re-upload)


def add_product_photo(session: Session, actor: Principal, config: MediaConfig, product_id: int, *,
                      file_name: str, content: bytes, caption: str | None = None,
                      position: int | None = None) -> Added:
    """Add a photo to the actor's own product (the operator: any). The same content again is the photo
    already there. The first photo becomes the cover. At most `max_product_photos`."""
    product = managed_product(session, actor, product_id)
    actor.require_standing()
    try:
        processed = images.process(content, config.limits)
    except images.MediaRefused as exc:
        raise _refused(exc) from None
    return _add_product_processed(session, actor, config, product, processed, file_name, caption, position)


def _add_product_processed(session: Session, actor: Principal, config: MediaConfig, product: Product,
                           processed: images.Processed, file_name: str, caption: str | None,
                           position: int | None) -> Added:
    existing = session.scalars(select(MediaFile).where(MediaFile.product_id == product.id,
                                                       MediaFile.kind == MediaKind.PRODUCT)
                               .order_by(MediaFile.position, MediaFile.id)).all()
    for row in existing:
        if row.source_sha256 == processed.source_sha256:
            return Added(row, False)
    if len(existing) >= config.max_product_photos:
        raise Conflict("The product already has %(limit)s photos.", limit=config.max_product_photos)
    row = _save(session, actor, config, processed, enterprise_id=product.enterprise_id, product_id=product.id,
                kind=MediaKind.PRODUCT, file_name=file_name, caption=caption,
                position=len(existing))
    ordered = list(existing)
    if position is not None:
        ordered.insert(max(0, min(position - 1, len(ordered))), row)
    else:
        ordered.append(row)
    _renumber(ordered)
    if not any(r.is_cover for r in existing):
        _make_cover(ordered, ordered[0])
    session.flush()
    return Added(row, True)


def add_enterprise_file(session: Session, actor: Principal, config: MediaConfig, enterprise_id: int, *,
                        kind: MediaKind, file_name: str, content: bytes, caption: str | None = None) -> Added:
    """A factory or showroom photo, or a certificate (an image or a PDF), for the actor's own enterprise."""
    enterprise = managed_enterprise(session, actor, enterprise_id)
    actor.require_standing()
    if kind not in ENTERPRISE_KINDS:
        raise ValidationFailed("Choose factory, showroom or certificate.", details={"field": "kind"})
    try:
        processed = images.process(content, config.limits, allow_pdf=kind.takes_pdf, label=caption or file_name)
    except images.MediaRefused as exc:
        raise _refused(exc) from None
    existing = session.scalars(select(MediaFile).where(MediaFile.enterprise_id == enterprise.id,
                                                       MediaFile.product_id.is_(None))).all()
    for row in existing:
        if row.source_sha256 == processed.source_sha256 and row.kind == kind:
            return Added(row, False)
    if len(existing) >= config.max_enterprise_files:
        raise Conflict("The enterprise already has %(limit)s photos and files.", limit=config.max_enterprise_files)
    position = 1 + max((r.position for r in existing if r.kind == kind), default=0)
    return Added(_save(session, actor, config, processed, enterprise_id=enterprise.id, product_id=None, kind=kind,
                       file_name=file_name, caption=caption, position=position), True)


def _renumber(rows: Sequence[MediaFile]) -> None:
    for index, row in enumerate(rows, start=1):
        row.position = index


def _make_cover(rows: Sequence[MediaFile], cover: MediaFile) -> None:
    for row in rows:
        row.is_cover = row is cover


def _product_rows(session: Session, product_id: int) -> list[MediaFile]:
    return list(session.scalars(select(MediaFile).where(MediaFile.product_id == product_id,
                                                        MediaFile.kind == MediaKind.PRODUCT)
                                .order_by(MediaFile.position, MediaFile.id)).all())


def reorder(session: Session, actor: Principal, product_id: int, media_ids: Sequence[int]) -> list[MediaFile]:
    """Put the product's photos in this order (every photo named once)."""
    managed_product(session, actor, product_id)
    actor.require_standing()
    rows = _product_rows(session, product_id)
    by_id = {row.id: row for row in rows}
    if sorted(media_ids) != sorted(by_id):
        raise ValidationFailed("Name each of the product's photos once, in the new order.",
                               details={"field": "ids"})
    ordered = [by_id[i] for i in media_ids]
    _renumber(ordered)
    session.flush()
    return ordered


def move(session: Session, actor: Principal, media_id: int, offset: int) -> MediaFile:
    """Move a photo up (-1) or down (+1) among its product's photos, or an enterprise file among its kind."""
    row = managed_file(session, actor, media_id)
    actor.require_standing()
    if row.product_id is not None:
        rows = _product_rows(session, row.product_id)
    else:
        rows = list(session.scalars(select(MediaFile).where(MediaFile.enterprise_id == row.enterprise_id,
                                                            MediaFile.product_id.is_(None), MediaFile.kind == row.kind)
                                    .order_by(MediaFile.position, MediaFile.id)).all())
    index = rows.index(row)
    target = max(0, min(index + offset, len(rows) - 1))
    rows.insert(target, rows.pop(index))
    _renumber(rows)
    session.flush()
    return row


def set_cover(session: Session, actor: Principal, media_id: int) -> MediaFile:
    row = managed_file(session, actor, media_id)
    actor.require_standing()
    if row.product_id is None:
        raise ValidationFailed("Only a product photo is a cover.")
    _make_cover(_product_rows(session, row.product_id), row)
    session.flush()
    return row


def delete(session: Session, actor: Principal, config: MediaConfig, media_id: int) -> None:
    """Remove a photo or file; its stored files go once the deletion commits, unless another row uses
    the same content. Deleting the cover makes the next photo the cover."""
    row = managed_file(session, actor, media_id)
    actor.require_standing()
    product_id, was_cover = row.product_id, row.is_cover
    keys = {row.display_key, row.thumb_key}
    session.delete(row)
    session.flush()
    still_used = set(session.scalars(select(MediaFile.display_key).where(MediaFile.display_key.in_(keys))).all())
    still_used |= set(session.scalars(select(MediaFile.thumb_key).where(MediaFile.thumb_key.in_(keys))).all())
    for key in keys - still_used:
        after_commit(session, lambda key=key: config.storage.delete(key))
    if product_id is not None:
        rows = _product_rows(session, product_id)
        _renumber(rows)
        if was_cover and rows:
            _make_cover(rows, rows[0])
        session.flush()


def photo_count(session: Session, product_ids: Iterable[int]) -> dict[int, int]:
    ids = list(product_ids)
    if not ids:
        return {}
    return dict(session.execute(select(MediaFile.product_id, func.count()).where(MediaFile.product_id.in_(ids))
                                .group_by(MediaFile.product_id)).all())


# ----- the bulk ZIP ----------------------------------------------------------------------------------------

@dataclass(slots=True)
class ImportRow:
    file: str
    sku: str | None
    status: str  # "added", "unchanged" (same content already there), "refused"
    product_id: int | None = None
    media_id: int | None = None
    code: str | None = None
    message: str | None = None  # message id (rendered at the edge with `params`)
    params: dict = field(default_factory=dict)


@dataclass(slots=True)
class ImportReport:
    enterprise_id: int
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(row.status == "added" for row in self.rows)

    @property
    def unchanged(self) -> int:
        return sum(row.status == "unchanged" for row in self.rows)

    @property
    def refused(self) -> int:
        return sum(row.status == "refused" for row in self.rows)


def import_photos(session: Session, actor: Principal, config: MediaConfig, enterprise_id: int,
                  content: bytes, progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Photos from a ZIP whose file names carry the SKU of the enterprise's products (`SKU.jpg`,
    `SKU_1.jpg`, `SKU-2.png`). Each file is added, found unchanged (the same content is already the
    product's photo: re-uploading the archive adds nothing), or refused with its reason; the good ones
    are kept whatever the others do. A broken archive is refused whole (ValidationFailed)."""
    managed_enterprise(session, actor, enterprise_id)
    actor.require_standing()
    if not content:
        raise ValidationFailed("The file is empty.", details={"field": "file"})
    try:
        entries = archive_engine.entries(content, config.archive_limits)
    except archive_engine.ArchiveRefused as exc:
        raise ValidationFailed(ARCHIVE_REFUSALS[exc.code], details={"field": "file", "code": exc.code},
                               **exc.params) from None
    skus = {sku for entry in entries for sku, _ in entry.readings}
    products = {p.sku.casefold(): p for p in session.scalars(
        select(Product).where(Product.enterprise_id == enterprise_id,
                              func.lower(Product.sku).in_(sorted({s.lower() for s in skus})))).all()}
    report = ImportReport(enterprise_id)
    for done, entry in enumerate(entries, start=1):
        report.rows.append(_import_entry(session, actor, config, products, entry))
        if progress is not None:
            progress(done, len(entries))
    return report


def _import_entry(session: Session, actor: Principal, config: MediaConfig, products: dict[str, Product],
                  entry: archive_engine.Entry) -> ImportRow:
    row = ImportRow(entry.name, entry.sku, "refused")
    if entry.code is not None:
        row.code, row.message, row.params = entry.code, ROW_REFUSALS[entry.code], dict(entry.params or {})
        return row
    product, position = None, entry.position
    for sku, place in entry.readings:  # `CHAIR-1.jpg`: the SKU CHAIR-1 if there is one, else CHAIR at place 1
        if sku.casefold() in products:
            product, position, row.sku = products[sku.casefold()], place, sku
            break
    if product is None:
        row.code, row.message, row.params = "unknown_sku", ROW_REFUSALS["unknown_sku"], {"sku": entry.sku}
        return row
    row.product_id = product.id
    try:
        processed = images.process(entry.content or b"", config.limits)
    except images.MediaRefused as exc:
        row.code, row.message, row.params = exc.code, ROW_REFUSALS[exc.code], dict(exc.params)
        return row
    try:
        with session.begin_nested():
            added = _add_product_processed(session, actor, config, product, processed, entry.name, None,
                                           position)
    except Conflict:
        row.code, row.message = "too_many", ROW_REFUSALS["too_many"]
        row.params = {"limit": config.max_product_photos}
        return row
    row.status = "added" if added.created else "unchanged"
    row.media_id = added.row.id
    return row
