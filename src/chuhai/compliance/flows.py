"""Compliance's consequences in other domains, called explicitly.

A certification's document and a business licence are files among the enterprise's certificate documents
(chuhai.media, uploaded on the enterprise's photos and documents page); a verification review's decision is the
catalog's verification of the enterprise, with its consequences (the match index, rejected members' sessions).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog import flows as catalog_flows
from chuhai.compliance import service
from chuhai.compliance.models import CertificationEvidence, VerificationReview
from chuhai.errors import ValidationFailed
from chuhai.media import service as media
from chuhai.media.models import MediaFile, MediaKind
from chuhai.types import VerificationStatus


def certificate_files(session: Session, enterprise_id: int) -> list[MediaFile]:
    """The enterprise's certificate documents (images or PDFs), newest first."""
    return list(session.scalars(select(MediaFile).where(
        MediaFile.enterprise_id == enterprise_id, MediaFile.product_id.is_(None),
        MediaFile.kind == MediaKind.CERTIFICATE).order_by(MediaFile.id.desc())))


def _document(session: Session, actor: Principal, enterprise_id: int, media_id: int | None) -> int | None:
    if media_id is None:
        return None
    row = media.managed_file(session, actor, media_id)
    if row.enterprise_id != enterprise_id or row.kind != MediaKind.CERTIFICATE or row.product_id is not None:
        raise ValidationFailed("Choose one of the enterprise's certificate documents.",
                               details={"document_media_id": str(media_id)})
    return row.id


def attach_evidence(session: Session, actor: Principal, certification_id: int, *, issuer: str | None,
                    scope: str | None, document_media_id: int | None) -> CertificationEvidence:
    certification = service.certification_of(session, actor, certification_id)
    document = _document(session, actor, certification.enterprise_id, document_media_id)
    return service.save_evidence(session, actor, certification_id, issuer=issuer, scope=scope,
                                 document_media_id=document)


def review_enterprise(session: Session, actor: Principal, enterprise_id: int, *, credit_code_read: str,
                      checklist: list[str], decision: VerificationStatus, note: str | None = None,
                      licence_media_id: int | None = None) -> VerificationReview:
    """Record the review, then apply its decision as the catalog's verification of the enterprise."""
    licence = _document(session, actor, enterprise_id, licence_media_id)
    review = service.record_review(session, actor, enterprise_id, credit_code_read=credit_code_read,
                                   checklist=checklist, decision=decision, note=note, licence_media_id=licence)
    catalog_flows.set_verification(session, actor, enterprise_id, decision)
    return review
