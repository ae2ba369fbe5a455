"""Generated PDFs kept on disk, keyed by what they are made of.

A PDF (the export dossier, a feedback report, an event agenda) costs hundreds of milliseconds of CPU to
draw and is asked for again and again with the same content. `cached_pdf(directory, render, *inputs)`
returns the bytes of `render(*inputs)`, drawn once per distinct content: the key is a digest of the inputs
(the records' column values and the related records they carry, recursively; Decimals, dates, bytes…), of
the reader's language, and of the source of the module that draws it and of the shared PDF and chart
styles. Whatever changes in the inputs — a renamed enterprise, a new meeting, a new price — changes the
key, so nothing is ever invalidated by hand; a new version of the drawing code does the same.

The files live under `data_dir/pdf-cache/` and are shared by every worker process of the server (written
to a temporary name, then renamed: a reader never sees half a file). At most `MAX_FILES` are kept; the
least recently written go first.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import NoInspectionAvailable

from chuhai.i18n import get_locale

MAX_FILES = 2000
MAX_DEPTH = 6


def cached_pdf(data_dir: Path, render: Callable[..., bytes], *inputs: Any) -> bytes:
    """`render(*inputs)`, from the cache when the same content was drawn before (see the module docstring)."""
    directory = Path(data_dir) / "pdf-cache"
    key = pdf_key(render, *inputs)
    path = directory / f"{key}.pdf"
    try:
        return path.read_bytes()
    except OSError:
        pass
    pdf = render(*inputs)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
        os.replace(tmp, path)
        _prune(directory)
    except OSError:  # a full or read-only disk costs the cache, never the download
        pass
    return pdf


def pdf_key(render: Callable[..., bytes], *inputs: Any) -> str:
    digest = hashlib.sha256()
    digest.update(_code_stamp(render.__module__).encode())
    digest.update(get_locale().encode())
    _feed(digest, inputs, 0, set())
    return digest.hexdigest()


@lru_cache
def _code_stamp(module: str) -> str:
    """The drawing code's source (its module, the shared PDF and chart styles), digested once per process."""
    digest = hashlib.sha256()
    for name in (module, "chuhai.pdf_style", "chuhai.charts"):
        loaded = sys.modules.get(name)
        try:
            digest.update(inspect.getsource(loaded).encode() if loaded else name.encode())
        except (OSError, TypeError):
            digest.update(name.encode())
    return digest.hexdigest()


def _feed(digest, value: Any, depth: int, seen: set[int]) -> None:
    """Every value the PDF could show, in a stable form. Records (SQLAlchemy objects) give their columns and
    the related records already loaded on them (a renderer can only read loaded ones: relationships raise)."""
    if depth > MAX_DEPTH:
        digest.update(b"...")
        return
    if value is None or isinstance(value, (bool, int, float, str, Decimal, date, datetime, Enum)):
        digest.update(f"{type(value).__name__}:{value!s};".encode())
    elif isinstance(value, (bytes, bytearray, memoryview)):
        digest.update(b"bytes:" + hashlib.sha256(bytes(value)).digest())
    elif isinstance(value, dict):
        digest.update(b"{")
        for key in sorted(value, key=repr):
            _feed(digest, key, depth + 1, seen)
            _feed(digest, value[key], depth + 1, seen)
        digest.update(b"}")
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        digest.update(b"[")
        for item in items:
            _feed(digest, item, depth + 1, seen)
        digest.update(b"]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(type(value).__name__.encode())
        _feed(digest, {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, depth + 1, seen)
    else:
        _feed_record(digest, value, depth, seen)


def _feed_record(digest, value: Any, depth: int, seen: set[int]) -> None:
    try:
        state = sa_inspect(value)
    except NoInspectionAvailable:
        digest.update(f"{type(value).__name__}:{value!r};".encode())
        return
    if id(value) in seen:  # a cycle (a meeting's event's meetings): the identity is enough
        digest.update(f"{type(value).__name__}#{state.identity};".encode())
        return
    seen.add(id(value))
    mapper = state.mapper
    digest.update(mapper.class_.__name__.encode())
    loaded = state.dict
    _feed(digest, {attr.key: loaded.get(attr.key) for attr in mapper.column_attrs}, depth + 1, seen)
    for relationship in mapper.relationships:
        if relationship.key in loaded:
            digest.update(relationship.key.encode())
            _feed(digest, loaded[relationship.key], depth + 1, seen)


def _prune(directory: Path) -> None:
    files = list(directory.glob("*.pdf"))
    if len(files) <= MAX_FILES:
        return
    by_age = sorted(files, key=lambda p: p.stat().st_mtime)
    for path in by_age[: len(files) - MAX_FILES]:
        path.unlink(missing_ok=True)
