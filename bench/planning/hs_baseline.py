"""FROZEN COPY of chuhai.planning.engine.hs as of commit 5064549 (before the listings work): the anchor the
HS benchmark runs in the same process as the current suggester. Do not edit.

HS 2022 six-digit code suggestion from a product title or description in Chinese or English.

Lexical and offline: BM25 over the real nomenclature (subheading, heading and chapter texts),
plus a Chinese↔English glossary that maps trade words to chapters, headings and subheadings.
A Chinese title is understood through the glossary (longest-match on its terms), an English one
through both the glossary and the nomenclature's own words.

The nomenclature ships in `planning/data/hs2022/` (UN Comtrade HS 2022 via datahub, PDDL 1.0;
see SOURCE.md there) and is read through `chuhai.planning.engine.nomenclature`, which the catalog's HS
validation uses too.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import Stemmer

from chuhai.planning.engine.nomenclature import hs_nomenclature, is_valid_hs6

# Weights of the four evidence sources; chosen by a small grid on bench/planning/hs_labelled.jsonl (see the bench note).
W_SUBHEADING = 1.0
W_HEADING = 0.5
W_CHAPTER = 0.25
W_GLOSSARY = 3.0
ZH_TERM_SCORE = 10.0  # a matched Chinese glossary term counts like a strong BM25 hit
ZH_PARTIAL_SCORE = 4.0  # a term that only shares character pairs with the text counts less
K1, B = 1.2, 0.75

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "for",
        "with",
        "without",
        "in",
        "on",
        "to",
        "by",
        "as",
        "at",
        "from",
        "other",
        "than",
        "not",
        "whether",
        "nec",
        "n",
        "e",
        "c",
        "heading",
        "headings",
        "no",
        "kind",
        "kinds",
        "used",
        "use",
        "such",
        "its",
        "their",
        "thereof",
        "including",
        "excluding",
        "etc",
        "parts",
        "part",
        "articles",
        "article",
        "new",
        "set",
        "sets",
        "pcs",
        "pc",
        "piece",
        "pieces",
    ]
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _stemmer():
    return Stemmer.Stemmer("english")


def tokenize_en(text: str) -> list[str]:
    words = [
        w
        for w in _WORD.findall(text.lower().replace("'s", ""))
        if w not in STOPWORDS and not w.isdigit() and len(w) > 1
    ]
    return _stemmer().stemWords(words)


@lru_cache(maxsize=1)
def all_codes() -> dict[str, str]:
    """Every HS 2022 code of 2, 4 and 6 digits → its English description."""
    return {**hs_nomenclature(2), **hs_nomenclature(4), **hs_nomenclature(6)}


@lru_cache(maxsize=1)
def hs6_codes() -> dict[str, str]:
    """The six-digit subheadings that classify goods (chapter 99 is a statistical catch-all)."""
    return {code: text for code, text in hs_nomenclature(6).items() if is_valid_hs6(code)}


@lru_cache(maxsize=1)
def glossary() -> dict:
    path = resources.files("chuhai.planning") / "data" / "hs_glossary.json"
    return json.loads(path.read_text(encoding="utf-8"))


class _BM25:
    def __init__(self, docs: dict[str, list[str]]):
        self.keys = list(docs)
        self.lengths = [len(docs[k]) for k in self.keys]
        self.avg = sum(self.lengths) / max(len(self.lengths), 1)
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            for term, tf in Counter(docs[key]).items():
                postings[term].append((i, tf))
        n = len(self.keys)
        self.postings = dict(postings)
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}

    def scores(self, query: Counter) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for term, qtf in query.items():
            for i, tf in self.postings.get(term, ()):
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[i] / self.avg))
                out[self.keys[i]] += self.idf[term] * norm * qtf
        return out


@dataclass(frozen=True)
class _Index:
    sub: _BM25
    head: _BM25
    chap: _BM25
    gloss: _BM25
    entries: list[dict]
    zh_terms: list[tuple[str, int]]  # (term, entry index), longest first
    zh_pairs: dict[str, list[tuple[str, int]]]  # character pair → (term, entry index) containing it
    under: dict[str, list[str]]  # 2/4/6-digit prefix → six-digit codes


@lru_cache(maxsize=1)
def _index() -> _Index:
    nomen = all_codes()
    gl = glossary()
    sub = {c: tokenize_en(t) for c, t in hs6_codes().items()}
    head = {c: tokenize_en(t) for c, t in nomen.items() if len(c) == 4}
    chap = {
        c: tokenize_en(t + " " + " ".join(gl["chapters"].get(c, {}).get("terms_en", [])))
        for c, t in nomen.items()
        if len(c) == 2
    }
    entries = []
    for term in gl["terms"]:
        entries.append({"codes": term["codes"], "en": term["en"], "zh": term["zh"]})
    for code, chapter in gl["chapters"].items():
        entries.append(
            {
                "codes": [code],
                "en": " ".join(chapter["terms_en"]),
                "zh": [chapter["zh"], *chapter["terms_zh"]],
                "chapter": True,
            }
        )
    gloss = _BM25({str(i): tokenize_en(e["en"]) for i, e in enumerate(entries)})
    zh_terms = sorted({(t, i) for i, e in enumerate(entries) for t in e["zh"] if t}, key=lambda x: (-len(x[0]), x[1]))
    under: dict[str, list[str]] = defaultdict(list)
    for code in sub:
        for length in (2, 4, 6):
            under[code[:length]].append(code)
    zh_pairs: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for term, entry in zh_terms:
        for pair in {term[i : i + 2] for i in range(len(term) - 1)}:
            zh_pairs[pair].append((term, entry))
    return _Index(_BM25(sub), _BM25(head), _BM25(chap), gloss, entries, zh_terms, dict(zh_pairs), dict(under))


def _match_zh(text: str, index: _Index) -> list[tuple[int, str]]:
    """Glossary entries whose Chinese terms occur in `text`, longest terms first, without overlaps."""
    taken = [False] * len(text)
    hits = []
    for term, entry in index.zh_terms:
        start = text.find(term)
        while start != -1:
            span = range(start, start + len(term))
            if not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                hits.append((entry, term))
                break
            start = text.find(term, start + 1)
    # a term shared by several entries (e.g. 电吉他) matches them all
    matched_terms = {t for _, t in hits}
    extra = [(e, t) for t, e in index.zh_terms if t in matched_terms and (e, t) not in hits]
    return hits + extra, "".join(ch if not used else " " for ch, used in zip(text, taken, strict=True))


def _partial_zh(rest: str, index: _Index) -> dict[int, float]:
    """Entries sharing character pairs with the Chinese left unmatched (瑜伽裤 ~ 瑜伽服): share of the term's pairs."""
    pairs = {rest[i : i + 2] for i in range(len(rest) - 1) if _CJK.match(rest[i]) and _CJK.match(rest[i + 1])}
    found: dict[int, float] = {}
    for pair in pairs:
        for term, entry in index.zh_pairs.get(pair, ()):
            share = sum(term[i : i + 2] in pairs for i in range(len(term) - 1)) / (len(term) - 1)
            if share >= 0.5:
                found[entry] = max(found.get(entry, 0.0), share)
    return found


