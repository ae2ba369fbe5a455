"""The framework's middleware: request bodies over the limit are refused (413) before anything parses them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from chuhai.app import UPLOAD_PATHS, create_app
from chuhai.config import Settings
from chuhai.web.middleware import BodyLimitMiddleware
from tests.conftest import page_csrf, run_coroutine

LIMIT = 4096
UPLOAD_LIMIT = 64 * 1024


@pytest.fixture
def small_client(settings: Settings):
    limited = settings.model_copy(update={"max_body_bytes": LIMIT, "max_upload_bytes": UPLOAD_LIMIT})
    with TestClient(create_app(limited)) as client:
        yield client


def test_a_declared_body_over_the_limit_is_refused_with_413(small_client):
    big = {"email": "x@example.com", "password": "p" * (2 * LIMIT)}
    api = small_client.post("/api/v1/auth/token", json=big)
    assert api.status_code == 413
    assert api.json()["error"]["code"] == "payload_too_large"
    page = small_client.post("/login", data={**big, "csrf_token": page_csrf(small_client, "/login")})
    assert page.status_code == 413 and "text/html" in page.headers["content-type"]


def test_a_streamed_body_without_content_length_is_counted(small_client):
    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    response = small_client.post("/api/v1/auth/token", content=chunks(),
                                 headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_bodies_under_the_limit_pass(small_client):
    response = small_client.post("/api/v1/auth/token", json={"email": "nobody@example.com", "password": "wrong"})
    assert response.status_code == 401


def test_upload_routes_take_larger_bodies_up_to_their_own_limit(small_client):
    file = {"file": ("p.csv", b"sku\n" + b"a\n" * (LIMIT), "text/csv")}
    assert small_client.post("/api/v1/imports/products", files=file).status_code == 401  # not 413: reached auth
    huge = {"file": ("p.csv", b"sku\n" + b"a\n" * UPLOAD_LIMIT, "text/csv")}
    assert small_client.post("/api/v1/imports/products", files=huge).status_code == 413


@pytest.mark.parametrize("path", ["/imports", "/api/v1/imports/products", "/demands/7/quote", "/conversations/3",
                                  "/api/v1/quotations/5/attachments", "/api/v1/messages/5/attachments"])
def test_every_upload_route_gets_the_upload_limit(path):
    limits = BodyLimitMiddleware(None, limit=LIMIT, upload_limit=UPLOAD_LIMIT, upload_paths=UPLOAD_PATHS)
    assert limits.limit_for(path) == UPLOAD_LIMIT
    for other in ("/login", "/api/v1/demands", path + "/x", "/x" + path):
        assert limits.limit_for(other) == LIMIT, other


def test_a_trade_attachment_over_the_general_limit_reaches_the_route(client, settings):
    """2 MiB of spec sheet with the default limits (1 MiB in general): the route answers (here: sign in first)."""
    spec = {"file": ("spec.pdf", b"%PDF-1.4\n" + b"0" * (2 << 20), "application/pdf")}
    assert settings.max_body_bytes < 2 << 20
    assert client.post("/api/v1/quotations/1/attachments", files=spec).status_code == 401


def test_an_endless_body_is_read_no_further_than_the_limit(settings: Settings):
    """Straight on the ASGI app: a client streaming forever is cut off after about the limit."""
    app = create_app(settings.model_copy(update={"max_body_bytes": LIMIT}))
    pulled = 0
    sent: list[dict] = []

    async def receive():
        nonlocal pulled
        pulled += 1
        assert pulled < 1000, "the application kept reading"
        return {"type": "http.request", "body": b"{" * 1024, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/v1/auth/token", "raw_path": b"/api/v1/auth/token",
             "query_string": b"", "headers": [(b"content-type", b"application/json")], "http_version": "1.1",
             "scheme": "http", "server": ("testserver", 80), "client": ("127.0.0.1", 1234), "root_path": "",
             "app": app}
    run_coroutine(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert pulled <= LIMIT // 1024 + 1
