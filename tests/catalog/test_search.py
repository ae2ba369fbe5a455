"""Search treats the user's text literally: LIKE wildcards in it match only themselves."""

from __future__ import annotations

from chuhai.accounts.principal import SYSTEM
from chuhai.catalog import service
from tests import factories


def test_percent_and_underscore_are_literal(session):
    enterprise = factories.enterprise(session)
    factories.product(session, enterprise, title_en="100% cotton towel", title_zh=None, category="textiles",
                      hs_code="630260")
    factories.product(session, enterprise, title_en="Body wave wig", title_zh=None, sku="WIG_01")
    factories.product(session, enterprise, title_en="Kinky curly wig", title_zh=None, sku="WIGX01")
    assert [p.title_en for p in service.list_products(session, SYSTEM, q="%").items] == ["100% cotton towel"]
    assert [p.sku for p in service.list_products(session, SYSTEM, q="WIG_").items] == ["WIG_01"]
    assert service.list_products(session, SYSTEM, q="WAVE").total == 1
