"""Media files: a product's photos (ordered by `position`, one `is_cover`) and an enterprise's photos and
documents (factory, showroom, certificates). Every row belongs to an enterprise (`enterprise_id`, whose
members manage it; the operator manages all). Two renditions are stored per row, each under a key named by
the SHA-256 of its bytes (`display_key`, `thumb_key`): URLs are content-hashed and served as immutable. Two
rows with the same content share the stored files. `source_sha256` is the upload's own hash: the same
file uploaded again for the same product or enterprise is the same photo, not a second one."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base, utcnow
from chuhai.marks import N_
from chuhai.types import StrEnumType


class MediaKind(StrEnum):
    PRODUCT = "product"
    FACTORY = "factory"
    SHOWROOM = "showroom"
    CERTIFICATE = "certificate"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def takes_pdf(self) -> bool:
        return self is MediaKind.CERTIFICATE


_KIND_LABELS = {
    MediaKind.PRODUCT: N_("Product photo"),
    MediaKind.FACTORY: N_("Factory"),
    MediaKind.SHOWROOM: N_("Showroom"),
    MediaKind.CERTIFICATE: N_("Certificate"),
}
ENTERPRISE_KINDS = (MediaKind.FACTORY, MediaKind.SHOWROOM, MediaKind.CERTIFICATE)


class MediaFile(Base):
    __tablename__ = "media_files"
    __table_args__ = (
        Index("ix_media_files_product_position", "product_id", "position"),
        Index("ix_media_files_enterprise_kind", "enterprise_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    kind: Mapped[MediaKind] = mapped_column(StrEnumType(MediaKind))
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_cover: Mapped[bool] = mapped_column(Boolean, default=False)
    caption: Mapped[str | None] = mapped_column(String(200))
    original_name: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(64))  # of the display rendition (PDF for a document)
    display_key: Mapped[str] = mapped_column(String(80), index=True)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    size_bytes: Mapped[int] = mapped_column(Integer)
    thumb_key: Mapped[str] = mapped_column(String(80), index=True)
    thumb_width: Mapped[int] = mapped_column(Integer)
    thumb_height: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def is_document(self) -> bool:
        return self.content_type == "application/pdf"
