"""The gist of a demand in the reader's language, for suppliers who do not read the buyer's: the
glossary concepts its text names (wig, lace, human hair, body wave… in the text's own words in any of
the glossary's languages) and its size specifications ("13x4"), in the order written, rendered as the
matching reasons render them."""

from __future__ import annotations

import re
from functools import lru_cache

from chuhai.matching.glossary import is_concept_token
from chuhai.matching.reasons import render_terms
from chuhai.matching.tokenizer import Tokenizer

SIZE_SPEC = re.compile(r"\d+(?:\.\d+)?x\d+(?:\.\d+)?")
MAX_POINTS = 8


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    return Tokenizer()


@lru_cache(maxsize=4096)
def demand_gist(text: str, locale: str = "en") -> tuple[str, ...]:
    """Up to MAX_POINTS key terms of `text` in `locale` ("zh…" or anything else for English); empty when
    the text names nothing the glossary knows."""
    points: list[str] = []
    for token in _tokenizer()(text):
        if (is_concept_token(token) or SIZE_SPEC.fullmatch(token)) and token not in points:
            points.append(token)
    language = "zh" if locale.lower().startswith("zh") else "en"
    return tuple(render_terms(points[:MAX_POINTS], language))
