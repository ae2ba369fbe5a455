"""JSON API for matching, with the same role checks as the pages. Reasons come as codes with
parameters and as text in the request's language (`?lang=` / cookie / Accept-Language)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from chuhai.accounts.principal import Principal
from chuhai.demand import service as demand_service
from chuhai.i18n import get_locale, pick
from chuhai.matching import service
from chuhai.matching.reasons import reason_texts
from chuhai.matching.schemas import (
    ContactOut,
    DecisionIn,
    MatchOut,
    NotificationOut,
    NotificationPage,
    OpportunityOut,
    ReasonOut,
    UnmatchedDemandOut,
    UnmatchedGroupOut,
)
from chuhai.pagination import ItemCount, PageNumber
from chuhai.types import RoleCode
from chuhai.web.deps import AnyUser, DbSession, Operator, require, verify_csrf

router = APIRouter(tags=["matching"], dependencies=[Depends(verify_csrf)])
EnterpriseOrOperator = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE))


def _reasons(reasons: list[dict]) -> list[ReasonOut]:
    texts = reason_texts(reasons, get_locale())
    return [ReasonOut(code=r["code"], kind=r["kind"], text=text,
                      params={k: v for k, v in r.items() if k not in ("code", "kind")})
            for r, text in zip(reasons, texts, strict=True)]


def _match_out(row, can_decide: bool) -> MatchOut:
    enterprise = row.enterprise
    contact = None
    if can_decide and row.status.shares_contacts:
        contact = ContactOut(name=enterprise.contact_name, phone=enterprise.contact_phone,
                             email=enterprise.contact_email)
    return MatchOut(id=row.id, demand_id=row.demand_id, product_id=row.product_id,
                    product_title=pick(row.product.title_zh, row.product.title_en), enterprise_id=row.enterprise_id,
                    enterprise_name=pick(enterprise.name_zh, enterprise.name_en), score=row.score, rank=row.rank,
                    status=row.status, reasons=_reasons(row.reasons), created_at=row.created_at,
                    decided_at=row.decided_at, enterprise_contact=contact)


def _can_decide(principal: Principal, demand_buyer_id: int) -> bool:
    return principal.is_operator or principal.owns_buyer(demand_buyer_id)


@router.get("/demands/{demand_id}/matches", response_model=list[MatchOut])
def demand_matches(request: Request, demand_id: int, db: DbSession, principal: AnyUser):
    """The demand's short list (computed on its first view when it was never matched, e.g. imported)."""
    rows = service.demand_matches(db, principal, demand_id, data_dir=request.app.state.settings.data_dir)
    buyer_id = demand_service.get_demand(db, principal, demand_id).buyer_id
    return [_match_out(row, _can_decide(principal, buyer_id)) for row in rows]


@router.post("/demands/{demand_id}/matches", response_model=list[MatchOut])
def match_again(request: Request, demand_id: int, db: DbSession, principal: AnyUser):
    """Match the demand again against the current catalogue (its buyer or the operator) and store the list."""
    rows = service.demand_matches(db, principal, demand_id, refresh=True, data_dir=request.app.state.settings.data_dir)
    buyer_id = demand_service.get_demand(db, principal, demand_id).buyer_id
    return [_match_out(row, _can_decide(principal, buyer_id)) for row in rows]


@router.post("/matches/{match_id}/decision", response_model=MatchOut)
def decide(match_id: int, body: DecisionIn, db: DbSession, principal: AnyUser):
    row = service.decide(db, principal, match_id, body.status)
    return _match_out(row, True)


@router.get("/matching/opportunities", response_model=list[OpportunityOut])
def opportunities(request: Request, db: DbSession, principal: Principal = EnterpriseOrOperator,
                  enterprise_id: int | None = None, limit: ItemCount = 50):
    found = service.opportunities(db, principal, enterprise_id, limit=limit,
                                  data_dir=request.app.state.settings.data_dir)
    out = []
    for o in found:
        contact = None
        if service.may_see_buyer_contacts(db, principal, o.demand):
            buyer = o.demand.buyer
            contact = ContactOut(name=buyer.contact_name, phone=buyer.contact_phone, email=buyer.contact_email)
        out.append(OpportunityOut(demand_id=o.demand.id, demand_ref=o.demand.ref, text=o.demand.text,
                                  destination_country=o.demand.destination_country, quantity=o.demand.quantity,
                                  product_id=o.product.id, score=o.score, status=o.status,
                                  reasons=_reasons(o.reasons), buyer_contact=contact))
    return out


@router.get("/matching/unmatched", response_model=list[UnmatchedGroupOut])
def unmatched(request: Request, db: DbSession, principal: Operator, threshold: float = service.GOOD_SCORE):
    groups = service.unmatched(db, principal, threshold=threshold, data_dir=request.app.state.settings.data_dir)
    return [UnmatchedGroupOut(category=g.category, destination_country=g.destination_country, demands=[
        UnmatchedDemandOut(demand_id=d.id, demand_ref=d.ref, text=d.text, best_score=best) for d, best in g.demands])
        for g in groups]


@router.get("/notifications", response_model=NotificationPage)
def notifications(db: DbSession, principal: AnyUser, page: PageNumber = 1, size: ItemCount = 25):
    result = service.notifications(db, principal, page=page, size=size)
    return NotificationPage(items=[NotificationOut.model_validate(n, from_attributes=True) for n in result.items],
                            total=result.total, page=result.page, size=result.size,
                            unread=service.unread_count(db, principal))


@router.post("/notifications/read")
def read_all(db: DbSession, principal: AnyUser) -> dict:
    return {"marked": service.mark_read(db, principal)}


@router.post("/notifications/{notification_id}/read")
def read_one(notification_id: int, db: DbSession, principal: AnyUser) -> dict:
    return {"marked": service.mark_read(db, principal, notification_id)}
