"""Compliance's consequences in other domains, called explicitly.

A certification's document and a business licence are files among the enterprise's certificate documents
(chuhai.media, uploaded on the enterprise's photos and documents page); a verification review's decision is the
catalog's verification of the enterprise, with its consequences (the match index, rejected members' sessions).

Restricted-party screening:

- **Buyers are screened** on sign-up (`accounts.flows`), when created or changed (`demand.flows`), and all again
  when a list is imported with new content (the job `compliance.rescreen`, queued here in the import's
  transaction). A possible hit opens a case (`compliance.screening`).
- **Holds**: while a buyer's case is under review (or confirmed), its new demands are stored but not matched
  nor shown to the match index (`demand.flows.post_demand` asks `hold_demand`), and quotations on its demands
  are stored without telling the buyer (`trade.flows.submit_quotation` asks `hold_quotation`).
- **The operator's decision**: cleared → the held demands are matched and indexed, the held quotations
  announced to the buyer; confirmed → every active user of the buyer is disabled (suspended). The case's
  update is in the audit log.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts.models import Notification, User
from chuhai.accounts.principal import Principal
from chuhai.catalog import flows as catalog_flows
from chuhai.compliance import screening, service
from chuhai.compliance.models import CertificationEvidence, ScreeningCase, ScreeningStatus, VerificationReview
from chuhai.demand.models import Buyer, Demand
from chuhai.errors import ValidationFailed
from chuhai.jobs import service as jobs
from chuhai.matching import service as matching
from chuhai.media import service as media
from chuhai.media.models import MediaFile, MediaKind
from chuhai.trade.models import Quotation
from chuhai.types import UserStatus, VerificationStatus


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


# ----- restricted-party screening ----------------------------------------------------------------------

BUYER = "buyer"
RESCREEN_KIND = "compliance.rescreen"


def import_list(session: Session, actor: Principal | None, data: bytes, file_name: str,
                name: str | None = None) -> screening.ImportResult:
    """Store the list (a new version when its content changed) and queue the rescreening of every buyer."""
    result = screening.import_list(session, actor, data, file_name, name)
    if result.created:
        jobs.enqueue(session, RESCREEN_KIND, {"list_id": result.list_id},
                     owner_id=actor.user_id if actor else None, dedupe_key=f"rescreen:{result.list_id}")
    return result


def screen_buyer(session: Session, buyer: Buyer | int) -> ScreeningCase | None:
    if isinstance(buyer, int):
        buyer = session.get(Buyer, buyer)
    if buyer is None:
        return None
    return screening.screen_party(session, BUYER, buyer.id, buyer.company, buyer.country)


def rescreen_all(session: Session) -> dict[str, int]:
    """Every buyer against the current lists; returns how many were screened and how many cases opened."""
    screened = opened = 0
    for buyer in session.scalars(select(Buyer).order_by(Buyer.id)):
        before = screening.latest_case(session, BUYER, buyer.id)
        case = screen_buyer(session, buyer)
        screened += 1
        opened += case is not None and (before is None or case.id != before.id)
    return {"screened": screened, "opened": opened}


def hold_demand(session: Session, demand: Demand) -> bool:
    """True (and the demand held) when its buyer is under review or confirmed."""
    case = screening.holding_case(session, BUYER, demand.buyer_id)
    if case is None:
        return False
    screening.hold(session, case, "demand", demand.id)
    return True


def hold_quotation(session: Session, quotation: Quotation, buyer_id: int) -> bool:
    case = screening.holding_case(session, BUYER, buyer_id)
    if case is None:
        return False
    screening.hold(session, case, "quotation", quotation.id)
    return True


def decide_screening(session: Session, actor: Principal, case_id: int, decision: str, note: str | None,
           data_dir: Path | None = None) -> ScreeningCase:
    case = screening.decide(session, actor, case_id, decision, note)
    if case.status is ScreeningStatus.CLEARED:
        for held in screening.release_holds(session, case):
            if held.object_kind == "demand":
                demand = session.get(Demand, held.object_id)
                if demand is not None:
                    matching.match_posted_demand(session, demand, data_dir)
                    matching.keep_index_current(session, demands=[demand.id])
            elif held.object_kind == "quotation":
                _announce_quotation(session, held.object_id)
    elif case.status is ScreeningStatus.CONFIRMED and case.party_kind == BUYER:
        for user in session.scalars(select(User).where(User.buyer_id == case.party_id,
                                                       User.status == UserStatus.ACTIVE)):
            user.status = UserStatus.DISABLED
        session.flush()
    return case


def _announce_quotation(session: Session, quotation_id: int) -> None:
    quotation = session.get(Quotation, quotation_id)
    demand = session.get(Demand, quotation.demand_id) if quotation else None
    if demand is None:
        return
    payload = {"quotation_id": quotation.id, "demand_id": demand.id, "demand_ref": demand.ref,
               "enterprise_id": quotation.enterprise_id, "revision": quotation.revision}
    for user_id in session.scalars(select(User.id).where(User.buyer_id == demand.buyer_id,
                                                         User.status == UserStatus.ACTIVE)):
        session.add(Notification(user_id=user_id, kind="quotation_received", payload=payload))
    session.flush()
