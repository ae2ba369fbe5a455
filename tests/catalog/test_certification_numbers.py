"""Certification numbers are private (the enterprise itself and the operator) on the page as in the API."""

from __future__ import annotations

from chuhai.catalog.models import Certification
from tests import factories
from tests.conftest import login


def test_the_page_shows_certification_numbers_only_to_whom_the_api_shows_them(client, session):
    theirs = factories.enterprise(session)
    theirs.certifications = [Certification(name="CE", number="CE-SECRET-4711")]
    member = factories.user(session, "enterprise", enterprise_id=theirs.id)
    stranger = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    buyer = factories.user(session, "buyer", buyer_id=factories.buyer(session).id)
    operator = factories.user(session, "operator")
    session.commit()
    for user, sees in ((stranger, False), (buyer, False), (member, True), (operator, True)):
        login(client, user.email)
        page = client.get(f"/enterprises/{theirs.id}").text
        assert "CE" in page  # which certifications it holds stays public
        assert ("CE-SECRET-4711" in page) is sees, user.role
