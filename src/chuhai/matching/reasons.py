"""Match reasons (a code of the engine's `REASON_CODES` + parameters) as text in the reader's language.

The templates are Babel message ids (English, `%(name)s` placeholders) translated in
`chuhai/matching/locale/zh_CN.po`; pages, the API, PDFs and `chuhai match batch` render through
here. Glossary concepts among the terms ("~wig") show by their glossary label in the reader's
language; lists are joined by the catalog's list separator.
"""

from __future__ import annotations

from chuhai.compliance.engine.reference import load_reference
from chuhai.i18n import N_, gettext_in
from chuhai.matching.engine.glossary import render_terms
from chuhai.matching.engine.records import Reason

MESSAGES: dict[str, str] = {
    "matched_terms": N_("Matches: %(terms)s"),
    "semantic_match": N_("Similar in meaning to the request"),
    "has_certifications": N_("Certified: %(certifications)s"),
    "verified_supplier": N_("Verified supplier"),
    "moq_within_quantity": N_("MOQ %(moq)s fits the quantity %(quantity)s"),
    "moq_above_quantity": N_("MOQ %(moq)s is above the requested quantity %(quantity)s"),
    "price_within_target": N_("Price %(price)s USD is within the target %(target)s USD"),
    "price_above_target": N_("Price %(price)s USD is above the target %(target)s USD"),
    "lead_time_within_max": N_("Lead time %(lead_time_days)s days meets the %(max_days)s-day deadline"),
    "lead_time_above_max": N_("Lead time %(lead_time_days)s days exceeds the %(max_days)s-day deadline"),
    "capacity_sufficient": N_("Monthly capacity %(capacity)s covers the quantity %(quantity)s"),
    "capacity_below_quantity": N_("Monthly capacity %(capacity)s is below the quantity %(quantity)s"),
    "price_unknown": N_("No price listed"),
    "moq_unknown": N_("No MOQ listed"),
    "lead_time_unknown": N_("No lead time listed"),
    "capacity_unknown": N_("No capacity listed"),
    "market_requirements_met": N_("Meets the mandatory requirements of %(market)s on file"),
    "market_requirements_missing": N_("Lacks what %(market)s requires: %(requirements)s"),
}
# Between the items of a list parameter (terms, certifications): ", " in English, "、" in Chinese.
LIST_SEPARATOR = N_(", ")

CODES = frozenset(MESSAGES)


def _locale(locale: str) -> str:
    """Chinese for any "zh…" locale, English for every other one (the reasons' two languages)."""
    return "zh_CN" if locale.lower().startswith("zh") else "en"


def _render_param(value, locale: str) -> str:
    if isinstance(value, (list, tuple)):
        return gettext_in(locale, LIST_SEPARATOR).join(str(v) for v in value)
    return str(value)


def _requirement_names(codes, locale: str) -> list[str]:
    """Requirement codes (chuhai.compliance) by their names in the reader's language; an unknown code as it is."""
    reference = load_reference()
    out = []
    for code in codes if isinstance(codes, (list, tuple)) else [codes]:
        found = reference.requirement(str(code))
        out.append(str(code) if found is None else (found.name_zh if locale == "zh_CN" else found.name_en))
    return out


def format_reason(reason: Reason | dict, locale: str = "en") -> str:
    """`locale` is "en" or "zh" (anything starting with "zh" counts as Chinese, anything else as English)."""
    if isinstance(reason, dict):
        params = {k: v for k, v in reason.items() if k not in ("code", "kind")}
        code = reason["code"]
    else:
        code, params = reason.code, reason.params
    locale = _locale(locale)
    if "terms" in params:
        params = {**params, "terms": render_terms(params["terms"], "zh" if locale == "zh_CN" else "en")}
    if "requirements" in params:
        params = {**params, "requirements": _requirement_names(params["requirements"], locale)}
    return gettext_in(locale, MESSAGES[code], **{k: _render_param(v, locale) for k, v in params.items()})


def reason_texts(reasons: list[dict], locale: str) -> list[str]:
    """Stored reason records ({"code", "kind", **params}) as text in `locale`."""
    return [format_reason(reason, locale) for reason in reasons]
