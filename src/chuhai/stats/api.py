"""The statistics dashboard's figures as JSON (operator only), with the page's filters."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder

from chuhai.stats import service
from chuhai.web.deps import Operator, verify_csrf

router = APIRouter(tags=["stats"], dependencies=[Depends(verify_csrf)])


@router.get("/stats")
def statistics(request: Request, principal: Operator, period_from: str | None = None, period_to: str | None = None,
               belt: int | None = None) -> dict:
    """Trade value (USD) by belt, market, market group, channel and customs mode with year-on-year growth,
    active exporting enterprises, top products and the monthly series. Months are YYYY-MM; the default period
    is the last 12 months with data."""
    filters = service.parse_filters(period_from, period_to, str(belt) if belt is not None else None)
    return jsonable_encoder(service.dashboard(request.app.state.database_url, filters))
