"""Route handlers do their blocking work off the event loop.

An `async def` handler runs on the event loop: its SQLAlchemy queries, password hashing, file and PDF work hold
up every other request of the worker process meanwhile. A plain `def` handler runs on FastAPI's thread pool. A
form page reads its body through the `SubmittedForm` dependency (`chuhai.web.deps`), which awaits it, so no page
or API handler needs to be a coroutine.
"""

from __future__ import annotations

import inspect
import io

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.routing import BaseRoute

from chuhai.media.responses import read_upload
from chuhai.web.deps import submitted_form
from tests.conftest import run_coroutine

# Handlers that may stay `async def`, each with the reason (they must await and do nothing blocking). None now.
ASYNC_ALLOWED: dict[str, str] = {}


def _endpoints(routes: list[BaseRoute]):
    for route in routes:
        endpoint = getattr(route, "endpoint", None)
        if endpoint is not None:
            yield route, endpoint
        # An included router (FastAPI keeps the router itself, `original_router`) or a mounted app: its own routes.
        inner = getattr(route, "original_router", route)
        yield from _endpoints(getattr(inner, "routes", None) or [])


def _is_edge(module: str) -> bool:
    return module.startswith("chuhai.") and module.rsplit(".", 1)[-1] in ("views", "api")


def test_no_page_or_api_handler_runs_on_the_event_loop(app):
    edges = [(route, endpoint) for route, endpoint in _endpoints(app.routes) if _is_edge(endpoint.__module__)]
    assert len(edges) > 100  # the walk reached the domains' routers, not only the app's own routes
    coroutines = sorted(
        f"{name} ({', '.join(sorted(getattr(route, 'methods', None) or []))} {getattr(route, 'path', '?')})"
        for route, endpoint in edges
        if inspect.iscoroutinefunction(endpoint)
        and (name := f"{endpoint.__module__}.{endpoint.__qualname__}") not in ASYNC_ALLOWED
    )
    assert coroutines == [], "async def handlers (blocking work would run on the event loop): " + "; ".join(coroutines)


def test_the_submitted_form_is_the_request_s_parsed_form_read_once():
    """`verify_csrf` reads the form first; the handler's dependency must get the same object, not parse the
    (already consumed) body again."""
    body = b"name=Ningbo&csrf_token=abc"
    sent = []

    async def receive():
        sent.append(1)
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {"type": "http", "method": "POST", "path": "/x", "query_string": b"", "server": ("t", 80),
             "headers": [(b"content-type", b"application/x-www-form-urlencoded"),
                         (b"content-length", str(len(body)).encode())]}
    request = Request(scope, receive)

    async def read_twice():
        return await request.form(), await submitted_form(request)

    first, again = run_coroutine(read_twice())
    assert again is first and again["name"] == "Ningbo" and len(sent) == 1


def test_a_plain_handler_reads_an_upload_with_its_size_bound():
    """The sync helper reads the spooled file itself, and never more than one byte past the limit."""
    upload = UploadFile(io.BytesIO(b"x" * 10), filename="a.bin")
    assert read_upload(upload, 4) == b"x" * 5  # one byte more than allowed: enough to refuse it
