"""Pages for matching: a demand's short list (an htmx fragment on the demand page), enterprises'
opportunities, the operator's unmatched demand, and the notifications list."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from chuhai.accounts.principal import Principal
from chuhai.demand import service as demand_service
from chuhai.i18n import N_, get_locale
from chuhai.i18n import gettext as _
from chuhai.matching import service
from chuhai.matching.reasons import reason_texts
from chuhai.media import service as media
from chuhai.pagination import PageNumber
from chuhai.types import RoleCode
from chuhai.web.deps import AnyUser, DbSession, Operator, require, verify_csrf
from chuhai.web.navigation import NavLink, register
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
EnterpriseOrOperator = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE))

register(
    NavLink(N_("Matching"), N_("Opportunities"), "/matching/opportunities", "⇄",
            (RoleCode.ENTERPRISE, RoleCode.OPERATOR)),
    NavLink(N_("Matching"), N_("Unmatched demand"), "/matching/unmatched", "⚠", (RoleCode.OPERATOR,)),
    NavLink(N_("Account"), N_("Notifications"), "/notifications", "✉"),
)


def _data_dir(request: Request):
    return request.app.state.settings.data_dir


def _reasons(reasons: list[dict]) -> list[tuple[str, str]]:
    texts = reason_texts(reasons, get_locale())
    return [(text, reason.get("kind", "fit")) for text, reason in zip(texts, reasons, strict=True)]


@router.get("/matching/demands/{demand_id}/matches")
def demand_matches(request: Request, demand_id: int, db: DbSession, principal: AnyUser):
    rows = service.demand_matches(db, principal, demand_id, data_dir=_data_dir(request))
    return _matches_fragment(request, db, principal, demand_id, rows)


def _matches_fragment(request, db, principal, demand_id, rows):
    demand = demand_service.get_demand(db, principal, demand_id)
    can_decide = principal.is_operator or principal.owns_buyer(demand.buyer_id)
    if not can_decide and not rows:
        return HTMLResponse("")
    return render(request, "matching/_matches.html", demand=demand, rows=rows, can_decide=can_decide,
                  reasons={row.id: _reasons(row.reasons) for row in rows},
                  covers=media.cover_images(db, [row.product_id for row in rows]))


@router.post("/matching/demands/{demand_id}/matches")
def refresh_matches(request: Request, demand_id: int, db: DbSession, principal: AnyUser):
    rows = service.demand_matches(db, principal, demand_id, refresh=True, data_dir=_data_dir(request))
    if request.headers.get("hx-request"):
        return _matches_fragment(request, db, principal, demand_id, rows)
    return RedirectResponse(f"/demands/{demand_id}#matches", status_code=303)


@router.post("/matching/matches/{match_id}/decision")
def decide(request: Request, match_id: int, db: DbSession, principal: AnyUser, status: str = Form(...)):
    row = service.decide(db, principal, match_id, status)
    request.session["flash"] = {"kind": "ok", "message": _("Match accepted: contact details are now shared.")
                                if row.status.shares_contacts else _("Match declined.")}
    return RedirectResponse(f"/demands/{row.demand_id}#matches", status_code=303)


@router.get("/matching/opportunities")
def opportunities(request: Request, db: DbSession, principal: Principal = EnterpriseOrOperator,
                  enterprise: int | None = None):
    enterprise_id = principal.enterprise_id if principal.role == RoleCode.ENTERPRISE else enterprise
    found = service.opportunities(db, principal, enterprise_id, data_dir=_data_dir(request)) if enterprise_id else []
    chosen = service.enterprise_names(db, {enterprise_id}).get(enterprise_id) if enterprise_id else None
    return render(request, "matching/opportunities.html", found=[(o, _reasons(o.reasons)) for o in found],
                  enterprise=chosen, enterprise_id=enterprise_id,
                  covers=media.cover_images(db, [o.product.id for o in found]))


@router.get("/matching/unmatched")
def unmatched(request: Request, db: DbSession, principal: Operator, threshold: float = service.GOOD_SCORE):
    groups = service.unmatched(db, principal, threshold=threshold, data_dir=_data_dir(request))
    return render(request, "matching/unmatched.html", groups=groups, threshold=threshold,
                  total=sum(len(g.demands) for g in groups))


@router.get("/notifications")
def notifications(request: Request, db: DbSession, principal: AnyUser, page: PageNumber = 1):
    result = service.notifications(db, principal, page=page)
    return render(request, "matching/notifications.html", page=result, base_query="")


@router.post("/notifications/read")
def read_all(request: Request, db: DbSession, principal: AnyUser):
    service.mark_read(db, principal)
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/{notification_id}/read")
def read_one(request: Request, notification_id: int, db: DbSession, principal: AnyUser):
    service.mark_read(db, principal, notification_id)
    return RedirectResponse("/notifications", status_code=303)


@router.get("/notifications/badge")
def badge(request: Request, db: DbSession, principal: AnyUser):
    """A tiny fragment for the top bar: `<span hx-get="/notifications/badge" hx-trigger="load, every 60s">`."""
    return render(request, "matching/_badge.html", count=service.unread_count(db, principal))
