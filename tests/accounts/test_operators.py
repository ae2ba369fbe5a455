"""No operator can lock the platform out: nobody decides on their own account, the last active operator stays
active, and the server's `chuhai users` commands create or reactivate an operator."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from chuhai.accounts import service
from chuhai.accounts.models import User
from chuhai.accounts.principal import SYSTEM
from chuhai.cli import app as cli
from chuhai.errors import Conflict
from tests import factories
from tests.conftest import PASSWORD, login, page_csrf


def _token(client, email: str) -> dict:
    token = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_an_operator_cannot_decide_on_their_own_account(client, session):
    operator = factories.user(session, "operator")
    factories.user(session, "operator")
    session.commit()
    api = client.post(f"/api/v1/admin/members/{operator.id}/decision", json={"approve": False},
                      headers=_token(client, operator.email))
    assert api.status_code == 403
    login(client, operator.email)
    page = client.post(f"/admin/members/{operator.id}/decision", data={"approve": "0", "csrf_token": page_csrf(client)})
    assert page.status_code == 403
    session.expire_all()
    assert session.scalar(select(User.status).where(User.id == operator.id)) == "active"
    assert client.get("/admin/members").status_code == 200


def test_the_last_active_operator_is_never_deactivated(session):
    operator = factories.user(session, "operator")
    session.commit()
    with pytest.raises(Conflict):
        service.decide_user(session, SYSTEM, operator.id, approve=False)
    other = factories.user(session, "operator")
    session.flush()
    assert service.decide_user(session, SYSTEM, other.id, approve=False).status == "rejected"
    with pytest.raises(Conflict):
        service.decide_user(session, SYSTEM, operator.id, approve=False)


def test_the_server_cli_creates_and_reactivates_an_operator(db_url, session):
    runner = CliRunner()
    created = runner.invoke(cli, ["users", "create-operator", "chief@bureau.example.com", "--name", "Chief",
                                  "--password", "a-long-password", "--database-url", db_url])
    assert created.exit_code == 0, created.output
    chief = session.scalar(select(User).where(User.email == "chief@bureau.example.com"))
    assert (chief.role, chief.status) == ("operator", "active")

    chief.status = "rejected"
    session.commit()
    again = runner.invoke(cli, ["users", "reactivate", "Chief@bureau.example.com", "--database-url", db_url])
    assert again.exit_code == 0, again.output
    session.expire_all()
    assert session.get(User, chief.id).status == "active"
    reset = runner.invoke(cli, ["users", "set-password", "chief@bureau.example.com", "--password", "new-long-password",
                                "--database-url", db_url])
    assert reset.exit_code == 0, reset.output
    session.expire_all()
    assert service.authenticate(session, "chief@bureau.example.com", "new-long-password", "127.0.0.1").id == chief.id
    unknown = runner.invoke(cli, ["users", "reactivate", "nobody@example.com", "--database-url", db_url])
    assert unknown.exit_code == 2 and "No such user" in unknown.output
