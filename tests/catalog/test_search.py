"""Search treats the user's text literally: LIKE wildcards in it match only themselves."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from chuhai.accounts.principal import SYSTEM
from chuhai.catalog import service
from chuhai.catalog.repository import products_query
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


def test_search_results_come_newest_first_like_the_list(session):
    enterprise = factories.enterprise(session)
    older = factories.product(session, enterprise, title_en="Body wave wig", title_zh=None, sku="W-1")
    factories.product(session, enterprise, title_en="Ceramic mug", title_zh=None, sku="M-1", category="furniture",
                      hs_code="691200")
    newer = factories.product(session, enterprise, title_en="Kinky curly wig", title_zh=None, sku="W-2")
    assert [p.id for p in service.list_products(session, SYSTEM, q="wig").items] == [newer.id, older.id]
    assert service.list_products(session, SYSTEM).items[0].id == newer.id


def test_on_postgresql_a_search_is_answered_from_the_trigram_indexes(session):
    """`ILIKE '%words%'` over titles and SKUs can use pg_trgm's GIN indexes (catalog_0003) instead of reading every
    product; the planner picks them once the catalogue is large (forced here on a small one)."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the trigram indexes exist on PostgreSQL only")
    enterprise = factories.enterprise(session)
    factories.product(session, enterprise, title_en="Body wave lace front wig", title_zh="蕾丝前头套假发")
    session.flush()
    session.execute(text("SET LOCAL enable_seqscan = off"))
    session.execute(text("SET LOCAL enable_indexscan = off"))  # nor walking the primary key: a bitmap scan
    statement = products_query(q="lace front").compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = "\n".join(session.scalars(text(f"EXPLAIN {statement}")))
    for column in ("title_zh", "title_en", "sku"):
        assert f"ix_products_{column}_trgm" in plan
