"""The FastAPI application: pages in Chinese and English, and the JSON API under /api/v1.

The app assembly: it mounts every domain's pages and API and gives the templates the domains' helpers.
Served by `chuhai serve`, or as an ASGI factory: `uvicorn --factory chuhai.app:create_app`.
"""

from __future__ import annotations

import gc
import logging
import threading
from contextlib import asynccontextmanager
from importlib import import_module
from pathlib import Path
from pkgutil import iter_modules

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

import chuhai
from chuhai import __version__, i18n
from chuhai.accounts import audit
from chuhai.catalog.categories import category_name
from chuhai.config import Settings, get_settings
from chuhai.dashboards.service import programme_monthly_sales
from chuhai.database import get_engine
from chuhai.insight.service import market_overview, platform_cube
from chuhai.jobs.runner import Runner
from chuhai.mail.delivery import announce as announce_mail
from chuhai.matching.engine.gist import demand_gist
from chuhai.matching.index_store import warm as warm_match_indexes
from chuhai.showcase.service import warm_search
from chuhai.web import templating
from chuhai.web import views as shell_views
from chuhai.web.errors import install_error_handlers
from chuhai.web.middleware import BodyLimitMiddleware, LocaleMiddleware
from chuhai.web.openapi import document_errors

log = logging.getLogger("chuhai")

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
# The routes that take file uploads (regular expressions of the whole path): their bodies may be up to
# `max_upload_bytes`, every other route's `max_body_bytes`. A new upload route needs its line here.
UPLOAD_PATHS = (
    r"/imports", r"/api/v1/imports/[^/]+",  # CSV/XLSX imports
    r"/demands/\d+/quote", r"/conversations/\d+",  # trade pages: a quotation's spec sheet and photos, a message's file
    r"/api/v1/(quotations|messages)/\d+/attachments",  # trade API attachments
    r"/products/\d+/photos", r"/enterprises/\d+/media", r"/imports/photos",  # media pages: photos, files, ZIP
    r"/api/v1/products/\d+/photos", r"/api/v1/enterprises/\d+/(media|photo-imports)",  # media API
)

def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    audit.install()
    load_job_kinds()
    _register_template_helpers(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if settings.warm_caches:
            _warm_caches(settings.database_url, settings.cache_dir)
        runner = Runner(settings).start() if settings.jobs_embedded else None  # the jobs of chuhai.jobs
        _app.state.job_runner = runner
        announce_mail(settings)  # where e-mail goes; without SMTP, that it stays on /outbox
        try:
            yield
        finally:
            if runner is not None:
                runner.stop(settings.jobs_shutdown_s)

    app = FastAPI(
        lifespan=lifespan,
        title="Chuhai 出海 API",
        version=__version__,
        description="Cross-border e-commerce + industrial belt platform. Authenticate with "
        "`POST /api/v1/auth/token` and send `Authorization: Bearer <token>`.",
        docs_url=None,  # served by chuhai.web.views with the vendored ReDoc: no CDN
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
        https_only=settings.cookies_secure(),
    )
    # HSTS where cookies are Secure: outside the embedded default, a deployment served over TLS.
    app.add_middleware(LocaleMiddleware, default_locale=settings.default_locale, hsts=settings.cookies_secure())
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes,
                       upload_paths=UPLOAD_PATHS)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    _include_routers(app)
    document_errors(app)  # the error answers each API operation may give, in their real shape
    return app


def _register_template_helpers(settings: Settings) -> None:
    """The domains' helpers every template may use (the framework itself knows no domain)."""
    templating.register_globals(
        category_name=category_name,
        demand_gist=lambda text: demand_gist(text, i18n.get_locale(), settings.cache_dir) if text else (),
    )


def _warm_caches(database_url: str, cache_dir: Path | None = None) -> None:
    """Compute the programme-wide dashboard series and the showcase's search index in the background as the
    server starts (in a worker forked by `preload`'s process: checks that find them current), then keep what the
    process holds by then out of the garbage collector's full collections."""

    def warm() -> None:
        warm_caches(database_url, cache_dir)
        freeze_long_lived()

    threading.Thread(target=warm, name="warm-caches", daemon=True).start()


