"""JSON API for export planning: landed cost, the warehouse plan, HS suggestion, reference figures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from chuhai.accounts.principal import Principal
from chuhai.errors import ValidationFailed
from chuhai.planning import service
from chuhai.planning.contracts import landed_cost_option, stock_plan
from chuhai.planning.engine.hs import suggest
from chuhai.planning.engine.reference import reference_versions
from chuhai.types import RoleCode
from chuhai.web.deps import AnyUser, DbSession, Operator, require, verify_csrf
from chuhai.web.openapi import errors

router = APIRouter(tags=["planning"], dependencies=[Depends(verify_csrf)])
Planner = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE))


# Bounds of a landed-cost request (422 beyond): each option is a run of the planner.
MAX_OPTIONS = 50
MAX_FIELDS = 30
Fields = Annotated[dict[str, Any], Field(max_length=MAX_FIELDS)]


class LandedCostIn(BaseModel):
    product_id: int
    sku: Fields = Field(default_factory=dict, description="replaces the product's unit_cost_cny, weight_kg, "
                        "length_cm, width_cm, height_cm or hs_code")
    options: list[Fields] | None = Field(None, max_length=MAX_OPTIONS, description="the contract's options (at "
                                         "most 50); default: the product's top markets × air, sea, express × 9610, "
                                         "9810")
    ship_date: dt.date | None = None


class ReferenceEditIn(BaseModel):
    value: str
    note: str | None = None


@router.post("/planning/landed-cost", responses=errors(404))
def landed_cost(body: LandedCostIn, db: DbSession, principal: Principal = Planner):
    """The contract's OUT for the product (bases in English, advice in both languages, as the batch command)."""
    product = service.plannable_product(db, principal, body.product_id)
    sku = {**service.sku_values(product), **body.sku}
    options = body.options if body.options is not None else service.default_options(
        db, product, sku.get("unit_cost_cny"))
    results, request = service.run_planner(db, sku, options, body.ship_date)
    return {"product_id": product.id, "sku": request["sku"], "options": [landed_cost_option(r) for r in results],
            "reference_versions": reference_versions()}


@router.get("/planning/warehouse", responses=errors(404))
def warehouse(db: DbSession, principal: Principal = Planner, enterprise_id: int | None = None):
    enterprise = service.warehouse_enterprise(db, principal, enterprise_id)
    if enterprise is None:
        raise ValidationFailed("enterprise_id is required for the operator.", details={"enterprise_id": "required"})
    rows, as_of = service.warehouse_plan(db, principal, enterprise)
    return {"enterprise_id": enterprise.id, "as_of": as_of.isoformat(), "skus": [
        {**stock_plan(row.plan), "sku": row.product.sku, "on_hand": row.on_hand, "on_hand_entered": row.on_hand_entered,
         "route": row.route, "lead_time_days": row.lead_time_days} for row in rows]}


@router.get("/hs/suggest")
def hs_suggest(db: DbSession, principal: AnyUser, text: str = "", top: int = 5):
    return suggest(text[:5000], top=max(1, min(top, 50)), evidence=service.hs_evidence(db))


@router.get("/planning/reference")
def reference(db: DbSession, principal: AnyUser):
    edits = service.latest_edits(db)
    return {"versions": reference_versions(), "figures": [
        {"key": f.key, "group": f.group, "label": f.label, "unit": f.unit, "shipped_value": f.value,
         "value": edits[f.key].value if f.key in edits else f.value, "source": f.source, "as_of": f.as_of,
         "edited_at": edits[f.key].created_at.isoformat() if f.key in edits else None}
        for f in service.reference_figures()]}


@router.put("/planning/reference/{key}")
def edit_reference(key: str, body: ReferenceEditIn, db: DbSession, principal: Operator):
    edit = service.edit_figure(db, principal, key, body.value, body.note)
    return {"key": edit.figure, "value": edit.value, "previous_value": edit.previous_value,
            "edited_by_id": edit.edited_by_id, "created_at": edit.created_at.isoformat()}
