"""The versioned requirement reference shipped in `compliance/reference/requirements.json`.

Every requirement carries its market, the product classes that make it apply, a `source` and an
`as_of` date, and `verify: true` where a figure (cost, lead time) is an estimate or the scope depends
on the product's details. The engine reads it through `load_reference()` and never mutates it; the
operator's edits come in as `edits` ({code: {field: value}}) and are applied on a copy.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from chuhai.markets.names import channel_code, country_code  # pure: plain data and pycountry

KINDS = ("certification", "conformity_marking", "registration", "testing", "labelling", "documentation", "restriction")
# Fields of a requirement the operator may edit, and how their values read.
EDITABLE_FIELDS = {"mandatory": "bool", "verify": "bool", "active": "bool", "cost_usd": "range",
                   "lead_time_days": "range"}


class UnknownValue(ValueError):
    """A market or channel the reference does not know; `known` lists what it does."""

    def __init__(self, what: str, value: str, known: list[str]):
        super().__init__(f"unknown {what} {value!r}; known: {', '.join(known)}")
        self.what, self.value, self.known = what, value, known


@dataclass(frozen=True, slots=True)
class ProductClass:
    code: str
    name_en: str
    name_zh: str
    hs: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    hs_if_category: tuple[tuple[str, tuple[str, ...]], ...] = ()
    everything: bool = False


@dataclass(frozen=True, slots=True)
class Requirement:
    code: str
    market: str
    kind: str
    mandatory: bool
    classes: tuple[str, ...]
    name_en: str
    name_zh: str
    authority: str
    legal_basis: str
    action_en: str
    action_zh: str
    source: str
    as_of: str
    verify: bool = False
    cost_usd: tuple[int, int] | None = None
    lead_time_days: tuple[int, int] | None = None
    satisfied_by: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    effective_from: str | None = None
    note_en: str = ""
    note_zh: str = ""
    active: bool = True
    edited: tuple[str, ...] = field(default=())  # fields the operator's edits changed


@dataclass(frozen=True, slots=True)
class Market:
    code: str
    name_en: str
    name_zh: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reference:
    version: str
    as_of: str
    markets: dict[str, Market]
    aliases: dict[str, str]
    channels: dict[str, str]
    classes: dict[str, ProductClass]
    requirements: tuple[Requirement, ...]

    def requirement(self, code: str) -> Requirement | None:
        return next((r for r in self.requirements if r.code == code), None)


def _range(value: Any) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


def parse_reference(data: dict[str, Any]) -> Reference:
    classes = {code: ProductClass(code, c["name_en"], c["name_zh"], tuple(c.get("hs", ())),
                                  tuple(c.get("categories", ())),
                                  tuple((k, tuple(v)) for k, v in c.get("hs_if_category", {}).items()),
                                  bool(c.get("all"))) for code, c in data["classes"].items()}
    requirements = []
    for r in data["requirements"]:
        requirements.append(Requirement(
            code=r["code"], market=r["market"], kind=r["kind"], mandatory=bool(r["mandatory"]),
            classes=tuple(r["classes"]), name_en=r["name_en"], name_zh=r["name_zh"], authority=r["authority"],
            legal_basis=r["legal_basis"], action_en=r["action_en"], action_zh=r["action_zh"], source=r["source"],
            as_of=r["as_of"], verify=bool(r.get("verify")), cost_usd=_range(r.get("cost_usd")),
            lead_time_days=_range(r.get("lead_time_days")), satisfied_by=tuple(r.get("satisfied_by", ())),
            channels=tuple(r.get("channels", ())), effective_from=r.get("effective_from"),
            note_en=r.get("note_en", ""), note_zh=r.get("note_zh", "")))
    markets = {code: Market(code, m["name_en"], m["name_zh"], tuple(m["members"]))
               for code, m in data["markets"].items()}
    return Reference(data.get("version", ""), data.get("as_of", ""), markets, dict(data.get("market_aliases", {})),
                     dict(data.get("channels", {})), classes, tuple(requirements))


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    text = (resources.files("chuhai.compliance") / "reference" / "requirements.json").read_text(encoding="utf-8")
    return parse_reference(json.loads(text))


def parse_edit_value(name: str, value: str) -> Any:
    """An edit's stored text as the field's value; ValueError when it does not read."""
    kind = EDITABLE_FIELDS.get(name)
    if kind is None:
        raise ValueError(f"not an editable field: {name!r} (one of {', '.join(EDITABLE_FIELDS)})")
    text = str(value).strip().lower()
    if kind == "bool":
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        raise ValueError("expected true or false")
    if text in ("", "-", "none"):
        return None
    parts = [p for p in re.split(r"\s*[-–~,]\s*", text) if p]
    if not 1 <= len(parts) <= 2 or not all(p.isdigit() and len(p) <= 7 for p in parts):
        raise ValueError("expected a range of whole numbers, e.g. 300-1500")
    low, high = int(parts[0]), int(parts[-1])
    if low > high:
        raise ValueError("the low end is above the high end")
    return (low, high)


def with_edits(reference: Reference, edits: dict[str, dict[str, str]] | None) -> Reference:
    """The reference with the operator's edits applied ({code: {field: text}}); unknown codes are skipped."""
    if not edits:
        return reference
    changed = []
    for requirement in reference.requirements:
        fields = edits.get(requirement.code)
        if not fields:
            changed.append(requirement)
            continue
        values = {name: parse_edit_value(name, text) for name, text in fields.items() if name in EDITABLE_FIELDS}
        changed.append(replace(requirement, **values, edited=tuple(sorted(values))))
    return replace(reference, requirements=tuple(changed))


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip()
    return re.sub(r"[\s\-_.·/]+", "", text).upper()


@dataclass(frozen=True, slots=True)
class MarketRef:
    """A market as the user named it: the country (None for a group such as EU) and the markets whose
    requirements apply (the country's own and its groups')."""

    given: str
    country: str | None
    markets: tuple[str, ...]


def resolve_market(reference: Reference, value: str) -> MarketRef:
    """"us", " U S ", "UK"→GB, "EU", "de" (in the EU), "Russia"→RU (in the EAEU); UnknownValue otherwise."""
    key = _key(value)
    key = reference.aliases.get(key, key)
    member_of = {member: code for code, market in reference.markets.items() for member in market.members}
    if key in reference.markets and len(reference.markets[key].members) > 1:
        return MarketRef(value, None, (key,))
    if key not in member_of:  # a country's name in English, Chinese, Russian or Spanish, an alpha-3 code
        key = country_code(str(value)) or key
    if key in member_of:
        group = member_of[key]
        own = [key] if key != group else []
        return MarketRef(value, key, (*own, group))
    known = sorted({*reference.markets, *member_of})
    raise UnknownValue("market", value, known)


def resolve_channel(reference: Reference, value: str | None) -> tuple[str, str] | None:
    """(channel code, kind b2c/b2b) for "Amazon", "tiktok shop", "B2B"…; None for no channel."""
    if value is None or not str(value).strip():
        return None
    key = _key(value).lower()
    for code, kind in reference.channels.items():
        if _key(code).lower() == key:
            return code, kind
    code = channel_code(str(value))  # "Amazon.de", "抖音", "tiktok-shop"…
    if code in reference.channels:
        return code, reference.channels[code]
    raise UnknownValue("channel", value, sorted(reference.channels))


@lru_cache(maxsize=8192)  # a belt's feedback page compares tens of thousands of names, few of them distinct
def normalise_certification(name: str) -> str:
    """"ISO 9001", "iso-9001", "ISO9001" are one; so are "E-Mark" and "EMARK" (as matching compares them)."""
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", str(name)).upper())
