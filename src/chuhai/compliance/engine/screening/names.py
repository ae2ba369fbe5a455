"""Names brought to comparable forms.

`normal` is the name in Latin letters (unidecode: Cyrillic and Greek transliterated, Chinese as pinyin
syllables), lower case, punctuation gone, legal-form words dropped; `folded` further merges spelling variants
of transliteration (ya/ia/ja, kh/h, ts/tz/c, doubled letters…) so "Iurii Shchukin" and "Yuriy Schukin" meet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from unidecode import unidecode

# Legal-form words in the scripts they are written in, dropped before transliteration (longest first).
_NATIVE_FORMS = sorted(
    (
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团公司",
        "集团",
        "公司",
        "株式会社",
        "有限会社",
        "주식회사",
        "общество с ограниченной ответственностью",
        "акционерное общество",
        "публичное акционерное общество",
        "закрытое акционерное общество",
        "открытое акционерное общество",
        "ооо",
        "оао",
        "зао",
        "пао",
        "ао",
        "ип",
        "тоо",
        "ао",
        "чп",
        "тов",
        "пат",
        "прат",
    ),
    key=len,
    reverse=True,
)
_CYR_FORMS = {f for f in _NATIVE_FORMS if re.fullmatch("[а-яё]{1,4}", f)}
# Chinese, Japanese and Korean forms anywhere; Cyrillic phrases as whole words (short ones word by word below:
# "ао" inside "Аркраов" is no legal form).
_NATIVE_RE = re.compile("|".join(
    rf"\b{re.escape(f)}\b" if "а" <= f[0] <= "я" else re.escape(f)
    for f in _NATIVE_FORMS if not f.isascii() and f not in _CYR_FORMS), re.IGNORECASE)

# Legal-form words once in Latin letters (after dots are removed: "S.A." -> "sa").
LEGAL_WORDS = frozenset(
    [
        "llc",
        "ltd",
        "limited",
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "sa",
        "sas",
        "sarl",
        "sarlu",
        "sasu",
        "spa",
        "srl",
        "sl",
        "slu",
        "bv",
        "nv",
        "vof",
        "plc",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "cie",
        "lda",
        "ltda",
        "eireli",
        "me",
        "epp",
        "ab",
        "oy",
        "oyj",
        "as",
        "asa",
        "aps",
        "sro",
        "spzoo",
        "zoo",
        "kft",
        "zrt",
        "nyrt",
        "doo",
        "dd",
        "ad",
        "ead",
        "ooo",
        "oao",
        "zao",
        "pao",
        "ao",
        "ip",
        "too",
        "chp",
        "tov",
        "pat",
        "prat",
        "jsc",
        "pjsc",
        "cjsc",
        "ojsc",
        "ojsc",
        "llp",
        "lp",
        "pte",
        "pty",
        "bhd",
        "sdn",
        "tbk",
        "pt",
        "cv",
        "fze",
        "fzco",
        "fzc",
        "fzllc",
        "dmcc",
        "wll",
        "kk",
        "yk",
        "gk",
        "jv",
        "se",
        "eg",
        "ev",
        "ptelimited",
    ]
)
# Multi-word legal forms (in Latin letters), dropped as phrases.
_LEGAL_PHRASES = [
    p.split()
    for p in sorted(
        (
            "limited liability company",
            "joint stock company",
            "public joint stock company",
            "closed joint stock company",
            "open joint stock company",
            "limited liability partnership",
            "sociedad anonima",
            "societe anonyme",
            "societe a responsabilite limitee",
            "sociedade anonima",
            "societa per azioni",
            "public limited company",
            "obshchestvo s ogranichennoi otvetstvennostiu",
            "aktsionernoe obshchestvo",
            "you xian gong si",
            "gu fen you xian gong si",
            "you xian ze ren gong si",
            "ji tuan",
            "gong si",
            "co ltd",
            "pte ltd",
            "pty ltd",
            "sdn bhd",
            "sp z oo",
            "sp zoo",
            "s de rl",
            "s de rl de cv",
            "sa de cv",
        ),
        key=len,
        reverse=True,
    )
]

_FOLDS = [
    ("shch", "sh"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("kh", "h"),
    ("tz", "c"),
    ("ts", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("w", "v"),
    ("x", "ks"),
    ("j", "i"),
    ("y", "i"),
    ("ie", "e"),
]
_DOUBLE = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class NameForm:
    raw: str
    normal: str  # Latin, lower case, no punctuation, legal forms dropped
    folded: str  # spelling variants merged; what the scores compare
    tokens: tuple[str, ...]  # folded tokens
    legal: frozenset[str]  # the legal-form words that were dropped
    latin: bool  # written in Latin letters (no transliteration needed)
    han: tuple[str, ...] = ()  # a Chinese name's own words in characters (its name, its trade), as tokens are


def _latin_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace(".", "").replace("'", "").replace("’", "").replace("`", "")
    text = unidecode(text).lower().replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


_LEGAL_ANAGRAMS = {"".join(sorted(w)) for w in LEGAL_WORDS if len(w) >= 3}


def _near_legal(word: str) -> bool:
    """One letter off a legal-form word of three letters or more (a swap, a wrong letter)."""
    if len(word) < 3 or len(word) > 8:
        return False
    if "".join(sorted(word)) in _LEGAL_ANAGRAMS:
        return True
    return any(len(w) == len(word) and sum(a != b for a, b in zip(w, word, strict=True)) == 1
               for w in LEGAL_WORDS if len(w) >= 4)


def fold_token(token: str) -> str:
    for a, b in _FOLDS:
        token = token.replace(a, b)
    return _DOUBLE.sub(r"\1", token)


def _drop_phrases(words: list[str], legal: set[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase in _LEGAL_PHRASES:
            if words[i : i + len(phrase)] == phrase and len(words) > len(phrase):
                legal.add(" ".join(phrase))
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def name_form(raw: str) -> NameForm:
    latin = all(
        not ch.isalpha() or ch.isascii() or unicodedata.category(ch) == "Mn" or "LATIN" in unicodedata.name(ch, "")
        for ch in raw
    )
    legal: set[str] = set()
    text = unicodedata.normalize("NFKC", raw)
    han = any(_is_han(ch) for ch in text)
    for mark in ".'’`":  # "S.A." is one word, "O'Neil" too
        text = text.replace(mark, "")
    # Native-script legal forms: Chinese/Japanese/Korean anywhere; Cyrillic abbreviations as whole words.
    text = _NATIVE_RE.sub(lambda m: (legal.add(m.group(0).lower()), " ")[1], text)
    han_parts: list[str] = []
    if han:
        text = (without_place(text.strip()) or [text])[0].strip()
        han_parts = [text]
        for trade in TRADES:
            if text.endswith(trade) and len(text) > len(trade) + 1:
                han_parts = [text[: -len(trade)], trade]
                break
    words_native = re.findall(r"\w+", text)
    kept = []
    for w in words_native:
        if w.lower() in _CYR_FORMS and len(words_native) > 1:
            legal.add(w.lower())
        else:
            kept.append(w)
    words = _latin_words(" ".join(kept))
    words = _drop_phrases(words, legal)
    if len(words) >= 3 and words[-1] not in LEGAL_WORDS and _near_legal(words[-1]):
        legal.add(words[-1])  # a typo in a trailing legal form ("GmHb", "Ldt", "JCS") is still the legal form
        words = words[:-1]
    content = [w for w in words if w not in LEGAL_WORDS]
    legal.update(w for w in words if w in LEGAL_WORDS)
    if not content:  # a name made only of legal words ("Company") keeps them
        content = words
    if han:  # pinyin syllables of one Chinese name are one word ("华茂" is "huamao", as firms write it abroad)
        content = [w for w in ("".join(_latin_words(part)) for part in han_parts) if w] or content
    folded_tokens = tuple(fold_token(w) for w in content)
    han_tokens = tuple(p for p in han_parts if p) if len(han_parts) == len(folded_tokens) else ()
    return NameForm(
        raw=raw,
        normal=" ".join(content),
        folded=" ".join(folded_tokens),
        tokens=folded_tokens,
        legal=frozenset(legal),
        latin=latin,
        han=han_tokens,
    )


# Chinese firms are often written abroad without the city or province that opens their registered name.
PLACES = tuple(
    sorted(
        (
            "北京",
            "上海",
            "天津",
            "重庆",
            "深圳",
            "广州",
            "东莞",
            "佛山",
            "义乌",
            "金华",
            "宁波",
            "杭州",
            "温州",
            "苏州",
            "无锡",
            "南京",
            "青岛",
            "济南",
            "厦门",
            "福州",
            "泉州",
            "武汉",
            "长沙",
            "成都",
            "西安",
            "郑州",
            "大连",
            "沈阳",
            "哈尔滨",
            "乌鲁木齐",
            "昆明",
            "南宁",
            "合肥",
            "南昌",
            "石家庄",
            "太原",
            "许昌",
            "香港",
            "广东",
            "浙江",
            "江苏",
            "山东",
            "福建",
            "河南",
            "河北",
            "湖南",
            "湖北",
            "四川",
            "辽宁",
            "新疆",
            "云南",
            "广西",
            "黑龙江",
            "中国",
        ),
        key=len,
        reverse=True,
    )
)


# What a Chinese firm's name says it does, after its own name ("华茂" + "电子"): a word of its own.
TRADES = tuple(
    sorted(
        (
            "进出口",
            "贸易",
            "国际贸易",
            "科技",
            "技术",
            "电子",
            "电子科技",
            "机械",
            "机械设备",
            "实业",
            "工贸",
            "商贸",
            "物流",
            "国际物流",
            "化工",
            "新材料",
            "材料",
            "能源",
            "控股",
            "国际",
            "汽车配件",
            "汽配",
            "发制品",
            "工艺品",
            "家具",
            "电器",
            "光电",
            "通讯",
            "通信",
            "信息技术",
            "网络科技",
            "生物科技",
            "医疗器械",
            "船舶",
            "航空",
            "钢铁",
            "金属",
            "矿业",
        ),
        key=len,
        reverse=True,
    )
)


def without_place(name: str) -> list[str]:
    """The name without its leading place (and "市"/"省"), if it opens with one; else nothing."""
    text = name.strip()
    for place in PLACES:
        if text.startswith(place):
            rest = text[len(place) :].lstrip("市省 ")
            return [rest] if len(rest) >= 2 else []
    return []
