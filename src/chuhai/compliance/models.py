"""Compliance records: the operator's edits of the requirement reference, the evidence behind enterprises'
certifications, and the operator's verification reviews.

The reference itself ships as versioned JSON (`compliance/reference/requirements.json`); an edit is stored
here (who, when, which field, from what) and applied on top of it, so the shipped entries stay as
published. Every insert is audited (the audit log's session hook).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base, utcnow
from chuhai.marks import N_
from chuhai.types import JSONType


class RequirementEdit(Base):
    __tablename__ = "compliance_requirement_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requirement_code: Mapped[str] = mapped_column(String(80), index=True)
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(40))
    previous_value: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EvidenceStatus(StrEnum):
    """How far a certification is backed: declared (a name and a number), documented (a scan on file with the
    issuer and scope), verified (the operator checked the document)."""

    DECLARED = "declared"
    DOCUMENTED = "documented"
    VERIFIED = "verified"

    @property
    def label(self) -> str:
        return _EVIDENCE_LABELS[self]


_EVIDENCE_LABELS = {EvidenceStatus.DECLARED: N_("Declared"), EvidenceStatus.DOCUMENTED: N_("Documented"),
                    EvidenceStatus.VERIFIED: N_("Verified by the operator")}


class CertificationEvidence(Base):
    """The evidence behind one of an enterprise's certifications. `document_media_id` names the scan among the
    enterprise's certificate files (chuhai.media; checked by `compliance.flows`, which may reach that domain)."""

    __tablename__ = "certification_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certification_id: Mapped[int] = mapped_column(ForeignKey("certifications.id", ondelete="CASCADE"), unique=True)
    issuer: Mapped[str | None] = mapped_column(String(200))
    scope: Mapped[str | None] = mapped_column(String(500))
    document_media_id: Mapped[int | None] = mapped_column(Integer)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    check_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    @property
    def status(self) -> EvidenceStatus:
        if self.document_media_id is None:
            return EvidenceStatus.DECLARED
        return EvidenceStatus.VERIFIED if self.checked_at is not None else EvidenceStatus.DOCUMENTED


# The operator's checklist when verifying an enterprise: item code → its words (a message id).
CHECKLIST = {
    "licence_authentic": N_("The business licence (营业执照) is genuine and current"),
    "credit_code_matches": N_("The credit code on the licence is the one registered"),
    "name_matches": N_("The company name on the licence is the one registered"),
    "certificates_checked": N_("The certificates' documents were checked against their issuers"),
    "site_evidence": N_("Factory or audit photos show the production site"),
}


class VerificationReview(Base):
    """One verification of an enterprise by the operator: the credit code read from its business licence and
    whether it matches the registered one, the checklist, the decision and a note."""

    __tablename__ = "verification_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    licence_media_id: Mapped[int | None] = mapped_column(Integer)
    credit_code_read: Mapped[str] = mapped_column(String(18))
    credit_code_matches: Mapped[bool] = mapped_column(Boolean)
    checklist: Mapped[list[str]] = mapped_column(JSONType, default=list)
    decision: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
