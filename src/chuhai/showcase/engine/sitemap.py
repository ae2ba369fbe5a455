"""The sitemap document (sitemaps.org 0.9) with each page's language versions as hreflang alternates
(Google's `xhtml:link` extension)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import quoteattr

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000  # the protocol's limit per file


@dataclass(frozen=True)
class Entry:
    loc: str  # the absolute URL
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute URL), x-default included
    lastmod: date | None = None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sitemap_xml(entries: Iterable[Entry]) -> str:
    """The document; at most MAX_URLS entries (the rest are left out)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
             f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n']
    for count, entry in enumerate(entries):
        if count >= MAX_URLS:
            break
        parts.append(f"<url><loc>{_escape(entry.loc)}</loc>")
        if entry.lastmod:
            parts.append(f"<lastmod>{entry.lastmod.isoformat()}</lastmod>")
        for hreflang, href in entry.alternates:
            parts.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(href)}/>')
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)
