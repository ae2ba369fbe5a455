"""What the planning engines say, as data: a code and its parameters, rendered at the edge.

The engines never hold display text. `chuhai.planning.texts` maps each code to a message id of the
Babel catalogs and renders it in the reader's language. A parameter may itself be a `Msg` (a clause
rendered in the same language) or a `Names` (a reference record's own name in both languages);
numbers come as the strings the contracts print (the figures do not depend on the language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Names:
    """A reference record's bilingual name (data, like a product's title_zh/title_en)."""

    zh: str
    en: str


@dataclass(frozen=True)
class Msg:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def msg(code: str, **params: Any) -> Msg:
    return Msg(code, params)


EMPTY = ""  # an optional clause that does not apply renders as nothing
