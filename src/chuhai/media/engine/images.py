"""What an uploaded file is (from its first bytes, never its name), and its safe re-encoding with Pillow.

An image is opened lazily, its pixel count checked against the cap before any pixel is decoded (a
decompression bomb is refused from its header), then decoded, turned upright by its EXIF orientation and
re-encoded from the pixels alone: EXIF (GPS included), XMP, ICC comments and text chunks are not carried
over. Results are a display size (longest edge at most `display_px`) and a square thumbnail
(`thumb_px` × `thumb_px`, centre-cropped). Opaque images become JPEG, images with transparency PNG.

Refusals are `MediaRefused(code, params)`: the platform renders the code in the reader's language.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

# What a file is, from its first bytes: one check for photos and for the trade domain's attachments.
from chuhai.trade.engine.files import HEAD_BYTES, JPEG, PDF, PNG, WEBP, sniff

IMAGE_TYPES = (JPEG, PNG, WEBP)
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", WEBP: "webp"}
_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}

# Codes (English message ids, rendered by the platform)
NOT_AN_IMAGE = "not_an_image"
NOT_A_DOCUMENT = "not_a_document"
EMPTY = "empty"
TOO_LARGE = "too_large"
TOO_MANY_PIXELS = "too_many_pixels"
BROKEN = "broken"


class MediaRefused(Exception):
    """Why a file is refused: a code and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 10 << 20
    max_pixels: int = 40_000_000
    display_px: int = 1200
    thumb_px: int = 320


@dataclass(frozen=True, slots=True)
class Rendition:
    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


@dataclass(frozen=True, slots=True)
class Processed:
    """The stored forms of one upload: `display` and `thumb` (for a PDF, `display` is the PDF itself and
    `thumb` a drawn icon); `source_sha256` identifies the upload (same bytes, same photo)."""

    source_sha256: str
    display: Rendition
    thumb: Rendition
    source_type: str = field(default=JPEG)


def _check_size(content: bytes, limits: Limits) -> None:
    if not content:
        raise MediaRefused(EMPTY)
    if len(content) > limits.max_bytes:
        raise MediaRefused(TOO_LARGE, limit_mb=megabytes(limits.max_bytes))


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def process(content: bytes, limits: Limits, *, allow_pdf: bool = False, label: str = "") -> Processed:
    """Check and re-encode an upload: an image (JPEG, PNG, WebP), or with `allow_pdf` a PDF document
    (kept as is after its structure is checked; its thumbnail is a drawn icon with `label`)."""
    _check_size(content, limits)
    kind = sniff(content[:HEAD_BYTES])
    if kind == PDF and allow_pdf:
        return _pdf(content, limits, label)
    if kind not in IMAGE_TYPES:
        raise MediaRefused(NOT_A_DOCUMENT if allow_pdf else NOT_AN_IMAGE)
    image = _open(content, kind, limits)
    fitted = _fit_within(image, limits.display_px)
    display = _encode(fitted)
    # from the display size, not the original: the same picture at a fraction of the work
    thumb = _encode(ImageOps.fit(fitted, (limits.thumb_px, limits.thumb_px), Image.Resampling.LANCZOS))
    return Processed(hashlib.sha256(content).hexdigest(), display, thumb, kind)


def _open(content: bytes, kind: str, limits: Limits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=[_PIL_FORMATS[kind]])
            width, height = image.size
            if width < 1 or height < 1:
                raise MediaRefused(BROKEN)
            if width * height > limits.max_pixels:  # from the header, before decoding a pixel
                raise MediaRefused(TOO_MANY_PIXELS, width=width, height=height,
                                   limit_mp=round(limits.max_pixels / 1_000_000, 1))
            if kind == JPEG:  # decode at the smallest DCT scale still at least the display size (much faster)
                image.draft("RGB", (limits.display_px, limits.display_px))
            image.load()
            image = ImageOps.exif_transpose(image)  # upright, then the EXIF goes with the re-encoding
    except MediaRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise MediaRefused(TOO_MANY_PIXELS, width=0, height=0,
                           limit_mp=round(limits.max_pixels / 1_000_000, 1)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise MediaRefused(BROKEN) from None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    if has_alpha and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # an alpha channel with nothing transparent
    return image


def _fit_within(image: Image.Image, size: int) -> Image.Image:
    if max(image.size) <= size:
        return image.copy()
    copy = image.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return copy


def _encode(image: Image.Image) -> Rendition:
    """Pixels only: a fresh image with no info dictionary, so no EXIF, XMP, ICC or text goes out."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    if clean.mode == "RGBA":
        clean.save(out, format="PNG", optimize=True)
        return Rendition(out.getvalue(), PNG, *clean.size)
    clean.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    return Rendition(out.getvalue(), JPEG, *clean.size)


def _pdf(content: bytes, limits: Limits, label: str) -> Processed:
    if b"%%EOF" not in content[-2048:]:
        raise MediaRefused(BROKEN)
    icon = document_icon(label, limits.thumb_px)
    return Processed(hashlib.sha256(content).hexdigest(), Rendition(content, PDF, 0, 0), icon, PDF)


def document_icon(label: str, size: int) -> Rendition:
    """A drawn thumbnail for a PDF: a page with a folded corner, "PDF" and the label's first characters."""
    image = Image.new("RGB", (size, size), (246, 247, 249))
    draw = ImageDraw.Draw(image)
    m = size // 6
    fold = size // 6
    draw.polygon([(m, m), (size - m - fold, m), (size - m, m + fold), (size - m, size - m), (m, size - m)],
                 fill=(255, 255, 255), outline=(170, 175, 185), width=max(1, size // 100))
    draw.polygon([(size - m - fold, m), (size - m - fold, m + fold), (size - m, m + fold)], fill=(220, 223, 228))
    draw.rectangle([m, size // 2 - size // 12, size - m, size // 2 + size // 12], fill=(200, 40, 40))
    draw.text((size // 2, size // 2), "PDF", fill=(255, 255, 255), anchor="mm", font_size=size // 9)
    text = "".join(ch for ch in label if ch.isascii() and ch.isprintable())[:18]
    if text:
        draw.text((size // 2, size // 2 + size // 5), text, fill=(60, 64, 72), anchor="mm", font_size=size // 16)
    return _encode(image)
