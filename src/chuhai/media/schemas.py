"""API shapes of media: a photo or file as listed, a new order, the bulk import's report."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chuhai.jobs.schemas import JobOut
from chuhai.media.models import MediaKind


class MediaOut(BaseModel):
    id: int
    kind: MediaKind
    product_id: int | None = None
    position: int
    is_cover: bool
    caption: str | None = None
    alt: str
    content_type: str
    display_url: str
    thumb_url: str
    width: int
    height: int
    thumb_width: int
    thumb_height: int


class UploadOut(MediaOut):
    created: bool = Field(description="False when the same file was already there (nothing added)")


class OrderIn(BaseModel):
    ids: list[int] = Field(max_length=100, description="Every photo of the product, once, in the new order")


class ImportRowOut(BaseModel):
    file: str
    sku: str | None = None
    status: str = Field(description="added, unchanged (the same content is already there) or refused")
    product_id: int | None = None
    media_id: int | None = None
    code: str | None = None
    message: str | None = None


class ImportOut(BaseModel):
    enterprise_id: int
    added: int
    unchanged: int
    refused: int
    rows: list[ImportRowOut]


class PhotoImportJobOut(JobOut):
    """A photo ZIP import (kind `media.photo_zip`): `report` once it succeeded, file by file."""
    enterprise_id: int
    report: ImportOut | None = None
