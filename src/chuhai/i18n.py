"""Translations: English message ids; Chinese (zh_CN, the default), Spanish and Russian catalogs in Babel's .po format.

The current locale lives in a context variable set per request (a page's URL prefix `/zh/`, `/en/`, `/es/`,
`/ru/`, else cookie `lang`, else the signed-in user's preference, else Accept-Language, else the configured
default), so templates, services and
error handlers all translate the same way without passing the locale around.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from importlib.resources import files

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, format_currency, parse_pattern

from chuhai.marks import N_ as N_  # re-exported: platform code writes `from chuhai.i18n import N_`

SUPPORTED_LOCALES = ("zh_CN", "en", "es", "ru")
# The language of each locale as a URL prefix (`/es/showcase/…`), an hreflang and an HTML `lang`.
URL_PREFIXES = {"zh_CN": "zh", "en": "en", "es": "es", "ru": "ru"}
HTML_LANGS = {"zh_CN": "zh-CN", "en": "en", "es": "es", "ru": "ru"}
# Each language by its own name, as a language switcher lists them.
NATIVE_NAMES = {"zh_CN": "中文", "en": "English", "es": "Español", "ru": "Русский"}
DEFAULT_LOCALE = "zh_CN"
_current_locale: ContextVar[str] = ContextVar("chuhai_locale", default=DEFAULT_LOCALE)


@lru_cache
def catalog(locale: str) -> dict[str, str]:
    """The shared catalog merged with each domain's own (`chuhai/<domain>/locale/<locale>.po`), the domains in
    name order, so that a message two domains translate differently always reads the same (the later wins)."""
    if locale == "en":
        return {}
    root = files("chuhai")
    shared = root.joinpath(f"locale/{locale}/LC_MESSAGES/messages.po")
    paths = [shared] if shared.is_file() else []
    paths += [entry.joinpath(f"locale/{locale}.po") for entry in sorted(root.iterdir(), key=lambda e: e.name)
              if entry.is_dir() and entry.joinpath(f"locale/{locale}.po").is_file()]
    messages: dict[str, str] = {}
    for path in paths:
        with path.open("rb") as handle:
            po = read_po(handle, locale=locale)
        messages.update({m.id: m.string for m in po if m.id and m.string and not m.fuzzy})
    return messages


def normalise_locale(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().replace("-", "_").lower()
    if value.startswith("zh"):
        return "zh_CN"
    if value.startswith("en"):
        return "en"
    if value.startswith("es"):
        return "es"
    if value.startswith("ru"):
        return "ru"
    return None


def locale_from_accept_language(header: str | None) -> str | None:
    for part in (header or "").split(","):
        locale = normalise_locale(part.split(";")[0])
        if locale:
            return locale
    return None


def set_locale(locale: str) -> None:
    _current_locale.set(locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE)


def get_locale() -> str:
    return _current_locale.get()


def is_zh() -> bool:
    return get_locale().startswith("zh")


def gettext(message: str, **variables: object) -> str:
    return gettext_in(get_locale(), message, **variables)


def gettext_in(locale: str, message: str, **variables: object) -> str:
    """`gettext` in a given locale ("zh", "zh_CN", "en", …) rather than the request's: PDFs, CLIs, e-mails."""
    locale = normalise_locale(locale) or DEFAULT_LOCALE
    translated = catalog(locale).get(message, message)
    return translated % variables if variables else translated


def error_text(error: object) -> str:
    """A `chuhai.errors.ChuhaiError` in the reader's language: its message id and parameters. A parameter
    that is a state (an enum with a `label` message id) is shown by its translated label, not its code."""
    message = getattr(error, "message", str(error))
    params = getattr(error, "params", None) or {}
    return gettext(message, **{name: _label_of(value) for name, value in params.items()})


def _label_of(value: object) -> object:
    label = getattr(value, "label", None) if isinstance(value, Enum) else None
    return gettext(label) if isinstance(label, str) else value


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    message = singular if n == 1 else plural
    variables.setdefault("num", n)
    return gettext(message, **variables)


_ = gettext




def pick(zh: str | None, en: str | None) -> str:
    """The Chinese or English variant of a bilingual record field, falling back to the other (a Spanish or
    Russian reader gets the English one: the data has no other)."""
    if is_zh():
        return zh or en or ""
    return en or zh or ""


def fmt_number(value: int | float | Decimal | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    locale = _babel_locale()
    if digits == 0 and type(value) is int:  # most figures on a page: Babel's output, without its machinery
        symbols = locale.number_symbols["latn"]
        grouped = f"{abs(value):,}".replace(",", symbols["group"])
        return symbols["minusSign"] + grouped if value < 0 else grouped
    return _number_pattern(digits).apply(value, locale)


def fmt_money(value: Decimal | None, currency: str = "USD") -> str:
    if value is None:
        return "—"
    return format_currency(value, currency, locale=_babel_locale())


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return format_datetime(value, format="yyyy-MM-dd HH:mm", locale=_babel_locale())
    return format_date(value, format="yyyy-MM-dd", locale=_babel_locale())


def _babel_locale() -> Locale:
    return _parsed_locale(get_locale())


# A page formats a few thousand numbers: parsing the locale and the pattern each time was a third of the
# statistics page's time. Both are immutable, so they are parsed once.
@lru_cache(maxsize=16)
def _parsed_locale(code: str) -> Locale:
    return Locale.parse(code)


@lru_cache(maxsize=8)
def _number_pattern(digits: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * digits if digits else ""))
