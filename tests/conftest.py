"""Test harness: every test gets its own freshly migrated database, on SQLite or PostgreSQL.

`CHUHAI_TEST_DATABASE=postgresql` runs the database tests against the local PostgreSQL
(127.0.0.1:5432); the schema is migrated once into a template database and each test gets a copy.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from chuhai.accounts import audit
from chuhai.config import Settings, get_settings
from chuhai.database import make_engine
from chuhai.migrate import upgrade

BACKEND = os.environ.get("CHUHAI_TEST_DATABASE", "sqlite")
PG_ADMIN_URL = os.environ.get("CHUHAI_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_TEMPLATE = f"chuhai_test_template_{os.getpid()}"
PASSWORD = "correct-horse-battery"


def _pg_admin(sql: str) -> None:
    engine = make_engine(PG_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(sql)
    engine.dispose()


def _pg_url(database: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database


def _sync_reference(url: str) -> None:
    from chuhai.database import session_scope
    from chuhai.markets.service import sync_reference_data

    with session_scope(url) as session:
        session.info["audit_disabled"] = True
        sync_reference_data(session)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory) -> Iterator[str]:
    audit.install()
    if BACKEND == "postgresql":
        _pg_admin(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}"')
        _pg_admin(f'CREATE DATABASE "{PG_TEMPLATE}"')
        url = _pg_url(PG_TEMPLATE)
        upgrade(url)
        _sync_reference(url)
        from chuhai.database import get_engine

        get_engine(url).dispose()  # no idle connection may stay on a template database
        yield url
        _pg_admin(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        _sync_reference(url)
        yield str(path)


@pytest.fixture
def db_url(template_database: str, tmp_path: Path) -> Iterator[str]:
    if BACKEND == "postgresql":
        name = f"chuhai_test_{uuid.uuid4().hex[:12]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{PG_TEMPLATE}"')
        url = _pg_url(name)
        yield url
        from chuhai.database import get_engine

        get_engine(url).dispose()
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        target = tmp_path / "chuhai.db"
        shutil.copy(template_database, target)
        yield f"sqlite:///{target}"


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    from chuhai.database import new_session

    session = new_session(db_url)
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    # The test client speaks plain http (http://testserver): Secure cookies, the default outside SQLite, would
    # never come back. tests/web/test_security_headers.py checks the Secure flags themselves.
    return Settings(database_url=db_url, secret_key="test-secret-key", data_dir=tmp_path / "var", warm_caches=False,
                    secure_cookies=False)


@pytest.fixture
def app(settings: Settings):
    from chuhai.app import create_app

    return create_app(settings)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_of(page.text),
                                       "next": "/"}, follow_redirects=False)


@contextmanager
def recorded_statements(session: Session) -> Iterator[list[str]]:
    """The SQL statements that `session`'s engine sends inside the block, in order (a test that a cache or a
    stamp spared a query)."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def recorded_ids(monkeypatch, owner, name: str) -> list:
    """Wrap `owner.name(session, ids=None)` (a repository's read of some or all records): the ids each call asked
    for are recorded (a set, or None for every record), and the call still runs."""
    calls: list = []
    original = getattr(owner, name)

    def recording(session, ids=None):
        calls.append(None if ids is None else set(ids))
        return original(session, ids)

    monkeypatch.setattr(owner, name, recording)
    return calls


def run_coroutine(coroutine):
    """`asyncio.run` on a thread of its own: the browser tests' Playwright (sync API) keeps an event loop
    running on the main thread for the whole session, where `asyncio.run` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def page_csrf(client: TestClient, path: str = "/") -> str:
    return csrf_of(client.get(path).text)


@pytest.fixture(scope="session", autouse=True)
def _isolated_settings(tmp_path_factory) -> None:
    """Code that reads the global settings (CLI commands) must never touch var/chuhai.db in tests."""
    os.environ.setdefault("CHUHAI_DATA_DIR", str(tmp_path_factory.mktemp("var")))


def pytest_report_header(config) -> str:
    return f"chuhai test database backend: {BACKEND}"


@pytest.fixture
def lexical_only(monkeypatch):
    """Matching without the dense model (slow to load on these cores; the platform's own default stays hybrid). The
    platform reads CHUHAI_MATCH_LEXICAL_ONLY through its settings, so their cache is cleared around the test."""
    monkeypatch.setenv("CHUHAI_MATCH_LEXICAL_ONLY", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
