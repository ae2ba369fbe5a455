"""One Jinja2 environment for every domain's templates, with the i18n helpers installed."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from chuhai import i18n
from chuhai.accounts.audit_labels import action_name, record_type_name
from chuhai.catalog.categories import category_name
from chuhai.markets.reference import CUSTOMS_MODES, MARKET_GROUP_NAMES
from chuhai.markets.service import country_name
from chuhai.web.navigation import sections_for

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DOMAINS_WITH_TEMPLATES = ("web", "accounts", "catalog", "demand", "imports", "matching", "insight",
                          "planning", "events", "stats")


def _tojson(value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _label(mapping: dict[str, dict[str, str]], code: str | None) -> str:
    if not code:
        return "—"
    entry = mapping.get(code)
    if not entry:
        return code
    return entry["zh"] if i18n.is_zh() else entry["en"]


def _gist(text: str | None) -> tuple[str, ...]:
    from chuhai.matching.gist import demand_gist

    return demand_gist(text, i18n.get_locale()) if text else ()


@lru_cache
def environment() -> Environment:
    search_path = [str(PACKAGE_DIR / domain / "templates") for domain in DOMAINS_WITH_TEMPLATES
                   if (PACKAGE_DIR / domain / "templates").is_dir()]
    env = Environment(
        loader=FileSystemLoader(search_path),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    env.globals.update(
        pick=i18n.pick,
        get_locale=i18n.get_locale,
        is_zh=i18n.is_zh,
        country_name=lambda code: country_name(code, i18n.get_locale()) if code else "—",
        category_name=category_name,
        customs_mode_name=lambda code: _label(CUSTOMS_MODES, code),
        market_group_name=lambda code: _label(MARKET_GROUP_NAMES, code),
        nav_sections=sections_for,
        audit_action=action_name,
        today=date.today,
        demand_gist=lambda text: _gist(text),
        record_type=record_type_name,
    )
    env.filters.update(
        number=i18n.fmt_number,
        money=i18n.fmt_money,
        date=i18n.fmt_date,
        tojson=_tojson,
    )
    return env


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("request", request)
    context.setdefault("principal", getattr(request.state, "principal", None))
    context.setdefault("csrf_token", request.session.get("csrf", "") if "session" in request.scope else "")
    context.setdefault("flash", request.session.pop("flash", None) if "session" in request.scope else None)
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code)
