"""A labelled screening set, generated (seeded), no internet:

- **entries**: companies in Latin letters ("Norvex Trading LLC"), in Cyrillic ("ООО «Кравтек»"), in Chinese
  ("深圳华茂电子有限公司"), individuals in Cyrillic or in the list's Latin transliteration ("Iurii Shchukin");
  a third have aliases.
- **true variants** of listed names, each labelled with the entry it must find: transliteration (Cyrillic
  written with another Latin scheme — Yu/Ya/Kh/Sch —, a transliterated list name written in Cyrillic, Chinese
  in pinyin), word order, legal forms changed or dropped (OOO → LLC, 有限公司 → Co., Ltd.), one typo
  (substitution, deletion, transposition), an alias.
- **hard negatives**: different firms or people with similar names (one word of a company replaced by
  another real-looking word; the same surname with another first name).
- **clean parties**: names from the same generator that are not listed.

`make_set(seed)` gives disjoint sets per seed: the benchmark tunes on seed 1 and reports seed 2 (held out).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from chuhai.compliance.engine.screening.lists import Entry

SYL = [
    "ka",
    "ro",
    "ve",
    "nor",
    "tek",
    "lin",
    "mar",
    "sol",
    "vin",
    "dor",
    "pra",
    "zen",
    "tal",
    "bri",
    "gor",
    "lum",
    "sen",
    "vat",
    "ol",
    "ex",
    "ran",
    "qu",
    "tor",
    "mik",
    "sta",
    "fel",
    "den",
    "bar",
    "cor",
    "dal",
    "fin",
    "gal",
    "hal",
    "jor",
    "kel",
    "lor",
    "mon",
    "nal",
    "pel",
    "ril",
    "sar",
    "tan",
    "ul",
    "var",
    "yor",
    "zel",
    "ab",
    "ec",
    "id",
    "ob",
    "ur",
    "bel",
    "cam",
    "dun",
    "esk",
    "fro",
    "gim",
    "hov",
    "isk",
    "jal",
    "kov",
    "lat",
    "mev",
    "nix",
    "opt",
    "pux",
    "rod",
    "sib",
    "tev",
    "umb",
    "vox",
    "wex",
    "yad",
    "zor",
    "bru",
    "cle",
    "dri",
    "gla",
    "pho",
    "ste",
    "tri",
    "ald",
    "bex",
    "cin",
    "dov",
    "eno",
    "fal",
    "gep",
    "hib",
]
WORDS = [
    "Trading",
    "Logistics",
    "Industries",
    "Electronics",
    "Machinery",
    "Steel",
    "Chemicals",
    "Energy",
    "Systems",
    "Technologies",
    "Holding",
    "Group",
    "Import",
    "Export",
    "Shipping",
    "Metals",
    "Components",
    "Aviation",
    "Marine",
    "Resources",
    "Engineering",
    "Supply",
]
CYR_SYL_TEXT = (
    "ва ро ме лин тек кра зор мир сан тал бор вед гор дан жел зин кир лад мор нем пар рус сев тур фаб хим "
    "цен чер шан юр яр бел вол гус дуб ель жук зуб иль кол лес мух нос ор пет раз сул тих уш фил хор "
    "шум щук ар бук вит гал дер зем ков луг мак нов осп ряб сок том"
)
CYR_SYL = CYR_SYL_TEXT.split()
CYR_WORDS = ["Техно", "Пром", "Снаб", "Строй", "Импорт", "Транс", "Энерго", "Хим", "Маш", "Сталь"]
RU_FIRST = [
    "Иван",
    "Сергей",
    "Юрий",
    "Алексей",
    "Дмитрий",
    "Михаил",
    "Николай",
    "Андрей",
    "Владимир",
    "Евгений",
    "Олег",
    "Павел",
    "Виктор",
    "Игорь",
    "Яков",
]
RU_SUFFIX = ("ов", "ев", "ин", "ский", "енко")
HAN = "华茂鑫源泰达恒盛宏远瑞丰永昌金海天祥兴隆佳美博通汇德中科新东方百利".replace("", " ").split()
HAN_PLACE = ["深圳", "广州", "上海", "义乌", "宁波", "青岛", "天津", "厦门"]
HAN_KIND = ["贸易", "科技", "电子", "机械", "实业", "进出口"]
LATIN_FORMS = ["LLC", "Ltd", "GmbH", "S.A.", "Inc.", "Co., Ltd.", "JSC", "FZE", "", ""]
CYR_FORMS = ["ООО", "АО", "ПАО", ""]
COUNTRIES = ["RU", "CN", "IR", "KP", "AE", "TR", "BY", "KZ", "HK", "SY"]

# Another Latin scheme for Cyrillic than unidecode's (the list's): what a buyer might type.
ALT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "tz",
    "ч": "ch",
    "ш": "sh",
    "щ": "sch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}


def alt_translit(text: str) -> str:
    out = []
    for ch in text:
        t = ALT.get(ch.lower())
        out.append(ch if t is None else (t.capitalize() if ch.isupper() else t))
    return "".join(out)


@dataclass(frozen=True)
class Case:
    party_id: str
    name: str
    country: str | None
    entry_id: str | None  # the entry it must find; None for a clean party
    kind: str  # transliteration, reordered, legal_form, typo, alias, pinyin | hard_negative | clean


def _word(r: random.Random, syl: list[str], n: tuple[int, int] = (2, 3)) -> str:
    return "".join(r.choice(syl) for _ in range(r.randint(*n))).capitalize()


def _company(r: random.Random) -> tuple[str, str, list[str]]:
    """(script, name, content words)."""
    script = r.choices(["latin", "cyrillic", "han"], weights=[5, 3, 2])[0]
    if script == "latin":
        words = [_word(r, SYL)] + ([r.choice(WORDS)] if r.random() < 0.7 else [_word(r, SYL)])
        return script, " ".join([*words, r.choice(LATIN_FORMS)]).strip(), words
    if script == "cyrillic":
        words = [_word(r, CYR_SYL)] + (
            [r.choice(CYR_WORDS) + _word(r, CYR_SYL, (1, 1)).lower()] if r.random() < 0.5 else []
        )
        form = r.choice(CYR_FORMS)
        return script, (f"{form} «{' '.join(words)}»" if form else " ".join(words)), words
    core = "".join(r.choice(HAN) for _ in range(r.randint(2, 3)))
    words = [r.choice(HAN_PLACE), core, r.choice(HAN_KIND)]
    return script, "".join(words) + "有限公司", words


def _person(r: random.Random) -> tuple[str, str, list[str]]:
    surname = _word(r, CYR_SYL, (2, 3)) + r.choice(RU_SUFFIX)
    words = [r.choice(RU_FIRST), surname]
    return "person", " ".join(words), words


def _typo(r: random.Random, name: str) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    if len(letters) < 8:
        return name
    i = r.choice(letters[2:-1])
    op = r.choice(["sub", "del", "swap"])
    if op == "sub":
        return name[:i] + r.choice("aeiourstnl") + name[i + 1 :]
    if op == "del":
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def make_entries(r: random.Random, n: int, prefix: str) -> tuple[list[Entry], list[tuple[str, list[str]]]]:
    from unidecode import unidecode

    entries, meta = [], []
    seen: set[str] = set()
    while len(entries) < n:
        script, name, words = _person(r) if r.random() < 0.3 else _company(r)
        if script == "person" and r.random() < 0.5:
            name, script = unidecode(name), "person_latin"
        key = name.lower()
        if key in seen:
            continue
        seen.add(key)
        aliases = []
        if r.random() < 0.33:
            aliases.append(" ".join([_word(r, SYL), r.choice(WORDS)]))
        entries.append(
            Entry(
                list_name=r.choice(
                    [
                        "Entity List (EL) - Bureau of Industry and Security",
                        "Specially Designated Nationals (SDN) - Treasury Department",
                        "UN Security Council Consolidated List",
                        "出口管制管控名单",
                    ]
                ),
                entry_id=f"{prefix}{len(entries)}",
                name=name,
                aliases=tuple(aliases),
                countries=(r.choice(COUNTRIES),),
                kind="individual" if "person" in script else "entity",
            )
        )
        meta.append((script, words))
    return entries, meta


def _variant(r: random.Random, e: Entry, script: str, words: list[str]) -> tuple[str, str] | None:
    from unidecode import unidecode

    options = ["typo", "legal_form"]
    if script in ("cyrillic", "person"):
        options.append("transliteration")
    if script == "person_latin":
        options.append("transliteration")
    if script == "han":
        options.append("pinyin")
    if len(words) >= 2 and script != "han":
        options.append("reordered")
    if e.aliases:
        options.append("alias")
    kind = r.choice(options)
    if kind == "typo":
        if script == "han":  # the pinyin a buyer types, with a typo
            return kind, _typo(r, " ".join(unidecode(w).title().replace(" ", "") for w in words[1:]))
        return kind, _typo(r, e.name)
    if kind == "legal_form":
        if script == "han":
            return kind, e.name.replace("有限公司", "") + r.choice(["股份有限公司", "集团", ""])
        if script == "cyrillic":
            return kind, " ".join(words) + " " + r.choice(["LLC", "OOO", "АО", "JSC"])
        return kind, " ".join(words) + " " + r.choice(["Limited", "GmbH", "LLC", "Corp.", "Sp. z o.o."])
    if kind == "transliteration":
        if script == "person_latin":
            return kind, e.name  # replaced below by the Cyrillic original: the generator kept it in words
        return kind, alt_translit(" ".join(words))
    if kind == "pinyin":
        return kind, "".join(unidecode(w).title().replace(" ", "") + " " for w in words[1:]).strip() + " Co., Ltd."
    if kind == "reordered":
        w = list(words)
        w.reverse()
        return kind, " ".join(alt_translit(x) if script != "latin" and r.random() < 0.5 else x for x in w)
    return kind, e.aliases[0] + r.choice(["", " Ltd", " LLC"])


def make_set(seed: int, n_entries: int, n_true: int, n_negative: int, n_clean: int) -> tuple[list[Entry], list[Case]]:
    r = random.Random(seed)
    entries, meta = make_entries(r, n_entries, f"s{seed}-")
    cases: list[Case] = []
    listed = {e.name.lower() for e in entries}
    for i in range(n_true):
        k = r.randrange(len(entries))
        e, (script, words) = entries[k], meta[k]
        kind, name = _variant(r, e, script, words) or ("typo", e.name)
        if script == "person_latin" and kind == "transliteration":
            name = " ".join(words)  # the Cyrillic original against the list's Latin
        country = e.countries[0] if r.random() < 0.6 else None
        cases.append(Case(f"t{seed}-{i}", name, country, e.entry_id, kind))
    for i in range(n_negative):
        k = r.randrange(len(entries))
        e, (script, words) = entries[k], meta[k]
        if script in ("person", "person_latin"):
            first = r.choice([f for f in RU_FIRST if f != words[0]])
            name = f"{first} {words[1]}" if script == "person" else unidecode_of(f"{first} {words[1]}")
        elif script == "han":
            name = words[0] + "".join(r.choice(HAN) for _ in range(3)) + words[2] + "有限公司"
        else:
            name = words[0] + " " + r.choice([w for w in WORDS if w not in words]) + " " + _word(r, SYL, (2, 2))
        if name.lower() in listed:
            continue
        cases.append(Case(f"n{seed}-{i}", name, e.countries[0] if r.random() < 0.5 else None, None, "hard_negative"))
    cr = random.Random(seed + 1000)
    for i in range(n_clean):
        script, name, _ = _person(cr) if cr.random() < 0.3 else _company(cr)
        if name.lower() in listed:
            continue
        cases.append(Case(f"c{seed}-{i}", name, cr.choice([*COUNTRIES, "US", "DE", "KZ"]), None, "clean"))
    return entries, cases


def unidecode_of(text: str) -> str:
    from unidecode import unidecode

    return unidecode(text)
