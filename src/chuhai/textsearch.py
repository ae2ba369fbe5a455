"""Case-insensitive "contains" search with LIKE, the user's text escaped (never spliced into SQL)."""

from __future__ import annotations

ESCAPE = "\\"


def contains_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
