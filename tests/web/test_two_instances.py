"""Two app instances on one database (as `chuhai serve --workers 2` runs two processes): what one of them
records, the other one sees — sessions, sign-in failures, sign-up limits, stored opportunities. Nothing that
must agree lives in a process's memory. (Run on PostgreSQL with CHUHAI_TEST_DATABASE=postgresql.)"""

from __future__ import annotations

from fastapi.testclient import TestClient

from chuhai.config import get_settings
from tests import factories
from tests.conftest import PASSWORD, csrf_of


def _pair(settings):
    from chuhai.app import create_app

    return TestClient(create_app(settings)), TestClient(create_app(settings))


def _sign_in(client: TestClient, email: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       follow_redirects=False)


def test_a_session_started_on_one_instance_works_on_the_other_and_ends_on_both(settings, session):
    factories.user(session, email="member@example.com")
    session.commit()
    first, second = _pair(settings)
    with first, second:
        assert _sign_in(first, "member@example.com").status_code == 303
        second.cookies.update(first.cookies)
        assert second.get("/account", follow_redirects=False).status_code == 200
        token = csrf_of(second.get("/account").text)
        assert second.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
        # the cookie the first instance handed out is dead there too
        assert first.get("/account", follow_redirects=False).status_code in (302, 303)


def test_sign_in_failures_count_across_instances(settings, session):
    factories.user(session, email="victim@example.com")
    session.commit()
    limit = get_settings().login_max_failures  # what accounts.service.authenticate reads
    first, second = _pair(settings)
    with first, second:
        codes = [_sign_in(first if n % 2 else second, "victim@example.com", "wrong password").status_code
                 for n in range(limit)]
        assert set(codes) == {401}
        assert _sign_in(first, "victim@example.com", "wrong password").status_code == 429
        assert _sign_in(second, "victim@example.com").status_code == 429  # the right password waits too


def test_sign_up_limits_count_across_instances(settings):
    limit = get_settings().signup_max_per_address
    form = {"role": "buyer", "display_name": "S", "password": "a-long-password", "company": "S GmbH", "country": "DE"}
    first, second = _pair(settings)
    with first, second:
        codes = [(first if n % 2 else second).post("/api/v1/signup", json={**form, "email": f"s{n}@example.com"})
                 .status_code for n in range(limit + 1)]
    assert codes == [201] * limit + [429]


def test_serve_with_several_workers_forks_them_from_a_preloaded_app_and_refuses_sqlite(tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from chuhai.cli import app
    from chuhai.migrate import upgrade
    from chuhai.web import workers

    started, forked = [], []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: started.append((args, kwargs)))
    monkeypatch.setattr(workers, "serve", lambda *args, **kwargs: forked.append((args, kwargs)) or 0)
    url = f"sqlite:///{tmp_path / 'one-writer.db'}"
    upgrade(url)
    monkeypatch.setenv("CHUHAI_DATABASE_URL", url)
    monkeypatch.setenv("CHUHAI_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    try:
        refused = CliRunner().invoke(app, ["serve", "--workers", "2"])
        assert refused.exit_code == 2 and "PostgreSQL" in refused.output and started == forked == []
        assert CliRunner().invoke(app, ["serve", "--workers", "1"]).exit_code == 0
        assert len(started) == 1 and forked == []
        monkeypatch.setenv("CHUHAI_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/never-read")
        get_settings.cache_clear()
        monkeypatch.setattr("chuhai.migrate.missing_heads", lambda url: [])
        served = CliRunner().invoke(app, ["serve", "--workers", "3", "--port", "8123"])
        assert served.exit_code == 0, served.output
        (asgi_app, _host, port, count), kwargs = forked[-1]
        assert count == 3 and port == 8123 and callable(kwargs["preload"]) and len(started) == 1
        assert asgi_app.state.database_url.endswith("/never-read")  # the app the workers are forked with
        assert (tmp_path / "var" / "secret_key").exists()  # one key, made before the workers start
    finally:
        get_settings.cache_clear()
