"""The demo logins show on the sign-in page of the embedded SQLite demo only, after a failed sign-in too."""

from __future__ import annotations

from fastapi.testclient import TestClient

from chuhai.app import create_app
from tests.conftest import csrf_of


def _failed_sign_in(client) -> str:
    page = client.get("/login")
    return client.post("/login", data={"email": "nobody@example.com", "password": "wrong",
                                       "csrf_token": csrf_of(page.text), "next": "/"}).text


def test_demo_logins_only_on_the_embedded_sqlite_demo(client, settings):
    # Seen as the embedded SQLite demo whatever the test database is (the PostgreSQL pass runs this too).
    client.app.state.settings = settings.model_copy(update={"database_url": "sqlite:///var/chuhai.db"})
    assert 'data-testid="demo-logins"' in client.get("/login").text
    assert 'data-testid="demo-logins"' in _failed_sign_in(client)
    # The same database seen as a deployment (not the embedded SQLite URL) never lists them.
    deployed = create_app(settings)
    deployed.state.settings = settings.model_copy(update={"database_url": "postgresql://db.example/chuhai"})
    with TestClient(deployed) as other:
        assert 'data-testid="demo-logins"' not in other.get("/login").text
        assert 'data-testid="demo-logins"' not in _failed_sign_in(other)
