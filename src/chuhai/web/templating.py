"""One Jinja2 environment for every domain's templates, with the i18n helpers installed.

The framework knows no domain but accounts: the app assembly (`chuhai.app`) adds the domains'
template helpers with `register_globals`. A state or kind shows as `value | label(TheEnum)` (the enum's
`label`, translated), or `member | label` when the value already is the enum.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from chuhai import i18n, types
from chuhai.accounts.audit_labels import action_name, record_type_name
from chuhai.config import get_settings
from chuhai.markets.reference import CUSTOMS_MODES, MARKET_GROUP_NAMES
from chuhai.markets.service import country_name
from chuhai.web.middleware import URL_LOCALE_KEY
from chuhai.web.navigation import sections_for

PACKAGE_DIR = Path(__file__).resolve().parent.parent
WEB_TEMPLATES = Path(__file__).resolve().parent / "templates"
# The enums whose values the templates show (`value | label(RoleCode)`).
ENUMS = {name: value for name, value in vars(types).items()
         if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum}
_registered: dict[str, Any] = {}


def _tojson(value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def label(value: Any, enum: type[StrEnum] | None = None) -> str:
    """The reader-facing name of a state or kind: the enum member's `label` in the reader's language.
    `value` is the member, or its stored string with `enum`; "—" for none, an unknown string as it is."""
    if value is None or value == "":
        return "—"
    if enum is not None and not isinstance(value, enum):
        try:
            value = enum(value)
        except ValueError:
            return str(value)
    return i18n.gettext(value.label) if hasattr(value, "label") else str(value)


def _reference_label(mapping: dict[str, str], code: str | None) -> str:
    """A reference code's name (`mapping`: code → message id) in the reader's language."""
    if not code:
        return "—"
    return i18n.gettext(mapping[code]) if code in mapping else code


def language_links(request: Request) -> list[dict[str, Any]]:
    """The language switcher's links, one per supported locale: each sets the `lang` cookie and comes back
    to this page — under the chosen language's prefix where the page was opened under one (`/es/…`)."""
    path = request.url.path
    url_locale = request.scope.get(URL_LOCALE_KEY)
    if url_locale:
        path = path[len(request.scope.get("root_path", "")):] or "/"
    if request.url.query and path.startswith("/showcase"):  # a public page's query (a search) is kept; others'
        path += "?" + request.url.query                          # (a sign-in's `next`) are not echoed back
    links = []
    for locale in i18n.SUPPORTED_LOCALES:
        target = f"/{i18n.URL_PREFIXES[locale]}{path}" if url_locale else path
        links.append({"locale": locale, "name": i18n.NATIVE_NAMES[locale], "lang": i18n.HTML_LANGS[locale],
                      "href": f"/lang/{locale}?next={quote(target, safe='')}", "current": locale == i18n.get_locale()})
    return links


def register_globals(**helpers: Any) -> None:
    """Template helpers of the domains (e.g. `category_name`), added by the app assembly."""
    _registered.update(helpers)
    if environment.cache_info().currsize:
        environment().globals.update(helpers)


def template_dirs() -> list[str]:
    """The shell's templates first, then every domain's `templates` folder."""
    domains = sorted(path for path in PACKAGE_DIR.glob("*/templates") if path.is_dir() and path != WEB_TEMPLATES)
    return [str(WEB_TEMPLATES), *(str(path) for path in domains)]


@lru_cache
def environment() -> Environment:
    search_path = template_dirs()
    env = Environment(
        loader=FileSystemLoader(search_path),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=get_settings().templates_reload,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    env.globals.update(
        pick=i18n.pick,
        get_locale=i18n.get_locale,
        is_zh=i18n.is_zh,
        country_name=lambda code: country_name(code, i18n.get_locale()) if code else "—",
        customs_mode_name=lambda code: _reference_label(CUSTOMS_MODES, code),
        market_group_name=lambda code: _reference_label(MARKET_GROUP_NAMES, code),
        nav_sections=sections_for,
        language_links=language_links,
        html_lang=lambda: i18n.HTML_LANGS.get(i18n.get_locale(), "zh-CN"),
        audit_action=action_name,
        today=date.today,
        record_type=record_type_name,
        **ENUMS,
        **_registered,
    )
    env.filters.update(
        number=i18n.fmt_number,
        money=i18n.fmt_money,
        date=i18n.fmt_date,
        tojson=_tojson,
        label=label,
    )
    return env


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("request", request)
    context.setdefault("principal", getattr(request.state, "principal", None))
    context.setdefault("csrf_token", request.session.get("csrf", "") if "session" in request.scope else "")
    context.setdefault("flash", request.session.pop("flash", None) if "session" in request.scope else None)
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code)
