"""Stored fits: an enterprise's opportunities are read from what the writes stored, not searched per view."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from chuhai.accounts.principal import Principal
from chuhai.catalog import flows as catalog_flows
from chuhai.catalog.schemas import ProductIn
from chuhai.matching import repository, service
from chuhai.matching.engine.reverse import DemandIndex
from chuhai.matching.models import FitScan, ProductFit
from chuhai.types import RoleCode, VerificationStatus
from tests import factories

pytestmark = pytest.mark.usefixtures("lexical_only")


@pytest.fixture
def searches(monkeypatch) -> list[str]:
    """The products the reverse search runs for (the engine's entry point, wrapped: it still runs)."""
    seen: list[str] = []
    original = DemandIndex.demands_for

    def counting(self, item, top=10, vector=None):
        seen.append(item.product_id)
        return original(self, item, top, vector)

    monkeypatch.setattr(DemandIndex, "demands_for", counting)
    return seen


def enterprise_of(record) -> Principal:
    return Principal(user_id=None, role=RoleCode.ENTERPRISE, enterprise_id=record.id)


def operator() -> Principal:
    return Principal(user_id=None, role=RoleCode.OPERATOR)


GUITAR = ProductIn(sku="GTR-1", title_zh="41寸 民谣吉他 单板云杉", title_en="41 inch acoustic guitar",
                   category="instruments", hs_code="920290", moq=5, price_tiers=[])


def _guitar_maker_and_demand(session):
    maker = factories.enterprise(session)
    buyer = factories.buyer(session)
    demand = factories.demand(session, buyer, text="acoustic guitar 41 inch solid spruce", category="instruments")
    session.commit()
    return maker, demand


def test_a_product_written_through_the_flow_stores_its_fits_and_the_page_searches_nothing(session, searches):
    maker, demand = _guitar_maker_and_demand(session)
    guitar = catalog_flows.create_product(session, enterprise_of(maker), GUITAR)
    session.commit()
    assert searches == [str(guitar.id)]  # once, by the write
    fits = session.scalars(select(ProductFit).where(ProductFit.product_id == guitar.id)).all()
    assert [(f.demand_id, f.enterprise_id) for f in fits] == [(demand.id, maker.id)]
    assert session.get(FitScan, guitar.id) is not None
    searches.clear()
    found = service.opportunities(session, enterprise_of(maker))
    assert [(o.demand.id, o.product.id, o.status) for o in found] == [(demand.id, guitar.id, None)]
    assert searches == []  # read from what was stored


def test_archiving_a_product_or_rejecting_its_enterprise_drops_its_fits(session):
    maker, demand = _guitar_maker_and_demand(session)
    guitar = catalog_flows.create_product(session, enterprise_of(maker), GUITAR)
    other = catalog_flows.create_product(session, enterprise_of(maker), GUITAR.model_copy(update={"sku": "GTR-2"}))
    session.commit()
    assert {o.product.id for o in service.opportunities(session, enterprise_of(maker))} <= {guitar.id, other.id}
    catalog_flows.archive_product(session, enterprise_of(maker), guitar.id)
    session.commit()
    assert session.scalars(select(ProductFit).where(ProductFit.product_id == guitar.id)).all() == []
    assert [o.product.id for o in service.opportunities(session, enterprise_of(maker))] == [other.id]
    catalog_flows.set_verification(session, operator(), maker.id, VerificationStatus.REJECTED)
    session.commit()
    assert session.scalars(select(ProductFit).where(ProductFit.enterprise_id == maker.id)).all() == []
    catalog_flows.set_verification(session, operator(), maker.id, VerificationStatus.VERIFIED)
    session.commit()
    assert [o.demand.id for o in service.opportunities(session, enterprise_of(maker))] == [demand.id]


def test_a_closed_demand_leaves_the_stored_opportunities_when_read(session):
    maker, demand = _guitar_maker_and_demand(session)
    catalog_flows.create_product(session, enterprise_of(maker), GUITAR)
    session.commit()
    assert [o.demand.id for o in service.opportunities(session, enterprise_of(maker))] == [demand.id]
    demand.status = "closed"
    session.commit()
    assert service.opportunities(session, enterprise_of(maker)) == []


def test_products_written_in_bulk_are_searched_live_until_their_fits_are_stored(session, searches):
    maker, demand = _guitar_maker_and_demand(session)
    bulk = factories.product(session, maker, title_zh="41寸 民谣吉他", title_en="41 inch acoustic guitar",
                             category="instruments")
    session.commit()
    assert repository.unsearched_product_ids(session, maker.id) == [bulk.id]
    assert [o.demand.id for o in service.opportunities(session, enterprise_of(maker))] == [demand.id]
    assert searches == [str(bulk.id)] and session.get(FitScan, bulk.id) is None  # a read stores nothing
    assert service.store_fits(session, products=[bulk.id]) == 1  # what `chuhai match fits` does for all
    session.commit()
    searches.clear()
    assert [o.demand.id for o in service.opportunities(session, enterprise_of(maker))] == [demand.id]
    assert searches == []


def test_a_bulk_write_queues_one_background_search_that_stores_the_new_products_fits(session, searches, db_url,
                                                                                    tmp_path):
    from chuhai.jobs.models import Job, JobState
    from chuhai.jobs.registry import JobContext
    from chuhai.matching.tasks import store_fits_of_new_products

    maker, demand = _guitar_maker_and_demand(session)
    bulk = factories.product(session, maker, title_zh="41寸 民谣吉他", title_en="41 inch acoustic guitar",
                             category="instruments")
    catalog_flows.catalog_written_in_bulk(session)  # what an import's end does
    catalog_flows.catalog_written_in_bulk(session)  # a second import before the job ran: still one job
    session.commit()
    assert repository.unsearched_product_ids(session, maker.id) == [bulk.id]
    (job,) = session.scalars(select(Job).where(Job.kind.in_(service.FITS_KINDS), Job.state == JobState.QUEUED))
    assert job.kind == service.FEW_FITS_KIND  # one product: searched on a thread of a process with warm indexes
    progress: list[dict] = []
    result = store_fits_of_new_products(JobContext(job.id, job.kind, {}, db_url, None, 1, str(tmp_path),
                                                   progress.append))
    assert result == {"products": 1, "fits": 1} and progress[-1] == {"done": 1, "total": 1}
    session.expire_all()
    assert repository.unsearched_product_ids(session, maker.id) == []
    searches.clear()
    assert [o.demand.id for o in service.opportunities(session, enterprise_of(maker))] == [demand.id]
    assert searches == []  # read from the stored fits
    again = store_fits_of_new_products(JobContext(job.id, job.kind, {}, db_url, None, 1, str(tmp_path)))
    assert again == {"products": 0, "fits": 0}  # idempotent: nothing left to search


def test_many_products_written_in_bulk_are_searched_in_an_isolated_child_and_a_few_left_go_there_too(
        session, db_url, tmp_path, monkeypatch):
    from chuhai.jobs import registry
    from chuhai.jobs import service as jobs
    from chuhai.jobs.models import Job, JobState
    from chuhai.jobs.registry import JobContext
    from chuhai.matching.tasks import store_fits_of_new_products

    monkeypatch.setattr(service, "FEW_FITS", 2)
    monkeypatch.setattr("chuhai.matching.tasks.FEW_FITS", 2)
    maker, _demand = _guitar_maker_and_demand(session)
    for n in range(3):
        factories.product(session, maker, title_en=f"41 inch acoustic guitar {n}", category="instruments")
    catalog_flows.catalog_written_in_bulk(session)
    session.commit()
    queued = session.scalars(select(Job.kind).where(Job.kind.in_(service.FITS_KINDS),
                                                    Job.state == JobState.QUEUED)).all()
    assert queued == [service.FITS_KIND] and registry.get_kind(service.FITS_KIND).isolated
    assert not registry.get_kind(service.FEW_FITS_KIND).isolated
    # A job for a few that finds more than it may search (written meanwhile) queues the right one for the rest.
    few = jobs.enqueue(session, service.FEW_FITS_KIND)
    few.state = JobState.RUNNING  # as the runner has it while the handler runs
    session.commit()
    result = store_fits_of_new_products(JobContext(few.id, few.kind, {}, db_url, None, 1, str(tmp_path)))
    assert result["products"] == 2
    session.expire_all()
    assert len(repository.unsearched_product_ids(session, maker.id)) == 1
    (next_few,) = session.scalars(select(Job.id).where(Job.kind == service.FEW_FITS_KIND,
                                                       Job.state == JobState.QUEUED))
    assert next_few != few.id


def test_warming_loads_both_indexes_of_the_process(session, db_url):
    from chuhai.matching import index_store

    _guitar_maker_and_demand(session)
    index_store.forget(session)
    index_store.warm(db_url)  # what a worker does as it starts (create_app with warm_caches)
    store = index_store.index_for(session)
    assert store.products is not None and store.demands is not None and len(store.demands) == 1


def test_a_fits_job_started_while_an_earlier_one_runs_waits_for_it(session, db_url, tmp_path):
    from chuhai.jobs import service as jobs
    from chuhai.jobs.models import JobState
    from chuhai.jobs.registry import JobContext, RetryLater
    from chuhai.matching.tasks import store_fits_of_new_products

    maker, _demand = _guitar_maker_and_demand(session)
    factories.product(session, maker, title_en="41 inch acoustic guitar", category="instruments")
    earlier = jobs.enqueue(session, service.FITS_KIND)
    earlier.state = JobState.RUNNING
    later = jobs.enqueue(session, service.FITS_KIND, dedupe_key="periodic:matching.fits:1")
    session.commit()
    few = jobs.enqueue(session, service.FEW_FITS_KIND)
    session.commit()
    for job in (later, few):  # the kind for a few products waits for the isolated one too
        with pytest.raises(RetryLater):  # queued again: the earlier run may have read the products before these
            store_fits_of_new_products(JobContext(job.id, job.kind, {}, db_url, None, 1, str(tmp_path)))
    assert repository.unsearched_product_ids(session, maker.id) != []  # nothing searched twice at once
