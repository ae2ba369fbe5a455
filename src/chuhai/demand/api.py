"""JSON API for buyers and demands: a buyer sees only its own; contacts only for those allowed."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from chuhai.accounts.principal import Principal
from chuhai.demand import flows, service
from chuhai.demand.schemas import BuyerIn, BuyerPrivate, BuyerPublic, DemandIn, DemandOut, OrderLineOut
from chuhai.pagination import PageOut
from chuhai.types import DemandStatus, RoleCode
from chuhai.web.deps import AnyUser, DbSession, Operator, require, verify_csrf
from chuhai.web.openapi import errors

router = APIRouter(tags=["demand"], dependencies=[Depends(verify_csrf)])
Poster = Depends(require(RoleCode.OPERATOR, RoleCode.BUYER))


class DemandWithBuyer(DemandOut):
    buyer: BuyerPublic


@router.get("/buyers", response_model=PageOut[BuyerPrivate])
def buyers(db: DbSession, principal: Operator, q: str | None = None, country: str | None = None,
           kind: str | None = None, page: int = 1, size: int = 25):
    result = service.list_buyers(db, principal, q=q, country=country, kind=kind, page=page, size=size)
    return PageOut[BuyerPrivate](items=[BuyerPrivate.model_validate(b) for b in result.items], total=result.total,
                                 page=result.page, size=result.size)


@router.get("/buyers/{buyer_id}", response_model=BuyerPrivate)
def buyer(buyer_id: int, db: DbSession, principal: AnyUser):
    return service.get_buyer(db, principal, buyer_id)


@router.post("/buyers", response_model=BuyerPrivate, status_code=201)
def create_buyer(body: BuyerIn, db: DbSession, principal: Operator):
    return flows.create_buyer(db, principal, body)


@router.put("/buyers/{buyer_id}", response_model=BuyerPrivate)
def update_buyer(buyer_id: int, body: BuyerIn, db: DbSession, principal: AnyUser):
    return flows.update_buyer(db, principal, buyer_id, body)


@router.get("/demands", response_model=PageOut[DemandWithBuyer])
def demands(db: DbSession, principal: AnyUser, q: str | None = None, status: DemandStatus | None = None,
            country: str | None = None, category: str | None = None, page: int = 1, size: int = 25):
    result = service.list_demands(db, principal, q=q, status=status, country=country, category=category,
                                  page=page, size=size)
    return PageOut[DemandWithBuyer](items=[DemandWithBuyer.model_validate(d) for d in result.items],
                                    total=result.total, page=result.page, size=result.size)


@router.get("/demands/{demand_id}", response_model=DemandWithBuyer)
def demand(demand_id: int, db: DbSession, principal: AnyUser):
    return service.get_demand(db, principal, demand_id)


@router.post("/demands", response_model=DemandOut, status_code=201)
def create_demand(request: Request, body: DemandIn, db: DbSession, principal: Principal = Poster):
    return flows.post_demand(db, principal, body, request.app.state.settings.data_dir)


@router.put("/demands/{demand_id}", response_model=DemandOut)
def update_demand(demand_id: int, body: DemandIn, db: DbSession, principal: Principal = Poster):
    return flows.change_demand(db, principal, demand_id, body)


class StatusIn(BaseModel):
    status: DemandStatus


@router.post("/demands/{demand_id}/status", response_model=DemandOut)
def demand_status(demand_id: int, body: StatusIn, db: DbSession, principal: Principal = Poster):
    return flows.set_demand_status(db, principal, demand_id, body.status)


@router.get("/order-lines", response_model=PageOut[OrderLineOut], responses=errors(403))
def order_lines(db: DbSession, principal: AnyUser, product_id: int | None = None, country: str | None = None,
                channel: str | None = None, date_from: date | None = None, date_to: date | None = None,
                enterprise_id: int | None = None, page: int = 1, size: int = 50):
    """Imported sales lines; an enterprise sees only its own products' lines."""
    result = service.list_order_lines(db, principal, product_id=product_id, country=country, channel=channel,
                                      date_from=date_from, date_to=date_to,
                                      enterprise_id=enterprise_id if principal.is_operator else None,
                                      page=page, size=size)
    return PageOut[OrderLineOut](items=[OrderLineOut.model_validate(o) for o in result.items], total=result.total,
                                 page=result.page, size=result.size)
