"""Sign-up with verification, sign-in with a rate limit, API tokens, argon2 hashes, the audit log."""

from __future__ import annotations

from sqlalchemy import select

from chuhai.accounts.models import AuditLog, User
from chuhai.catalog.models import ServiceProvider
from chuhai.demand.models import Buyer
from tests import factories
from tests.conftest import PASSWORD, login, page_csrf


def test_passwords_are_stored_as_argon2_hashes(session):
    user = factories.user(session)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert "$m=19456,t=2,p=1$" in user.password_hash  # OWASP's Argon2id configuration (see accounts/passwords.py)


def test_a_hash_made_with_other_parameters_signs_in_and_is_re_hashed(client, session):
    from argon2 import PasswordHasher

    user = factories.user(session)
    user.password_hash = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(PASSWORD)
    session.commit()
    assert login(client, user.email).status_code == 303
    session.expire_all()
    assert "$m=19456,t=2,p=1$" in session.get(User, user.id).password_hash


def test_signup_waits_for_operator_verification_then_signs_in(client, session):
    code = factories.credit_code()
    token = page_csrf(client, "/signup")
    response = client.post("/signup", data={
        "csrf_token": token, "role": "enterprise", "display_name": "李经理", "email": "li@wigs.example.cn",
        "password": "a-long-password", "enterprise_name_zh": "胶州示例发制品有限公司", "credit_code": code,
    }, follow_redirects=False)
    assert response.status_code == 303
    assert login(client, "li@wigs.example.cn", "a-long-password").status_code == 403

    operator = factories.user(session, "operator")
    session.commit()
    pending = session.scalar(select(User).where(User.email == "li@wigs.example.cn"))
    login(client, operator.email)
    client.post(f"/admin/members/{pending.id}/decision", data={"approve": "1", "csrf_token": page_csrf(client)})
    client.post("/logout", data={"csrf_token": page_csrf(client)})

    assert login(client, "li@wigs.example.cn", "a-long-password").status_code == 303
    session.expire_all()
    enterprise = session.get(User, pending.id)
    from chuhai.catalog.models import Enterprise

    assert session.get(Enterprise, enterprise.enterprise_id).verification_status == "verified"


def test_signup_refuses_a_malformed_credit_code_with_a_clear_message(client):
    response = client.post("/signup", data={
        "csrf_token": page_csrf(client, "/signup"), "role": "enterprise", "display_name": "王", "email": "w@x.cn",
        "password": "a-long-password", "enterprise_name_zh": "某公司", "credit_code": "91370281MA3C12345X",
    })
    assert response.status_code == 422
    assert "check character" in response.text or "校验" in response.text


def test_sign_in_is_rate_limited_per_email_and_address(client, session):
    user = factories.user(session)
    session.commit()
    for _ in range(5):
        assert login(client, user.email, "wrong password").status_code == 401
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 429


def test_api_token_authenticates_and_a_bad_token_is_refused(client, session):
    user = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    session.commit()
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["access_token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["email"] == user.email
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_every_write_is_audited_with_its_author(client, session):
    operator = factories.user(session, "operator")
    session.commit()
    login(client, operator.email)
    client.post("/buyers/new", data={"company": "Audit GmbH", "country": "DE", "kind": "importer",
                                     "csrf_token": page_csrf(client, "/buyers/new")})
    entry = session.scalar(select(AuditLog).where(AuditLog.entity == "buyers", AuditLog.action == "create"))
    assert entry is not None and entry.user_id == operator.id
    assert entry.changes["company"] == "Audit GmbH"


def test_a_sign_in_is_logged_once_and_the_audit_page_names_records_in_the_readers_language(client, session):
    operator = factories.user(session, "operator")
    session.commit()
    login(client, operator.email)
    entries = session.scalars(select(AuditLog).where(AuditLog.entity == "users", AuditLog.action != "create")).all()
    # The sign-in itself, not also an "update" for the last_login_at stamp it sets.
    assert [entry.action for entry in entries] == ["login"]
    client.post("/buyers/new", data={"company": "Audit GmbH", "country": "DE", "kind": "importer",
                                     "csrf_token": page_csrf(client, "/buyers/new")})
    client.get("/lang/en")
    english = client.get("/admin/audit").text
    assert "<td>Create</td><td>Buyer " in english and "<td>Login</td><td>User account " in english
    client.get("/lang/zh_CN")
    chinese = client.get("/admin/audit", params={"entity": "buyers"}).text
    assert "<td>新增</td><td>采购商 " in chinese and "用户账号 " not in chinese.split("</select>", 1)[1]
    assert '<option value="buyers" selected>采购商</option>' in chinese


def test_a_provider_and_a_buyer_sign_up_through_the_api_and_the_operator_verifies_the_provider(client, session):
    provider = client.post("/api/v1/signup", json={
        "email": "fwd@example.com", "password": "a-long-password", "display_name": "Ops", "role": "provider",
        "provider_name": "海运代理", "provider_kind": "forwarder"})
    buyer = client.post("/api/v1/signup", json={
        "email": "buy@example.com", "password": "a-long-password", "display_name": "Ann", "role": "buyer",
        "company": "Ann GmbH", "country": "de"})
    assert provider.status_code == 201 and buyer.status_code == 201
    assert provider.json()["status"] == "pending" and buyer.json()["buyer_id"] is not None
    record = session.get(Buyer, buyer.json()["buyer_id"])
    assert (record.company, record.country, record.kind, record.key[:2]) == ("Ann GmbH", "DE", "importer", "U-")

    operator = factories.user(session, "operator")
    session.commit()
    token = client.post("/api/v1/auth/token", json={"email": operator.email, "password": PASSWORD}).json()
    decided = client.post(f"/api/v1/admin/members/{provider.json()['id']}/decision", json={"approve": True},
                          headers={"Authorization": f"Bearer {token['access_token']}"})
    assert decided.json()["status"] == "active"
    session.expire_all()
    assert session.get(ServiceProvider, provider.json()["provider_id"]).verification_status == "verified"


def test_a_bad_sign_up_is_refused_in_the_readers_language_on_the_page_and_in_english_by_the_api(client):
    form = {"role": "buyer", "display_name": "Ann", "email": "ann@example.com", "password": "a-long-password",
            "company": "Ann GmbH", "country": "DE", "buyer_kind": "pirate"}
    page = client.post("/signup", data={**form, "csrf_token": page_csrf(client, "/signup")})
    assert page.status_code == 422 and "未知的采购商类型" in page.text
    api = client.post("/api/v1/signup", json={**form, "email": "ann2@example.com"})
    assert api.status_code == 422
    assert api.json()["error"]["message"] == "Unknown buyer kind 'pirate'."
