"""Products whose HS code an enterprise confirmed or an operator corrected feed the suggester
(planning.service.hs_evidence); an imported code nobody confirmed does not."""

from __future__ import annotations

import pytest

from chuhai.accounts.service import principal_of
from chuhai.catalog import service as catalog
from chuhai.catalog.models import HsCodeSource
from chuhai.catalog.schemas import ProductIn
from chuhai.planning import service
from chuhai.planning.engine.hs import suggest
from tests import factories

TEXT = "招财猫摆件 树脂 店铺开业"
TITLES = {"title_zh": "树脂招财猫摆件 开业礼品", "title_en": "Resin lucky cat figurine"}


def top(session, text: str = TEXT) -> str:
    return suggest(text, top=1, evidence=service.hs_evidence(session))[0]["code"]


@pytest.fixture
def people(session):
    enterprise = factories.enterprise(session)
    member = principal_of(factories.user(session, "enterprise", enterprise_id=enterprise.id))
    operator = principal_of(factories.user(session, "operator"))
    return enterprise, member, operator


def _save(session, actor, product=None, **fields) -> int:
    data = ProductIn(**{"sku": "LC-1", "category": "furniture", "hs_code": "392640", **TITLES, **fields})
    if product is None:
        return catalog.create_product(session, actor, data).id
    return catalog.update_product(session, actor, product, data).id


def test_confirmed_and_corrected_products_become_evidence_and_follow_changes(session, people):
    _enterprise, member, operator = people
    assert top(session) != "392640"
    product = _save(session, member)  # the enterprise saves its product with the code: confirmed
    assert top(session) == "392640"
    _save(session, operator, product, hs_code="691390")  # the operator corrects it
    assert top(session) == "691390"
    catalog.archive_product(session, member, product)  # an archived product is no evidence
    assert top(session) not in ("392640", "691390")


def test_an_imported_code_is_no_evidence_until_the_enterprise_confirms_it(session, people):
    enterprise, member, _operator = people
    imported = factories.product(session, enterprise, category="furniture", hs_code="392640", **TITLES)
    assert imported.hs_code_source == HsCodeSource.IMPORTED
    assert top(session) != "392640"
    _save(session, member, imported.id, sku=imported.sku)
    assert top(session) == "392640"


def test_a_correction_outweighs_a_confirmation_for_a_near_identical_title(session, people):
    _enterprise, member, operator = people
    _save(session, member, sku="LC-1", hs_code="392690")
    corrected = _save(session, member, sku="LC-2", hs_code="392640")
    _save(session, operator, corrected, sku="LC-2", hs_code="691390")  # the operator's word on the same title
    # the same similarity, so without the correction's weight the lower code would win the tie
    ranked = [s["code"] for s in suggest(TEXT, top=3, evidence=service.hs_evidence(session))]
    assert ranked[0] == "691390" and ranked.index("691390") < ranked.index("392690")
