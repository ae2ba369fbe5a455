"""Feedback report pages (需求反馈): one per enterprise (its members and the operator) and one per belt
(the operator), each with a PDF download in the current language."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from chuhai.accounts.principal import Principal
from chuhai.catalog import service as catalog_service
from chuhai.errors import Forbidden
from chuhai.i18n import N_, get_locale, is_zh
from chuhai.insight import charts
from chuhai.insight.pdf import report_pdf
from chuhai.insight.service import feedback_report
from chuhai.pagination import PageNumber
from chuhai.types import RoleCode
from chuhai.web.deps import DbSession, Operator, PageSize, require, verify_csrf
from chuhai.web.navigation import NavLink, register
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Member = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE))

register(NavLink(N_("Insight"), N_("Market feedback"), "/insight", "◔", (RoleCode.OPERATOR, RoleCode.ENTERPRISE)))


def authorize_enterprise(principal: Principal, enterprise_id: int) -> None:
    """The operator sees every enterprise's report; an enterprise member only its own."""
    if not principal.is_operator and not principal.owns_enterprise(enterprise_id):
        raise Forbidden("You may only open your own enterprise's report.")


@router.get("/insight")
def insight_index(request: Request, db: DbSession, page_size: PageSize, principal: Principal = Member, q: str = "",
                  belt: int | None = None, page: PageNumber = 1):
    if not principal.is_operator:
        if principal.enterprise_id is None:
            raise Forbidden("Your account is not linked to an enterprise.")
        return RedirectResponse(f"/insight/enterprises/{principal.enterprise_id}", status_code=303)
    belts = catalog_service.list_belts(db)
    enterprises = catalog_service.list_enterprises(db, principal, q=q or None, belt_id=belt, english=not is_zh(),
                                                   page=page, size=page_size)
    return render(request, "insight/index.html", belts=belts, page=enterprises, q=q, belt=belt,
                  base_query=urlencode({key: value for key, value in {"q": q, "belt": belt}.items() if value}))


def _page(request: Request, db, kind: str, scope_id: int):
    report = feedback_report(db, request.app.state.database_url, kind, scope_id)
    return render(request, "insight/report.html", report=report, scope=report["scope"], kind=kind,
                  charts=charts.page_charts(report), pdf_href=f"/insight/{kind}s/{scope_id}/report.pdf")


def _pdf(request: Request, db, kind: str, scope_id: int) -> Response:
    report = feedback_report(db, request.app.state.database_url, kind, scope_id)
    filename = f"chuhai-feedback-{kind}-{scope_id}-{get_locale()}.pdf"
    return Response(report_pdf(report, kind), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/insight/enterprises/{enterprise_id}")
def enterprise_report(request: Request, enterprise_id: int, db: DbSession, principal: Principal = Member):
    authorize_enterprise(principal, enterprise_id)
    return _page(request, db, "enterprise", enterprise_id)


@router.get("/insight/enterprises/{enterprise_id}/report.pdf")
def enterprise_report_pdf(request: Request, enterprise_id: int, db: DbSession, principal: Principal = Member):
    authorize_enterprise(principal, enterprise_id)
    return _pdf(request, db, "enterprise", enterprise_id)


@router.get("/insight/belts/{belt_id}")
def belt_report(request: Request, belt_id: int, db: DbSession, principal: Operator):
    return _page(request, db, "belt", belt_id)


@router.get("/insight/belts/{belt_id}/report.pdf")
def belt_report_pdf(request: Request, belt_id: int, db: DbSession, principal: Operator):
    return _pdf(request, db, "belt", belt_id)
