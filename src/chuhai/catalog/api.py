"""JSON API for belts, enterprises and products, with the same role checks as the pages."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from chuhai.accounts.principal import Principal
from chuhai.catalog import flows, service
from chuhai.catalog.schemas import (
    BeltOut,
    EnterpriseIn,
    EnterprisePrivate,
    EnterprisePublic,
    ProductIn,
    ProductOut,
    ProviderOut,
)
from chuhai.pagination import ItemCount, PageNumber, PageOut
from chuhai.types import RoleCode, VerificationStatus
from chuhai.web.deps import AnyUser, DbSession, Operator, require, verify_csrf

router = APIRouter(tags=["catalog"], dependencies=[Depends(verify_csrf)])
Manager = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE))


def enterprise_out(principal: Principal, enterprise) -> EnterprisePublic:
    if principal.may_see_enterprise_private(enterprise.id):
        return EnterprisePrivate.model_validate(enterprise)
    return EnterprisePublic.model_validate(enterprise)


@router.get("/belts", response_model=list[BeltOut])
def belts(db: DbSession, principal: AnyUser):
    return [belt for belt, _e, _p in service.list_belts(db)]


@router.get("/belts/{belt_id}", response_model=BeltOut)
def belt(belt_id: int, db: DbSession, principal: AnyUser):
    return service.get_belt(db, belt_id)


@router.get("/enterprises", response_model=PageOut[EnterprisePublic])
def enterprises(db: DbSession, principal: AnyUser, q: str | None = None, belt_id: int | None = None,
                status: str | None = None, kind: str | None = None, page: PageNumber = 1, size: ItemCount = 25):
    result = service.list_enterprises(db, principal, q=q, belt_id=belt_id, status=status, kind=kind, page=page,
                                      size=size)
    return PageOut[EnterprisePublic](items=[EnterprisePublic.model_validate(e) for e in result.items],
                                     total=result.total, page=result.page, size=result.size)


@router.get("/enterprises/{enterprise_id}", response_model=EnterprisePrivate | EnterprisePublic)
def enterprise(enterprise_id: int, db: DbSession, principal: AnyUser):
    """Private fields (credit code, contacts, certifications) only for the enterprise itself and the operator."""
    return enterprise_out(principal, service.get_enterprise(db, principal, enterprise_id))


@router.post("/enterprises", response_model=EnterprisePrivate, status_code=201)
def create_enterprise(body: EnterpriseIn, db: DbSession, principal: Operator):
    created = service.create_enterprise(db, principal, body)
    return service.get_enterprise(db, principal, created.id)


@router.put("/enterprises/{enterprise_id}", response_model=EnterprisePrivate)
def update_enterprise(enterprise_id: int, body: EnterpriseIn, db: DbSession, principal: Principal = Manager):
    return flows.update_enterprise(db, principal, enterprise_id, body)


class VerificationIn(BaseModel):
    status: VerificationStatus


@router.post("/enterprises/{enterprise_id}/verification", response_model=EnterprisePrivate)
def verify_enterprise(enterprise_id: int, body: VerificationIn, db: DbSession, principal: Operator):
    return flows.set_verification(db, principal, enterprise_id, body.status)


@router.get("/products", response_model=PageOut[ProductOut])
def products(db: DbSession, principal: AnyUser, q: str | None = None, category: str | None = None,
             enterprise_id: int | None = None, belt_id: int | None = None, hs_code: str | None = None,
             page: PageNumber = 1, size: ItemCount = 25):
    result = service.list_products(db, principal, q=q, category=category, enterprise_id=enterprise_id,
                                   belt_id=belt_id, hs_code=hs_code, page=page, size=size)
    return PageOut[ProductOut](items=[ProductOut.model_validate(p) for p in result.items], total=result.total,
                               page=result.page, size=result.size)


@router.get("/products/{product_id}", response_model=ProductOut)
def product(product_id: int, db: DbSession, principal: AnyUser):
    return service.get_product(db, principal, product_id)


@router.post("/products", response_model=ProductOut, status_code=201)
def create_product(body: ProductIn, db: DbSession, principal: Principal = Manager):
    created = flows.create_product(db, principal, body)
    return service.get_product(db, principal, created.id)


@router.put("/products/{product_id}", response_model=ProductOut)
def update_product(product_id: int, body: ProductIn, db: DbSession, principal: Principal = Manager):
    flows.update_product(db, principal, product_id, body)
    return service.get_product(db, principal, product_id)


@router.delete("/products/{product_id}", response_model=ProductOut)
def archive_product(product_id: int, db: DbSession, principal: Principal = Manager):
    """Archives the product (order history keeps referring to it)."""
    return flows.archive_product(db, principal, product_id)


@router.get("/providers", response_model=PageOut[ProviderOut])
def providers(db: DbSession, principal: AnyUser, q: str | None = None, kind: str | None = None,
              page: PageNumber = 1, size: ItemCount = 25):
    result = service.list_providers(db, principal, q=q, kind=kind, page=page, size=size)
    return PageOut[ProviderOut](items=[ProviderOut.model_validate(p) for p in result.items], total=result.total,
                                page=result.page, size=result.size)
