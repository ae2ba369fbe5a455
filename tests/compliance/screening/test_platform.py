"""Screening in the platform: lists imported (idempotent, versioned), buyers screened on change and again
when a list is updated (a job), a possible hit holds the buyer's new demands and quotations, and the
operator's decision (cleared with a note / confirmed → suspended) releases them or suspends the buyer,
in the audit log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from chuhai.accounts.models import AuditLog, Notification, User
from chuhai.accounts.service import principal_of
from chuhai.app import load_job_kinds
from chuhai.compliance import flows, screening
from chuhai.compliance.engine.screening.lists import ListFormatError
from chuhai.compliance.models import ScreeningCase, ScreeningHold, ScreeningList, ScreeningStatus
from chuhai.demand import flows as demand_flows
from chuhai.demand import service as demand_service
from chuhai.demand.schemas import BuyerIn, DemandIn
from chuhai.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chuhai.jobs.models import Job
from chuhai.jobs.registry import JobContext, get_kind
from chuhai.matching.models import DemandMatch
from chuhai.trade import flows as trade_flows
from chuhai.trade.schemas import QuotationIn
from chuhai.types import UserStatus
from tests import factories

DATA = Path(__file__).parent / "data"
CSL = (DATA / "csl_sample.csv").read_bytes()


@pytest.fixture
def world(session):
    maker = factories.enterprise(session, certifications=["ISO 9001"])
    factories.product(session, maker, title_en="Upholstered armchair", category="furniture", hs_code="940161")
    listed = factories.buyer(session, company="Aerokomplekt LLC", country="RU")
    clean = factories.buyer(session, company="Ohio Beauty Supply", country="US")
    users = {"operator": factories.user(session, "operator"),
             "listed_user": factories.user(session, "buyer", buyer_id=listed.id),
             "clean_user": factories.user(session, "buyer", buyer_id=clean.id),
             "maker_user": factories.user(session, "enterprise", enterprise_id=maker.id)}
    session.commit()
    return {"listed": listed, "clean": clean, "maker": maker, **users}


def op(world):
    return principal_of(world["operator"])


def rescreen_job(db_url):
    load_job_kinds()
    kind = get_kind("compliance.rescreen")
    return kind.handler(JobContext(job_id="1", kind=kind.name, payload={}, database_url=db_url, owner_id=None,
                                   attempt=1, data_dir=""))


def test_import_is_idempotent_and_versioned(session, world):
    first = flows.import_list(session, op(world), CSL, "csl.csv")
    assert (first.key, first.version, first.entries, first.created) == ("us-csl", 1, 4, True)
    again = flows.import_list(session, op(world), CSL, "csl.csv")
    assert (again.version, again.created) == (1, False)
    row = b"x9,Entity List (EL),,Entity,,Newco Ltd" + b"," * 23 + b"\n"
    changed = flows.import_list(session, op(world), CSL + row, "csl.csv")
    assert (changed.version, changed.entries, changed.created) == (2, 5, True)
    assert [row.version for row in screening.current_lists(session)] == [2]
    jobs = session.scalars(select(Job).where(Job.kind == "compliance.rescreen")).all()
    assert len(jobs) == 2  # one per new version, none for the unchanged import
    first_row = session.scalar(select(ScreeningList).where(ScreeningList.version == 1))
    assert first_row.imported_by_id == world["operator"].id


def test_only_the_operator_imports_and_a_malformed_list_names_the_line(session, world):
    with pytest.raises(Forbidden):
        flows.import_list(session, principal_of(world["clean_user"]), CSL, "csl.csv")
    with pytest.raises(ListFormatError) as info:
        flows.import_list(session, op(world), b"name,aliases,country,list,reference,date\nA,,US\n", "x.csv")
    assert info.value.line == 2


def test_a_list_update_rescreens_every_buyer(db_url, session, world):
    assert flows.screen_buyer(session, world["listed"]) is None  # no list yet
    flows.import_list(session, op(world), CSL, "csl.csv")
    session.commit()
    assert rescreen_job(db_url) == {"screened": 2, "opened": 1}
    session.expire_all()
    case = screening.latest_case(session, "buyer", world["listed"].id)
    assert case.status is ScreeningStatus.POSSIBLE_HIT
    evidence = case.matches[0]
    assert evidence["list"].startswith("Entity List") and evidence["entry_id"] == "e1c0a1b2"
    assert evidence["name"] == "Aerokomplekt, OOO" and "legal_form_dropped" in evidence["reasons"]
    assert screening.latest_case(session, "buyer", world["clean"].id) is None
    assert rescreen_job(db_url) == {"screened": 2, "opened": 0}  # under review already: no second case


def test_a_changed_buyer_is_screened(session, world):
    flows.import_list(session, op(world), CSL, "csl.csv")
    data = BuyerIn(company="ООО «Аэрокомплект»", country="RU", kind="importer")
    demand_flows.update_buyer(session, op(world), world["clean"].id, data)
    case = screening.latest_case(session, "buyer", world["clean"].id)
    assert case is not None and "transliteration" in case.matches[0]["reasons"]


def _quote(session, world, demand_id):
    offer = QuotationIn(unit_price=Decimal("100"), currency="USD", incoterm="EXW", min_quantity=10,
                        lead_time_days=30, valid_until=dt.date.today() + dt.timedelta(days=30))
    return trade_flows.submit_quotation(session, principal_of(world["maker_user"]), demand_id, offer)


def test_a_possible_hit_holds_demands_and_quotations_until_cleared_with_a_note(session, world):
    session.info["actor_id"] = world["operator"].id
    flows.import_list(session, op(world), CSL, "csl.csv")
    case = flows.screen_buyer(session, world["listed"])
    buyer = principal_of(world["listed_user"])
    demand = demand_flows.post_demand(session, buyer, DemandIn(text="100 upholstered armchairs", quantity=100,
                                                               category="furniture"))
    old_demand = factories.demand(session, world["listed"], text="200 armchairs", category="furniture")
    quotation = _quote(session, world, old_demand.id)
    assert screening.is_held(session, "demand", demand.id) and screening.is_held(session, "quotation", quotation.id)
    assert session.scalars(select(DemandMatch).where(DemandMatch.demand_id == demand.id)).all() == []
    told = select(Notification).where(Notification.user_id == world["listed_user"].id,
                                      Notification.kind == "quotation_received")
    assert session.scalars(told).all() == []
    # Suppliers do not see a held demand: not in their lists, not by its id
    maker = principal_of(world["maker_user"])
    listed_for_maker = demand_service.list_demands(session, maker, size=100)
    assert demand.id not in {d.id for d in listed_for_maker.items}
    with pytest.raises(NotFound):
        demand_service.get_demand(session, maker, demand.id)

    with pytest.raises(ValidationFailed):
        flows.decide_screening(session, op(world), case.id, "cleared", "  ")
    with pytest.raises(Forbidden):
        flows.decide_screening(session, buyer, case.id, "cleared", "not us")
    flows.decide_screening(session, op(world), case.id, "cleared", "Different firm: registry extract checked")
    assert case.status is ScreeningStatus.CLEARED and case.decided_by_id == world["operator"].id
    assert not screening.is_held(session, "demand", demand.id)
    assert demand_service.get_demand(session, maker, demand.id).id == demand.id
    assert len(session.scalars(told).all()) == 1
    with pytest.raises(Conflict):
        flows.decide_screening(session, op(world), case.id, "confirmed", None)
    session.flush()
    audit = session.scalars(select(AuditLog).where(AuditLog.entity == "screening_cases",
                                                   AuditLog.action == "update")).all()
    assert audit and audit[-1].user_id == world["operator"].id
    assert audit[-1].changes["status"][-1] == "cleared"
    # Cleared for these entries: screening again does not reopen it.
    assert flows.screen_buyer(session, world["listed"]) is None
    assert session.scalars(select(ScreeningHold)).all()[0].released_at is not None


def test_a_confirmed_hit_suspends_the_buyer(session, world):
    flows.import_list(session, op(world), CSL, "csl.csv")
    case = flows.screen_buyer(session, world["listed"])
    flows.decide_screening(session, op(world), case.id, "confirmed", "Same firm (INN matches)")
    assert session.get(User, world["listed_user"].id).status == UserStatus.DISABLED
    assert session.get(User, world["clean_user"].id).status == UserStatus.ACTIVE
    assert session.get(ScreeningCase, case.id).status is ScreeningStatus.CONFIRMED
    assert screening.holding_case(session, "buyer", world["listed"].id) is not None
