"""A small trade world: a buyer with a demand to the US, enterprises that may or may not quote on it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chuhai.accounts.service import principal_of
from chuhai.catalog.models import Certification
from tests import factories
from tests.conftest import PASSWORD

TODAY = dt.date.today()


@pytest.fixture
def world(session):
    belt = factories.belt(session, code="jiaozhou-wigs")
    wigs = factories.enterprise(session, belt_id=belt.id, certifications=["ISO 9001"],
                                contact_email="sales@wigs.example.cn", contact_phone="+86 532 8888 1234")
    chairs = factories.enterprise(session, certifications=["ISO 9001", "BIFMA"],
                                  contact_email="sales@chairs.example.cn")
    pending = factories.enterprise(session, verification_status="pending", certifications=["ISO 9001"])
    lapsed = factories.enterprise(session)
    lapsed.certifications.append(Certification(name="ISO-9001", valid_until=TODAY - dt.timedelta(days=3)))
    bare = factories.enterprise(session)
    chair = factories.product(session, chairs, title_en="Upholstered armchair", category="furniture",
                              hs_code="940161", weight_kg=Decimal("25"), length_cm=Decimal("80"),
                              width_cm=Decimal("60"), height_cm=Decimal("60"))
    wig = factories.product(session, wigs, weight_kg=Decimal("0.4"), length_cm=Decimal("30"),
                            width_cm=Decimal("20"), height_cm=Decimal("10"))
    buyer = factories.buyer(session, contact_email="jane@ohio.example.com", contact_phone="+1 614 555 0100")
    other_buyer = factories.buyer(session)
    demand = factories.demand(session, buyer, text="100 upholstered armchairs for our lobby", quantity=100,
                              category="furniture", required_certifications=["ISO 9001"],
                              deadline=TODAY + dt.timedelta(days=20))
    users = {
        "buyer": factories.user(session, "buyer", buyer_id=buyer.id),
        "other_buyer": factories.user(session, "buyer", buyer_id=other_buyer.id),
        "wigs": factories.user(session, "enterprise", enterprise_id=wigs.id),
        "chairs": factories.user(session, "enterprise", enterprise_id=chairs.id),
        "pending": factories.user(session, "enterprise", enterprise_id=pending.id),
        "lapsed": factories.user(session, "enterprise", enterprise_id=lapsed.id),
        "bare": factories.user(session, "enterprise", enterprise_id=bare.id),
        "operator": factories.user(session, "operator"),
        "provider": factories.user(session, "provider"),
    }
    session.commit()
    return {"belt": belt, "wigs_co": wigs, "chairs_co": chairs, "pending_co": pending, "lapsed_co": lapsed,
            "bare_co": bare, "chair": chair, "wig": wig, "buyer_co": buyer, "other_buyer_co": other_buyer,
            "demand": demand, **users}


def actor(user):
    return principal_of(user)


def token_for(client, user) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code in (200, 201), response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}", "Accept-Language": "en"}
