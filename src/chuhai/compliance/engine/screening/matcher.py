"""Parties matched against list entries.

Every entry's name and aliases become name forms (`names.name_form`). Candidates come from blocking keys
(`keys_of`: each folded word, its letters sorted, its first and last three letters, its one-deletion
neighbourhood, the first and last five letters of the name without spaces); keys shared by more than
`MAX_POSTINGS` forms are skipped and at most `MAX_CANDIDATES` forms (those sharing the most keys) go on, so a
party meets tens of forms, not the whole list. A C-level prefilter (token-sort or plain ratio ≥ 72) drops
most of them; the rest get the word-by-word score (`similarity`): each word's best match on the other side
(mean of Indel ratio and Jaro-Winkler for short words), weighted by rarity (IDF over the list's words), the
lesser of both directions, so a missing rare word costs more than a missing "Trading". The country is
supporting evidence: +0.02 when the party's country is one of the entry's, −0.04 when both are known and
differ. Reasons are codes: exact, alias, transliteration, reordered, legal_form_dropped, fuzzy, country_match.
The default threshold (0.89) was set on the benchmark's tuning set (bench/compliance/screening.py).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from chuhai.compliance.engine.screening.lists import Entry
from chuhai.compliance.engine.screening.names import NameForm, name_form

DEFAULT_THRESHOLD = 0.89
COUNTRY_BONUS = 0.02
COUNTRY_PENALTY = 0.04
MAX_POSTINGS = 400    # a key shared by more forms than this ("trading", "ivan") does not select candidates
MAX_CANDIDATES = 60   # per party, those sharing the most keys first
JOINED_MIN = 0.92     # the names without spaces stand in for the word score from this ratio on
PREFILTER = 72        # token-sort ratio (0..100, in C) a candidate needs before the word-by-word score
REASONS = ("exact", "alias", "transliteration", "reordered", "legal_form_dropped", "fuzzy", "country_match")


@dataclass(frozen=True, slots=True)
class Party:
    party_id: str
    name: str
    country: str | None = None
    address: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    list_name: str
    entry_id: str
    name: str          # the entry's name form that matched (its name or an alias)
    score: float       # 0..1, rounded to 3 places
    reasons: tuple[str, ...]


def keys_of(form: NameForm) -> set[str]:
    """Blocking keys: each word, its letters sorted (transpositions), its first and last three letters
    (a typo elsewhere), its one-deletion neighbourhood (4 to 10 letters), and the first and last five letters
    of the name without spaces."""
    keys: set[str] = set()
    for tok in form.tokens:
        keys.add("t" + tok)
        if len(tok) >= 4:
            keys.add("a" + "".join(sorted(tok)))
            keys.add("p" + tok[:3])
            keys.add("s" + tok[-3:])
        if 4 <= len(tok) <= 10:  # one-deletion neighbourhood: any one-letter typo shares a key
            keys.add("d" + tok)
            keys.update("d" + tok[:i] + tok[i + 1:] for i in range(len(tok)))
    joined = form.folded.replace(" ", "")
    if len(joined) >= 5:
        keys.add("j" + joined[:5])
        keys.add("e" + joined[-5:])
    return keys


def word_similarity(x: str, y: str, jw: bool = True) -> float:
    """The mean of the Indel ratio and Jaro-Winkler: a transposed or dropped letter ("Corrna", "Tabnri") stays
    close, another suffix ("Petrov", "Petrenko") does not."""
    if x == y:
        return 1.0
    ratio = fuzz.ratio(x, y) / 100.0
    if not jw or (len(x) > 8 and len(y) > 8):  # one letter is little in long words; Jaro-Winkler flatters
        return ratio
    return (ratio + JaroWinkler.similarity(x, y)) / 2.0


def _directed(a: tuple[str, ...], b: tuple[str, ...], wa: tuple[str, ...], weight: dict[str, float],
              jw: bool, unknown: float) -> float:
    """How well a's words are found among b's, each word weighted by its rarity (IDF) via its folded form wa."""
    total = got = 0.0
    for x, key in zip(a, wa, strict=True):
        w = weight.get(key, unknown)
        total += w
        got += w * max(word_similarity(x, y, jw) for y in b)
    return got / total if total else 0.0


def similarity(a: NameForm, b: NameForm, weight: dict[str, float] | None = None, unknown: float = 10.0) -> float:
    """1.0 for the same folded words in any order; otherwise the lesser of the two directed word scores
    (rare words count more than "trading" or "ivan"); when the word counts differ (pinyin syllables written
    together), the ratio of the strings without spaces may stand in. Two Chinese names compare their
    characters (homophones are different firms); pinyin against characters compares letters only (no
    Jaro-Winkler: pinyin names are short and alike)."""
    weight = weight or {}
    if a.han and b.han:
        if a.han == b.han:
            return 1.0
        return min(_directed(a.han, b.han, a.tokens, weight, False, unknown),
                   _directed(b.han, a.han, b.tokens, weight, False, unknown))
    if a.folded == b.folded or sorted(a.tokens) == sorted(b.tokens):
        return 1.0
    jw = not (a.han or b.han)
    score = min(_directed(a.tokens, b.tokens, a.tokens, weight, jw, unknown),
                _directed(b.tokens, a.tokens, b.tokens, weight, jw, unknown))
    if score < JOINED_MIN:  # words run together or split differently ("Serge iSokdan", pinyin "Hua Wei")
        joined = fuzz.ratio(a.folded.replace(" ", ""), b.folded.replace(" ", "")) / 100.0
        if joined >= JOINED_MIN:
            score = joined
    return score


def reasons_for(party: NameForm, form: NameForm, is_alias: bool, raw_score: float, country: bool) -> tuple[str, ...]:
    out: list[str] = []
    if raw_score >= 1.0 and party.normal == form.normal and party.legal == form.legal and party.latin == form.latin:
        out.append("exact")
    if is_alias:
        out.append("alias")
    if party.latin != form.latin or (party.normal != form.normal and party.folded == form.folded):
        out.append("transliteration")
    if party.tokens != form.tokens and sorted(party.tokens) == sorted(form.tokens):
        out.append("reordered")
    if party.legal != form.legal:
        out.append("legal_form_dropped")
    if raw_score < 1.0 and sorted(party.tokens) != sorted(form.tokens):
        out.append("fuzzy")
    if country:
        out.append("country_match")
    return tuple(out)


class Screener:
    """An index of entries' name forms; `screen(party)` gives its matches, best first."""

    def __init__(self, entries: Iterable[Entry], threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self.entries: list[Entry] = list(entries)
        self.forms: list[tuple[int, bool, NameForm]] = []   # (entry index, is alias, form)
        postings: dict[str, list[int]] = defaultdict(list)
        cache: dict[str, NameForm] = {}
        for ei, entry in enumerate(self.entries):
            seen: set[str] = set()
            for is_alias, raw in [(False, entry.name), *((True, a) for a in entry.aliases)]:
                form = cache.get(raw) or cache.setdefault(raw, name_form(raw))
                if not form.folded or form.folded in seen:
                    continue
                seen.add(form.folded)
                fi = len(self.forms)
                self.forms.append((ei, is_alias, form))
                for key in keys_of(form):
                    postings[key].append(fi)
        self.postings = {k: v for k, v in postings.items() if len(v) <= MAX_POSTINGS}
        n = max(len(self.forms), 2)
        self.weight = {k[1:]: max(0.5, math.log(n / len(v))) for k, v in postings.items() if k[0] == "t"}
        self.max_weight = math.log(n)
        self.folded = [form.folded for _, _, form in self.forms]

    def candidates(self, form: NameForm) -> list[int]:
        counts = Counter(chain.from_iterable(self.postings.get(key, ()) for key in keys_of(form)))
        if len(counts) <= MAX_CANDIDATES:
            return list(counts)
        return [fi for fi, _ in counts.most_common(MAX_CANDIDATES)]

    def screen(self, party: Party) -> list[Match]:
        form = name_form(party.name)
        if not form.folded:
            return []
        country = (party.country or "").strip().upper() or None
        best: dict[int, Match] = {}
        cands = self.candidates(form)
        choices = [self.folded[fi] for fi in cands]
        found = {position for _, _, position in process.extract(
            form.folded, choices, scorer=fuzz.token_sort_ratio, limit=None, score_cutoff=PREFILTER)}
        found.update(position for _, _, position in process.extract(  # a typo across a space ("Olur tmport")
            form.folded, choices, scorer=fuzz.ratio, limit=None, score_cutoff=PREFILTER))
        for position in sorted(found):
            ei, is_alias, entry_form = self.forms[cands[position]]
            raw = similarity(form, entry_form, self.weight, self.max_weight)
            if raw < self.threshold - COUNTRY_BONUS:
                continue
            entry = self.entries[ei]
            same_country = bool(country and country in entry.countries)
            score = raw + (COUNTRY_BONUS if same_country else 0.0)
            if country and entry.countries and not same_country:
                score -= COUNTRY_PENALTY
            score = round(min(score, 1.0), 3)
            if score < self.threshold:
                continue
            if ei in best and best[ei].score >= score:
                continue
            best[ei] = Match(entry.list_name, entry.entry_id, entry_form.raw, score,
                             reasons_for(form, entry_form, is_alias, raw, same_country))
        return sorted(best.values(), key=lambda m: (-m.score, m.list_name, m.entry_id))

    def screen_all(self, parties: Sequence[Party]) -> list[list[Match]]:
        return [self.screen(p) for p in parties]
