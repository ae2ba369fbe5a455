"""Side effects where they happen: matching a posted demand and keeping the match index current are
explicit calls (the demand's and the catalog's flows), never session hooks installed by an import."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import select

from chuhai.accounts.principal import Principal
from chuhai.catalog import flows as catalog_flows
from chuhai.catalog.schemas import ProductIn
from chuhai.config import Settings
from chuhai.database import after_commit
from chuhai.demand import flows as demand_flows
from chuhai.demand.schemas import DemandIn
from chuhai.matching import index_store
from chuhai.matching.models import DemandMatch
from chuhai.types import RoleCode
from tests import factories

pytestmark = pytest.mark.usefixtures("lexical_only")


SESSION_EVENTS = ("before_flush", "after_flush", "after_flush_postexec", "before_commit", "after_commit",
                  "after_rollback", "after_soft_rollback", "after_begin", "after_transaction_end")


def test_importing_the_matching_service_installs_no_session_listener():
    """In a fresh interpreter: no function of the modules that used to install hooks (nor of the
    flows) listens on the Session class, and no listener on it comes from those domains."""
    script = textwrap.dedent(f"""
        import inspect
        from sqlalchemy import event
        from sqlalchemy.orm import Session
        import chuhai.matching.service, chuhai.matching.index_store, chuhai.demand.flows, chuhai.catalog.flows
        modules = [chuhai.matching.service, chuhai.matching.index_store, chuhai.demand.flows, chuhai.catalog.flows]
        functions = [f for m in modules for _, f in inspect.getmembers(m, inspect.isfunction)]
        assert len(functions) > 20, functions
        for name in {SESSION_EVENTS!r}:
            listening = [f.__qualname__ for f in functions if event.contains(Session, name, f)]
            assert not listening, (name, listening)
            domains = ("chuhai.matching", "chuhai.demand", "chuhai.catalog")
            # a new session lists the listeners of its class
            foreign = [f for f in getattr(Session().dispatch, name) if getattr(f, "__module__", "").startswith(domains)]
            assert not foreign, (name, foreign)
        print("clean")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "clean", result.stderr


def test_after_commit_runs_once_after_the_commit_and_never_after_a_rollback(session):
    ran: list[str] = []
    after_commit(session, lambda: ran.append("first"))
    session.flush()
    assert ran == []
    session.commit()
    assert ran == ["first"]
    session.commit()
    assert ran == ["first"]  # once
    factories.buyer(session)  # a change in a new transaction, as a flow registers its callback after one
    after_commit(session, lambda: ran.append("rolled back"))
    session.rollback()
    session.commit()
    assert ran == ["first"]
    with session.begin_nested():
        after_commit(session, lambda: ran.append("outer"))
    assert ran == ["first"]  # a released savepoint is not the commit
    session.commit()
    assert ran == ["first", "outer"]


def _world(session):
    maker = factories.enterprise(session)
    wig = factories.product(session, maker, title_zh="13x4 蕾丝前头套假发 真人发", title_en=None)
    member = factories.user(session, "enterprise", enterprise_id=maker.id)
    buyer = factories.buyer(session)
    session.commit()
    return maker, wig, member, buyer


def test_a_demand_written_without_the_flow_is_not_matched_behind_the_callers_back(session, tmp_path):
    _maker, _wig, _member, buyer = _world(session)
    index_store.index_for(session, tmp_path)
    session.info["actor_id"] = 1  # a signed-in user's session, which the old commit hook matched
    demand = factories.demand(session, buyer, text="13x4 lace front wig human hair")
    session.commit()
    assert session.scalars(select(DemandMatch).where(DemandMatch.demand_id == demand.id)).all() == []


def test_posting_a_demand_matches_it_before_the_commit(session, tmp_path):
    _maker, wig, _member, buyer = _world(session)
    actor = Principal(user_id=None, role=RoleCode.BUYER, buyer_id=buyer.id)
    demand = demand_flows.post_demand(session, actor, DemandIn(text="13x4 lace front wig human hair"), tmp_path)
    rows = session.scalars(select(DemandMatch).where(DemandMatch.demand_id == demand.id)).all()
    assert [row.product_id for row in rows] == [wig.id]


def test_catalog_changes_reach_the_index_only_once_committed(session, tmp_path):
    maker, _wig, _member, _buyer = _world(session)
    store = index_store.index_for(session, tmp_path)
    store.match_index(session)
    actor = Principal(user_id=None, role=RoleCode.ENTERPRISE, enterprise_id=maker.id)
    data = ProductIn(sku="GTR-9", title_en="41 inch acoustic guitar", category="instruments", hs_code="920290",
                     price_tiers=[])
    guitar = catalog_flows.create_product(session, actor, data)
    assert guitar.id not in store.dirty_products
    session.rollback()
    assert store.dirty_products == set()
    guitar = catalog_flows.create_product(session, actor, data)
    session.commit()
    assert store.dirty_products == {guitar.id}
    assert str(guitar.id) in store.match_index(session).corpus.slot_of


def test_the_platform_passes_its_settings_into_the_engine(tmp_path):
    store = index_store.PlatformIndex("key", tmp_path, settings=Settings(match_lexical_only=True, cache_dir=tmp_path))
    assert store.embedder is None and store.cache_dir == tmp_path
