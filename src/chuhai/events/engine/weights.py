"""What a meeting is worth to the scheduler (pure): the requesting sides' priorities, a bonus when both
sides asked, plus how well the two fit."""

from __future__ import annotations

PRIORITY_WEIGHT = {1: 1.0, 2: 2.0, 3: 3.0}
MUTUAL_BONUS = 2.0  # on top of both sides' priorities: a meeting both asked for is worth the most


def pair_weight(priorities: list[int], fit: float = 0.0) -> float:
    """A pair's value: each requesting side's priority, a bonus when both asked, plus the match fit (0..1)."""
    weight = sum(PRIORITY_WEIGHT[p] for p in priorities) + fit
    return weight + (MUTUAL_BONUS if len(priorities) > 1 else 0.0)
