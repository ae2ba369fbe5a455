"""Feedback reports as JSON: the same content as the pages, for an enterprise or a belt."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder

from chuhai.accounts.principal import Principal
from chuhai.insight.service import feedback_report
from chuhai.insight.views import authorize_enterprise
from chuhai.types import RoleCode
from chuhai.web.deps import DbSession, Operator, require, verify_csrf

router = APIRouter(tags=["insight"], dependencies=[Depends(verify_csrf)])
Member = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE))


def _json(report: dict) -> dict:
    return jsonable_encoder(report, custom_encoder={float: lambda value: round(value, 6)})


@router.get("/insight/enterprises/{enterprise_id}/feedback")
def enterprise_feedback(request: Request, enterprise_id: int, db: DbSession, principal: Principal = Member) -> dict:
    """An enterprise's feedback report: sales by market, channel and month, price position, market trends and
    price sensitivity in its categories, slow movers, open and unmet demand. Its members and the operator."""
    authorize_enterprise(principal, enterprise_id)
    return _json(feedback_report(db, request.app.state.database_url, "enterprise", enterprise_id))


@router.get("/insight/belts/{belt_id}/feedback")
def belt_feedback(request: Request, belt_id: int, db: DbSession, principal: Operator) -> dict:
    """A belt's feedback report (operator only)."""
    return _json(feedback_report(db, request.app.state.database_url, "belt", belt_id))
