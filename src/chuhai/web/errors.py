"""One JSON handler and one HTML handler for every error the application raises."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from chuhai.errors import ChuhaiError, NotAuthenticated
from chuhai.i18n import N_
from chuhai.i18n import gettext as _
from chuhai.web.middleware import BodyTooLarge, security_headers
from chuhai.web.templating import render

log = logging.getLogger("chuhai")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _respond(request: Request, status: int, code: str, message: str, details=None, params=None) -> Response:
    """JSON for the API (the message in English, stable for clients), a page in the reader's language."""
    params = params or {}
    if wants_json(request):
        body = {"error": {"code": code, "message": message % params if params else message}}
        if details is not None:
            body["error"]["details"] = details
        return JSONResponse(body, status_code=status)
    return render(request, "error.html", status_code=status, status=status, code=code,
                  message=_(message, **params), details=details)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ChuhaiError)
    async def chuhai_error(request: Request, exc: ChuhaiError) -> Response:
        if isinstance(exc, NotAuthenticated) and not wants_json(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return _respond(request, exc.status_code, exc.code, exc.message, exc.details, exc.params)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"field": ".".join(str(part) for part in error["loc"] if part not in ("body", "query")),
             "reason": error["msg"]}
            for error in exc.errors()
        ]
        return _respond(request, 422, "validation_failed", N_("Some fields are not valid."), details)

    @app.exception_handler(DataError)
    async def value_out_of_range(request: Request, exc: DataError) -> Response:
        # The database refused a value the request carried (PostgreSQL: an id beyond its integer columns, a
        # text longer than its column): the request's fault, and its transaction is rolled back already.
        log.info("database refused a value on %s: %s", request.url.path, exc.orig)
        return _respond(request, 422, "validation_failed", N_("Some fields are not valid."))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, BodyTooLarge):
            return _respond(request, 413, "payload_too_large",
                            N_("The request is larger than the limit of %(limit)s MB."),
                            params={"limit": f"{exc.limit / (1 << 20):g}"})
        message = {404: N_("Page not found."), 405: N_("Method not allowed.")}.get(exc.status_code, str(exc.detail))
        return _respond(request, exc.status_code, "http_error", message)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        response = _respond(request, 500, "internal_error",
                            N_("Something went wrong on our side. It has been logged."))
        # Answered outside the middleware (by the server-error handler), so the headers are added here.
        for key, value in security_headers(request.app.state.settings.cookies_secure()):
            response.headers.setdefault(key.decode(), value.decode())
        return response
