"""Compliance in the platform: the requirement reference with the operator's edits, and a product's
readiness per market (which requirements its valid certifications meet, the gap, its typical cost and
lead time).

The rules live in the engine (`compliance.engine`); this module feeds it from products, enterprises'
certifications and the edits table. It flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.models import Notification, User
from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Certification, Enterprise, Product
from chuhai.compliance.engine.reference import (
    EDITABLE_FIELDS,
    MarketRef,
    Reference,
    Requirement,
    UnknownValue,
    load_reference,
    normalise_certification,
    parse_edit_value,
    resolve_market,
    with_edits,
)
from chuhai.compliance.engine.requirements import Status, evidenced, gaps, requirements_for, status_against, tasks
from chuhai.compliance.models import (
    CHECKLIST,
    CertificationEvidence,
    EvidenceStatus,
    RequirementEdit,
    VerificationReview,
)
from chuhai.database import utcnow
from chuhai.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chuhai.types import RoleCode, UserStatus, VerificationStatus

MAX_MARKETS = 12  # readiness checklists on one page
CERTIFICATE_NOTICE = "certificate_expiring"  # the in-app notification's kind


# ---------------------------------------------------------------- the reference and its edits


def current_edits(session: Session) -> dict[str, dict[str, str]]:
    """The edit in force for each requirement field: the latest one."""
    out: dict[str, dict[str, str]] = {}
    for edit in session.scalars(select(RequirementEdit).order_by(RequirementEdit.created_at, RequirementEdit.id)):
        out.setdefault(edit.requirement_code, {})[edit.field] = edit.value
    return out


def reference(session: Session) -> Reference:
    """The shipped reference with the operator's edits applied."""
    return with_edits(load_reference(), current_edits(session))


