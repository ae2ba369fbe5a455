"""Import a CSV or XLSX file of enterprises, products, buyers, demands or order lines.

All or nothing, in bounded memory: a first pass reads the whole file in chunks, checks every row
(values, references, permissions, duplicates) and remembers only the numbers of the bad rows and a
64-bit hash of each good row's natural key; a second pass reads the file again and writes it, chunk
by chunk, in the caller's transaction (this module flushes, it never commits). A file with errors
writes nothing unless `skip_bad_rows`; rows whose natural key is already stored are updated when a
value changed and left alone otherwise, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
from sqlalchemy.orm import Session

from chuhai.accounts.audit import record as audit_record
from chuhai.accounts.principal import SYSTEM, Principal
from chuhai.errors import Conflict, Forbidden, ValidationFailed
from chuhai.i18n import N_
from chuhai.imports.columns import KINDS, LAYOUTS, detect_format, map_header
from chuhai.imports.readers import TableSource, UnreadableFile
from chuhai.imports.records import ParsedRow, RowBuilder
from chuhai.imports.report import ImportProblem, ImportReport, RowError
from chuhai.imports.repository import bump_data_version
from chuhai.imports.writers import WRITERS
from chuhai.types import RoleCode

CHUNK_ROWS = 5000
Progress = Callable[[int, int | None], None]

# Who may import what; rows for someone else are refused row by row by the writers.
ALLOWED_ROLES = {
    "enterprises": {RoleCode.OPERATOR},
    "buyers": {RoleCode.OPERATOR},
    "products": {RoleCode.OPERATOR, RoleCode.ENTERPRISE},
    "order_lines": {RoleCode.OPERATOR, RoleCode.ENTERPRISE},
    "demands": {RoleCode.OPERATOR, RoleCode.BUYER},
}


# Why a role may not import a kind (message ids: one sentence each, so that each reads well translated).
NOT_ALLOWED = {
    "enterprises": N_("Your role may not import enterprises."),
    "buyers": N_("Your role may not import buyers."),
    "products": N_("Your role may not import products."),
    "order_lines": N_("Your role may not import order lines."),
    "demands": N_("Your role may not import demands."),
}


def normalise_kind(kind: str) -> str:
    kind = kind.strip().lower().replace("-", "_")
    if kind not in KINDS:
        raise ValidationFailed("unknown import kind %(kind)s; use one of %(kinds)s", kind=repr(kind),
                               kinds=", ".join(KINDS))
    return kind


def authorise(actor: Principal, kind: str) -> None:
    if actor.role not in ALLOWED_ROLES[kind]:
        raise Forbidden(NOT_ALLOWED[kind])
    if actor.role == RoleCode.ENTERPRISE and actor.enterprise_id is None:
        raise Forbidden("This account is not linked to an enterprise.")
    if actor.role == RoleCode.BUYER and actor.buyer_id is None:
        raise Forbidden("This account is not linked to a buyer.")


def _key_hash(key: tuple) -> int:
    digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _chunks(rows: Iterator[ParsedRow], size: int) -> Iterator[list[ParsedRow]]:
    chunk: list[ParsedRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _BadRows:
    """Row numbers to skip in the writing pass; an int array, not a set, to stay small."""

    def __init__(self) -> None:
        self._rows = array("i")
        self._sorted: np.ndarray | None = None

    def add(self, row: int) -> None:
        if not self._rows or self._rows[-1] != row:
            self._rows.append(row)
            self._sorted = None

    def __len__(self) -> int:
        return len(self.sorted())

    def sorted(self) -> np.ndarray:
        if self._sorted is None:
            self._sorted = np.unique(np.frombuffer(self._rows, dtype=np.int32)) if self._rows else np.empty(0, np.int32)
        return self._sorted

    def contains_sorted(self, rows: list[int]) -> list[bool]:
        bad = self.sorted()
        if not len(bad):
            return [False] * len(rows)
        positions = np.searchsorted(bad, rows)
        positions[positions >= len(bad)] = len(bad) - 1
        return list(bad[positions] == np.asarray(rows))


def run_import(
    session: Session,
    kind: str,
    source: str | Path | BinaryIO,
    *,
    filename: str | None = None,
    actor: Principal = SYSTEM,
    skip_bad_rows: bool = False,
    fmt: str = "auto",
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> ImportReport:
    """Validate then write one file. Raises Forbidden when the actor's role may not import `kind`.

    Problems in the file are returned in the report (and nothing is written). An exception while
    writing (the database changed under the import, a lost connection) propagates; roll back then.

    `progress(done, total)` is called after each chunk: with total None while the rows are being
    checked, then with the number of rows while they are written.
    """
    kind = normalise_kind(kind)
    authorise(actor, kind)
    if actor.user_id is not None:
        session.info.setdefault("actor_id", actor.user_id)
    table_source = TableSource(source, filename)
    report = ImportReport(kind=kind, filename=table_source.filename)
    try:
        try:
            bad_rows = _check(session, kind, table_source, report, actor, fmt, mapping, progress, chunk_rows)
        except (UnreadableFile, UnicodeDecodeError, csv.Error) as exc:
            report.add_error(RowError.of(0, "", _file_problem(exc)))
            return report
        if bad_rows is None or (report.errors and not skip_bad_rows):
            report.errors.sort(key=lambda error: (error.row, error.column))
            return report
        if report.errors:
            _move_to_skipped(report)
        report.skipped_rows = len(bad_rows)
        # A failure from here on raises: part of the file may be flushed, so the caller must roll
        # back (session_scope does).
        _write(session, kind, table_source, report, actor, mapping, bad_rows, progress, chunk_rows)
        if report.created or report.updated:
            bump_data_version(session, kind)
    finally:
        table_source.close()
    audit_record(
        session, "import", kind, None,
        changes={
            "filename": report.filename, "format": report.format, "total_rows": report.total_rows,
            "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "skipped_rows": report.skipped_rows,
        },
        summary=f"Imported {report.filename} ({kind}): {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.skipped_rows} skipped",
    )
    session.flush()
    return report


def _file_problem(exc: UnreadableFile | UnicodeDecodeError | csv.Error) -> ImportProblem:
    if isinstance(exc, UnreadableFile):
        return exc
    if isinstance(exc, UnicodeDecodeError):
        return ImportProblem("the file is neither UTF-8 nor GBK text; save it as CSV UTF-8 or as .xlsx")
    return ImportProblem("the CSV file is malformed: %(error)s", error=str(exc))


def _move_to_skipped(report: ImportReport) -> None:
    report.skipped = sorted(report.errors, key=lambda error: (error.row, error.column))
    report.errors = []


def _setup(session, kind, table, report, actor, fmt, mapping):
    try:
        report.format = detect_format(kind, table.header, fmt)
    except ImportProblem as exc:
        raise ValidationFailed(exc.message, **exc.params) from None
    report.file_type = table.file_type
    report.encoding = table.encoding
    header_map = map_header(LAYOUTS[(kind, report.format)], table.header, mapping)
    builder = RowBuilder(header_map)
    writer = WRITERS[kind](session, actor, builder)
    report.ignored_columns = header_map.ignored
    problems = [RowError.of(1, problem.column, problem, problem.column) for problem in header_map.problems]
    if not table.header:
        problems = [RowError.of(0, "", ImportProblem("the file is empty: the first row must name the columns"))]
    return builder, writer, problems or writer.header_problems()


def _check(session, kind, table_source, report, actor, fmt, mapping, progress, chunk_rows) -> _BadRows | None:
    """Pass 1. Returns the bad rows, or None when the header itself is unusable."""
    bad_rows = _BadRows()
    key_hashes = array("q")
    key_rows = array("i")
    with table_source.open() as table:
        builder, writer, problems = _setup(session, kind, table, report, actor, fmt, mapping)
        if problems:
            for problem in problems:
                report.add_error(problem)
            return None
        done = 0
        for chunk in _chunks(builder.rows(table.rows), chunk_rows):
            records = []
            for parsed in chunk:
                if parsed.errors:
                    for error in parsed.errors:
                        report.add_error(error)
                    bad_rows.add(parsed.row)
                elif parsed.record is None:
                    report.ignored += 1
                else:
                    records.append(parsed.record)
            bad = set()
            for error in writer.resolve(records):
                report.add_error(error)
                bad_rows.add(error.row)
                bad.add(error.row)
            for record in records:
                if record.row not in bad:
                    key_hashes.append(_key_hash(writer.db_key(record)))
                    key_rows.append(record.row)
            done += len(chunk)
            report.total_rows = done
            if progress:
                progress(done, None)
        column, duplicate = _DUPLICATE[kind]
        for row, first in _duplicates(key_hashes, key_rows):
            report.add_error(builder.error(row, column, ImportProblem(duplicate, first=first)))
            bad_rows.add(row)
    return bad_rows


# The column a duplicate row is reported in, and the reason's message id.
_DUPLICATE = {
    "enterprises": ("credit_code", N_("duplicate of row %(first)s: the same credit code")),
    "products": ("sku", N_("duplicate of row %(first)s: the same enterprise and SKU")),
    "buyers": ("key", N_("duplicate of row %(first)s: the same buyer key")),
    "demands": ("ref", N_("duplicate of row %(first)s: the same demand ref")),
    "order_lines": ("order_id", N_("duplicate of row %(first)s: the same order id and SKU (or line)")),
}


def _duplicates(hashes: array, rows: array) -> list[tuple[int, int]]:
    """(row, first row with the same key) for every repeated key, by 64-bit hash of the key.

    At a million rows the chance that two different keys share a hash is about 3 in 100 million.
    """
    if len(hashes) < 2:
        return []
    keys = np.frombuffer(hashes, dtype=np.int64)
    numbers = np.frombuffer(rows, dtype=np.int32)
    order = np.lexsort((numbers, keys))
    sorted_keys = keys[order]
    repeated = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1]) + 1
    if not len(repeated):
        return []
    group_start = np.maximum.accumulate(np.where(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]],
                                                 np.arange(len(sorted_keys)), 0))
    return sorted(
        (int(numbers[order[position]]), int(numbers[order[group_start[position]]])) for position in repeated
    )


def _write(session, kind, table_source, report, actor, mapping, bad_rows: _BadRows, progress, chunk_rows) -> None:
    """Pass 2: the file is known good (bad rows are skipped); write it chunk by chunk."""
    total = report.total_rows
    with table_source.open() as table:
        builder, writer, _problems = _setup(session, kind, table, report, actor, report.format, mapping)
        done = 0
        for chunk in _chunks(builder.rows(table.rows), chunk_rows):
            skip = bad_rows.contains_sorted([parsed.row for parsed in chunk])
            records = [
                parsed.record for parsed, bad in zip(chunk, skip, strict=True)
                if not bad and parsed.record is not None
            ]
            if records:
                problems = writer.resolve(records)
                if problems:
                    # The database changed between the passes (another import?); writing now
                    # would break all-or-nothing, so stop and let the caller roll back.
                    raise Conflict("Import aborted: the data changed while importing (%(problem)s).",
                                   problem=str(problems[0]))
                created, updated, unchanged = writer.write(records)
                report.created += created
                report.updated += updated
                report.unchanged += unchanged
            done += len(chunk)
            if progress:
                progress(done, total)
    session.flush()
