"""The shell's own pages: health check, API reference, language switch. (The home page is the
dashboards domain's.)"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from chuhai.i18n import SUPPORTED_LOCALES, normalise_locale
from chuhai.web.deps import set_language_cookie
from chuhai.web.redirects import safe_next

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


API_DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chuhai 出海 · API</title><link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
<body><redoc spec-url="/api/v1/openapi.json" hide-download-button="false"></redoc>
<script src="/static/vendor/redoc.standalone.js"></script></body></html>"""


@router.get("/api/docs")
def api_docs() -> HTMLResponse:
    """The OpenAPI reference, rendered by the vendored ReDoc (every asset local)."""
    return HTMLResponse(API_DOCS_HTML)


@router.get("/lang/{code}")
def switch_language(code: str, request: Request, next: str = "/") -> RedirectResponse:
    locale = normalise_locale(code)
    response = RedirectResponse(safe_next(next), status_code=303)
    if locale in SUPPORTED_LOCALES:
        set_language_cookie(request, response, locale)
    return response
