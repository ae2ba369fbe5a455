"""Verification with evidence: a certification is declared, documented (its scan, issuer and scope) or verified
(the operator checked the document); the operator's review of an enterprise records the credit code read from its
business licence, the checklist and the decision, and applies the decision; all of it audited."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from chuhai.accounts.models import AuditLog
from chuhai.app import load_job_kinds
from chuhai.catalog.models import Certification, Enterprise
from chuhai.compliance import service
from chuhai.compliance.models import CertificationEvidence, VerificationReview
from chuhai.jobs.registry import JobContext, get_kind
from chuhai.media.models import MediaFile, MediaKind
from tests import factories
from tests.conftest import login, page_csrf


def document(session, enterprise, name="cpc-scan.pdf", kind=MediaKind.CERTIFICATE):
    digest = hashlib.sha256(name.encode() + str(enterprise.id).encode()).hexdigest()
    row = MediaFile(enterprise_id=enterprise.id, kind=kind, original_name=name, source_sha256=digest,
                    content_type="application/pdf", display_key=f"{digest}.pdf", size_bytes=1000,
                    thumb_key=f"{digest}.webp", thumb_width=120, thumb_height=160)
    session.add(row)
    session.flush()
    return row


@pytest.fixture
def world(session):
    maker = factories.enterprise(session, certifications=["CPC"], verification_status="pending",
                                 credit_code="91370281MA3C5XYZ7K")
    slide = factories.product(session, maker, category="playground", hs_code="950699")
    other = factories.enterprise(session)
    users = {"operator": factories.user(session, "operator"),
             "member": factories.user(session, "enterprise", enterprise_id=maker.id),
             "outsider": factories.user(session, "enterprise", enterprise_id=other.id)}
    scan = document(session, maker)
    foreign = document(session, other, "their-scan.pdf")
    session.commit()
    cpc = session.scalar(select(Certification).where(Certification.enterprise_id == maker.id))
    return {"maker": maker, "slide": slide, "other": other, "cpc": cpc, "scan": scan, "foreign": foreign, **users}


def _as(client, user, lang="en"):
    login(client, user.email)
    client.get(f"/lang/{lang}")


def _status(client, world) -> str:
    page = client.get(f"/compliance/enterprises/{world['maker'].id}/evidence").text
    return page.split(f'data-testid="status-{world["cpc"].id}">')[1].split("<")[0]


def test_declared_documented_verified_and_the_checklist_says_so(client, session, world):
    _as(client, world["member"])
    assert _status(client, world) == "Declared"
    product = client.get(f"/products/{world['slide'].id}").text
    assert 'data-evidence="declared"' in product
    token = page_csrf(client, f"/compliance/enterprises/{world['maker'].id}/evidence")
    response = client.post(f"/compliance/certifications/{world['cpc'].id}/evidence", data={
        "document_media_id": str(world["scan"].id), "issuer": "SGS-CSTC Guangzhou", "scope": "Slide houses, ages 2-6",
        "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert _status(client, world) == "Documented"
    # the enterprise cannot check its own document
    assert client.post(f"/compliance/certifications/{world['cpc'].id}/check",
                       data={"verified": "yes", "csrf_token": token}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    _as(client, world["operator"], "zh_CN")
    token = page_csrf(client, f"/compliance/enterprises/{world['maker'].id}/evidence")
    response = client.post(f"/compliance/certifications/{world['cpc'].id}/check",
                           data={"verified": "yes", "note": "checked with SGS", "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303
    assert _status(client, world) == "经运营方核验"
    assert 'data-evidence="verified"' in client.get(f"/products/{world['slide'].id}").text
    session.expire_all()
    evidence = session.scalar(select(CertificationEvidence))
    assert evidence.issuer == "SGS-CSTC Guangzhou" and evidence.checked_by_id == world["operator"].id
    audit = session.scalars(select(AuditLog).where(AuditLog.entity == "certification_evidence")).all()
    assert {a.user_id for a in audit} == {world["member"].id, world["operator"].id}


def test_a_new_document_needs_the_check_again_and_a_foreign_one_is_refused(client, session, world):
    _as(client, world["member"])
    token = page_csrf(client, f"/compliance/enterprises/{world['maker'].id}/evidence")
    refused = client.post(f"/compliance/certifications/{world['cpc'].id}/evidence", data={
        "document_media_id": str(world["foreign"].id), "csrf_token": token})
    assert refused.status_code == 404  # another enterprise's file is out of sight
    assert _status(client, world) == "Declared"
    assert client.post(f"/compliance/certifications/{world['cpc'].id}/evidence", data={
        "document_media_id": "x1", "csrf_token": token}).status_code == 422


def test_checking_a_certification_without_a_document_is_refused(client, world):
    _as(client, world["operator"])
    token = page_csrf(client, f"/compliance/enterprises/{world['maker'].id}/evidence")
    response = client.post(f"/compliance/certifications/{world['cpc'].id}/check",
                           data={"verified": "yes", "csrf_token": token})
    assert response.status_code == 409


def test_another_enterprise_does_not_see_the_evidence(client, world):
    _as(client, world["outsider"])
    assert client.get(f"/compliance/enterprises/{world['maker'].id}/evidence").status_code == 404


def test_the_operators_review_checks_the_credit_code_and_applies_the_decision(client, session, world):
    _as(client, world["operator"])
    url = f"/compliance/enterprises/{world['maker'].id}/evidence"
    token = page_csrf(client, url)
    wrong = client.post(f"/compliance/enterprises/{world['maker'].id}/review", data={
        "credit_code_read": "91370281MA3C5XYZ7X", "decision": "verified", "csrf_token": token})
    assert wrong.status_code == 422
    session.expire_all()
    assert session.get(Enterprise, world["maker"].id).verification_status == "pending"
    response = client.post(f"/compliance/enterprises/{world['maker'].id}/review", data={
        "credit_code_read": "91370281ma3c5xyz7k", "licence_media_id": str(world["scan"].id),
        "checklist": ["licence_authentic", "credit_code_matches", "name_matches"], "decision": "verified",
        "note": "licence seen", "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    session.expire_all()
    assert session.get(Enterprise, world["maker"].id).verification_status == "verified"
    review = session.scalar(select(VerificationReview))
    assert review.credit_code_matches and review.checklist == ["licence_authentic", "credit_code_matches",
                                                               "name_matches"]
    assert review.reviewed_by_id == world["operator"].id and review.licence_media_id == world["scan"].id
    assert session.scalars(select(AuditLog).where(AuditLog.entity == "verification_reviews")).all()
    page = client.get(url).text
    assert "licence seen" in page and "matches" in page
    # a rejection with a differing code is recorded too
    client.post(f"/compliance/enterprises/{world['maker'].id}/review", data={
        "credit_code_read": "91370281MA3C5XYZ7X", "decision": "rejected", "note": "forged", "csrf_token": token})
    session.expire_all()
    assert session.get(Enterprise, world["maker"].id).verification_status == "rejected"
    assert [r.credit_code_matches for r, _who in service.reviews_of(session, world["maker"].id)] == [False, True]


def test_an_expired_certificate_counts_on_its_last_day_and_not_the_day_after(session, world):
    world["cpc"].valid_until = dt.date(2026, 12, 31)
    session.flush()
    assert "CPC" in service.held_certifications(session, world["slide"], dt.date(2026, 12, 31))
    assert "CPC" not in service.held_certifications(session, world["slide"], dt.date(2027, 1, 1))


def test_members_are_reminded_in_app_before_a_certificate_ends_once(client, session, world):
    world["cpc"].valid_until = dt.date(2027, 1, 5)
    session.flush()
    assert service.remind_expiring_certificates(session, dt.date(2026, 12, 1)) == 0  # 35 days: not yet
    assert service.remind_expiring_certificates(session, dt.date(2026, 12, 6)) == 1  # 30 days: the member
    assert service.remind_expiring_certificates(session, dt.date(2026, 12, 6)) == 0  # once
    assert service.remind_expiring_certificates(session, dt.date(2026, 12, 29)) == 1  # 7 days
    session.commit()
    _as(client, world["member"], "zh_CN")
    page = client.get("/notifications").text
    assert 'data-kind="certificate_expiring"' in page and "证书 CPC 将在 7 天后" in page


def test_the_daily_reminder_is_a_periodic_job(db_url, session, world):
    load_job_kinds()
    kind = get_kind("compliance.reminders")
    assert kind.every_s == 24 * 3600
    world["cpc"].valid_until = dt.date.today() + dt.timedelta(days=30)
    session.commit()
    result = kind.handler(JobContext(job_id="1", kind=kind.name, payload={}, database_url=db_url, owner_id=None,
                                     attempt=1, data_dir=""))
    assert result == {"notifications": 1}
