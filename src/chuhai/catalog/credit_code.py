"""统一社会信用代码 (unified social credit code) validation, GB 32100-2015.

18 characters: registration authority (1), entity kind (1), region code (6 digits), organisation
code (9), and a check character computed from the first 17 with weights 3^i mod 31.
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    if len(first17) != 17:
        raise ValueError("need the first 17 characters")
    total = 0
    for char, weight in zip(first17.upper(), WEIGHTS, strict=True):
        index = CHARSET.find(char)
        if index < 0:
            raise ValueError(f"character {char!r} is not allowed in a credit code")
        total += index * weight
    return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid credit code, or None if it is."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"must be 18 characters, got {len(code)}"
    bad = [char for char in code if char not in CHARSET]
    if bad:
        return f"character {bad[0]!r} is not allowed (I, O, Z, S, V are never used)"
    if not code[2:8].isdigit():
        return "characters 3–8 must be the 6-digit administrative region code"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"check character should be {expected!r}, not {code[17]!r}"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None
