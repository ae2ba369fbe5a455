"""The zh↔en (and es/ru/ja/id) domain glossary of the belts' vocabulary.

`glossary.csv` holds one concept per row (`concept,en,zh,es,ru,ja,id,de,fr,pt,ko`, synonyms
separated by `|`; the last four cover only the core product nouns).
The tokenizer replaces every glossary term it finds, in any language, by the concept's token, so
"假发", "wig", "peluca", "парик" and "ウィッグ" all index and query as the same token. Terms stay
short and unambiguous on purpose: a term that also means something else in another belt (粉 =
powder or pink, 机 = desk or machine) would pull in wrong products.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LANGUAGES = ("en", "zh", "es", "ru", "ja", "id", "de", "fr", "pt", "ko")
CONCEPT_PREFIX = "~"


@dataclass(frozen=True)
class Glossary:
    """Concepts and their terms per language, as written in the CSV (not yet normalised)."""

    terms: dict[str, dict[str, tuple[str, ...]]]

    @property
    def concepts(self) -> list[str]:
        return list(self.terms)

    def label(self, concept: str, locale: str = "en") -> str:
        """A concept's name in a language of the glossary (its first term there; English, else the
        concept, when the language has none): how reasons and gists show it ("matches: wig, lace")."""
        by_language = self.terms.get(concept, {})
        names = by_language.get(locale) or by_language.get("en") or (concept,)
        return names[0]


def concept_token(concept: str) -> str:
    return CONCEPT_PREFIX + concept


def is_concept_token(token: str) -> bool:
    return token.startswith(CONCEPT_PREFIX)


@lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    text = resources.files(__package__).joinpath("glossary.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    terms: dict[str, dict[str, tuple[str, ...]]] = {}
    for row in rows:
        concept = row["concept"].strip()
        terms[concept] = {
            language: tuple(t.strip() for t in (row.get(language) or "").split("|") if t.strip())
            for language in LANGUAGES
        }
    return Glossary(terms)


@lru_cache(maxsize=1)
def product_concept_tokens() -> frozenset[str]:
    """Tokens of the concepts that name a kind of product (`product_concepts.txt`); the other
    concepts are attributes (materials, styles, origins, makes)."""
    text = resources.files(__package__).joinpath("product_concepts.txt").read_text(encoding="utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return frozenset(concept_token(name) for name in names)


def render_terms(terms, language: str) -> list[str]:
    """Concept tokens ("~wig") as their glossary label in `language` ("zh", "en", …); other terms as
    written. Labels are the glossary's own multilingual data, not interface text."""
    glossary = load_glossary()
    return [glossary.label(t[len(CONCEPT_PREFIX):], language) if is_concept_token(t) else t for t in terms]
