"""Product categories of the industrial belts, with their names in both languages."""

from __future__ import annotations

from chuhai import i18n

CATEGORIES: dict[str, dict[str, str]] = {
    "wigs": {"zh": "发制品", "en": "Wigs and hair products"},
    "eyelashes": {"zh": "假睫毛", "en": "False eyelashes"},
    "furniture": {"zh": "家具", "en": "Furniture"},
    "playground": {"zh": "游乐设备", "en": "Playground equipment"},
    "auto_parts": {"zh": "汽车配件", "en": "Auto parts"},
    "textiles": {"zh": "纺织服装", "en": "Textiles"},
    "instruments": {"zh": "乐器", "en": "Musical instruments"},
    "seasonings": {"zh": "调味品", "en": "Seasonings"},
    "agri_produce": {"zh": "农产品", "en": "Agricultural produce"},
    "smart_home": {"zh": "智能家电", "en": "Smart home appliances"},
    "food_beverage": {"zh": "食品饮料", "en": "Food & beverages"},
}


def category_name(code: str | None) -> str:
    if not code:
        return "—"
    entry = CATEGORIES.get(code)
    if entry is None:
        return code
    return entry["zh"] if i18n.is_zh() else entry["en"]


def check_categories(values: list[str]) -> list[str]:
    """A validator for category lists: every code must be one of CATEGORIES."""
    unknown = [value for value in values if value not in CATEGORIES]
    if unknown:
        raise ValueError(f"unknown category {unknown[0]!r}; one of {', '.join(CATEGORIES)}")
    return values
