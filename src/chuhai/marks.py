"""`N_`: marks a message id for extraction without translating it; it is translated where it is shown.

A module of its own, importing nothing, so that engines (which may not import `chuhai.i18n`) can mark
the English templates that are also the platform's message ids. `chuhai.i18n.N_` is the same function.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message
