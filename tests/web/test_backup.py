"""`chuhai db backup` / `chuhai db restore`: the small demo round-trips with every table's rows and checksums,
on SQLite and (the PostgreSQL pass of `make test`) on PostgreSQL, with the data folder's files."""

from __future__ import annotations

import hashlib
import json
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.database import make_engine
from tests.conftest import BACKEND, _pg_admin, _pg_url

pytestmark = pytest.mark.postgres if BACKEND == "postgresql" else []

runner = CliRunner()


def _new_database(folder: Path, name: str) -> str:
    if BACKEND == "postgresql":
        database = f"chuhai_test_backup_{name}_{uuid.uuid4().hex[:8]}"
        _pg_admin(f'CREATE DATABASE "{database}"')
        return _pg_url(database)
    return f"sqlite:///{folder / name / 'chuhai.db'}"


def _drop(url: str) -> None:
    if BACKEND == "postgresql":
        _pg_admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table: (rows, sha256 of its rows in primary-key order)."""
    engine = make_engine(url)
    found = {}
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            quote = connection.dialect.identifier_preparer.quote
            for table in sorted(inspector.get_table_names()):
                key = inspector.get_pk_constraint(table)["constrained_columns"] or [
                    column["name"] for column in inspector.get_columns(table)]
                rows = connection.execute(text(f"SELECT * FROM {quote(table)} ORDER BY "
                                               + ", ".join(quote(column) for column in key)))
                digest, count = hashlib.sha256(), 0
                for row in rows:
                    digest.update(repr(tuple(row)).encode())
                    count += 1
                found[table] = (count, digest.hexdigest())
    finally:
        engine.dispose()
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[tuple[str, Path, dict]]:
    """The small demo, with files in its data folder (on SQLite the database lives in that folder too)."""
    folder = tmp_path_factory.mktemp("backup")
    data_dir = folder / "source"
    url = _new_database(folder, "source")
    loaded = runner.invoke(app, ["demo", "--scale", "small", "--database-url", url])
    assert loaded.exit_code == 0, loaded.output
    (data_dir / "trade" / "attachments").mkdir(parents=True)
    (data_dir / "trade" / "attachments" / "spec-sheet.pdf").write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 40)
    (data_dir / "secret_key").write_text("the-deployment-key")
    (data_dir / "match-index").mkdir()
    (data_dir / "match-index" / "products.usearch").write_bytes(b"derived, rebuilt from the database")
    yield url, data_dir, fingerprint(url)
    _drop(url)


def test_the_demo_round_trips_with_its_files_while_a_write_is_in_flight(demo, tmp_path):
    url, data_dir, before = demo
    assert before["order_lines"][0] > 1000 and before["products"][0] > 10
    archive = tmp_path / "chuhai.tar.gz"
    # A writer in the middle of a transaction: the backup neither waits for it nor sees its change.
    writer = make_engine(url).connect()
    writer.begin()
    writer.execute(text("DELETE FROM order_lines"))
    try:
        made = runner.invoke(app, ["db", "backup", str(archive), "--database-url", url, "--data-dir", str(data_dir)])
    finally:
        writer.rollback()
        writer.close()
        writer.engine.dispose()
    assert made.exit_code == 0, made.output
    assert not (tmp_path / "chuhai.tar.gz.partial").exists()
    assert archive.stat().st_mode & 0o077 == 0  # the users' data and the secret key: its owner's only

    with tarfile.open(archive) as contents:
        names = set(contents.getnames())
        manifest = json.load(contents.extractfile("chuhai-backup.json"))
    assert {"data/trade/attachments/spec-sheet.pdf", "data/secret_key"} <= names
    assert not any("match-index" in name or name.startswith("data/chuhai.db") for name in names)
    assert manifest["backend"] == BACKEND and manifest["revision"]
    assert manifest["tables"] == {table: rows for table, (rows, _) in before.items()}

    target, target_dir = _new_database(tmp_path, "target"), tmp_path / "target"
    try:
        restored = runner.invoke(app, ["db", "restore", str(archive), "--database-url", target,
                                       "--data-dir", str(target_dir)])
        assert restored.exit_code == 0, restored.output
        assert fingerprint(target) == before
        for name in ("trade/attachments/spec-sheet.pdf", "secret_key"):
            assert (target_dir / name).read_bytes() == (data_dir / name).read_bytes()
        assert not (target_dir / "match-index").exists()

        # A database with tables is never overwritten by accident; --force replaces everything in it.
        engine = make_engine(target)
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM order_lines"))
        engine.dispose()
        (target_dir / "match-index").mkdir()
        refused = runner.invoke(app, ["db", "restore", str(archive), "--database-url", target,
                                      "--data-dir", str(target_dir)])
        assert refused.exit_code == 2 and "not empty" in refused.output and "--force" in refused.output
        assert fingerprint(target)["order_lines"][0] == 0
        forced = runner.invoke(app, ["db", "restore", str(archive), "--force", "--database-url", target,
                                     "--data-dir", str(target_dir)])
        assert forced.exit_code == 0, forced.output
        assert fingerprint(target) == before
        assert not (target_dir / "match-index").exists()  # the old index is of the replaced data
    finally:
        _drop(target)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        archive.add(__file__, arcname="notes.txt")
    result = runner.invoke(app, ["db", "restore", str(bogus), "--database-url", f"sqlite:///{tmp_path / 'x.db'}",
                                 "--data-dir", str(tmp_path / "var")])
    assert result.exit_code == 2 and "not a Chuhai backup" in result.output
    assert not (tmp_path / "x.db").exists()
