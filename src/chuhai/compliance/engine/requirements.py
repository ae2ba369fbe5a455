"""Which requirements apply to a product (HS code, platform category) in a market through a channel, and why.

A requirement applies when its market is the one asked for (or a group the country belongs to, e.g. DE
in the EU), its channel kinds include the channel's (or no channel is given), and the product is in one of
its classes: an HS prefix (2, 4 or 6 digits) of the class, a category of the class, or an HS prefix the
class lists for a category only. Each match is a `Reason` (a code with parameters) rendered by the
platform in the reader's language, or in English by `reason_text` for the batch contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chuhai.compliance.engine.reference import (
    KINDS,
    MarketRef,
    ProductClass,
    Reference,
    Requirement,
    normalise_certification,
    resolve_channel,
    resolve_market,
)

# Reason codes with their English templates (the platform has the same ids as Babel messages).
REASON_TEMPLATES: dict[str, str] = {
    "market": "market %(market)s",
    "market_group": "%(country)s is in %(group)s",
    "all_markets": "applies in every market",
    "all_products": "applies to all goods",
    "hs_prefix": "HS %(hs)s is in %(prefix)s (%(product_class)s)",
    "category": "category %(category)s (%(product_class)s)",
    "hs_with_category": "HS %(hs)s with category %(category)s (%(product_class)s)",
    "channel_kind": "channel %(channel)s sells %(kind)s",
    "channel_unspecified": "no channel given; applies to %(kinds)s sales",
    "upcoming": "applies from %(date)s",
}


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    params: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return REASON_TEMPLATES[self.code] % self.params


@dataclass(frozen=True, slots=True)
class Applicable:
    requirement: Requirement
    reasons: tuple[Reason, ...]
    upcoming: bool = False


@dataclass(frozen=True, slots=True)
class Status:
    """An applicable requirement against a product's certifications: `met_by` names the one that meets it."""

    applicable: Applicable
    met_by: str | None

    @property
    def met(self) -> bool:
        return self.met_by is not None


def normalise_hs(hs_code: str | None) -> str:
    return "".join(ch for ch in str(hs_code or "") if ch.isdigit())[:10]


def class_reasons(product_class: ProductClass, hs: str, category: str | None) -> list[Reason]:
    if product_class.everything:
        return [Reason("all_products")]
    out = []
    for prefix in product_class.hs:
        if hs and hs.startswith(prefix):
            out.append(Reason("hs_prefix", {"hs": hs, "prefix": prefix, "product_class": product_class.code}))
            break
    if category and category in product_class.categories:
        out.append(Reason("category", {"category": category, "product_class": product_class.code}))
    for prefix, categories in product_class.hs_if_category:
        if hs.startswith(prefix) and category in categories:
            out.append(Reason("hs_with_category", {"hs": hs, "category": category or "",
                                                   "product_class": product_class.code}))
    return out


def _order(applicable: Applicable) -> tuple:
    r = applicable.requirement
    return (not r.mandatory, applicable.upcoming, KINDS.index(r.kind) if r.kind in KINDS else len(KINDS), r.code)


def requirements_for(reference: Reference, hs_code: str | None, category: str | None, market: str | MarketRef,
                     channel: str | None = None, on: dt.date | None = None) -> list[Applicable]:
    """The requirements that apply, mandatory first (then by kind and code), each with its reasons.

    `market` as users write it ("us", "UK", "EU", "de"); raises `UnknownValue` for an unknown market or
    channel. Requirements the operator deactivated are left out; those not yet in force on `on` (default
    today) are kept, marked `upcoming`, after the ones in force."""
    where = market if isinstance(market, MarketRef) else resolve_market(reference, market)
    sold = resolve_channel(reference, channel)
    hs = normalise_hs(hs_code)
    category = (category or "").strip() or None
    today = on or dt.date.today()
    out = []
    for requirement in reference.requirements:
        if not requirement.active:
            continue
        if requirement.market == "*":
            reasons = [Reason("all_markets")]
        elif requirement.market in where.markets:
            if where.country and requirement.market != where.country:
                reasons = [Reason("market_group", {"country": where.country, "group": requirement.market})]
            else:
                reasons = [Reason("market", {"market": requirement.market})]
        else:
            continue
        if requirement.channels:
            if sold is None:
                reasons.append(Reason("channel_unspecified", {"kinds": "/".join(requirement.channels)}))
            elif sold[1] in requirement.channels:
                reasons.append(Reason("channel_kind", {"channel": sold[0], "kind": sold[1]}))
            else:
                continue
        product = [reason for code in requirement.classes if code in reference.classes
                   for reason in class_reasons(reference.classes[code], hs, category)]
        if not product:
            continue
        upcoming = bool(requirement.effective_from and dt.date.fromisoformat(requirement.effective_from) > today)
        if upcoming:
            product.append(Reason("upcoming", {"date": requirement.effective_from or ""}))
        out.append(Applicable(requirement, tuple(reasons + product), upcoming))
    return sorted(out, key=_order)


def status_against(applicable: list[Applicable], held: list[str] | tuple[str, ...]) -> list[Status]:
    """Each requirement with the held certification that meets it (by a `satisfied_by` name or the code)."""
    held_by_key: dict[str, str] = {}
    for name in held:
        held_by_key.setdefault(normalise_certification(name), name)
    out = []
    for item in applicable:
        keys = [normalise_certification(n) for n in (item.requirement.code, *item.requirement.satisfied_by)]
        met_by = next((held_by_key[k] for k in keys if k in held_by_key), None)
        out.append(Status(item, met_by))
    return out


# Kinds a certificate, report or registration on file can evidence; labelling, documents and restrictions are the
# exporter's tasks per product or shipment (shown on checklists, never a gap of what is on file).
EVIDENCED_KINDS = ("certification", "conformity_marking", "registration", "testing")


def evidenced(requirement: Requirement) -> bool:
    return requirement.kind in EVIDENCED_KINDS


def gaps(statuses: list[Status]) -> list[Status]:
    """Mandatory requirements in force, of a kind evidenced on file, that nothing held meets."""
    return [s for s in statuses if not s.met and s.applicable.requirement.mandatory and not s.applicable.upcoming
            and evidenced(s.applicable.requirement)]


def tasks(statuses: list[Status]) -> list[Status]:
    """Mandatory requirements in force that are the exporter's tasks (labels, documents, restrictions) not
    declared met."""
    return [s for s in statuses if not s.met and s.applicable.requirement.mandatory and not s.applicable.upcoming
            and not evidenced(s.applicable.requirement)]
