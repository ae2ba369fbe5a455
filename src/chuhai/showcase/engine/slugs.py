"""Readable URL slugs: the English title, else the Chinese one transliterated (Hanyu Pinyin letters by
unidecode), lower-case ASCII words joined by hyphens."""

from __future__ import annotations

import re

from unidecode import unidecode

MAX_SLUG = 80
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REF = re.compile(r"(\d{1,12})(?:-([a-z0-9-]*))?")


def slugify(*candidates: str | None) -> str:
    """The slug of the first candidate that gives one ("" when none does)."""
    for text in candidates:
        if not text:
            continue
        slug = _NOT_WORD.sub("-", unidecode(text).lower()).strip("-")
        if len(slug) > MAX_SLUG:
            slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
        if slug:
            return slug
    return ""


def ref(record_id: int, slug: str) -> str:
    """The path segment of a record: `123-human-hair-wig` (just the id without a slug)."""
    return f"{record_id}-{slug}" if slug else str(record_id)


def parse_ref(segment: str) -> tuple[int, str] | None:
    """(id, slug) of a path segment written by `ref`; None for anything else."""
    match = _REF.fullmatch(segment)
    if match is None:
        return None
    return int(match.group(1)), match.group(2) or ""
