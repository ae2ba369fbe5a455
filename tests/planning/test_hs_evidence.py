"""Products whose HS code an enterprise confirmed feed the suggester (planning.service.hs_evidence)."""

from __future__ import annotations

from chuhai.planning import service
from chuhai.planning.engine.hs import suggest
from tests import factories


def test_confirmed_products_become_evidence_and_follow_changes(session):
    text = "招财猫摆件 树脂 店铺开业"
    assert suggest(text, top=1, evidence=service.hs_evidence(session))[0]["code"] != "392640"
    product = factories.product(session, title_zh="树脂招财猫摆件 开业礼品", title_en="Resin lucky cat figurine",
                                hs_code="392640", category="decor")
    assert suggest(text, top=1, evidence=service.hs_evidence(session))[0]["code"] == "392640"
    # an operator's correction is picked up at the next suggestion
    product.hs_code = "691390"
    session.flush()
    assert suggest(text, top=1, evidence=service.hs_evidence(session))[0]["code"] == "691390"
    # an inactive product is no evidence
    product.status = "inactive"
    session.flush()
    assert suggest(text, top=1, evidence=service.hs_evidence(session))[0]["code"] not in ("392640", "691390")