def freeze_long_lived() -> None:
    """Move every object alive now out of the collector's generations (`gc.freeze`): after the warm-up, that is the
    process's long-lived data (caches, dictionaries, indexes, compiled templates). A full collection walks every
    tracked object: one worker on the full demo held ~430,000 after its warm-up, and each full collection took
    130–180 ms, every few views of a page that loads many rows (an operator's enterprise page: p95 210 ms beside
    a 52 ms median). Frozen objects are never walked; reference counting still frees them (a frozen object
    left in a reference cycle is not: what is frozen here lives about as long as the process anyway)."""
    gc.collect()
    gc.freeze()


def warm_caches(database_url: str, cache_dir: Path | None = None) -> None:
    try:
        warm_search(database_url, cache_dir)  # the public showcase's first search
        programme_monthly_sales(database_url)
        platform_cube(database_url)  # the order-history cube behind /stats and the feedback reports
        market_overview(database_url)
        warm_match_indexes(database_url)  # the first match or opportunity search of this worker
    except Exception:  # an empty or not yet migrated database: the first page computes it instead
        log.warning("cache warm-up skipped", exc_info=True)


def preload(settings: Settings) -> None:
    """What `chuhai serve --workers N` loads once, in the process the workers are forked from, so that they share
    it (`chuhai.web.workers`): the caches the lifespan warms, the matching index (mapped from its files) with its
    tokenizer, dictionaries and embedding model, and the open demands' index. Its database connections are
    closed before the fork (a connection is not shared between processes)."""
    load_read_only_data(settings)
    if settings.warm_caches:
        warm_caches(settings.database_url, settings.cache_dir)
    for url in (settings.database_url, None):  # the engines of the URL given and of the default settings
        get_engine(url).dispose()


def load_read_only_data(settings: Settings) -> None:
    """The read-only data that request paths load on first use (each process its own copy), loaded now: the
    message catalogs, every page template compiled, the matching tokenizer's dictionaries (CC-CEDICT: ~70 MB of
    Python objects), the HS code suggester's indexes and the chart library."""
    from chuhai import charts  # deferred: matplotlib, loaded here only for the workers to share
    from chuhai.matching.engine.bilingual import load_cedict, load_mined  # deferred: only `preload` needs them
    from chuhai.planning.engine import hs  # deferred: the HS suggester, only `preload` warms it here

    for locale in i18n.SUPPORTED_LOCALES:
        i18n.catalog(locale)
        demand_gist("500 lace front wigs 假发 蕾丝", locale, settings.cache_dir)
    env = templating.environment()
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        env.get_template(name)
    load_cedict()
    load_mined()
    hs.suggest("lace front wig 真人发假发")
    hs.suggest("xqzv")  # no word it knows: its trigram fallback index (~18 MB) is built too
    charts.new_figure()  # matplotlib and its fonts (PDFs draw charts)


def _include_routers(app: FastAPI) -> None:
    """Each domain's `views.router` (pages) and `api.router` (JSON, under /api/v1), shell first."""
    app.include_router(shell_views.router)
    for name in domain_packages():
        for kind, prefix in (("views", ""), ("api", "/api/v1")):
            try:
                module = import_module(f"chuhai.{name}.{kind}")
            except ModuleNotFoundError as exc:
                if exc.name != f"chuhai.{name}.{kind}":
                    raise
                continue
            app.include_router(module.router, prefix=prefix)


def load_job_kinds() -> None:
    """Every domain's background job kinds: a domain registers them in its `tasks` module (see `chuhai.jobs`)."""
    for name in domain_packages():
        try:
            import_module(f"chuhai.{name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"chuhai.{name}.tasks":
                raise


def domain_packages() -> list[str]:
    return sorted(module.name for module in iter_modules(chuhai.__path__) if module.ispkg and module.name != "web")
