"""The operator's screening page: imports a list (a malformed one names the line), shows the evidence side by
side, and records the decision through the form, in English and Chinese."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from chuhai.accounts.models import AuditLog
from chuhai.compliance.models import ScreeningCase, ScreeningStatus
from tests import factories
from tests.conftest import login, page_csrf

DATA = Path(__file__).parent / "data"


def test_import_review_and_clear_on_the_page(client, session):
    operator = factories.user(session, "operator")
    buyer = factories.buyer(session, company="Юрий Щукин", country="RU")
    session.commit()
    login(client, operator.email)
    client.get("/lang/en")
    token = page_csrf(client, "/compliance/screening")
    bad = client.post("/compliance/screening/lists", data={"csrf_token": token},
                      files={"file": ("bad.csv", b"name,aliases,country,list,reference,date\nA,,US\n", "text/csv")})
    assert bad.status_code == 422 and "line 2" in bad.text
    ok = client.post("/compliance/screening/lists", data={"csrf_token": token},
                     files={"file": ("csl.csv", (DATA / "csl_sample.csv").read_bytes(), "text/csv")})
    assert ok.status_code == 200 and "us-csl" in ok.text  # redirected to the page, the list shown
    # The job runner is not running in tests: the buyer changes, and is screened at once (flows).
    response = client.post(f"/buyers/{buyer.id}/edit", data={"csrf_token": token, "company": "Iurii Shchukin",
                                                             "country": "RU", "kind": "importer"})
    assert response.status_code in (200, 303)
    case = session.scalar(select(ScreeningCase).where(ScreeningCase.party_id == buyer.id))
    assert case is not None and case.status is ScreeningStatus.POSSIBLE_HIT
    page = client.get("/compliance/screening").text
    assert "Iurii Shchukin" in page and "sdn-25123" in page and "Specially Designated Nationals" in page
    assert f'data-case="{case.id}"' in page
    client.get("/lang/zh_CN")
    assert "受限方筛查" in client.get("/compliance/screening").text
    done = client.post(f"/compliance/screening/cases/{case.id}/decision",
                       data={"csrf_token": token, "decision": "cleared", "note": "Namesake; passport differs"})
    assert done.status_code == 200
    session.expire_all()
    assert session.get(ScreeningCase, case.id).status is ScreeningStatus.CLEARED
    entry = session.scalars(select(AuditLog).where(AuditLog.entity == "screening_cases",
                                                   AuditLog.action == "update")).all()[-1]
    assert entry.user_id == operator.id


def test_others_may_not_see_the_page(client, session):
    buyer_user = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    session.commit()
    login(client, buyer_user.email)
    assert client.get("/compliance/screening").status_code == 403
