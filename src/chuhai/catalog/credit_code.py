"""统一社会信用代码 (unified social credit code) validation, GB 32100-2015.

18 characters: registration authority (1), entity kind (1), region code (6 digits), organisation
code (9), and a check character computed from the first 17 with weights 3^i mod 31.
"""

from __future__ import annotations

from chuhai.i18n import N_

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


# What each issue says, in English, with its parameters as placeholders. Those who show an issue to a
# reader have their own message ids for it (accounts.flows, imports.values): a message is one sentence.
ISSUES = {
    "length": "must be 18 characters, got %(length)s",
    "character": "character %(char)s is not allowed (I, O, Z, S, V are never used)",
    "region": "characters 3–8 must be the 6-digit administrative region code",
    "check": "check character should be %(expected)s, not %(found)s",
}

# The same issues as a field's validation message (forms, the API's 422 details).
FIELD_MESSAGES = {
    "length": N_("not a valid unified social credit code: must be 18 characters, got %(length)s"),
    "character": N_("not a valid unified social credit code: character %(char)s is not allowed (I, O, Z, S, V are "
                    "never used)"),
    "region": N_("not a valid unified social credit code: characters 3–8 must be the 6-digit administrative region "
                 "code"),
    "check": N_("not a valid unified social credit code: check character should be %(expected)s, not %(found)s"),
}


def credit_code_issue(code: str) -> tuple[str, dict[str, str | int]] | None:
    """Why `code` is not a valid credit code, as an issue code (a key of ISSUES) and its parameters; None if valid."""
    code = code.strip().upper()
    if len(code) != 18:
        return "length", {"length": len(code)}
    bad = [char for char in code if char not in CHARSET]
    if bad:
        return "character", {"char": repr(bad[0])}
    if not code[2:8].isdigit():
        return "region", {}
    expected = check_character(code[:17])
    if code[17] != expected:
        return "check", {"expected": repr(expected), "found": repr(code[17])}
    return None


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid credit code, in English, or None if it is."""
    issue = credit_code_issue(code)
    if issue is None:
        return None
    kind, params = issue
    return ISSUES[kind] % params if params else ISSUES[kind]


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None
