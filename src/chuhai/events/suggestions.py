"""Whom to request: counterparts ranked by how well they fit (pure).

Until the matching engine's scores are wired into events, the fit is the overlap between the buyer's
demanded categories and the enterprise's product categories, plus a bonus for a verified enterprise.
The matching integration replaces `fit_score` (same inputs, a score in [0, 1], reasons as message ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chuhai.web.message_ids import N_

VERIFIED_BONUS = 0.2


@dataclass(frozen=True)
class Fit:
    score: float
    shared_categories: tuple[str, ...] = ()
    reasons: tuple[str, ...] = field(default=())


def fit_score(buyer_categories: set[str], enterprise_categories: set[str], enterprise_verified: bool,
              event_categories: set[str] = frozenset()) -> Fit:
    """Share of the buyer's categories the enterprise makes (within the event's categories, when it has any)."""
    wanted = buyer_categories & event_categories if event_categories else set(buyer_categories)
    shared = wanted & enterprise_categories
    overlap = len(shared) / len(wanted) if wanted else 0.0
    score = (1 - VERIFIED_BONUS) * overlap + (VERIFIED_BONUS if enterprise_verified else 0.0)
    reasons = []
    if shared:
        reasons.append(N_("Makes what the buyer asks for"))
    if enterprise_verified:
        reasons.append(N_("Verified enterprise"))
    return Fit(round(score, 4), tuple(sorted(shared)), tuple(reasons))
