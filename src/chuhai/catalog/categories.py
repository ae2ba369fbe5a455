"""Product categories of the industrial belts: code → name (a message id, translated where shown)."""

from __future__ import annotations

from chuhai import i18n
from chuhai.errors import InvalidValue
from chuhai.i18n import N_

CATEGORIES: dict[str, str] = {
    "wigs": N_("Wigs and hair products"),
    "eyelashes": N_("False eyelashes"),
    "furniture": N_("Furniture"),
    "playground": N_("Playground equipment"),
    "auto_parts": N_("Auto parts"),
    "textiles": N_("Textiles"),
    "instruments": N_("Musical instruments"),
    "seasonings": N_("Seasonings"),
    "agri_produce": N_("Agricultural produce"),
    "smart_home": N_("Smart home appliances"),
    "food_beverage": N_("Food & beverages"),
}


def category_name(code: str | None) -> str:
    """The category's name in the reader's language; an unknown code as it is."""
    if not code:
        return "—"
    return i18n.gettext(CATEGORIES[code]) if code in CATEGORIES else code


def category_names(code: str) -> tuple[str, str]:
    """A known category's (Chinese, English) names, for data written in both (import aliases, the demo)."""
    return i18n.gettext_in("zh_CN", CATEGORIES[code]), CATEGORIES[code]


def check_categories(values: list[str]) -> list[str]:
    """A validator for category lists: every code must be one of CATEGORIES."""
    unknown = [value for value in values if value not in CATEGORIES]
    if unknown:
        raise InvalidValue("unknown category %(value)s; one of %(known)s", value=repr(unknown[0]),
                           known=", ".join(CATEGORIES))
    return values
