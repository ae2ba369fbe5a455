"""Matching in the platform, through the service: records → engine → stored short lists."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from chuhai.accounts.models import Notification
from chuhai.accounts.principal import Principal
from chuhai.catalog import flows as catalog_flows
from chuhai.catalog.schemas import ProductIn
from chuhai.demand import flows as demand_flows
from chuhai.demand.schemas import DemandIn
from chuhai.errors import Forbidden, NotFound
from chuhai.matching import index_store, repository, service
from chuhai.matching.models import DemandMatch
from chuhai.matching.reasons import reason_texts
from chuhai.types import RoleCode
from tests import factories
from tests.conftest import recorded_ids, recorded_statements

pytestmark = pytest.mark.usefixtures("lexical_only")


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "var"


def operator() -> Principal:
    return Principal(user_id=None, role=RoleCode.OPERATOR)


def buyer_of(record) -> Principal:
    return Principal(user_id=None, role=RoleCode.BUYER, buyer_id=record.id)


def enterprise_of(record) -> Principal:
    return Principal(user_id=None, role=RoleCode.ENTERPRISE, enterprise_id=record.id)


def _catalog(session):
    wigs = factories.enterprise(session, certifications=["ISO 9001"])
    brakes = factories.enterprise(session, name_zh="瑞安测试汽配有限公司", verification_status="pending")
    wig = factories.product(session, wigs, title_zh="13x4 蕾丝前头套假发 真人发", title_en=None)
    brake = factories.product(session, brakes, title_zh="陶瓷刹车片 适用丰田", title_en="Ceramic brake pads",
                              category="auto_parts", hs_code="870830", certifications=["E-Mark"],
                              price_tiers=[(100, Decimal("70.00"))])
    brake.price_tiers[0].currency = "CNY"
    session.flush()
    return wigs, brakes, wig, brake


def test_catalog_item_takes_valid_certifications_verified_flag_and_the_lowest_tier_in_usd(session):
    _wigs, brakes, wig, brake = _catalog(session)
    from chuhai.catalog.models import Certification

    brakes.certifications.append(Certification(name="IATF 16949", valid_until=date.today() - timedelta(days=1)))
    session.flush()
    items = {item.product_id: item for item in
             (repository.catalog_item(p, date.today(), repository.usd_rates(session))
              for p in repository.matchable_products(session))}
    wig_item, brake_item = items[str(wig.id)], items[str(brake.id)]
    assert wig_item.certifications == ("ISO 9001",) and wig_item.verified
    assert wig_item.price_usd == Decimal("45.00") and wig_item.moq == 10 and wig_item.monthly_capacity == 5000
    assert brake_item.certifications == ("E-Mark",)  # the expired IATF certificate does not count
    assert not brake_item.verified
    assert brake_item.price_usd == (Decimal("70.00") * repository.usd_rates(session)["CNY"]).quantize(Decimal("0.01"))


def test_demand_query_converts_price_and_deadline(session):
    buyer = factories.buyer(session)
    demand = factories.demand(session, buyer, target_price=Decimal("100"), currency="CNY",
                              deadline=date.today() + timedelta(days=30), required_certifications=["CE"],
                              verified_only=True)
    query = repository.demand_query(demand, date.today(), repository.usd_rates(session))
    assert query.max_lead_time_days == 30 and query.verified_only and query.required_certifications == ("CE",)
    assert Decimal("5") < query.target_price_usd < Decimal("30")


def test_short_list_is_stored_with_reasons_in_both_languages(session, data_dir):
    _wigs, _brakes, wig, _brake = _catalog(session)
    buyer = factories.buyer(session)
    demand = factories.demand(session, buyer, text="500 pcs 13x4 lace front wigs, human hair")
    rows = service.demand_matches(session, buyer_of(buyer), demand.id, data_dir=data_dir)
    assert rows and rows[0].product_id == wig.id and rows[0].rank == 1 and rows[0].status == "proposed"
    stored = session.scalars(select(DemandMatch).where(DemandMatch.demand_id == demand.id)).all()
    assert {r.product_id for r in stored} == {r.product_id for r in rows}
    english = reason_texts(rows[0].reasons, "en")
    chinese = reason_texts(rows[0].reasons, "zh_CN")
    assert any(text.startswith("Matches:") for text in english)
    assert any(text.startswith("匹配关键词") for text in chinese)


def test_a_buyer_cannot_see_another_buyers_matches(session, data_dir):
    _catalog(session)
    demand = factories.demand(session, factories.buyer(session))
    with pytest.raises(NotFound):
        service.demand_matches(session, buyer_of(factories.buyer(session)), demand.id, data_dir=data_dir)


def test_product_change_and_archive_are_visible_in_the_next_query(session, data_dir):
    wigs, _brakes, _wig, _brake = _catalog(session)
    buyer = factories.buyer(session)
    demand = factories.demand(session, buyer, text="acoustic guitar 41 inch solid spruce",
                              category=None)
    session.commit()
    assert service.demand_matches(session, buyer_of(buyer), demand.id, data_dir=data_dir) == []
    index = index_store.index_for(session, data_dir)
    assert index.products is not None  # built on first use, before the guitar existed
    data = ProductIn(sku="GTR-1", title_zh="41寸 民谣吉他 单板云杉", title_en="41 inch acoustic guitar",
                     category="instruments", hs_code="920290", moq=5, price_tiers=[])
    guitar = catalog_flows.create_product(session, enterprise_of(wigs), data)
    session.commit()
    rows = service.demand_matches(session, buyer_of(buyer), demand.id, refresh=True, data_dir=data_dir)
    assert [r.product_id for r in rows] == [guitar.id]
    assert index_store.index_for(session, data_dir).products is index.products  # updated, not rebuilt
    catalog_flows.archive_product(session, enterprise_of(wigs), guitar.id)
    session.commit()
    assert service.demand_matches(session, buyer_of(buyer), demand.id, refresh=True, data_dir=data_dir) == []


def test_the_index_is_saved_and_reloaded_from_disk(session, data_dir):
    _wigs, _brakes, wig, _brake = _catalog(session)
    session.commit()
    index_store.index_for(session, data_dir).match_index(session)
    assert (data_dir / "match-index" / index_store.STATE_FILE).exists()
    index_store.forget(session)
    reloaded = index_store.index_for(session, data_dir)
    assert reloaded._load() and str(wig.id) in reloaded.products.corpus.slot_of


def test_a_change_stays_in_memory_and_an_index_another_process_saved_is_mapped_at_the_next_full_check(
        session, data_dir, monkeypatch):
    """Saving after every change would have each worker write and map its own copy of the index (nothing
    shared): a change is applied in memory, the files stay; after SAVE_AFTER_CHANGES changes, or once another
    process saved a new generation (`chuhai match reindex`), the process maps the saved files."""
    wigs, _brakes, wig, _brake = _catalog(session)
    session.commit()
    store = index_store.index_for(session, data_dir)
    store.match_index(session)
    state_file = data_dir / "match-index" / index_store.STATE_FILE
    saved = state_file.read_text()
    first = store.generation
    assert first and first in saved
    lamp = factories.product(session, wigs, title_zh="LED 台灯", title_en="LED desk lamp")
    session.commit()
    index_store.note_changes(session, products=[lamp.id])
    session.commit()
    assert str(lamp.id) in store.match_index(session).corpus.slot_of
    assert state_file.read_text() == saved and store.generation == first and store.unsaved == 1
    other = index_store.PlatformIndex(store.key, store.directory, embedder=None)  # another worker's
    other.rebuild(session)
    assert other.generation != first
    store.products_checked_at = float("-inf")  # its next full comparison
    index = store.match_index(session)
    assert store.generation == other.generation and str(lamp.id) in index.corpus.slot_of
    monkeypatch.setattr(index_store, "SAVE_AFTER_CHANGES", 1)
    catalog_flows.archive_product(session, enterprise_of(wigs), wig.id)
    session.commit()
    assert str(wig.id) not in store.match_index(session).corpus.slot_of
    assert store.generation not in (first, other.generation) and store.generation in state_file.read_text()


@pytest.fixture
def read_products(monkeypatch) -> list:
    """The product ids each read of matchable products asked for (None: every product)."""
    return recorded_ids(monkeypatch, repository, "matchable_products")


def test_a_process_compares_the_whole_catalog_only_when_another_process_changed_it(session, data_dir,
                                                                                     read_products):
    """Every FULL_CHECK_S a process reads the catalogue's stamp (the day, the data version the writing flows
    raise, the exchange rates): a quiet catalogue of a million products must not be read every minute by every
    worker. When only the version moved, the products' fingerprints say which products to read again; on a
    new day every product is compared (certificates expire)."""

    wigs, _brakes, _wig, _brake = _catalog(session)
    session.commit()
    store = index_store.index_for(session, data_dir)
    store.match_index(session)
    with recorded_statements(session) as statements:
        store.products_checked_at = float("-inf")  # the check is due; nothing changed
        store.match_index(session)
    assert statements and not any("FROM products" in statement for statement in statements)
    # Another process (its own store) saves a product through the catalog's flow: the version moves.
    other = index_store.PlatformIndex(store.key, store.directory, embedder=None)
    index_store._STORES[store.key] = other
    try:
        lamp = catalog_flows.create_product(session, enterprise_of(wigs), ProductIn(
            sku="LAMP-1", title_zh="LED 台灯", title_en="LED desk lamp", category="furniture", hs_code="940511"))
        session.commit()
    finally:
        index_store._STORES[store.key] = store
    assert str(lamp.id) not in store.products.corpus.slot_of  # this process was not told
    read_products.clear()  # what the set-up read
    store.products_checked_at = float("-inf")
    assert str(lamp.id) in store.match_index(session).corpus.slot_of
    assert read_products == [{lamp.id}]  # the fingerprints said which product changed: only that one was read
    # The next day (a certificate may have expired overnight): every product is compared.
    store.products_stamp = (str(date.today() - timedelta(days=1)), *store.products_stamp[1:])
    store.products_checked_at = float("-inf")
    store.match_index(session)
    assert read_products[-1] is None


def test_a_process_that_loads_a_saved_index_reads_only_what_changed_since_it_was_saved(session, data_dir,
                                                                                       read_products):
    """A saved index keeps the stamp and fingerprints it was last compared under: a worker that loads it (as it
    starts, or after another worker saved) reads only the products changed since, not every product (at a
    million products that read took minutes and gigabytes in every worker)."""
    wigs, _brakes, _wig, _brake = _catalog(session)
    session.commit()
    saver = index_store.index_for(session, data_dir)
    saver.match_index(session)
    saver._save()
    lamp = factories.product(session, wigs, title_en="LED desk lamp", title_zh=None, category="furniture")
    index_store.note_changes(session, products=[lamp.id])  # what the writing flows do: the version moves
    session.commit()
    read_products.clear()  # what the set-up read
    loader = index_store.PlatformIndex(saver.key, saver.directory, embedder=None)
    assert str(lamp.id) in loader.match_index(session).corpus.slot_of
    assert read_products == [{lamp.id}]
    # Loaded when nothing moved since: the stamp agrees and nothing is read, until the fingerprint safety check
    # (which a change made without raising the version relies on) is due, SAFETY_CHECK_S after the load.
    loader._save()
    quiet = index_store.PlatformIndex(saver.key, saver.directory, embedder=None)
    quiet.match_index(session)
    assert read_products == [{lamp.id}]
    quiet.looked_at["products"] -= index_store.SAFETY_CHECK_S + 1
    quiet.products_checked_at = float("-inf")
    assert quiet._products_comparison_due(session) is not None


def test_a_change_raises_the_data_version_once_committed_and_locks_nothing_meanwhile(session, data_dir):
    """The version the other processes watch moves after the commit, in a short transaction of its own: raised
    inside the request's transaction, its row stayed locked until that request committed, and another request
    raising it waited (on the event loop for an async view: a worker stopped)."""
    from sqlalchemy import text

    from chuhai.imports.repository import data_versions

    wigs, _brakes, _wig, _brake = _catalog(session)
    session.commit()
    before = data_versions(session, ("products",))[0]
    session.commit()
    catalog_flows.create_product(session, enterprise_of(wigs), ProductIn(
        sku="LAMP-2", title_zh="LED 台灯", title_en="LED desk lamp", category="furniture", hs_code="940511"))
    session.flush()
    others = 0
    if session.get_bind().dialect.name == "postgresql":  # (SQLite has one writer at a time anyway)
        with session.get_bind().connect() as other:  # another request, meanwhile
            other.execute(text("SET lock_timeout = '2s'"))  # waiting for the row would fail here
            other.execute(text("UPDATE data_versions SET version = version + 1 WHERE name = 'products'"))
            other.commit()
            others = 1
    assert data_versions(session, ("products",))[0] == before + others  # not raised inside the transaction
    session.commit()
    assert data_versions(session, ("products",))[0] == before + others + 1
    session.rollback()


def test_new_demand_from_a_signed_in_buyer_is_matched_and_notifies_the_enterprise_once(session, data_dir):
    wigs, brakes, wig, _brake = _catalog(session)
    wig_user = factories.user(session, "enterprise", enterprise_id=wigs.id)
    brake_user = factories.user(session, "enterprise", enterprise_id=brakes.id)
    buyer = factories.buyer(session)
    buyer_user = factories.user(session, "buyer", buyer_id=buyer.id)
    session.commit()
    index_store.index_for(session, data_dir)
    session.info["actor_id"] = buyer_user.id
    posted = DemandIn(text="HD lace front wig human hair 13x4, 300 pieces", quantity=500, category="wigs")
    demand = demand_flows.post_demand(session, buyer_of(buyer), posted, data_dir)
    session.commit()
    notes = session.scalars(select(Notification).where(Notification.kind == "demand_match")).all()
    assert [(n.user_id, n.payload["demand_id"]) for n in notes] == [(wig_user.id, demand.id)]
    assert brake_user.id not in {n.user_id for n in notes}
    assert session.scalars(select(DemandMatch.product_id).where(DemandMatch.demand_id == demand.id)).first() == wig.id
    session.commit()  # a later commit does not notify again
    assert len(session.scalars(select(Notification)).all()) == 1


def test_acceptance_shares_contacts_both_ways_and_only_between_the_two(session, data_dir):
    wigs, brakes, wig, _brake = _catalog(session)
    buyer = factories.buyer(session)
    demand = factories.demand(session, buyer, text="13x4 lace front wig human hair")
    rows = service.demand_matches(session, buyer_of(buyer), demand.id, data_dir=data_dir)
    row = next(r for r in rows if r.product_id == wig.id)
    assert not service.contacts_shared(session, demand.id, wigs.id)
    assert not service.may_see_buyer_contacts(session, enterprise_of(wigs), demand)
    assert not service.may_see_enterprise_contacts(session, buyer_of(buyer), wigs.id)
    with pytest.raises(Forbidden):
        service.decide(session, enterprise_of(wigs), row.id, "accepted")
    service.decide(session, buyer_of(buyer), row.id, "accepted")
    assert service.contacts_shared(session, demand.id, wigs.id)
    assert service.may_see_buyer_contacts(session, enterprise_of(wigs), demand)
    assert service.may_see_enterprise_contacts(session, buyer_of(buyer), wigs.id)
    assert not service.may_see_buyer_contacts(session, enterprise_of(brakes), demand)
    assert not service.may_see_enterprise_contacts(session, buyer_of(factories.buyer(session)), wigs.id)


def test_opportunities_include_stored_matches_and_demands_found_by_reverse_search(session, data_dir):
    wigs, brakes, _wig, _brake = _catalog(session)
    buyer = factories.buyer(session)
    stored = factories.demand(session, buyer, text="13x4 lace front wig human hair, 200 pcs")
    service.compute_matches(session, [stored], data_dir=data_dir)
    later = factories.demand(session, buyer, text="ceramic brake pads for Toyota, 1000 sets", category="auto_parts")
    session.commit()
    wig_side = service.opportunities(session, enterprise_of(wigs), data_dir=data_dir)
    assert [o.demand.id for o in wig_side] == [stored.id] and wig_side[0].status == "proposed"
    brake_side = service.opportunities(session, enterprise_of(brakes), data_dir=data_dir)
    assert [o.demand.id for o in brake_side] == [later.id] and brake_side[0].status is None
    with pytest.raises(Forbidden):
        service.opportunities(session, buyer_of(buyer), data_dir=data_dir)


def test_unmatched_lists_demands_without_a_good_match_by_category_and_destination(session, data_dir):
    _catalog(session)
    buyer = factories.buyer(session, country="DE")
    fits = factories.demand(session, buyer, text="13x4 lace front wig human hair")
    nothing = factories.demand(session, buyer, text="industrial espresso machines", category="appliances")
    blocked = factories.demand(session, buyer, text="13x4 lace front wig", required_certifications=["FDA"])
    session.commit()
    groups = service.unmatched(session, operator(), data_dir=data_dir)
    listed = {d.id: best for g in groups for d, best in g.demands}
    assert fits.id not in listed
    assert listed[nothing.id] is None and listed[blocked.id] is None
    assert {(g.category, g.destination_country) for g in groups} == {("appliances", "DE"), ("wigs", "DE")}


def test_a_demand_naming_a_category_gets_no_product_of_another(session, data_dir):
    _wigs, _brakes, _wig, brake = _catalog(session)
    buyer = factories.buyer(session)
    auto = factories.demand(session, buyer, text="ceramic brake pads lace front wig", category="auto_parts")
    rows = service.demand_matches(session, buyer_of(buyer), auto.id, data_dir=data_dir)
    assert [r.product_id for r in rows] == [brake.id]


def test_event_suggestions_use_match_scores_when_the_pair_was_matched(session, data_dir):
    from chuhai.events.engine.fit import fit_score

    wigs, brakes, _wig, _brake = _catalog(session)
    buyer = factories.buyer(session)
    demand = factories.demand(session, buyer, text="13x4 lace front wig human hair")
    service.demand_matches(session, buyer_of(buyer), demand.id, data_dir=data_dir)
    scores = service.pair_scores(session, [buyer.id], [wigs.id, brakes.id])
    assert set(scores) == {(buyer.id, wigs.id)} and 0 < scores[(buyer.id, wigs.id)] <= 1
    matched = fit_score({"furniture"}, {"wigs"}, False, match_score=scores[(buyer.id, wigs.id)])
    assert matched.score > fit_score({"furniture"}, {"wigs"}, False).score == 0
    assert "Its products match the buyer's demands" in matched.reasons
