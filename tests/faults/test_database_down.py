"""PostgreSQL unreachable (issue 16, faults): pages and the API answer 503 with a Retry-After header, never a 500
with a trace, and the app recovers by itself when the database is back. The database is cut by a TCP proxy on
127.0.0.1 in front of the local server (the shared server keeps running)."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from chuhai.config import Settings
from chuhai.database import get_engine, session_scope
from chuhai.migrate import upgrade
from tests import factories
from tests.conftest import PASSWORD, PG_ADMIN_URL, _pg_admin, login
from tests.faults.proxy import Proxy
from tests.web.test_import_api import GOOD, _run


@pytest.fixture
def proxied_database(tmp_path):
    """A database of its own on the local PostgreSQL, reached through a proxy: (proxy, url)."""
    try:
        _pg_admin("SELECT 1")
    except Exception:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    name = f"chuhai_fault_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    host_port = PG_ADMIN_URL.split("@", 1)[1].split("/", 1)[0]
    host, _sep, port = host_port.partition(":")
    proxy = Proxy((host, int(port or 5432)))
    url = PG_ADMIN_URL.replace(host_port, f"127.0.0.1:{proxy.port}").rsplit("/", 1)[0] + "/" + name
    try:
        upgrade(url)
        yield proxy, url
    finally:
        proxy.cut()
        get_engine(url).dispose()
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _is_clean_503(response) -> bool:
    return (response.status_code == 503 and response.headers.get("retry-after", "").isdigit()
            and "Traceback" not in response.text and "psycopg" not in response.text)


def test_requests_answer_503_while_the_database_is_gone_and_recover_when_it_returns(proxied_database, tmp_path):
    # Long: one outage from before to after, pages and API, requests in parallel while it lasts
    proxy, url = proxied_database
    with session_scope(url) as session:
        member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
        email = member.email
    settings = Settings(database_url=url, secret_key="fault", data_dir=tmp_path / "var", warm_caches=False,
                        secure_cookies=False, jobs_poll_s=0.2)
    from chuhai.app import create_app

    with TestClient(create_app(settings)) as client:
        token = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()
        api = {"Authorization": f"Bearer {token['access_token']}"}
        assert login(client, email).status_code == 303  # the pages as a signed-in member, the API by token
        assert client.get("/products").status_code == 200
        assert client.get("/api/v1/products", headers=api).status_code == 200

        proxy.cut()
        page = client.get("/products")
        assert _is_clean_503(page) and "text/html" in page.headers["content-type"], page.text[:500]
        assert "数据库" in page.text  # said in the reader's language
        answer = client.get("/api/v1/products", headers=api)
        assert _is_clean_503(answer) and answer.json()["error"]["code"] == "service_unavailable"
        with TestClient(client.app) as stranger:  # no session: signing in needs the database too
            assert _is_clean_503(stranger.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}))
        with ThreadPoolExecutor(4) as pool:  # under load: every answer is a clean 503, none a 500
            paths = ["/products", "/api/v1/products", "/", "/api/v1/demands"] * 5
            answers = list(pool.map(lambda path: client.get(path, headers=api), paths))
        assert {answer.status_code for answer in answers} == {503}
        assert all(_is_clean_503(answer) for answer in answers)

        proxy.restore()
        deadline = time.monotonic() + 30
        while (back := client.get("/products")).status_code != 200:  # recovers by itself, no restart
            assert time.monotonic() < deadline and back.status_code == 503, back.text[:500]
            time.sleep(0.2)
        assert client.get("/api/v1/products", headers=api).status_code == 200
        # The job runner lived through it too: an import runs and finishes.
        assert _run(client, api, "products", GOOD)["state"] == "done"
