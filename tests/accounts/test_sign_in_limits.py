"""Password guessing is limited wherever a password is checked (page and API), per e-mail and address, per
address, and per account with a back-off that a known browser skips; timing and sign-up answers tell a
stranger nothing about which e-mails have accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from chuhai.accounts import passwords, service
from chuhai.accounts.models import LoginFailure, Notification, User
from chuhai.errors import NotAuthenticated, TooManyRequests
from tests import factories
from tests.conftest import PASSWORD, login, page_csrf


def test_failed_api_sign_ins_are_counted_although_the_request_fails(client, session):
    user = factories.user(session)
    session.commit()
    for _ in range(5):
        response = client.post("/api/v1/auth/token", json={"email": user.email, "password": "wrong password"})
        assert response.status_code == 401
    right = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert right.status_code == 429


def test_a_failure_is_kept_when_the_callers_transaction_rolls_back(session, db_url):
    user = factories.user(session)
    session.commit()
    with pytest.raises(NotAuthenticated):
        service.authenticate(session, user.email, "wrong password", "10.0.0.1")
    session.rollback()
    assert session.scalar(select(LoginFailure.id).where(LoginFailure.key.contains(user.email))) is not None


def _fail_from_many_addresses(session, email: str, count: int) -> None:
    for n in range(count):
        with pytest.raises(NotAuthenticated):
            service.authenticate(session, email, "wrong password", f"10.1.0.{n}")


def test_guesses_from_rotating_addresses_meet_a_per_account_back_off_not_a_lock(session):
    user = factories.user(session)
    session.commit()
    _fail_from_many_addresses(session, user.email, 11)  # ten are free, the eleventh starts the back-off
    with pytest.raises(TooManyRequests) as refused:
        service.authenticate(session, user.email, PASSWORD, "10.2.0.1")  # the owner, right after the guesses
    assert refused.value.params["seconds"] >= 1
    # The back-off passes: the owner gets in once the wait is over (no hard lock).
    waited = timedelta(seconds=refused.value.params["seconds"])
    session.execute(update(LoginFailure).values(at=LoginFailure.at - waited))
    session.commit()
    assert service.authenticate(session, user.email, PASSWORD, "10.2.0.1").id == user.id


def test_a_browser_that_signed_in_before_is_not_held_up_by_strangers_guesses(client, session):
    user = factories.user(session)
    session.commit()
    assert login(client, user.email).status_code == 303
    client.post("/logout", data={"csrf_token": page_csrf(client)})
    # Strangers behind the owner's address (a shared proxy) fail, and others from anywhere.
    for _ in range(5):
        with pytest.raises(NotAuthenticated):
            service.authenticate(session, user.email, "wrong password", "testclient")
    _fail_from_many_addresses(session, user.email, 6)
    assert login(client, user.email).status_code == 303  # the browser's device cookie vouches for it
    fresh = client.__class__(client.app)
    assert login(fresh, user.email).status_code == 429  # a browser without it waits


def test_a_single_address_cannot_spray_guesses_over_many_accounts(session):
    for n in range(50):
        with pytest.raises(NotAuthenticated):
            service.authenticate(session, f"nobody{n}@example.com", "wrong password", "10.3.0.1")
    user = factories.user(session)
    session.commit()
    with pytest.raises(TooManyRequests):
        service.authenticate(session, user.email, PASSWORD, "10.3.0.1")


def test_an_unknown_email_costs_a_password_check_like_a_known_one(session, monkeypatch):
    checked = []
    real = passwords._hasher

    class CountingHasher:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, digest, password):
            checked.append(digest)
            return real.verify(digest, password)

    monkeypatch.setattr(passwords, "_hasher", CountingHasher())
    factories.user(session, email="known@example.com")
    session.commit()
    for email in ("known@example.com", "unknown@example.com"):
        with pytest.raises(NotAuthenticated):
            service.authenticate(session, email, "wrong password", "10.4.0.1")
    assert len(checked) == 2 and all(digest.startswith("$argon2id$") for digest in checked)


def test_sign_up_with_a_registered_email_answers_like_a_success_and_tells_the_owner(client, session):
    owner = factories.user(session, "buyer", buyer_id=factories.buyer(session).id, email="owner@example.com")
    session.commit()
    form = {"role": "buyer", "display_name": "Stranger", "password": "a-long-password", "company": "S GmbH",
            "country": "DE"}
    fresh = client.post("/signup", data={**form, "email": "new@example.com",
                                         "csrf_token": page_csrf(client, "/signup")}, follow_redirects=False)
    taken = client.post("/signup", data={**form, "email": "Owner@example.com",
                                         "csrf_token": page_csrf(client, "/signup")}, follow_redirects=False)
    assert (taken.status_code, taken.headers["location"]) == (fresh.status_code, fresh.headers["location"]) == (
        303, "/login")
    assert "already exists" not in client.get("/login").text
    notes = session.scalars(select(Notification).where(Notification.user_id == owner.id)).all()
    assert [note.kind for note in notes] == ["signup_attempt"]
    api = client.post("/api/v1/signup", json={**form, "email": "owner@example.com"})
    message = api.json()["error"]["message"]
    assert api.status_code == 409 and "registered" not in message and "exists" not in message
    assert session.scalar(select(User.display_name).where(User.id == owner.id)) != "Stranger"
