"""Compliance records: the operator's edits of the requirement reference, the evidence behind enterprises'
certifications, and the operator's verification reviews.

The reference itself ships as versioned JSON (`compliance/reference/requirements.json`); an edit is stored
here (who, when, which field, from what) and applied on top of it, so the shipped entries stay as
published. Every insert is audited (the audit log's session hook).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base, utcnow
from chuhai.marks import N_
from chuhai.types import JSONType, StrEnumType


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


# ----- restricted-party screening ----------------------------------------------------------------------------

class ScreeningList(Base):
    """One imported version of a restricted-party list file (US CSL, UN consolidated list, a simple CSV such as
    MOFCOM's lists). Importing the same content again is a no-op; changed content is the next version, and the
    newest version of each key is the one screened against."""

    __tablename__ = "screening_lists"
    __table_args__ = (UniqueConstraint("key", "version", name="uq_screening_lists_key_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(200))
    entries_count: Mapped[int] = mapped_column(Integer)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ScreeningEntry(Base):
    """An entry of a list version (a listed firm, person, vessel): its name, aliases and countries."""

    __tablename__ = "screening_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("screening_lists.id", ondelete="CASCADE"), index=True)
    list_name: Mapped[str] = mapped_column(String(200))
    entry_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(1000))
    aliases: Mapped[list[str]] = mapped_column(JSONType, default=list)
    countries: Mapped[list[str]] = mapped_column(JSONType, default=list)
    kind: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(200))
    listed_on: Mapped[str | None] = mapped_column(String(40))


class ScreeningStatus(StrEnum):
    """possible_hit (the party's new demands and quotations are held) -> cleared (with a note) | confirmed
    (the party is suspended)."""

    POSSIBLE_HIT = "possible_hit"
    CLEARED = "cleared"
    CONFIRMED = "confirmed"

    @property
    def holds(self) -> bool:
        return self is not ScreeningStatus.CLEARED

    @property
    def can_decide(self) -> bool:
        return self is ScreeningStatus.POSSIBLE_HIT

    @property
    def label(self) -> str:
        return _SCREENING_LABELS[self]


_SCREENING_LABELS = {ScreeningStatus.POSSIBLE_HIT: N_("Possible hit: under review"),
                     ScreeningStatus.CLEARED: N_("Cleared by the operator"),
                     ScreeningStatus.CONFIRMED: N_("Confirmed: suspended")}


class ScreeningCase(Base):
    """A party (a buyer) whose name matched list entries: the evidence (each match's list, entry, the name form
    that matched, score and reasons), and the operator's decision with its note."""

    __tablename__ = "screening_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_kind: Mapped[str] = mapped_column(String(16))
    party_id: Mapped[int] = mapped_column(Integer)
    party_name: Mapped[str] = mapped_column(String(300))
    party_country: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[ScreeningStatus] = mapped_column(StrEnumType(ScreeningStatus, 16),
                                                    default=ScreeningStatus.POSSIBLE_HIT)
    matches: Mapped[list[dict]] = mapped_column(JSONType, default=list)
    list_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_screening_cases_party", "party_kind", "party_id"),)


class ScreeningHold(Base):
    """A demand or quotation held because its buyer had a possible hit; released when the case is cleared."""

    __tablename__ = "screening_holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("screening_cases.id", ondelete="CASCADE"), index=True)
    object_kind: Mapped[str] = mapped_column(String(16))   # demand | quotation
    object_id: Mapped[int] = mapped_column(Integer)
    released_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
