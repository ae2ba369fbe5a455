"""The FastAPI application: pages in Chinese and English, and the JSON API under /api/v1."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from chuhai import __version__, i18n
from chuhai.accounts import audit
from chuhai.config import Settings, get_settings
from chuhai.web.errors import install_error_handlers

STATIC_DIR = Path(__file__).resolve().parent / "static"

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:;"
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


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    audit.install()
    app = FastAPI(
        title="Chuhai 出海 API",
        version=__version__,
        description="Cross-border e-commerce + industrial belt platform. Authenticate with "
        "`POST /api/v1/auth/token` and send `Authorization: Bearer <token>`.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.database_url = settings.database_url
    app.state.settings = settings
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie="chuhai_session",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(LocaleMiddleware, default_locale=settings.default_locale)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    _include_routers(app)
    return app


def _include_routers(app: FastAPI) -> None:
    from chuhai.accounts import api as accounts_api
    from chuhai.accounts import views as accounts_views
    from chuhai.catalog import api as catalog_api
    from chuhai.catalog import views as catalog_views
    from chuhai.demand import api as demand_api
    from chuhai.demand import views as demand_views
    from chuhai.imports import api as imports_api
    from chuhai.imports import views as imports_views
    from chuhai.web import views as shell_views

    for module in (shell_views, accounts_views, catalog_views, demand_views, imports_views):
        app.include_router(module.router)
    for module in (accounts_api, catalog_api, demand_api, imports_api):
        app.include_router(module.router, prefix="/api/v1")
