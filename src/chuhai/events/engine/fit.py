"""Whom to request: how well a buyer and an enterprise fit (pure).

The fit is the matching engine's score for the pair when it has one (stored demand matches), else the
overlap between the buyer's demanded categories and the enterprise's product categories; plus a bonus
for a verified enterprise. Its reasons are codes: the English message ids of `FIT_REASONS`, which the
platform translates where it shows them (`chuhai.events.states.FIT_REASON_LABELS` marks them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

VERIFIED_BONUS = 0.2
MATCHED = "Its products match the buyer's demands"
MAKES_WANTED = "Makes what the buyer asks for"
VERIFIED = "Verified enterprise"
FIT_REASONS = (MATCHED, MAKES_WANTED, VERIFIED)


@dataclass(frozen=True)
class Fit:
    score: float
    shared_categories: tuple[str, ...] = ()
    reasons: tuple[str, ...] = field(default=())


def fit_score(buyer_categories: set[str], enterprise_categories: set[str], enterprise_verified: bool,
              event_categories: set[str] = frozenset(), match_score: float | None = None) -> Fit:
    """Share of the buyer's categories the enterprise makes (within the event's categories, when it has any).

    `match_score`, when the matching engine has scored this pair (the best stored match between the
    buyer's demands and the enterprise's products, which the platform reads from the matching domain),
    replaces the category overlap."""
    wanted = buyer_categories & event_categories if event_categories else set(buyer_categories)
    shared = wanted & enterprise_categories
    overlap = len(shared) / len(wanted) if wanted else 0.0
    fit = overlap if match_score is None else max(0.0, min(1.0, match_score))
    score = (1 - VERIFIED_BONUS) * fit + (VERIFIED_BONUS if enterprise_verified else 0.0)
    reasons = []
    if match_score is not None:
        reasons.append(MATCHED)
    elif shared:
        reasons.append(MAKES_WANTED)
    if enterprise_verified:
        reasons.append(VERIFIED)
    return Fit(round(score, 4), tuple(sorted(shared)), tuple(reasons))
