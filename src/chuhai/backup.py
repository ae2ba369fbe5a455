"""Backups: the database and the data folder in one archive (`chuhai db backup OUT`, `chuhai db restore IN`).

The archive is a gzipped tar holding
- `chuhai-backup.json`: format, backend, time, the Alembic revision and every table's row count;
- `database.sqlite3` (SQLite, copied with SQLite's online backup API: a consistent snapshot while the app
  keeps serving and writing) or `database.pgdump` (PostgreSQL, `pg_dump --format=custom`, taken in the
  snapshot the row counts were read in);
- `data/…`: the files of the data folder (`settings.data_dir`: trade attachments, the secret key…), except
  the SQLite database itself and the matching index (`match-index/`, rebuilt from the database).

A restore refuses a database that already has tables unless `force`; it checks the restored row counts
against the manifest. It is written to `OUT.partial` first and renamed when complete.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url

from chuhai.database import make_engine
from chuhai.errors import Conflict, ValidationFailed

FORMAT = 1
MANIFEST = "chuhai-backup.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
DATA_PREFIX = "data/"
# Derived from the database (rebuilt when missing): neither backed up nor kept over a restore.
DERIVED = ("match-index",)


@dataclass
class BackupSummary:
    backend: str
    revision: str | None
    tables: dict[str, int]
    files: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def backend_of(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise ValidationFailed("Backups support SQLite and PostgreSQL, not %(backend)s.", backend=name)
    return name


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise ValidationFailed("An in-memory SQLite database cannot be backed up or restored.")
    return Path(database)


def _pg_env(url: str) -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore: the password never appears on a command line."""
    parsed = make_url(url)
    env = dict(os.environ)
    for key, value in (("PGHOST", parsed.host), ("PGPORT", parsed.port), ("PGUSER", parsed.username),
                       ("PGPASSWORD", parsed.password), ("PGDATABASE", parsed.database)):
        if value is not None:
            env[key] = str(value)
    return env


def _row_counts(connection: Connection) -> dict[str, int]:
    names = sorted(inspect(connection).get_table_names())
    quote = connection.dialect.identifier_preparer.quote
    return {name: int(connection.execute(text(f"SELECT count(*) FROM {quote(name)}")).scalar_one())
            for name in names}


def _revision(connection: Connection, tables: dict[str, int]) -> str | None:
    if "alembic_version" not in tables:
        return None
    heads = sorted(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return ",".join(heads) or None


def _data_files(data_dir: Path, skip: set[Path]) -> Iterator[Path]:
    if not data_dir.is_dir():
        return
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if relative.parts[0] in DERIVED or path.resolve() in skip or not path.is_file() or path.is_symlink():
            continue
        yield path


def _sqlite_files(path: Path) -> set[Path]:
    path = path.resolve()
    return {path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))}


def backup(url: str, data_dir: Path | None, out: Path) -> BackupSummary:
    """Write the archive `out` (a `.partial` file renamed when complete; readable by its owner only)."""
    backend = backend_of(url)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    skip: set[Path] = set()
    with tempfile.TemporaryDirectory(prefix="chuhai-backup-") as scratch:
        if backend == "sqlite":
            source = _sqlite_path(url)
            if not source.exists():
                raise ValidationFailed("There is no database at %(path)s.", path=str(source))
            skip = _sqlite_files(source)
            dump, member = Path(scratch) / SQLITE_MEMBER, SQLITE_MEMBER
            _sqlite_copy(source, dump)
            engine = make_engine(f"sqlite:///{dump}")
            with engine.connect() as connection:
                tables = _row_counts(connection)
                revision = _revision(connection, tables)
            engine.dispose()
        else:
            dump, member = Path(scratch) / PG_MEMBER, PG_MEMBER
            tables, revision = _pg_dump(url, dump)
        summary = BackupSummary(backend, revision, tables)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
            files = list(_data_files(Path(data_dir), skip)) if data_dir is not None else []
            summary.files = [path.relative_to(data_dir).as_posix() for path in files]
            manifest = {"format": FORMAT, "backend": backend, "created_at": datetime.now(UTC).isoformat(),
                        "revision": revision, "tables": tables, "files": summary.files}
            body = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(datetime.now(UTC).timestamp()), 0o600
            archive.addfile(info, io.BytesIO(body))
            archive.add(dump, arcname=member, recursive=False)
            for path, name in zip(files, summary.files, strict=True):
                archive.add(path, arcname=DATA_PREFIX + name, recursive=False)
            raw.flush()
            os.fsync(raw.fileno())
    os.replace(partial, out)
    return summary


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup API in one step: a snapshot of one transaction; writers in WAL mode go on."""
    src = sqlite3.connect(source)  # its existence checked: connect() would create it
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
    finally:
        dst.close()
        src.close()


def _pg_dump(url: str, dump: Path) -> tuple[dict[str, int], str | None]:
    """Row counts and `pg_dump` in one snapshot: counted in a REPEATABLE READ transaction that exports its
    snapshot, which pg_dump then uses (`--snapshot`) while the transaction stays open."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                tables = _row_counts(connection)
                revision = _revision(connection, tables)
                _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                      f"--file={dump}"], _pg_env(url))
    finally:
        engine.dispose()
    return tables, revision


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise ValidationFailed("%(program)s is not installed (PostgreSQL's client programs).", program=command[0])
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ValidationFailed("%(program)s failed: %(error)s", program=command[0],
                               error=done.stderr.strip()[-2000:])


