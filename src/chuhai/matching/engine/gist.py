"""The gist of a demand in the reader's language, for suppliers who do not read the buyer's: the
glossary concepts its text names (wig, lace, human hair, body wave… in the text's own words in any of
the glossary's languages) and its size specifications ("13x4"), in the order written, shown by their
glossary labels as the matching reasons show them."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from chuhai.matching.engine.glossary import LANGUAGES, is_concept_token, render_terms
from chuhai.matching.engine.tokenizer import Tokenizer

SIZE_SPEC = re.compile(r"\d+(?:\.\d+)?x\d+(?:\.\d+)?")
MAX_POINTS = 8


@lru_cache(maxsize=4)
def _tokenizer(cache_dir: str | Path | None) -> Tokenizer:
    return Tokenizer(cache_dir=cache_dir)


def gist_terms(text: str, cache_dir: str | Path | None = None) -> tuple[str, ...]:
    """Up to MAX_POINTS key terms of `text` as tokens: concept tokens ("~wig") and size specs, in the
    order written. `cache_dir`: the tokenizer's (see `tokenizer.Tokenizer`)."""
    points: list[str] = []
    for token in _tokenizer(cache_dir)(text):
        if (is_concept_token(token) or SIZE_SPEC.fullmatch(token)) and token not in points:
            points.append(token)
    return tuple(points[:MAX_POINTS])


@lru_cache(maxsize=4096)
def demand_gist(text: str, locale: str = "en", cache_dir: str | Path | None = None) -> tuple[str, ...]:
    """`gist_terms` by their glossary labels in `locale` ("zh_CN", "es", "ru"…: a language of the glossary,
    else English); empty when the text names nothing the glossary knows."""
    language = locale.lower()[:2]
    language = language if language in LANGUAGES else "en"
    return tuple(render_terms(gist_terms(text, cache_dir), language))
