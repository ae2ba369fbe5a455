"""One JSON handler and one HTML handler for every error the application raises."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, DisconnectionError
from sqlalchemy.exc import InterfaceError as DbInterfaceError
from sqlalchemy.exc import OperationalError as DbOperationalError
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


# While the database cannot be reached (restarting, failing over, the network cut) or is busy (SQLite's one
# writer held too long): 503 with a retry hint, never a 500 with a trace; the next request reconnects by itself
# (the engine checks pooled connections before use).
DATABASE_UNAVAILABLE = N_("The service is briefly unavailable: its database cannot be reached. Try again in a "
                          "minute.")
RETRY_AFTER_S = 30


def database_unavailable(exc: BaseException) -> bool:
    """An error of reaching the database (not of a statement: those are the request's or the code's)."""
    if isinstance(exc, DisconnectionError | DbInterfaceError):
        return True
    if isinstance(exc, DbOperationalError | DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, DbOperationalError):
        sqlstate = getattr(exc.orig, "sqlstate", None) or ""
        # PostgreSQL: connection exceptions (08…), the server shutting down or starting (57P0…), too many
        # connections (53300); psycopg's own connection failures carry none. SQLite: locked or busy.
        return (sqlstate.startswith(("08", "57P0")) or sqlstate == "53300" or (not sqlstate
                and type(exc.orig).__module__.startswith("psycopg"))
                or "database is locked" in str(exc.orig) or "database is busy" in str(exc.orig))
    return False


def _unavailable(request: Request) -> Response:
    """The 503 answer; its page is rendered without anything that would need the database."""
    try:
        response = _respond(request, 503, "service_unavailable", DATABASE_UNAVAILABLE)
    except Exception:  # the page's own helpers failed too: a bare page still says it
        log.warning("503 page could not be rendered", exc_info=True)
        response = Response(_(DATABASE_UNAVAILABLE), status_code=503, media_type="text/plain; charset=utf-8")
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


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

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> Response:
        if database_unavailable(exc):
            log.warning("database unavailable on %s: %s", request.url.path, exc.orig)
            return _unavailable(request)
        return await unexpected_error(request, exc)

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
        if database_unavailable(exc):  # raised outside the routes (a middleware's session lookup)
            log.warning("database unavailable on %s: %s", request.url.path, exc)
            response = _unavailable(request)
        else:
            log.exception("unhandled error on %s", request.url.path)
            response = _respond(request, 500, "internal_error",
                                N_("Something went wrong on our side. It has been logged."))
        # Answered outside the middleware (by the server-error handler), so the headers are added here.
        for key, value in security_headers(request.app.state.settings.cookies_secure()):
            response.headers.setdefault(key.decode(), value.decode())
        return response
