"""The demo's sign-in accounts, one per role, documented in the README and printed by `make run`.

The shared password is public on purpose: it is demo data. Real deployments create their first
operator with `chuhai users create` and never load the demo.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.models import User
from chuhai.accounts.passwords import hash_password
from chuhai.accounts.service import user_by_email
from chuhai.catalog.models import Enterprise, ServiceProvider
from chuhai.demand.models import Buyer

DEMO_PASSWORD = "chuhai-demo"


def seed_demo_logins(session: Session, enterprise_credit_code: str, buyer_key: str) -> list[User]:
    """Create (once) the operator, enterprise member, buyer and provider demo accounts."""
    password_hash = hash_password(DEMO_PASSWORD)
    enterprise_id = session.scalar(select(Enterprise.id).where(Enterprise.credit_code == enterprise_credit_code))
    buyer_id = session.scalar(select(Buyer.id).where(Buyer.key == buyer_key))
    provider_id = session.scalar(select(ServiceProvider.id).where(ServiceProvider.kind == "forwarder")
                                 .order_by(ServiceProvider.id).limit(1))
    pending_enterprise_id = session.scalar(select(Enterprise.id).where(Enterprise.verification_status == "pending")
                                           .order_by(Enterprise.id).limit(1))
    accounts = [
        ("operator@chuhai.demo", "胶州市商务局 · 运营", "operator", "active", {}),
        ("wigs@chuhai.demo", "王丽 (Wang Li)", "enterprise", "active", {"enterprise_id": enterprise_id}),
        ("buyer@chuhai.demo", "Jasmine Walker", "buyer", "active", {"buyer_id": buyer_id}),
        ("forwarder@chuhai.demo", "陈强 (Chen Qiang)", "provider", "active", {"provider_id": provider_id}),
        ("applicant@chuhai.demo", "刘洋 (Liu Yang)", "enterprise", "pending", {"enterprise_id": pending_enterprise_id}),
    ]
    created = []
    for email, name, role, status, links in accounts:
        if user_by_email(session, email):
            continue
        user = User(email=email, display_name=name, password_hash=password_hash, role=role, status=status,
                    locale="en" if role == "buyer" else "zh_CN", **links)
        session.add(user)
        created.append(user)
    session.flush()
    return created