def _text(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return f"{value[0]}-{value[1]}"
    return str(value)


def edit_requirement(session: Session, actor: Principal, code: str, field: str, value: str,
                     note: str | None = None) -> RequirementEdit:
    actor.require(RoleCode.OPERATOR)
    current = reference(session).requirement(code)
    if current is None:
        raise NotFound("No such requirement.")
    if field not in EDITABLE_FIELDS:
        raise ValidationFailed("This field cannot be edited.", details={"field": field[:40]})
    try:
        parsed = parse_edit_value(field, value)
    except ValueError as exc:
        raise ValidationFailed("%(field)s: %(problem)s", field=field, problem=str(exc),
                               details={"value": str(exc)}) from None
    edit = RequirementEdit(requirement_code=code, field=field, value=_text(parsed),
                           previous_value=_text(getattr(current, field)), note=(note or "").strip()[:2000] or None,
                           edited_by_id=actor.user_id)
    session.add(edit)
    session.flush()
    return edit


def edit_history(session: Session, limit: int = 50) -> list[tuple[RequirementEdit, str | None]]:
    rows = session.execute(
        select(RequirementEdit, User.display_name).outerjoin(User, User.id == RequirementEdit.edited_by_id)
        .order_by(RequirementEdit.created_at.desc(), RequirementEdit.id.desc()).limit(limit))
    return [(edit, name) for edit, name in rows]


# ---------------------------------------------------------------- a product's readiness


def held_certifications(session: Session, product: Product, today: dt.date | None = None) -> list[str]:
    """The product's own certifications and its enterprise's certifications valid on `today` (an expired
    one stops counting the day after it ends)."""
    today = today or dt.date.today()
    enterprise = [c.name for c in session.scalars(
        select(Certification).where(Certification.enterprise_id == product.enterprise_id)
        .order_by(Certification.name)) if c.is_valid_on(today)]
    return list(dict.fromkeys([*(product.certifications or []), *enterprise]))


@dataclass
class MarketReadiness:
    market: MarketRef
    statuses: list[Status]

    @property
    def code(self) -> str:
        return self.market.country or self.market.markets[0]

    @property
    def gaps(self) -> list[Status]:
        return gaps(self.statuses)

    @property
    def mandatory(self) -> list[Status]:
        """Mandatory requirements of a kind evidenced on file (certificates, markings, registrations, tests)."""
        return [s for s in self.statuses if s.applicable.requirement.mandatory and evidenced(s.applicable.requirement)]

    @property
    def tasks(self) -> list[Status]:
        return tasks(self.statuses)

    @property
    def met_count(self) -> int:
        return sum(1 for s in self.mandatory if s.met)

    @property
    def gap_cost_usd(self) -> tuple[int, int] | None:
        """Sum of the typical costs of the gap's requirements that have one."""
        costs = [s.applicable.requirement.cost_usd for s in self.gaps if s.applicable.requirement.cost_usd]
        return (sum(c[0] for c in costs), sum(c[1] for c in costs)) if costs else None

    @property
    def gap_lead_days(self) -> tuple[int, int] | None:
        """The longest typical lead time among the gap's requirements (they can run side by side)."""
        leads = [s.applicable.requirement.lead_time_days for s in self.gaps
                 if s.applicable.requirement.lead_time_days]
        return (max(lead[0] for lead in leads), max(lead[1] for lead in leads)) if leads else None


def known_market(ref: Reference, market: str) -> MarketRef | None:
    try:
        return resolve_market(ref, market)
    except UnknownValue:
        return None


def readiness(session: Session, product: Product, markets: list[str], channel: str | None = None,
              today: dt.date | None = None, ref: Reference | None = None,
              held: list[str] | None = None) -> list[MarketReadiness]:
    """One checklist per market the reference knows (others are skipped), in the order given."""
    ref = ref or reference(session)
    held = held_certifications(session, product, today) if held is None else held
    out, seen = [], set()
    for market in markets:
        where = known_market(ref, market)
        if where is None or where.markets in seen:
            continue
        seen.add(where.markets)
        try:
            applicable = requirements_for(ref, product.hs_code, product.category, where, channel, today)
        except UnknownValue:
            applicable = requirements_for(ref, product.hs_code, product.category, where, None, today)
        out.append(MarketReadiness(where, status_against(applicable, held)))
        if len(out) == MAX_MARKETS:
            break
    return out


def target_markets(enterprise_markets: list[str] | None, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Markets to check a product against: those given, then its enterprise's export markets, then the US and
    the EU."""
    return list(dict.fromkeys([*extra, *(enterprise_markets or []), "US", "EU"]))


def missing_mandatory(ref: Reference, hs_code: str | None, category: str | None, country: str | None,
                      held: list[str] | tuple[str, ...], today: dt.date | None = None) -> list[Requirement]:
    """Mandatory requirements in force in `country` that nothing in `held` meets ([] for an unknown market)."""
    if not country:
        return []
    where = known_market(ref, country)
    if where is None:
        return []
    statuses = status_against(requirements_for(ref, hs_code, category, where, None, today), list(held))
    return [s.applicable.requirement for s in gaps(statuses)]


def held_certifications_of(session: Session, products: list[Product],
                           today: dt.date | None = None) -> dict[int, list[str]]:
    """`held_certifications` of many products in one query."""
    today = today or dt.date.today()
    by_enterprise: dict[int, list[str]] = {}
    enterprise_ids = {p.enterprise_id for p in products}
    if enterprise_ids:
        for c in session.scalars(select(Certification).where(Certification.enterprise_id.in_(enterprise_ids))
                                 .order_by(Certification.name)):
            if c.is_valid_on(today):
                by_enterprise.setdefault(c.enterprise_id, []).append(c.name)
    return {p.id: list(dict.fromkeys([*(p.certifications or []), *by_enterprise.get(p.enterprise_id, [])]))
            for p in products}


@dataclass
class MarketCheck:
    """A product against a destination: how many requirements apply, the mandatory ones it lacks, and those
    the buyer asked for by code that it does not meet."""

    applicable: int
    missing: list[str]
    unmet_asked: list[str]


def asked_requirements(ref: Reference, required: list[str] | tuple[str, ...]) -> set[str]:
    """The requirement codes among a demand's required certifications ("US_CPSIA_CPC", any case)."""
    codes = {r.code for r in ref.requirements}
    return {c.strip().upper() for c in required if c.strip().upper() in codes}


class Checker:
    """`market_check` for many products and destinations: the requirements of each (HS code, category, country)
    are looked up once (a short list or a report repeats them)."""

    def __init__(self, ref: Reference, today: dt.date | None = None):
        self.ref, self.today = ref, today
        self._applicable: dict[tuple[str, str, str], list | None] = {}

    def applicable(self, hs_code: str | None, category: str | None, country: str | None):
        key = (hs_code or "", category or "", (country or "").upper())
        if key not in self._applicable:
            where = known_market(self.ref, country) if country else None
            self._applicable[key] = (None if where is None
                                     else requirements_for(self.ref, hs_code, category, where, None, self.today))
        return self._applicable[key]

    def check(self, hs_code: str | None, category: str | None, country: str | None, held: list[str],
              asked: set[str] | frozenset[str] = frozenset()) -> MarketCheck | None:
        applicable = self.applicable(hs_code, category, country)
        return None if applicable is None else _check(applicable, held, asked)


def market_check(ref: Reference, hs_code: str | None, category: str | None, country: str | None,
                 held: list[str], asked: set[str] | frozenset[str] = frozenset(),
                 today: dt.date | None = None) -> MarketCheck | None:
    """None when the destination is not given or not in the reference."""
    return Checker(ref, today).check(hs_code, category, country, held, asked)


def _check(applicable: list, held: list[str], asked: set[str] | frozenset[str]) -> MarketCheck:
    statuses = status_against(applicable, held)
    missing = [s.applicable.requirement.code for s in gaps(statuses)]
    applying = {s.applicable.requirement.code: s for s in statuses}
    unmet = sorted(code for code in asked if code in applying and not applying[code].met)
    return MarketCheck(len(statuses), missing, unmet)


# ---------------------------------------------------------------- evidence and verification reviews


@dataclass
class CertificationRow:
    certification: Certification
    evidence: CertificationEvidence | None
    valid: bool

    @property
    def status(self) -> EvidenceStatus:
        return self.evidence.status if self.evidence else EvidenceStatus.DECLARED


def _enterprise_in_sight(session: Session, actor: Principal, enterprise_id: int) -> Enterprise:
    if not (actor.is_operator or actor.role == RoleCode.ENTERPRISE):
        raise Forbidden("Only the operator and the enterprise's members see its evidence.")
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None or not actor.may_see_enterprise_private(enterprise_id):
        raise NotFound("No such enterprise.")
    return enterprise


def evidence_overview(session: Session, actor: Principal, enterprise_id: int,
                      today: dt.date | None = None) -> tuple[Enterprise, list[CertificationRow]]:
    enterprise = _enterprise_in_sight(session, actor, enterprise_id)
    today = today or dt.date.today()
    certifications = list(session.scalars(select(Certification).where(Certification.enterprise_id == enterprise_id)
                                          .order_by(Certification.name, Certification.id)))
    evidence = {e.certification_id: e for e in session.scalars(select(CertificationEvidence).where(
        CertificationEvidence.certification_id.in_([c.id for c in certifications])))} if certifications else {}
    return enterprise, [CertificationRow(c, evidence.get(c.id), c.is_valid_on(today)) for c in certifications]


def evidence_statuses(session: Session, enterprise_id: int) -> dict[str, EvidenceStatus]:
    """Each of the enterprise's certifications (by normalised name) at its best evidence status."""
    rank = list(EvidenceStatus)
    out: dict[str, EvidenceStatus] = {}
    rows = session.execute(select(Certification.name, CertificationEvidence)
                           .outerjoin(CertificationEvidence, CertificationEvidence.certification_id == Certification.id)
                           .where(Certification.enterprise_id == enterprise_id))
    for name, evidence in rows:
        status = evidence.status if evidence else EvidenceStatus.DECLARED
        key = normalise_certification(name)
        if key not in out or rank.index(status) > rank.index(out[key]):
            out[key] = status
    return out


def certification_of(session: Session, actor: Principal, certification_id: int) -> Certification:
    certification = session.get(Certification, certification_id)
    if certification is None:
        raise NotFound("No such certification.")
    _enterprise_in_sight(session, actor, certification.enterprise_id)
    return certification


def save_evidence(session: Session, actor: Principal, certification_id: int, *, issuer: str | None, scope: str | None,
                  document_media_id: int | None) -> CertificationEvidence:
    """The enterprise's member (or the operator) records the issuer, scope and scan of a certification; a new
    scan needs the operator's check again. `document_media_id` is checked by the caller (`compliance.flows`)."""
    actor.require(RoleCode.OPERATOR, RoleCode.ENTERPRISE)
    certification = certification_of(session, actor, certification_id)
    evidence = session.scalar(select(CertificationEvidence).where(
        CertificationEvidence.certification_id == certification.id))
    if evidence is None:
        evidence = CertificationEvidence(certification_id=certification.id)
        session.add(evidence)
    if evidence.document_media_id != document_media_id:
        evidence.checked_at, evidence.checked_by_id, evidence.check_note = None, None, None
    evidence.issuer = (issuer or "").strip()[:200] or None
    evidence.scope = (scope or "").strip()[:500] or None
    evidence.document_media_id = document_media_id
    session.flush()
    return evidence


def check_evidence(session: Session, actor: Principal, certification_id: int, verified: bool,
                   note: str | None = None) -> CertificationEvidence:
    """The operator's check of a certification's document: verified, or back to documented."""
    actor.require(RoleCode.OPERATOR)
    certification = certification_of(session, actor, certification_id)
    evidence = session.scalar(select(CertificationEvidence).where(
        CertificationEvidence.certification_id == certification.id))
    if evidence is None or evidence.document_media_id is None:
        raise Conflict("A certification without a document cannot be verified; ask the enterprise to attach it.")
    evidence.checked_at = utcnow() if verified else None
    evidence.checked_by_id = actor.user_id if verified else None
    evidence.check_note = (note or "").strip()[:2000] or None
    session.flush()
    return evidence


def _credit_code(text: str) -> str:
    return "".join(ch for ch in str(text).upper() if ch.isalnum())


def record_review(session: Session, actor: Principal, enterprise_id: int, *, credit_code_read: str,
                  checklist: list[str], decision: VerificationStatus, note: str | None = None,
                  licence_media_id: int | None = None) -> VerificationReview:
    """The operator's verification of an enterprise, recorded with its evidence; the caller applies the decision
    (`compliance.flows.review_enterprise`). Verifying needs the credit code read from the licence to match."""
    actor.require(RoleCode.OPERATOR)
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound("No such enterprise.")
    unknown = [item for item in checklist if item not in CHECKLIST]
    if unknown:
        raise ValidationFailed("Unknown checklist item %(item)s.", item=unknown[0][:40], details={"checklist": "?"})
    read = _credit_code(credit_code_read)
    if not 15 <= len(read) <= 18:
        raise ValidationFailed("Enter the credit code as printed on the business licence (18 characters).",
                               details={"credit_code_read": "18 characters"})
    matches = read == _credit_code(enterprise.credit_code)
    if decision == VerificationStatus.VERIFIED and not matches:
        raise ValidationFailed("The credit code on the licence differs from the registered one; it cannot be verified.",
                               details={"credit_code_read": "differs"})
    review = VerificationReview(enterprise_id=enterprise.id, licence_media_id=licence_media_id,
                                credit_code_read=read, credit_code_matches=matches,
                                checklist=[item for item in CHECKLIST if item in checklist],
                                decision=decision.value, note=(note or "").strip()[:2000] or None,
                                reviewed_by_id=actor.user_id)
    session.add(review)
    session.flush()
    return review


def reviews_of(session: Session, enterprise_id: int, limit: int = 20) -> list[tuple[VerificationReview, str | None]]:
    rows = session.execute(
        select(VerificationReview, User.display_name).outerjoin(User, User.id == VerificationReview.reviewed_by_id)
        .where(VerificationReview.enterprise_id == enterprise_id)
        .order_by(VerificationReview.created_at.desc(), VerificationReview.id.desc()).limit(limit))
    return [(review, name) for review, name in rows]


# ---------------------------------------------------------------- reminders before a certificate expires

REMINDER_DAYS = (30, 7)


def remind_expiring_certificates(session: Session, today: dt.date | None = None,
                                 days: tuple[int, ...] = REMINDER_DAYS) -> int:
    """In-app notifications to the active members of enterprises whose certificates end `days` from `today`
    (once per certificate, validity and user). Returns how many were written."""
    today = today or dt.date.today()
    ends = [today + dt.timedelta(days=n) for n in days]
    rows = list(session.scalars(select(Certification).where(Certification.valid_until.in_(ends))
                                .order_by(Certification.id)))
    if not rows:
        return 0
    users: dict[int, list[int]] = {}
    for user_id, enterprise_id in session.execute(
            select(User.id, User.enterprise_id).where(User.enterprise_id.in_({c.enterprise_id for c in rows}),
                                                      User.status == UserStatus.ACTIVE)):
        users.setdefault(enterprise_id, []).append(user_id)
    sent = {(n.user_id, n.payload.get("certification_id"), n.payload.get("valid_until"), n.payload.get("days"))
            for n in session.scalars(select(Notification).where(Notification.kind == CERTIFICATE_NOTICE))}
    written = 0
    for certification in rows:
        left = (certification.valid_until - today).days
        for user_id in users.get(certification.enterprise_id, []):
            key = (user_id, certification.id, certification.valid_until.isoformat(), left)
            if key in sent:
                continue
            session.add(Notification(user_id=user_id, kind=CERTIFICATE_NOTICE, payload={
                "certification_id": certification.id, "name": certification.name, "days": left,
                "valid_until": certification.valid_until.isoformat(), "enterprise_id": certification.enterprise_id}))
            written += 1
    session.flush()
    return written
