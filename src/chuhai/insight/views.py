"""Feedback report pages (需求反馈): one per enterprise (its members and the operator) and one per belt
(the operator), each with a PDF download in the current language. An enterprise's report also tells it how
its quotations fared (`quotation_feedback`, from trade): why they lost and where they win, by market."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from chuhai.accounts.principal import Principal
from chuhai.catalog import service as catalog_service
from chuhai.errors import Forbidden
from chuhai.i18n import N_, get_locale, is_zh
from chuhai.i18n import gettext as _
from chuhai.insight import charts
from chuhai.insight.compliance import market_gaps
from chuhai.insight.pdf import report_pdf
from chuhai.insight.service import feedback_report
from chuhai.pagination import PageNumber
from chuhai.pdf_cache import cached_pdf
from chuhai.trade import service as trade_service
from chuhai.trade.models import DeclineReason, LostReason
from chuhai.types import RoleCode
from chuhai.web.deps import DbSession, Operator, PageSize, require, verify_csrf
from chuhai.web.navigation import NavLink, register
from chuhai.web.templating import environment, render

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


def _counted(counts: dict[str, int], labels) -> list[tuple[str, int]]:
    """Reason codes with their counts as (label in the reader's language, count), most frequent first."""
    return [(_(labels(code).label), n) for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def quotation_feedback(db, principal: Principal, enterprise_id: int) -> dict:
    """How the enterprise's quotations fared, from trade (`trade.service.enterprise_feedback`): by market,
    quoted, shortlisted, deals started and orders, the buyers' decline reasons and why deals were lost; the
    reasons over all markets; and the markets where its quotations win (a deal started), best first. Labels
    in the reader's language (the page and the PDF are rendered in it)."""
    rows = trade_service.enterprise_feedback(db, principal, enterprise_id)
    reasons: dict[str, int] = {}
    markets = []
    for row in rows:
        declined, lost = _counted(row.declined, DeclineReason), _counted(row.lost, LostReason)
        for label, n in declined + lost:
            reasons[label] = reasons.get(label, 0) + n
        markets.append({"country": row.country, "quoted": row.quoted, "shortlisted": row.shortlisted,
                        "won": row.won, "signed": row.signed, "win_rate": row.won / row.quoted if row.quoted else None,
                        "declined": declined, "lost": lost})
    wins = sorted((m for m in markets if m["won"]),
                  key=lambda m: (-m["won"], -(m["win_rate"] or 0), m["country"] or ""))
    return {"markets": markets, "reasons": sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])), "wins": wins,
            "quoted": sum(m["quoted"] for m in markets), "won": sum(m["won"] for m in markets),
            "signed": sum(m["signed"] for m in markets)}


def _quotations(db, principal: Principal, kind: str, scope_id: int) -> dict | None:
    return quotation_feedback(db, principal, scope_id) if kind == "enterprise" else None


def _page(request: Request, db, kind: str, scope_id: int, principal: Principal):
    report = feedback_report(db, request.app.state.database_url, kind, scope_id)
    quotations = _quotations(db, principal, kind, scope_id)
    flags = environment().get_template("insight/_compliance_flags.html").render(
        request=request, flags=market_gaps(db, report["scope"], url=request.app.state.database_url))
    return render(request, "insight/report.html", report=report, scope=report["scope"], kind=kind,
                  charts=charts.page_charts(report), pdf_href=f"/insight/{kind}s/{scope_id}/report.pdf",
                  quotations=quotations, quotation_chart=charts.reasons_chart(quotations) if quotations else None,
                  compliance_flags=Markup(flags))


def _pdf(request: Request, db, kind: str, scope_id: int, principal: Principal) -> Response:
    report = feedback_report(db, request.app.state.database_url, kind, scope_id)
    filename = f"chuhai-feedback-{kind}-{scope_id}-{get_locale()}.pdf"
    pdf = cached_pdf(request.app.state.settings.data_dir, report_pdf, report, kind,
                     _quotations(db, principal, kind, scope_id))
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/insight/enterprises/{enterprise_id}")
def enterprise_report(request: Request, enterprise_id: int, db: DbSession, principal: Principal = Member):
    authorize_enterprise(principal, enterprise_id)
    return _page(request, db, "enterprise", enterprise_id, principal)


@router.get("/insight/enterprises/{enterprise_id}/report.pdf")
def enterprise_report_pdf(request: Request, enterprise_id: int, db: DbSession, principal: Principal = Member):
    authorize_enterprise(principal, enterprise_id)
    return _pdf(request, db, "enterprise", enterprise_id, principal)


@router.get("/insight/belts/{belt_id}")
def belt_report(request: Request, belt_id: int, db: DbSession, principal: Operator):
    return _page(request, db, "belt", belt_id, principal)


@router.get("/insight/belts/{belt_id}/report.pdf")
def belt_report_pdf(request: Request, belt_id: int, db: DbSession, principal: Operator):
    return _pdf(request, db, "belt", belt_id, principal)
