"""What an uploaded file is, from its first bytes (never from its name or the client's content type):
the attachments a quotation or a message may carry are PDF, JPEG, PNG and WebP."""

from __future__ import annotations

PDF, JPEG, PNG, WEBP = "application/pdf", "image/jpeg", "image/png", "image/webp"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", WEBP: ".webp"}
HEAD_BYTES = 16  # enough to tell them apart


def sniff(head: bytes) -> str | None:
    """The content type of a file starting with `head`, or None when it is none of the accepted kinds."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None
