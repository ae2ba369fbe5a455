"""The bulk photo ZIP: each entry's name carries the product's SKU and, optionally, its position
(`SKU123.jpg`, `SKU123_1.jpg`, `SKU123-2.png`, `photos/SKU123_3.webp`). The archive is checked before any
entry is read in full: number of entries, total uncompressed size, and each entry's compression ratio
(a zip bomb is refused from its directory); each entry is then read with a bounded read.

`entries()` gives one `Entry` per file (directories and macOS `__MACOSX/` / dot files skipped) with either
its bytes or a refusal code; a refusal of the whole archive raises `ArchiveRefused(code, params)`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

# Codes
NOT_A_ZIP = "not_a_zip"
TOO_MANY_ENTRIES = "too_many_entries"
TOO_LARGE_UNCOMPRESSED = "too_large_uncompressed"
ENTRY_TOO_LARGE = "entry_too_large"
ENTRY_RATIO = "entry_ratio"
ENTRY_NAME = "entry_name"
ENTRY_BROKEN = "entry_broken"

_NAME = re.compile(r"^(?P<sku>.+?)(?:[_-](?P<position>\d{1,2}))?\.(?P<ext>[A-Za-z0-9]{1,5})$")


class ArchiveRefused(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    max_entries: int = 500
    max_total_bytes: int = 500 << 20
    max_entry_bytes: int = 10 << 20
    max_ratio: int = 100


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # the entry's path in the archive, as shown to the user
    sku: str | None
    position: int | None
    content: bytes | None  # None when refused
    code: str | None = None
    params: dict | None = None
    readings: tuple[tuple[str, int | None], ...] = ()  # every (sku, position) the name may mean


def parse_name(name: str) -> tuple[str, int | None] | None:
    """(sku, position) from an entry's file name, or None when it names no SKU. `CHAIR-1.jpg` reads as SKU
    CHAIR at place 1; `candidates` also offers the whole stem (a SKU may itself end in -1)."""
    found = candidates(name)
    return found[-1] if found else None


def candidates(name: str) -> tuple[tuple[str, int | None], ...]:
    """The readings of a file name, most specific first: (whole stem, None), then (prefix, position)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    match = _NAME.match(base)
    if match is None or not match["sku"].strip():
        return ()
    stem = base.rsplit(".", 1)[0].strip()
    if match["position"] is None:
        return ((stem, None),)
    return ((stem, None), (match["sku"].strip(), int(match["position"])))


def _skipped(info: zipfile.ZipInfo) -> bool:
    base = info.filename.rsplit("/", 1)[-1]
    return info.is_dir() or info.filename.startswith("__MACOSX/") or base.startswith(".") or not base


def entries(content: bytes, limits: ArchiveLimits) -> list[Entry]:
    """The archive's files in name order, each with its bytes or why it is refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = [info for info in archive.infolist() if not _skipped(info)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ArchiveRefused(NOT_A_ZIP) from None
    if len(infos) > limits.max_entries:
        raise ArchiveRefused(TOO_MANY_ENTRIES, count=len(infos), limit=limits.max_entries)
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_bytes:
        raise ArchiveRefused(TOO_LARGE_UNCOMPRESSED, limit_mb=limits.max_total_bytes >> 20)
    found = []
    for info in sorted(infos, key=lambda i: i.filename):
        found.append(_entry(archive, info, limits))
    return found


def _entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ArchiveLimits) -> Entry:
    name = info.filename[:255]
    readings = candidates(info.filename)
    if not readings:
        return Entry(name, None, None, None, ENTRY_NAME)
    sku, position = readings[-1]
    if info.file_size > limits.max_entry_bytes:
        return Entry(name, sku, position, None, ENTRY_TOO_LARGE, {"limit_mb": limits.max_entry_bytes >> 20}, readings)
    if info.file_size > (1 << 16) and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return Entry(name, sku, position, None, ENTRY_RATIO, {"limit": limits.max_ratio}, readings)
    try:
        with archive.open(info) as stream:
            data = stream.read(limits.max_entry_bytes + 1)  # never more than declared-and-allowed
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return Entry(name, sku, position, None, ENTRY_BROKEN, None, readings)
    if len(data) > limits.max_entry_bytes:
        return Entry(name, sku, position, None, ENTRY_TOO_LARGE, {"limit_mb": limits.max_entry_bytes >> 20}, readings)
    return Entry(name, sku, position, data, readings=readings)
