"""Sign-up leaves nothing behind when it fails, a rejected applicant gives its credit code back, and one address
cannot sign up without end."""

from __future__ import annotations

from sqlalchemy import func, select

from chuhai.accounts.models import User
from chuhai.catalog.models import Enterprise
from tests import factories
from tests.conftest import login, page_csrf


def _enterprise_form(client, email: str, code: str) -> dict:
    return {"csrf_token": page_csrf(client, "/signup"), "role": "enterprise", "display_name": "李经理",
            "email": email, "password": "a-long-password", "enterprise_name_zh": "胶州示例发制品有限公司",
            "credit_code": code}


def _enterprises(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Enterprise.id)))


def test_a_sign_up_with_a_registered_email_creates_no_enterprise(client, session):
    factories.user(session, "buyer", buyer_id=factories.buyer(session).id, email="taken@example.com")
    session.commit()
    before = _enterprises(session)
    client.post("/signup", data=_enterprise_form(client, "taken@example.com", factories.credit_code()))
    assert _enterprises(session) == before


def test_a_rejected_applicant_gives_its_credit_code_back(client, session):
    code = factories.credit_code()
    client.post("/signup", data=_enterprise_form(client, "fake@example.com", code))
    operator = factories.user(session, "operator")
    session.commit()
    applicant = session.scalar(select(User).where(User.email == "fake@example.com"))
    login(client, operator.email)
    client.post(f"/admin/members/{applicant.id}/decision", data={"approve": "0", "csrf_token": page_csrf(client)})
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    session.expire_all()
    assert session.scalar(select(User.status).where(User.id == applicant.id)) == "rejected"

    response = client.post("/signup", data=_enterprise_form(client, "real@firm.example.cn", code),
                           follow_redirects=False)
    assert response.status_code == 303
    assert session.scalar(select(Enterprise.id).where(Enterprise.credit_code == code)) is not None


def test_sign_ups_are_limited_per_address(client):
    form = {"role": "buyer", "display_name": "Ann", "password": "a-long-password", "company": "Ann GmbH",
            "country": "DE"}
    answers = [client.post("/api/v1/signup", json={**form, "email": f"ann{n}@example.com"}).status_code
               for n in range(6)]
    assert answers == [201] * 5 + [429]
    page = client.post("/signup", data={**form, "email": "ann9@example.com",
                                        "csrf_token": page_csrf(client, "/signup")})
    assert page.status_code == 429
