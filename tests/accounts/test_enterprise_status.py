"""The principal carries its enterprise's verification status: a member of a rejected enterprise may read its
own records but not act for it; pending and verified members act (verified-only demands aside)."""

from __future__ import annotations

import pytest

from chuhai.accounts.service import principal_of
from chuhai.errors import Forbidden
from chuhai.types import VerificationStatus
from tests import factories
from tests.conftest import PASSWORD, login, page_csrf, recorded_statements


@pytest.mark.parametrize("status", ["verified", "pending", "rejected"])
def test_the_principal_carries_the_enterprises_status(session, status):
    member = factories.user(session, "enterprise",
                            enterprise_id=factories.enterprise(session, verification_status=status).id)
    principal = principal_of(member)
    assert principal.enterprise_status == VerificationStatus(status)
    assert principal.enterprise_verified == (status == "verified")
    if status == "rejected":
        with pytest.raises(Forbidden):
            principal.require_standing()
    else:
        principal.require_standing()


def test_other_roles_carry_no_enterprise_status(session):
    buyer = principal_of(factories.user(session, "buyer", buyer_id=factories.buyer(session).id))
    assert buyer.enterprise_status is None and not buyer.enterprise_verified
    buyer.require_standing()


def test_a_rejected_enterprises_member_changes_nothing_through_any_route_but_its_own_account(client, session):
    """The gate in `web.deps.require`: every write a role-checked route takes is refused (an import here,
    which writes through Core, not the catalog's service), except the member's own account (password)."""
    enterprise = factories.enterprise(session, verification_status="rejected")
    member = factories.user(session, "enterprise", enterprise_id=enterprise.id)
    session.commit()
    login(client, member.email)
    assert client.get(f"/enterprises/{enterprise.id}").status_code == 200  # its own page, to read
    started = client.post("/api/v1/imports/products", headers={"X-CSRF-Token": page_csrf(client)},
                          files={"file": ("p.csv", b"sku,title_en,category,hs_code,moq\nW-1,Wig,wigs,670420,10\n",
                                          "text/csv")})
    assert started.status_code == 403, started.text
    changed = client.post("/account/password", data={"csrf_token": page_csrf(client, "/account"),
                                                     "current_password": PASSWORD, "new_password": "another-long-one"},
                          follow_redirects=False)
    assert changed.status_code == 303


def test_a_signed_in_members_principal_takes_one_query(session):
    """The session, its user and the member's enterprise (whose status the principal carries) are read together:
    every signed-in request does it."""

    from chuhai.accounts.service import start_session, user_for_session

    member = factories.user(session, "enterprise",
                            enterprise_id=factories.enterprise(session, verification_status="pending").id)
    session_id = start_session(session, member)
    session.commit()
    session.expunge_all()
    with recorded_statements(session) as statements:
        principal = principal_of(user_for_session(session, session_id))
    assert principal.enterprise_status == VerificationStatus.PENDING
    assert len(statements) == 1
