"""Rendering match reasons (code + params) in Chinese or English."""

from __future__ import annotations

from chuhai.matching.records import Reason

_TEMPLATES: dict[str, dict[str, str]] = {
    "matched_terms": {"en": "Matches: {terms}", "zh": "匹配关键词：{terms}"},
    "semantic_match": {"en": "Similar in meaning to the request", "zh": "与需求语义相近"},
    "has_certifications": {"en": "Certified: {certifications}", "zh": "具备认证：{certifications}"},
    "verified_supplier": {"en": "Verified supplier", "zh": "已认证供应商"},
    "moq_within_quantity": {
        "en": "MOQ {moq} fits the quantity {quantity}",
        "zh": "起订量 {moq} 满足采购量 {quantity}",
    },
    "moq_above_quantity": {
        "en": "MOQ {moq} is above the requested quantity {quantity}",
        "zh": "起订量 {moq} 高于采购量 {quantity}",
    },
    "price_within_target": {
        "en": "Price {price} USD is within the target {target} USD",
        "zh": "价格 {price} 美元在目标价 {target} 美元以内",
    },
    "price_above_target": {
        "en": "Price {price} USD is above the target {target} USD",
        "zh": "价格 {price} 美元高于目标价 {target} 美元",
    },
    "lead_time_within_max": {
        "en": "Lead time {lead_time_days} days meets the {max_days}-day deadline",
        "zh": "交期 {lead_time_days} 天，满足 {max_days} 天要求",
    },
    "lead_time_above_max": {
        "en": "Lead time {lead_time_days} days exceeds the {max_days}-day deadline",
        "zh": "交期 {lead_time_days} 天，超过 {max_days} 天要求",
    },
    "capacity_sufficient": {
        "en": "Monthly capacity {capacity} covers the quantity {quantity}",
        "zh": "月产能 {capacity} 可满足采购量 {quantity}",
    },
    "capacity_below_quantity": {
        "en": "Monthly capacity {capacity} is below the quantity {quantity}",
        "zh": "月产能 {capacity} 低于采购量 {quantity}",
    },
    "price_unknown": {"en": "No price listed", "zh": "未标价格"},
    "moq_unknown": {"en": "No MOQ listed", "zh": "未标起订量"},
    "lead_time_unknown": {"en": "No lead time listed", "zh": "未标交期"},
    "capacity_unknown": {"en": "No capacity listed", "zh": "未标产能"},
}

CODES = frozenset(_TEMPLATES)


def _render_param(value, locale: str) -> str:
    if isinstance(value, (list, tuple)):
        return ("、" if locale == "zh" else ", ").join(str(v) for v in value)
    return str(value)


def format_reason(reason: Reason | dict, locale: str = "en") -> str:
    """`locale` is "en" or "zh" (anything starting with "zh" counts as Chinese)."""
    if isinstance(reason, dict):
        params = {k: v for k, v in reason.items() if k not in ("code", "kind")}
        code = reason["code"]
    else:
        code, params = reason.code, reason.params
    language = "zh" if locale.lower().startswith("zh") else "en"
    template = _TEMPLATES[code][language]
    if "terms" in params:
        params = {**params, "terms": render_terms(params["terms"], language)}
    return template.format(**{k: _render_param(v, language) for k, v in params.items()})


def render_terms(terms, language: str) -> list[str]:
    """Concept tokens as their glossary label in `language` ("zh" or "en"); other terms as written."""
    from chuhai.matching.glossary import CONCEPT_PREFIX, load_glossary

    glossary = load_glossary()
    return [
        glossary.label(t[len(CONCEPT_PREFIX):], language) if t.startswith(CONCEPT_PREFIX) else t for t in terms
    ]
