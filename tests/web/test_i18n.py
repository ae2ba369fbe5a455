"""Every message id in the templates and the code has a Chinese translation, and placeholders agree."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

from chuhai import i18n
from chuhai.errors import MESSAGE_KEYWORDS

ROOT = Path(__file__).resolve().parents[2]
METHOD_MAP = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None} | dict.fromkeys(MESSAGE_KEYWORDS)


def _message_ids() -> set[str]:
    ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT / "src" / "chuhai", METHOD_MAP, OPTIONS, keywords=KEYWORDS):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                ids.add(text)
    return ids


def test_every_message_has_a_chinese_translation():
    catalog = i18n.catalog("zh_CN")
    ids = _message_ids()
    assert len(ids) > 200
    missing = sorted(ids - catalog.keys())
    assert missing == [], f"run `make i18n` and translate: {missing[:20]}"


def test_translations_keep_their_placeholders():
    placeholder = re.compile(r"%\((\w+)\)s")
    for message_id, translated in i18n.catalog("zh_CN").items():
        assert set(placeholder.findall(message_id)) == set(placeholder.findall(translated)), message_id


def test_gettext_follows_the_locale():
    i18n.set_locale("en")
    assert i18n.gettext("Enterprises") == "Enterprises"
    i18n.set_locale("zh_CN")
    assert i18n.gettext("Enterprises") == "企业"
    assert i18n.gettext("%(n)s days", n=3) == "3 天"
