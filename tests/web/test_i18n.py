"""Every message id in the templates and the code has a translation in every catalog (Chinese, Spanish, and
Russian once its catalog exists), and the translations keep their placeholders and markup."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from chuhai import i18n
from chuhai.errors import MESSAGE_KEYWORDS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "chuhai"
METHOD_MAP = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None} | dict.fromkeys(MESSAGE_KEYWORDS)

REQUIRED_LOCALES = ("zh_CN", "es")
OPTIONAL_LOCALES = ("ru",)  # checked once its main catalog exists
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
MARKUP = re.compile(r"</?[A-Za-z][^>]*>|&#?\w+;")


def _main_catalog(locale: str) -> Path:
    return PACKAGE / "locale" / locale / "LC_MESSAGES" / "messages.po"


def _locales() -> list:
    return [*REQUIRED_LOCALES] + [
        pytest.param(locale, marks=pytest.mark.skipif(not _main_catalog(locale).is_file(),
                                                      reason=f"no {locale} catalog yet"))
        for locale in OPTIONAL_LOCALES]


@cache
def _message_ids() -> frozenset[str]:
    ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            PACKAGE, METHOD_MAP, OPTIONS, keywords=KEYWORDS):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                ids.add(text)
    return frozenset(ids)


@pytest.mark.parametrize("locale", _locales())
def test_every_message_has_a_translation(locale):
    assert _main_catalog(locale).is_file()
    catalog = i18n.catalog(locale)
    ids = _message_ids()
    assert len(ids) > 200
    missing = sorted(ids - catalog.keys())
    assert missing == [], f"{locale}: run `make i18n` and translate: {missing[:20]}"


@pytest.mark.parametrize("locale", _locales())
def test_every_domain_with_a_chinese_catalog_has_this_one(locale):
    domains = sorted(path.parent.parent.name for path in PACKAGE.glob("*/locale/zh_CN.po"))
    assert domains
    missing = [domain for domain in domains if not (PACKAGE / domain / "locale" / f"{locale}.po").is_file()]
    assert missing == [], f"create chuhai/<domain>/locale/{locale}.po for {missing}"


@pytest.mark.parametrize("locale", _locales())
def test_no_message_is_left_fuzzy_or_empty(locale):
    paths = [_main_catalog(locale), *PACKAGE.glob(f"*/locale/{locale}.po")]
    for path in paths:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for message in catalog:
            if message.id:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                assert not message.fuzzy and all(strings), f"{path.relative_to(ROOT)}: {message.id!r}"


@pytest.mark.parametrize("locale", _locales())
def test_translations_keep_their_placeholders_and_markup(locale):
    for message_id, translated in i18n.catalog(locale).items():
        assert set(PLACEHOLDER.findall(message_id)) == set(PLACEHOLDER.findall(translated)), (locale, message_id)
        assert sorted(MARKUP.findall(message_id)) == sorted(MARKUP.findall(translated)), (locale, message_id)
        if not locale.startswith("zh"):  # Chinese punctuation is full-width and drops the spaces around it
            assert message_id[:len(message_id) - len(message_id.lstrip())] == \
                translated[:len(translated) - len(translated.lstrip())], (locale, message_id)
            assert message_id[len(message_id.rstrip()):] == translated[len(translated.rstrip()):], \
                (locale, message_id)


def test_the_placeholder_check_catches_a_lost_placeholder():
    assert set(PLACEHOLDER.findall("%(n)s days")) != set(PLACEHOLDER.findall("días"))
    assert sorted(MARKUP.findall("<b>MOQ</b>")) != sorted(MARKUP.findall("MOQ"))


def test_gettext_follows_the_locale():
    i18n.set_locale("en")
    assert i18n.gettext("Enterprises") == "Enterprises"
    i18n.set_locale("zh_CN")
    assert i18n.gettext("Enterprises") == "企业"
    assert i18n.gettext("%(n)s days", n=3) == "3 天"


def test_the_spanish_catalog_uses_the_trade_terms():
    catalog = i18n.catalog("es")
    assert catalog["Enterprises"] == "Empresas"
    assert catalog["%(n)s days"] % {"n": 3} == "3 días"
    assert catalog["Landed cost"] == "Costo puesto en destino"
    assert catalog["Demands (RFQ)"] == "Solicitudes de cotización (RFQ)"
    assert catalog["FOB – Free On Board"].startswith("FOB")
