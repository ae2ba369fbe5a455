"""The small demo (seed 7) in a migrated SQLite database, loaded once per test session and copied per module,
with an app and client factory signed in as one of the demo logins."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

DEMO_PASSWORD = "chuhai-demo"
_loaded: dict[str, Path] = {}


def small_demo_url(template_database: str, tmp_path_factory) -> str:
    """A copy of the migrated template database with the small demo and the demo logins loaded."""
    from chuhai.accounts import audit
    from chuhai.database import get_engine, session_scope
    from chuhai.demo.generator import DEMO_BUYER_KEY, DEMO_ENTERPRISE_CREDIT_CODE, generate
    from chuhai.demo.loader import load
    from chuhai.demo.logins import seed_demo_logins

    if "small" not in _loaded:
        path = tmp_path_factory.mktemp("small-demo") / "demo.db"
        shutil.copy(template_database, path)
        url = f"sqlite:///{path}"
        audit.install()
        with session_scope(url) as session:
            session.info["audit_disabled"] = True
            load(session, generate("small", 7))
            seed_demo_logins(session, DEMO_ENTERPRISE_CREDIT_CODE, DEMO_BUYER_KEY)
        get_engine(url).dispose()
        _loaded["small"] = path
    copy = tmp_path_factory.mktemp("demo-copy") / "demo.db"
    shutil.copy(_loaded["small"], copy)
    return f"sqlite:///{copy}"


def signed_in_client(app, email: str | None, lang: str = "zh_CN") -> TestClient:
    client = TestClient(app)
    client.cookies.set("lang", lang)
    if email:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token,
                                                "next": "/"}, follow_redirects=False)
        assert response.status_code in (302, 303), response.text[:500]
    return client