# ----- restore -------------------------------------------------------------------------------------------

def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))  # type: ignore[arg-type]
    except (KeyError, ValueError, TypeError) as exc:
        raise ValidationFailed("This is not a Chuhai backup (no readable %(name)s).", name=MANIFEST) from exc
    if manifest.get("format") != FORMAT:
        raise ValidationFailed("Unknown backup format %(format)s.", format=manifest.get("format"))
    return manifest


def has_tables(url: str) -> bool:
    if backend_of(url) == "sqlite" and not _sqlite_path(url).exists():
        return False
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return bool(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def restore(url: str, data_dir: Path | None, archive_path: Path, *, force: bool = False) -> BackupSummary:
    """Put the archive's database into `url` and its files into `data_dir`; stop the app while it runs."""
    backend = backend_of(url)
    try:
        archive = tarfile.open(archive_path, mode="r:gz")  # noqa: SIM115 (closed by the `with` below)
    except (OSError, tarfile.TarError) as exc:
        raise ValidationFailed("Cannot read the backup %(path)s: %(error)s", path=str(archive_path),
                               error=str(exc)) from exc
    with archive, tempfile.TemporaryDirectory(prefix="chuhai-restore-") as scratch:
        manifest = read_manifest(archive)
        if manifest["backend"] != backend:
            raise ValidationFailed("This backup is of a %(backup)s database; the target is %(target)s.",
                                   backup=manifest["backend"], target=backend)
        if not force and has_tables(url):
            raise Conflict("The target database is not empty; restore into an empty database, or use --force "
                           "to replace everything in it.")
        member = SQLITE_MEMBER if backend == "sqlite" else PG_MEMBER
        dump = Path(scratch) / member
        _extract(archive, member, dump)
        if backend == "sqlite":
            _sqlite_restore(dump, _sqlite_path(url))
        else:
            _pg_restore(url, dump, force=force)
        files = list(manifest.get("files", []))
        if data_dir is not None:
            for derived in DERIVED:
                shutil.rmtree(Path(data_dir) / derived, ignore_errors=True)
            for name in files:
                _extract(archive, DATA_PREFIX + name, Path(data_dir) / _safe(name))
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = _row_counts(connection)
            revision = _revision(connection, tables)
    finally:
        engine.dispose()
    expected = {name: int(count) for name, count in manifest["tables"].items()}
    if tables != expected:
        differ = sorted(name for name in set(tables) | set(expected) if tables.get(name) != expected.get(name))
        raise ValidationFailed("The restored database does not match the backup (tables %(tables)s).",
                               tables=", ".join(differ))
    return BackupSummary(backend, revision, tables, files)


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValidationFailed("The backup names a file outside the data folder: %(name)s", name=name)
    return path


def _extract(archive: tarfile.TarFile, member: str, target: Path) -> None:
    """One regular file, streamed; links and devices in an archive are refused."""
    try:
        info = archive.getmember(member)
    except KeyError as exc:
        raise ValidationFailed("The backup lacks %(name)s.", name=member) from exc
    if not info.isfile():
        raise ValidationFailed("The backup names a file outside the data folder: %(name)s", name=member)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = archive.extractfile(info)
    assert source is not None
    with source, open(target, "wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)


def _sqlite_restore(dump: Path, target: Path) -> None:
    """The backup API again, into the target: replaces its content page by page, WAL included."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(dump)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _pg_restore(url: str, dump: Path, *, force: bool) -> None:
    if force:
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        finally:
            engine.dispose()
    # One transaction: a dump that fails half-way leaves nothing behind.
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={make_url(url).database}", str(dump)], _pg_env(url))
