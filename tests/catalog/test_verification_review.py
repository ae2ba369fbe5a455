"""A verified enterprise's sensitive edits (its names, its certifications) go back to the operator's review;
other edits, and the operator's own, keep it verified."""

from __future__ import annotations

import pytest

from chuhai.catalog.models import Enterprise
from tests import factories
from tests.conftest import PASSWORD


def _payload(enterprise: Enterprise, **changes) -> dict:
    base = {"credit_code": enterprise.credit_code, "name_zh": enterprise.name_zh, "name_en": enterprise.name_en,
            "certifications": [{"name": "ISO 9001"}], "monthly_capacity": enterprise.monthly_capacity,
            "description_en": "Wigs."}
    return {**base, **changes}


def _headers(client, email: str) -> dict:
    token = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(("changes", "status"), [
    ({"name_zh": "改名后的发制品有限公司"}, "pending"),
    ({"name_en": "Renamed Hair Co."}, "pending"),
    ({"certifications": [{"name": "ISO 9001"}, {"name": "BSCI", "number": "X-1"}]}, "pending"),
    ({"description_en": "Lace wigs and toppers."}, "verified"),
    ({"monthly_capacity": 9000}, "verified"),
])
def test_a_members_sensitive_edit_sends_the_enterprise_back_to_review(client, session, changes, status):
    enterprise = factories.enterprise(session, certifications=["ISO 9001"])
    member = factories.user(session, "enterprise", enterprise_id=enterprise.id)
    session.commit()
    response = client.put(f"/api/v1/enterprises/{enterprise.id}", json=_payload(enterprise, **changes),
                          headers=_headers(client, member.email))
    assert response.status_code == 200, response.text
    assert response.json()["verification_status"] == status


def test_the_operators_edit_keeps_the_enterprise_verified(client, session):
    enterprise = factories.enterprise(session, certifications=["ISO 9001"])
    operator = factories.user(session, "operator")
    session.commit()
    response = client.put(f"/api/v1/enterprises/{enterprise.id}", json=_payload(enterprise, name_zh="运营改名有限公司"),
                          headers=_headers(client, operator.email))
    assert response.json()["verification_status"] == "verified"
