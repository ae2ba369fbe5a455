"""An e-mail's text and HTML bodies from Jinja templates (`templates/mail/email/`), in the current locale.

The templates hold layout only: every sentence is translated here (or by the producer's message ids) and
passed in, so the catalogs' extraction and coverage test see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates" / "mail" / "email"


@dataclass(frozen=True)
class Bodies:
    text: str
    html: str


@lru_cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(template: str, **context: object) -> Bodies:
    """`template`.txt and `template`.html with the same context."""
    env = _environment()
    return Bodies(text=env.get_template(f"{template}.txt").render(**context),
                  html=env.get_template(f"{template}.html").render(**context))
