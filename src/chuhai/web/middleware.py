"""Request middleware of the framework: the reader's locale, the security headers of every response, and the
limit on the size of request bodies."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chuhai import i18n

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:;"
        b" worker-src 'self' blob:;"
        b" frame-ancestors 'none'; form-action 'self'",
    ),
]


HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def security_headers(hsts: bool) -> list[tuple[bytes, bytes]]:
    return [*SECURITY_HEADERS, HSTS] if hsts else SECURITY_HEADERS


# A page's language prefix (`/es/showcase/…`): the prefix → locale; the API and static files take none.
PREFIX_LOCALES = {prefix: locale for locale, prefix in i18n.URL_PREFIXES.items()}
URL_LOCALE_KEY = "chuhai.url_locale"  # the scope's key of the locale a URL prefix chose


def strip_locale_prefix(scope: Scope) -> str | None:
    """A page requested under a language prefix (`/es/…`) is routed as its path without it: the prefix
    becomes part of the root path (so `request.url` keeps it), and its locale is returned and recorded in
    the scope (`URL_LOCALE_KEY`). None for a path without one."""
    root: str = scope.get("root_path", "")
    path: str = scope["path"]
    route_path = path[len(root):] if root and path.startswith(root) else path
    prefix, slash, rest = route_path[1:].partition("/")
    locale = PREFIX_LOCALES.get(prefix)
    if locale is None or rest.startswith(("api/", "static/")) or rest in ("api", "static"):
        return None
    scope["root_path"] = f"{root}/{prefix}"
    if not slash:  # `/es` itself: the home page in that language
        scope["path"] = f"{root}/{prefix}/"
    scope[URL_LOCALE_KEY] = locale
    return locale


class LocaleMiddleware:
    """Sets the request's locale: a page's language prefix (`/es/…`, see `strip_locale_prefix`), else the
    `lang` cookie, else Accept-Language, else the default (zh_CN); adds the security headers to every
    response, HSTS with `hsts` (a deployment served over TLS)."""

    def __init__(self, app: ASGIApp, default_locale: str, hsts: bool = False) -> None:
        self.app = app
        self.default_locale = default_locale
        self.headers = security_headers(hsts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
            cookie_locale = None
            for part in headers.get("cookie", "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == "lang":
                    cookie_locale = i18n.normalise_locale(value)
            url_locale = strip_locale_prefix(scope)
            i18n.set_locale(url_locale or cookie_locale
                            or i18n.locale_from_accept_language(headers.get("accept-language"))
                            or self.default_locale)

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    message.setdefault("headers", [])
                    existing = {key.lower() for key, _ in message["headers"]}
                    message["headers"].extend(h for h in self.headers if h[0] not in existing)
                await send(message)

            await self.app(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send)


class BodyTooLarge(HTTPException):
    """A request body over the limit (413), raised while the body is read, before anything parses it; the
    application's error handler answers it like any other error (JSON for the API, a page otherwise)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"Request body over {limit} bytes.")
        self.limit = limit


class BodyLimitMiddleware:
    """Refuses request bodies over `limit` bytes (`upload_limit` on the paths `upload_paths` match: regular
    expressions matched against the whole path) with 413.

    A declared Content-Length over the limit is refused at the first read, before a byte is taken; a body
    sent without one (chunked) is counted as it streams in and refused as soon as it passes the limit. The
    body is read before authentication, so this is what keeps an anonymous client from posting gigabytes.
    """

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int, upload_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit
        self.upload_paths = re.compile("|".join(f"(?:{pattern})" for pattern in upload_paths) or "(?!)")

    def limit_for(self, path: str) -> int:
        return self.upload_limit if self.upload_paths.fullmatch(path) else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            if declared is not None and declared > limit:
                raise BodyTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:  # read outside a route (no handler answered it): a bare 413
            if started:
                raise
            await send({"type": "http.response.start", "status": 413,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS]})
            await send({"type": "http.response.body", "body": exc.detail.encode()})


def _content_length(scope: Scope) -> int | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
