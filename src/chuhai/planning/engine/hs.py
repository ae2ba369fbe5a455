"""HS 2022 six-digit code suggestion from a product title or description in Chinese or English.

Lexical and offline: BM25 over the real nomenclature (subheading, heading and chapter texts),
plus a Chinese↔English glossary that maps trade words to chapters, headings and subheadings.
A Chinese title is understood through the glossary (longest-match on its terms), an English one
through both the glossary and the nomenclature's own words.

On top of that lexical evidence (`_lexical`), `suggest_item` reads a listing as a broker does (issue 17): the head
article of the title decides the heading (`hs_articles.ARTICLES`, with the GRI and chapter notes built into their
codes), the facts the listing states (material, gender, knitted or woven, electric; from its text, category and
attributes) pick the subheading, confirmed products of the platform are nearest-neighbour evidence
(`EvidenceIndex`), and when the leading candidates differ by one fact the text does not give, the answer carries
that question (`Question`). Character trigrams over headings and article words keep the answer non-empty.
Marketplace feeds (issue 17 §1): in a long keyword title the first made-up article is the product and words of
matter before it are modifiers ("candy color case"); what follows "for"/"compatible"/"fits" is what it serves;
the leaf of the category path stands in for a title that names no article; of the feed's attributes only the
facts count (brand, origin, sizes and the materials of other parts are left out), and count double.
Measured by bench/planning/hs_listings.py (held-out listings first; `--set marketplace` for the feed set).

The nomenclature ships in `planning/data/hs2022/` (UN Comtrade HS 2022 via datahub, PDDL 1.0;
see SOURCE.md there) and is read through `chuhai.planning.engine.nomenclature`, which the catalog's HS
validation uses too.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import Stemmer

from chuhai.planning.engine.hs_articles import ARTICLES, FACTS
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
        # marketplace noise: selling words, not the goods
        "shipping",
        "free",
        "sale",
        "hot",
        "arrival",
        "arrivals",
        "wholesale",
        "dropshipping",
        "promotion",
        "discount",
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
        for length in (2, 4, 5, 6):
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


def _lexical(text: str) -> dict[str, float]:
    """The glossary + nomenclature BM25 evidence (the suggester before issue 17): six-digit code → score."""
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
        return {}
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
    return dict(total)


# ---------------------------------------------------------------- issue 17: article first, questions, evidence

W_HEAD_ARTICLE = 1.5  # × the best lexical score: the head article outweighs any lexical match plus a side article
W_OTHER_ARTICLE = 0.35  # an article word elsewhere in the title (what it fits, what it holds) counts far less
W_CATEGORY_ARTICLE = 0.6  # an article named by the listing's category path
W_FACT = 0.25  # a stated fact (material, gender, knitted…) matched by the subheading's own words
W_RESIDUAL = 0.02  # within a heading, "other" wins a tie: a broker's default when no specific fact applies
W_EVIDENCE = 2.5  # × similarity: a confirmed product this close outweighs the words of the title
EVIDENCE_MIN_SIMILARITY = 0.35
# An operator's correction outweighs an enterprise's own confirmation of another code for a near-identical title
EVIDENCE_CORRECTED_WEIGHT = 1.25
FACT_CANDIDATES = 150  # how many leading codes the stated facts may re-order
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_POWERED = frozenset(["powered", "operated", "driven"])
_PACKING = re.compile(r"^\d+(?:[.,]\d+)?(?:kg|g|l|ml|lb|lbs|oz|pcs|x)?$")
_SPLIT_EN = re.compile(r",|;|\(|\s-\s|\s–\s|\|| for | with | in | compatible | fits? ")
# "PU leather", 人造革: plastics sheeting for the nomenclature (4202's outer surface), not leather
_PLASTIC_LEATHER = re.compile(r"\b(?:pu|pvc|faux|vegan|synthetic|artificial)[ -]leather\b|人造革|pu皮|PU皮|仿皮", re.I)
_RU_WORD = re.compile(r"[а-яё-]+")
_RU_ADJECTIVE = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ую|юю|ых|их)$")
_SPLIT_ZH = re.compile(r"[\s,，;；/|、()（）【】\[\]]+")


@dataclass(frozen=True)
class Evidence:
    """A product of the platform whose HS code an enterprise confirmed or an operator corrected; `weight`
    scales its similarity (EVIDENCE_CORRECTED_WEIGHT for an operator's correction)."""

    text: str
    code: str
    weight: float = 1.0


@dataclass(frozen=True)
class Question:
    """One fact the text does not give that separates the best candidates: `fact` (a key of hs_articles.FACTS)
    and, per answer, the candidate codes it leads to."""

    fact: str
    options: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Answer:
    suggestions: list[dict]
    question: Question | None = None


def _words(text: str) -> list[str]:
    """Lower-case Latin words with a plural s dropped (shoes → shoe), for article phrases; no stemming
    (a stemmer makes "coated" a coat)."""
    out = []
    for w in _LATIN_WORD.findall(text.lower().replace("'s", "")):
        if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
            w = w[:-2]  # brushes, watches, glasses, boxes
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out


@lru_cache(maxsize=1)
def _articles_index() -> tuple[list[tuple[list[str], int]], list[tuple[str, int]], list[tuple[str, int]]]:
    en, zh, other = [], [], []
    for i, (_codes, zh_terms, en_terms, es_terms, ru_terms) in enumerate(ARTICLES):
        en += [(_words(t), i) for t in en_terms]
        zh += [(t.lower(), i) for t in zh_terms]
        other += [(t.lower(), i) for t in es_terms + ru_terms]
    en.sort(key=lambda x: -len(x[0]))
    zh.sort(key=lambda x: -len(x[0]))
    other.sort(key=lambda x: -len(x[0]))
    return en, zh, other


@lru_cache(maxsize=1)
def _en_by_first_word() -> dict[str, list[tuple[list[str], int]]]:
    out: dict[str, list[tuple[list[str], int]]] = defaultdict(list)
    for phrase, entry in _articles_index()[0]:
        if phrase:
            out[phrase[0]].append((phrase, entry))
    return dict(out)


def _article_hits(text: str) -> dict[int, float]:
    """Article types named in `text` → weight: W_HEAD_ARTICLE for the head noun, W_OTHER_ARTICLE for the others.

    The head: in English the rightmost article phrase of the first segment (before "for", "with", a comma —
    "diesel engine glow plug for Toyota" is a glow plug); in Chinese the last article of the first chunk that has
    one (不锈钢电热水壶 is a 水壶); in Spanish and Russian the first (camisa de lino, масло подсолнечное). A word
    right after a quantity ("5kg bag") is packing, not the article."""
    # Long: the three scripts' head rules read one text in one pass over shared indexes; split apart they
    # would each re-scan the text and re-derive the same segment positions.
    _en_terms, zh_terms, other_terms = _articles_index()
    hits: dict[int, float] = {}
    low = text.lower()
    # English: phrases over words, longest first, no overlaps; position = (segment, end word)
    segments = _SPLIT_EN.split(low)
    best_head: tuple[int, int, int, int] | None = None  # (segment, matter?, place, entry): smallest wins
    matched: dict[tuple[int, int, int, int], int] = {}  # a head candidate → the characters its words matched
    by_first = _en_by_first_word()
    for seg_no, segment in enumerate(segments):
        words = _words(segment)
        found = [
            (len(phrase), start, entry)
            for start, word in enumerate(words)
            if not (start > 0 and _PACKING.match(words[start - 1]))
            for phrase, entry in by_first.get(word, ())
            if words[start : start + len(phrase)] == phrase
            # "battery powered", "solar operated": the power source, not an article
            and (start + len(phrase) >= len(words) or words[start + len(phrase)] not in _POWERED)
        ]
        taken = [False] * len(words)
        kept = []
        for n, start, entry in sorted(found, key=lambda f: (-f[0], f[1])):  # longest first, no overlaps
            if any(taken[start : start + n]):
                continue
            for k in range(start, start + n):
                taken[k] = True
            kept.append((start, n, entry))
            hits[entry] = max(hits.get(entry, 0.0), W_OTHER_ARTICLE)
            key = (seg_no, *_head_rank(entry, start, n, len(words)), entry)
            matched[key] = sum(len(w) for w in words[start : start + n])
            if best_head is None or key < best_head:
                best_head = key
        if best_head is not None and best_head[0] == seg_no and len(words) > HEAD_FIRST_WORDS:
            best_head = _accessory_after(best_head, kept)
            s, n = next((s, n) for s, n, e in kept if (s, e) == best_head[2:])
            matched[best_head] = sum(len(w) for w in words[s : s + n])
    # Chinese: longest terms first, no overlaps, per chunk
    for chunk_no, chunk in enumerate(c for c in _SPLIT_ZH.split(low) if c):
        if not _CJK.search(chunk) and not any(t.isascii() and t in chunk for t, _ in zh_terms[:0]):
            continue
        taken = [False] * len(chunk)
        for term, entry in zh_terms:
            start = chunk.find(term)
            if start == -1 or any(taken[start : start + len(term)]):
                continue
            for k in range(start, start + len(term)):
                taken[k] = True
            hits[entry] = max(hits.get(entry, 0.0), W_OTHER_ARTICLE)
            key = (len(segments) + chunk_no, 0, -(start + len(term)), entry)
            matched[key] = len(term)
            if best_head is None or key < best_head:
                best_head = key
    # Spanish, Russian: word-start prefixes, the leftmost is the head
    first: tuple[int, int, int, int, int] | None = None  # (adjective?, matter?, start, -length, entry): smallest wins
    first_len = 0
    for term, entry in other_terms:
        start = _word_start(low, term)
        if start != -1:
            hits[entry] = max(hits.get(entry, 0.0), W_OTHER_ARTICLE)
            # a Russian adjective made from the noun (апельсиновый сок) describes the article, it is not one
            word = _RU_WORD.match(low, start)
            word = word.group() if word else ""
            adjective = int(len(word) > len(term) + 2 and bool(_RU_ADJECTIVE.search(word)))
            # a word of matter ("recubrimiento granito") is the head only when no made-up article is named
            matter = int(entry in _matter_entries())
            key = (adjective, matter, start, -len(term), entry)  # at the same place the longer term (ножницы, not нож)
            if first is None or key < first:
                first, first_len = key, len(term)
    en_len = matched.get(best_head, 0)
    if first is not None and not first[0] and (best_head is None or first_len > en_len):
        hits[first[4]] = W_HEAD_ARTICLE
    elif best_head is not None:
        hits[best_head[3]] = W_HEAD_ARTICLE
    elif first is not None:
        hits[first[4]] = W_HEAD_ARTICLE
    return hits


# Chapters of goods that are what they are made of (foodstuffs, minerals, chemicals, plastics and rubber in bulk,
# pulp, textile fibres, yarns and fabrics, stone, semi-finished metals) and common fasteners: in a marketplace title
# their words are mostly modifiers of the article ("candy color case", "juice cup", "granite coating pan",
# "diesel engine glow plug"), so a made-up article in the same segment is the head before them.
_MATTER_CHAPTERS = frozenset([*range(1, 30), 31, 47, *range(50, 57), 68, 72, *range(74, 82)])
_MATTER_HEADINGS = frozenset(
    [*(str(h) for h in range(3901, 3917)), *(str(h) for h in range(4001, 4011)), "7317", "7318"]
)
_NOT_MATTER = frozenset(["2106"])  # food preparations n.e.c.: supplements, protein bars are sold as articles
HEAD_FIRST_WORDS = 5  # a title longer than this is a keyword list: its first article names the product
# Accessories, tools, containers and parts, named after what they serve ("phone case", "makeup brush", "drone battery")
ACCESSORY_HEADINGS = frozenset(
    [
        "4202",
        "9603",
        "9113",
        "9002",
        "8421",
        "6304",
        "4201",
        "8512",
        "3926",
        "7007",
        "8544",
        "9620",
        "8524",
        "8504",
        "8507",
        "8302",
    ]
)


@lru_cache(maxsize=1)
def _matter_entries() -> frozenset[int]:
    return frozenset(
        i
        for i, (codes, *_terms) in enumerate(ARTICLES)
        if (int(codes[0][:2]) in _MATTER_CHAPTERS or codes[0][:4] in _MATTER_HEADINGS)
        and codes[0][:4] not in _NOT_MATTER
    )


def _head_rank(entry: int, start: int, n: int, length: int) -> tuple[int, int]:
    """Rank of an English article phrase as the head of its segment (smaller wins): a made-up article before a
    word of matter; in a short phrase the rightmost ("diesel engine glow plug", "women trousers"), in a long
    keyword-stuffed title the first ("Portable Blender USB Mini Juicer Cup ... Travel Bottle" is a blender)."""
    matter = int(entry in _matter_entries())
    return (matter, start if length > HEAD_FIRST_WORDS else -(start + n))


def _accessory_after(head: tuple[int, int, int, int], kept: list[tuple[int, int, int]]) -> tuple[int, int, int, int]:
    """In a long title the first article is the head unless an accessory, tool or container follows it within
    one word: "eyeshadow blending brush", "travel jewellery box", "car oil filter" name what they serve first."""
    start, n = next((s, k) for s, k, e in kept if e == head[3] and s == head[2])
    after = [(s, e) for s, _k, e in kept if start + n <= s <= start + n + 1 and e in _accessory_entries()]
    if not after:
        return head
    s, entry = min(after)
    return (head[0], 0, s, entry)


@lru_cache(maxsize=1)
def _accessory_entries() -> frozenset[int]:
    return frozenset(i for i, (codes, *_terms) in enumerate(ARTICLES) if codes[0][:4] in ACCESSORY_HEADINGS)


def _word_start(low: str, term: str) -> int:
    """Where `term` starts a word of `low` (-1 if nowhere). Terms are prefixes (camiseta → camisetas), but a
    short Latin one must be the whole word or its plural: Spanish "sal" is not the "sale" of "Hot Sale"."""
    start = low.find(term)
    while start != -1:
        end = start + len(term)
        whole = len(term) > 4 or not term.isascii() or re.match(r"(?:e?s)?(?![a-z])", low[end:]) is not None
        if (start == 0 or not low[start - 1].isalpha()) and whole:
            return start
        start = low.find(term, start + 1)
    return -1


# "18K gold plated", "silver tone": the colour or plating of base metal, not precious metal (note 9 to ch. 71)
_PLATED = re.compile(
    r"\b(?:\d{1,2}\s?k\s+)?(?:rose |white |yellow )?(?:gold|silver|platinum|rhodium)\s?[- ]?(?:plated|plating|filled|"
    r"tone|colou?r(?:ed)?)\b",
    re.I,
)
# A hallmark (925, 14K) states the precious metal even when the listing also names a plating
_PRECEDENCE = {"metal": ("silver", "gold")}


# A fact that is a subheading's whole criterion against near-identical texts: "photovoltaic" (9405.41) is one
# word among LED luminaires' descriptions, so the lexical evidence never separates them
_FACT_WEIGHT = {"pv": 2.0}
# What a broker assumes when the listing does not say: footwear is not sports footwear unless a sport is named,
# does not cover the ankle unless it is a boot, and has rubber or plastics soles unless leather ones are named
_DEFAULT_ANSWERS = {"sport": "other", "ski": "other", "ankle": "low", "sole": "rubber"}


def _stated_facts(text: str) -> dict[str, set[str]]:
    """Which answers of each fact the listing states (a word of that answer occurs in it)."""
    low = _PLATED.sub(" plated ", text.lower())
    latin = set(_LATIN_WORD.findall(low))
    stated: dict[str, set[str]] = {}
    for fact, answers in FACTS:
        for answer, words, _desc in answers:
            for w in words:
                found = (w in latin) if (w.isascii() and w.isalpha() and len(w) <= 6) else (w in low)
                if found:
                    stated.setdefault(fact, set()).add(answer)
                    break
    for fact, first in _PRECEDENCE.items():
        if stated.get(fact, set()) & set(first):
            stated[fact] &= set(first)
    return stated


@lru_cache(maxsize=16)
def _longest_marks_first(answer_names: tuple[str, ...]) -> list:
    answers = next(a for _f, a in FACTS if tuple(x[0] for x in a) == answer_names)
    return sorted(answers, key=lambda a: -max(len(m) for m in a[2]))


def _description_answer(fact_answers, description: str) -> str | None:
    desc = description.lower()
    # the negative phrasing first: "not knitted or crocheted" also contains "knitted or crocheted"
    for answer, _, marks in _longest_marks_first(tuple(a[0] for a in fact_answers)):
        if any(m in desc for m in marks):
            return answer
    return None


def _grams(text: str) -> frozenset[str]:
    """Words and Chinese character pairs of a text: what two listings of the same product share."""
    low = text.lower()
    out = set(_words(low))
    cjk = [ch if _CJK.match(ch) else " " for ch in low]
    out |= {cjk[i] + cjk[i + 1] for i in range(len(cjk) - 1) if cjk[i] != " " and cjk[i + 1] != " "}
    return frozenset(out)


class EvidenceIndex:
    """Confirmed products, indexed by their words and character pairs for nearest-neighbour look-ups (Jaccard)."""

    def __init__(self, evidence: list[Evidence]):
        self.items = [(e.code, _grams(e.text), e.weight) for e in evidence if e.text and is_valid_hs6(e.code)]
        postings: dict[str, list[int]] = defaultdict(list)
        for i, (_code, grams, _weight) in enumerate(self.items):
            for g in grams:
                postings[g].append(i)
        self.postings = dict(postings)

    def __len__(self) -> int:
        return len(self.items)

    def scores(self, text: str) -> dict[str, float]:
        """Code → weighted similarity of the nearest confirmed product with that code (similarity at least
        EVIDENCE_MIN_SIMILARITY)."""
        mine = _grams(text)
        shared: Counter = Counter()
        for g in mine:
            shared.update(self.postings.get(g, ()))
        found: dict[str, float] = {}
        for i, inter in shared.items():
            code, theirs, weight = self.items[i]
            sim = inter / (len(mine) + len(theirs) - inter)
            if sim >= EVIDENCE_MIN_SIMILARITY:
                found[code] = max(found.get(code, 0.0), sim * weight)
        return found


@lru_cache(maxsize=1)
def _trigram_index() -> _BM25:
    """Character trigrams of the headings' texts and of every article and glossary word (all languages): the
    fallback that keeps an answer non-empty for words nothing else knows."""
    docs: dict[str, list[str]] = defaultdict(list)
    for code, text in hs_nomenclature(4).items():
        docs[code] += _trigrams(text)
    for codes, zh_terms, en_terms, es_terms, ru_terms in ARTICLES:
        docs[codes[0][:4]] += [g for t in zh_terms + en_terms + es_terms + ru_terms for g in _trigrams(t)]
    for term in glossary()["terms"]:
        docs[term["codes"][0][:4]] += [g for t in [*term["zh"], term["en"]] for g in _trigrams(t)]
    return _BM25({k: v for k, v in docs.items() if len(k) == 4})


def _trigrams(text: str) -> list[str]:
    low = " " + re.sub(r"\s+", " ", text.lower()) + " "
    return (
        [low[i : i + 3] for i in range(len(low) - 2) if low[i : i + 3].strip()]
        + [low[i : i + 2] for i in range(len(low) - 1) if _CJK.match(low[i]) and _CJK.match(low[i + 1])]
        + [ch for ch in low if _CJK.match(ch)]  # single characters: the last resort for Chinese
    )


def _question(ranked: list[tuple[str, float]], stated: dict[str, set[str]]) -> Question | None:
    """The first fact the listing does not state (`stated`: `_stated_facts` of it) whose answers split the leading
    candidates, the best among them."""
    if not ranked:
        return None
    lead = [code for code, score in ranked[:12] if score >= 0.5 * ranked[0][1]]
    for fact, answers in FACTS:
        if stated.get(fact) or fact not in ASKED_FACTS:
            continue
        groups: dict[str, list[str]] = {}
        for code in lead:
            answer = _code_answers(code).get(fact)
            if answer is not None:
                groups.setdefault(answer, []).append(code)
        if fact in _code_answers(lead[0]) and len(groups) >= 2:
            order = [a for a, _w, _d in answers if a in groups]
            return Question(fact, tuple((a, tuple(groups[a][:3])) for a in order))
    return None


# The facts a question may ask (the platform has their texts: planning/texts.py HS_QUESTIONS, HS_ANSWERS); the
# broker's assumptions for footwear (sport, ski, ankle, sole) and the photovoltaic fact only re-order candidates
ASKED_FACTS = frozenset(
    ["knit", "gender", "material", "power", "upper", "metal", "made_of", "surface", "hair", "display"]
)
W_SERVED_ARTICLE = 0.7  # an article named only after "for" ("instant film for Polaroid camera")
W_TAIL_LEXICAL = 0.3  # the lexical evidence of what the listing serves ("for iPhone", "compatible with …")
_SERVES_EN = re.compile(r"\s(?:for|compatible|fits?|suitable|replacement for)\s", re.I)
_SERVES = re.compile(
    r"\s(?:for|compatible|fits?|suitable|replacement for|para|compatible con|для|совместим\w*)\s|适用|适配|专用", re.I
)
# Attribute keys that are not facts about the article: brand, origin, counts and sizes, model numbers, and the
# parts of another material (a shoe's lining, a belt's buckle, a knife's handle, a jacket's filling)
_NOISE_ATTRIBUTE = re.compile(
    r"brand|marca|бренд|品牌|origin|产地|^cn$|quantit|pieces|piezas|количеств|数量|size|length|长度|width|diameter|"
    r"thickness|weight|capacity|volume|容量|oe |oe$|number|货号|model|compatib|совместим|lining|"
    r"filling|buckle|handle|case material|heel|closure|certif|认证",
    re.I,
)


_SOLE_ATTRIBUTE = re.compile(r"outsole|\bsole\b|suela|\bsola\b|подошв|鞋底", re.I)


def _attribute_facts(attributes: dict | None) -> str:
    """The values of a feed's attributes that state facts about the article (material, gender, fabric, upper…);
    brand, origin, counts, sizes and the materials of its other parts are left out, a sole's is read as a sole."""
    out = []
    for key, value in (attributes or {}).items():
        if isinstance(value, list | tuple):  # feeds give several values as a list: "Material": ["Cotton", "Spandex"]
            value = " ".join(str(v) for v in value if isinstance(v, str | int | float))
        if not isinstance(value, str | int | float) or _NOISE_ATTRIBUTE.search(str(key).strip()):
            continue
        value = str(value)
        if "noenname" in value.lower():
            continue
        # a sole's material is a fact about the sole, not about the article ("Outsole Material: Rubber")
        out.append(f"{value} sole" if _SOLE_ATTRIBUTE.search(str(key)) else value)
    return " ".join(out)


def _category_hits(category: str) -> dict[int, float]:
    """Articles named by a category path: the most specific level that names one (the leaf, usually) counts
    W_CATEGORY_ARTICLE × the head weight, the higher levels as side articles."""
    levels = [lvl.strip() for lvl in re.split(r">|/|›|»|\\", category) if lvl.strip()]
    hits: dict[int, float] = {}
    for level in reversed(levels):
        specific = not hits
        for entry, weight in _article_hits(level).items():
            w = W_CATEGORY_ARTICLE * (weight if specific else W_OTHER_ARTICLE)
            hits[entry] = max(hits.get(entry, 0.0), w)
    return hits


# An article's first code is the usual one; the others count less, in the order the lexicon gives them
_RANK_SHARE = (1.0, 0.85, 0.75, 0.65)


def _own_lexical(text: str, attrs: str, full: str) -> dict[str, float]:
    """Lexical evidence: the words before "for", "compatible", "fits" say what it is, those after it what it
    serves (counted W_TAIL_LEXICAL)."""
    own = _SERVES.split(text, maxsplit=1)[0] if text else ""
    if not own or own == text:
        return _lexical(full)
    lexical = _lexical(" ".join(t for t in (own, attrs) if t))
    for code, s in _lexical(full).items():
        lexical[code] = lexical.get(code, 0.0) + W_TAIL_LEXICAL * s
    return lexical


def _listing_articles(text: str, full: str, category: str | None) -> dict[int, float]:
    """Article types of the title (its head before "for") and of the category path → weight."""
    own_en = _SERVES_EN.split(text, maxsplit=1)[0] if text else ""
    hits = _article_hits(own_en or full)
    if own_en and own_en != text and W_HEAD_ARTICLE not in hits.values():
        # nothing in the words before "for": the article named after it is what it serves as often as what it is
        hits = {e: (W_SERVED_ARTICLE if w == W_HEAD_ARTICLE else w) for e, w in _article_hits(text).items()}
    if category:
        # a title that names no article leaves the category to say what it is
        stand_in = 1.0 / W_CATEGORY_ARTICLE if W_HEAD_ARTICLE not in hits.values() else 1.0
        for entry, weight in _category_hits(category).items():
            hits[entry] = max(hits.get(entry, 0.0), weight * (stand_in if weight >= W_CATEGORY_ARTICLE else 1.0))
    return hits


@lru_cache(maxsize=8192)
def _code_answers(code: str) -> dict[str, str]:
    """The answer of every fact that a subheading's own description gives."""
    desc = hs6_codes()[code].lower()
    return {fact: a for fact, answers in FACTS if (a := _description_answer(answers, desc)) is not None}


def _apply_facts(total: dict[str, float], scale: float, stated: dict, told: dict) -> None:
    """Stated facts and the residual re-order the leaders: a stated fact is worth W_FACT (twice when the feed's
    attributes state it, `told`), far less than an article; a fact stated one way only (Gender: WOMEN) counts
    against the subheadings of its other answers, and so does a broker's assumption (_DEFAULT_ANSWERS) when the
    listing says nothing; within a heading "other" wins a tie (W_RESIDUAL)."""
    for code in heapq.nlargest(FACT_CANDIDATES, total, key=total.__getitem__):
        code_answers = _code_answers(code)
        for fact, _answers in FACTS:
            said = told.get(fact) or stated.get(fact)
            answer = code_answers.get(fact)
            if not said:
                # an assumed answer only counts against the subheadings that say otherwise
                if fact in _DEFAULT_ANSWERS and answer not in (None, _DEFAULT_ANSWERS[fact]):
                    total[code] -= W_FACT * scale
                continue
            if answer in said:
                total[code] += W_FACT * scale * (2.0 if fact in told else 1.0) * _FACT_WEIGHT.get(fact, 1.0)
            elif answer is not None and len(said) == 1:
                total[code] -= W_FACT * scale * _FACT_WEIGHT.get(fact, 1.0)
        if code.endswith("90") or code.endswith("99") or "n.e.c" in hs6_codes()[code].lower():
            total[code] += W_RESIDUAL * scale


def suggest_item(
    text: str,
    top: int = 5,
    category: str | None = None,
    attributes: dict | None = None,
    evidence: EvidenceIndex | list[Evidence] | None = None,
) -> Answer:
    """Six-digit HS 2022 codes for a listing, best first, and the question that would separate the leading ones.

    Evidence, in order of weight: the confirmed products of the platform nearest to the text (`evidence`), the
    head article of the title (hs_articles: the article before its material), the listing's category, the
    glossary and nomenclature words (BM25) with the stated facts (material, gender, knitted or woven, electric),
    and, when none of those knows a word, character trigrams over headings and article words in any language —
    so a product description never gets an empty answer."""
    text = _PLASTIC_LEATHER.sub(" plastic sheeting ", (text or "").strip())
    attrs = _PLASTIC_LEATHER.sub(" plastic sheeting ", _attribute_facts(attributes))
    full = " ".join(t for t in (text, attrs) if t)
    if not full:
        return Answer([])
    lexical = _own_lexical(text, attrs, full)
    total = dict(lexical)
    scale = max(lexical.values(), default=0.0) or 10.0
    index = _index()
    for entry, weight in _listing_articles(text, full, category).items():
        for rank, prefix in enumerate(ARTICLES[entry][0]):
            for code in index.under.get(prefix, ()):
                total[code] = total.get(code, 0.0) + scale * weight * _RANK_SHARE[min(rank, len(_RANK_SHARE) - 1)]
    if not total:
        for heading, s in _trigram_index().scores(Counter(_trigrams(full))).items():
            for code in index.under.get(heading, ()):
                total[code] = max(total.get(code, 0.0), s)
        scale = max(total.values(), default=0.0) or 1.0
    if evidence is not None and not isinstance(evidence, EvidenceIndex):
        evidence = EvidenceIndex(evidence)
    for code, sim in (evidence.scores(full) if evidence else {}).items():
        total[code] = total.get(code, 0.0) + W_EVIDENCE * scale * sim
    nomen = hs6_codes()
    stated = _stated_facts(" ".join((full, category or "")))
    _apply_facts(total, scale, stated, _stated_facts(attrs) if attrs else {})
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    suggestions = [
        {"code": code, "description": nomen[code], "score": round(score / scale, 4)} for code, score in ranked[:top]
    ]
    return Answer(suggestions, _question(ranked, stated))


def suggest(text: str, top: int = 5, evidence: EvidenceIndex | list[Evidence] | None = None) -> list[dict]:
    """Top `top` six-digit HS 2022 codes for a product text: [{"code", "description", "score"}], best first."""
    return suggest_item(text, top=top, evidence=evidence).suggestions
