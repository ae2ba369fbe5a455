"""Request middleware of the framework: the reader's locale and the security headers of every response."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

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


class LocaleMiddleware:
    """Sets the request's locale: `lang` cookie, else Accept-Language, else the default (zh_CN)."""

    def __init__(self, app: ASGIApp, default_locale: str) -> None:
        self.app = app
        self.default_locale = default_locale

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
            cookie_locale = None
            for part in headers.get("cookie", "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == "lang":
                    cookie_locale = i18n.normalise_locale(value)
            i18n.set_locale(cookie_locale or i18n.locale_from_accept_language(headers.get("accept-language"))
                            or self.default_locale)

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    message.setdefault("headers", [])
                    existing = {key.lower() for key, _ in message["headers"]}
                    message["headers"].extend(h for h in SECURITY_HEADERS if h[0] not in existing)
                await send(message)

            await self.app(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send)
