"""Compliance words in the reader's language: kinds, the engine's reason codes, requirement fields.

The engine's reason templates (`engine.requirements.REASON_TEMPLATES`) are the message ids here too, so the
batch contract's English and the pages' English are the same sentences.
"""

from __future__ import annotations

from chuhai.compliance.engine.reference import Reference, Requirement, normalise_certification
from chuhai.compliance.engine.requirements import Reason
from chuhai.i18n import N_, get_locale, gettext_in

KIND_LABELS = {
    "certification": N_("Certification"),
    "conformity_marking": N_("Conformity marking"),
    "registration": N_("Registration"),
    "testing": N_("Testing"),
    "labelling": N_("Labelling"),
    "documentation": N_("Documentation"),
    "restriction": N_("Restriction"),
}
REASON_MESSAGES = {
    "market": N_("market %(market)s"),
    "market_group": N_("%(country)s is in %(group)s"),
    "all_markets": N_("applies in every market"),
    "all_products": N_("applies to all goods"),
    "hs_prefix": N_("HS %(hs)s is in %(prefix)s (%(product_class)s)"),
    "category": N_("category %(category)s (%(product_class)s)"),
    "hs_with_category": N_("HS %(hs)s with category %(category)s (%(product_class)s)"),
    "channel_kind": N_("channel %(channel)s sells %(kind)s"),
    "channel_unspecified": N_("no channel given; applies to %(kinds)s sales"),
    "upcoming": N_("applies from %(date)s"),
}
FIELD_LABELS = {
    "mandatory": N_("Mandatory"),
    "verify": N_("Verify"),
    "active": N_("Active"),
    "cost_usd": N_("Typical cost (USD)"),
    "lead_time_days": N_("Typical lead time (days)"),
}


def _zh(locale: str | None) -> bool:
    return (locale or get_locale()).lower().startswith("zh")


def _locale(locale: str | None) -> str:
    return locale or get_locale()


def reason_text(reason: Reason, ref: Reference, locale: str | None = None) -> str:
    """A reason in the reader's language; a product class by its name in that language."""
    params = dict(reason.params)
    if "product_class" in params and params["product_class"] in ref.classes:
        product_class = ref.classes[params["product_class"]]
        params["product_class"] = product_class.name_zh if _zh(locale) else product_class.name_en
    for key in ("market", "group"):
        if key in params and params[key] in ref.markets:
            market = ref.markets[params[key]]
            params[key] = f"{market.name_zh if _zh(locale) else market.name_en} ({market.code})"
    return gettext_in(_locale(locale), REASON_MESSAGES[reason.code], **params)


def kind_label(kind: str, locale: str | None = None) -> str:
    return gettext_in(_locale(locale), KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def name(requirement: Requirement, locale: str | None = None) -> str:
    return requirement.name_zh if _zh(locale) else requirement.name_en


def action(requirement: Requirement, locale: str | None = None) -> str:
    return requirement.action_zh if _zh(locale) else requirement.action_en


def note(requirement: Requirement, locale: str | None = None) -> str:
    return requirement.note_zh if _zh(locale) else requirement.note_en


def market_name(ref: Reference, code: str, locale: str | None = None) -> str:
    market = ref.markets.get(code)
    if market is None:
        return code
    return market.name_zh if _zh(locale) else market.name_en


def cost_text(cost: tuple[int, int] | None, locale: str | None = None) -> str:
    if not cost:
        return "—"
    low, high = cost
    amount = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    return gettext_in(_locale(locale), N_("USD %(amount)s"), amount=amount)


def days_text(days: tuple[int, int] | None, locale: str | None = None) -> str:
    if not days:
        return "—"
    low, high = days
    span = str(low) if low == high else f"{low}–{high}"
    return gettext_in(_locale(locale), N_("%(days)s days"), days=span)


def certification_key(name: str) -> str:
    """A certification's name as evidence statuses are keyed (`service.evidence_statuses`)."""
    return normalise_certification(name)