def suggest(text: str, top: int = 5) -> list[dict]:
    """Top `top` six-digit HS 2022 codes for a product text: [{"code", "description", "score"}], best first."""
    text = (text or "").strip()
    if not text:
        return []
    index = _index()
    query_tokens = tokenize_en(text)
    entry_scores: dict[int, float] = defaultdict(float)
    if _CJK.search(text):
        hits, rest = _match_zh(text, index)
        for entry, term in hits:
            weight = (
                ZH_TERM_SCORE
                * (0.35 if index.entries[entry].get("chapter") else 1.0)
                * min(1.0, 0.5 + 0.25 * len(term))
            )
            entry_scores[entry] = max(entry_scores[entry], weight)
        for entry, share in _partial_zh(rest, index).items():
            weight = ZH_PARTIAL_SCORE * share * (0.35 if index.entries[entry].get("chapter") else 1.0)
            entry_scores[entry] = max(entry_scores[entry], weight)
        for entry in list(entry_scores):
            query_tokens += tokenize_en(index.entries[entry]["en"])
    query = Counter(query_tokens)
    if not query and not entry_scores:
        return []
    for key, score in index.gloss.scores(Counter(tokenize_en(text))).items():
        entry_scores[int(key)] += score

    total: dict[str, float] = defaultdict(float)
    for code, s in index.sub.scores(query).items():
        total[code] += W_SUBHEADING * s
    for heading, s in index.head.scores(query).items():
        for code in index.under.get(heading, ()):
            total[code] += W_HEADING * s
    for chapter, s in index.chap.scores(query).items():
        for code in index.under.get(chapter, ()):
            total[code] += W_CHAPTER * s
    for entry, s in entry_scores.items():
        codes = index.entries[entry]["codes"]
        for rank, prefix in enumerate(codes):
            share = 1.0 if rank == 0 else 0.6
            for code in index.under.get(prefix, ()):
                bonus = W_GLOSSARY * s * share * (1.0 if len(prefix) == 6 else 0.8 if len(prefix) == 4 else 0.4)
                total[code] += bonus
    nomen = hs6_codes()
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [{"code": code, "description": nomen[code], "score": round(score, 4)} for code, score in ranked]
