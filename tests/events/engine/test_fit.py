"""How well a buyer and an enterprise fit: category overlap (or the match score), then verification."""

from __future__ import annotations

import pytest

from chuhai.events.engine.fit import fit_score


def test_fit_prefers_category_overlap_then_verification():
    wanted = {"wigs", "eyelashes"}
    both = fit_score(wanted, {"wigs", "eyelashes"}, enterprise_verified=False)
    one_verified = fit_score(wanted, {"wigs"}, enterprise_verified=True)
    none_verified = fit_score(wanted, {"furniture"}, enterprise_verified=True)
    assert both.score > one_verified.score > none_verified.score > 0
    assert fit_score(wanted, {"wigs"}, False, event_categories={"wigs"}).score == pytest.approx(0.8)
