"""The HS 2022 nomenclature shipped with the package (PDDL 1.0, see data/hs2022/SOURCE.md)."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib.resources import files

from chuhai.marks import N_


@lru_cache
def hs_nomenclature(level: int = 6) -> dict[str, str]:
    """Code → English description for every HS 2022 code of the given level (2, 4 or 6 digits)."""
    source = files("chuhai.planning").joinpath("data/hs2022/harmonized-system.csv")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        return {row["hscode"]: row["description"] for row in csv.DictReader(handle) if int(row["level"]) == level}


def normalise_hs_code(code: str) -> str:
    """Strip the dots and spaces people write (6704.11 → 670411)."""
    return "".join(ch for ch in code.strip() if ch.isdigit())


# Why a code cannot classify a product, by `hs6_issue` code: English templates with %(name)s parameters,
# marked N_ (chuhai.marks: engines do not import chuhai.i18n) because they are the message ids the platform translates.
HS6_ISSUES = {
    "digits": N_("HS code %(code)s must have 6 digits (e.g. 670420)"),
    "chapter_99": N_("HS code %(code)s is the statistical catch-all of chapter 99, not a product classification"),
    "unknown": N_("HS code %(code)s is not in the HS 2022 nomenclature"),
}


def hs6_issue(code: str) -> tuple[str, dict[str, str]] | None:
    """Why `code` cannot classify a product, as a key of HS6_ISSUES and its parameters; None if it can.
    Chapter 99 ("commodities not specified according to kind") is a statistical catch-all, not a
    classification of goods."""
    digits = normalise_hs_code(code)
    if len(digits) != 6:
        return "digits", {"code": repr(code)}
    if digits.startswith("99"):
        return "chapter_99", {"code": digits}
    if digits not in hs_nomenclature(6):
        return "unknown", {"code": digits}
    return None


def hs6_problem(code: str) -> str | None:
    """`hs6_issue` in English, or None."""
    issue = hs6_issue(code)
    return None if issue is None else HS6_ISSUES[issue[0]] % issue[1]


def is_valid_hs6(code: str) -> bool:
    return hs6_problem(code) is None
