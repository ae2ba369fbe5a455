"""Pages of compliance: the requirement reference (the operator edits it), the readiness checklist that the
product page and the planner embed (`readiness_html`), and an enterprise's evidence: its certifications'
documents (declared, documented, verified) and the operator's verification reviews."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from sqlalchemy.orm import Session

from chuhai.catalog.models import Product
from chuhai.compliance import flows, screening, service, texts
from chuhai.compliance.engine.reference import EDITABLE_FIELDS, KINDS, Reference
from chuhai.compliance.engine.screening.lists import ListFormatError
from chuhai.compliance.models import CHECKLIST, ScreeningStatus
from chuhai.errors import ValidationFailed
from chuhai.i18n import N_
from chuhai.i18n import gettext as _
from chuhai.media.service import url_of as media_url
from chuhai.types import RoleCode, VerificationStatus
from chuhai.web.deps import AnyUser, DbSession, Operator, SubmittedForm, verify_csrf
from chuhai.web.navigation import NavLink, register
from chuhai.web.templating import environment, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

register(NavLink(N_("Planning"), N_("Market requirements"), "/compliance/requirements", "✔"))
register(NavLink(N_("Insight"), N_("Restricted-party screening"), "/compliance/screening", "⚑", (RoleCode.OPERATOR,)))

MAX_QUERY = 100


def _helpers(ref: Reference) -> dict[str, Any]:
    return {"ctext": texts, "cref": ref}


def readiness_html(request: Request, db: Session, product: Product, markets: list[str],
                   channel: str | None = None, heading: bool = True,
                   rows: list[service.MarketReadiness] | None = None) -> Markup:
    """The product's checklist per market (requirements, which its valid certifications meet, the gap with
    its typical cost and lead time) as an HTML fragment for another domain's page; `rows` when the caller
    has computed them (`service.readiness`)."""
    ref = service.reference(db)
    if rows is None:
        rows = service.readiness(db, product, markets, channel, ref=ref)
    html = environment().get_template("compliance/_readiness.html").render(
        request=request, readiness=rows, heading=heading, product=product,
        evidence=service.evidence_statuses(db, product.enterprise_id), **_helpers(ref))
    return Markup(html)


@router.get("/compliance/requirements")
def requirements_page(request: Request, db: DbSession, principal: AnyUser, market: str = "", kind: str = "",
                      q: str = ""):
    ref = service.reference(db)
    market, q = market.strip()[:MAX_QUERY], q.strip()[:MAX_QUERY]
    where = service.known_market(ref, market) if market else None
    wanted = set(where.markets) | {"*"} if where else None
    needle = q.lower()
    shown = [r for r in ref.requirements
             if (wanted is None or r.market in wanted) and (not kind or r.kind == kind)
             and (not needle or needle in r.code.lower() or needle in r.name_en.lower() or needle in r.name_zh)]
    edits = service.current_edits(db)
    return render(request, "compliance/requirements.html", requirements=shown, market=market, kind=kind, q=q,
                  unknown_market=bool(market) and where is None, markets=sorted(ref.markets), kinds=KINDS,
                  edits=edits, fields=list(EDITABLE_FIELDS), field_labels=texts.FIELD_LABELS,
                  history=service.edit_history(db, 20) if principal.is_operator else [],
                  can_edit=principal.is_operator, version=ref.version, as_of=ref.as_of, **_helpers(ref))


@router.post("/compliance/requirements")
def edit_requirement(request: Request, db: DbSession, principal: Operator, code: str = Form(..., max_length=80),
                     field: str = Form(..., max_length=32), value: str = Form(..., max_length=40),
                     note: str = Form("", max_length=2000), market: str = Form("", max_length=MAX_QUERY)):
    service.edit_requirement(db, principal, code, field, value, note)
    request.session["flash"] = {"kind": "ok", "message": _("Requirement updated; checklists use the new value.")}
    query = urlencode({"market": market}) if market else ""
    return RedirectResponse("/compliance/requirements" + (f"?{query}" if query else ""), status_code=303)


# ---------------------------------------------------------------- evidence and verification


def _media_id(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        raise ValidationFailed("Choose one of the enterprise's certificate documents.",
                               details={"document_media_id": value[:20]})
    return int(value)


@router.get("/compliance/enterprises/{enterprise_id}/evidence")
def evidence_page(request: Request, enterprise_id: int, db: DbSession, principal: AnyUser):
    enterprise, rows = service.evidence_overview(db, principal, enterprise_id)
    files = flows.certificate_files(db, enterprise_id)
    return render(request, "compliance/evidence.html", enterprise=enterprise, rows=rows, files=files,
                  file_names={f.id: f.caption or f.original_name for f in files}, media_url=media_url,
                  reviews=service.reviews_of(db, enterprise_id), checklist=CHECKLIST,
                  can_check=principal.is_operator, decisions=list(VerificationStatus))


@router.post("/compliance/certifications/{certification_id}/evidence")
def save_evidence(request: Request, certification_id: int, db: DbSession, principal: AnyUser,
                  issuer: str = Form("", max_length=200), scope: str = Form("", max_length=500),
                  document_media_id: str = Form("", max_length=20)):
    evidence = flows.attach_evidence(db, principal, certification_id, issuer=issuer, scope=scope,
                                     document_media_id=_media_id(document_media_id))
    request.session["flash"] = {"kind": "ok", "message": _("Evidence saved.")}
    enterprise_id = service.certification_of(db, principal, evidence.certification_id).enterprise_id
    return RedirectResponse(f"/compliance/enterprises/{enterprise_id}/evidence", status_code=303)


@router.post("/compliance/certifications/{certification_id}/check")
def check_evidence(request: Request, certification_id: int, db: DbSession, principal: Operator,
                   verified: str = Form("yes", max_length=5), note: str = Form("", max_length=2000)):
    evidence = service.check_evidence(db, principal, certification_id, verified == "yes", note)
    request.session["flash"] = {"kind": "ok", "message": _("Check recorded.")}
    enterprise_id = service.certification_of(db, principal, evidence.certification_id).enterprise_id
    return RedirectResponse(f"/compliance/enterprises/{enterprise_id}/evidence", status_code=303)


@router.post("/compliance/enterprises/{enterprise_id}/review")
def review_enterprise(request: Request, enterprise_id: int, db: DbSession, principal: Operator, form: SubmittedForm):
    try:
        decision = VerificationStatus(str(form.get("decision", "")))
    except ValueError:
        raise ValidationFailed("Choose a decision.", details={"decision": "?"}) from None
    checklist = [str(item)[:40] for item in form.getlist("checklist")][:len(CHECKLIST) + 1]
    flows.review_enterprise(db, principal, enterprise_id, credit_code_read=str(form.get("credit_code_read", ""))[:40],
                            checklist=checklist, decision=decision, note=str(form.get("note", ""))[:2000],
                            licence_media_id=_media_id(str(form.get("licence_media_id", ""))))
    request.session["flash"] = {"kind": "ok", "message": _("Verification recorded.")}
    return RedirectResponse(f"/compliance/enterprises/{enterprise_id}/evidence", status_code=303)


# ---------------------------------------------------------------- restricted-party screening

REASON_LABELS = {
    "exact": N_("exact name"), "alias": N_("an alias"), "transliteration": N_("transliterated"),
    "reordered": N_("words reordered"), "legal_form_dropped": N_("legal form differs"), "fuzzy": N_("similar spelling"),
    "country_match": N_("same country"),
}


@router.get("/compliance/screening")
def screening_page(request: Request, db: DbSession, principal: Operator, show: str = "open"):
    cases = screening.list_cases(db, principal, open_only=show != "all")
    return render(request, "compliance/screening.html", cases=cases, show=show, lists=screening.current_lists(db),
                  versions=screening.all_versions(db)[:50], reason_labels=REASON_LABELS,
                  holds={c.id: screening.holds_of(db, c.id) for c in cases}, ScreeningStatus=ScreeningStatus)


@router.post("/compliance/screening/lists")
def import_screening_list(request: Request, db: DbSession, principal: Operator, file: UploadFile = File(...),
                          name: str = Form("", max_length=100)):
    data = file.file.read(screening.MAX_LIST_BYTES + 1)  # one byte more than allowed is enough to refuse it
    try:
        result = flows.import_list(db, principal, data, (file.filename or "list")[:200], name.strip() or None)
    except ListFormatError as exc:
        raise ValidationFailed("The list file is malformed at line %(line)s.", line=exc.line,
                               details={"file": str(exc)[:300]}) from None
    message = (_("List %(key)s version %(version)s imported (%(n)s entries); every buyer will be screened again.",
                 key=result.key, version=result.version, n=result.entries) if result.created
               else _("List %(key)s is unchanged (version %(version)s).", key=result.key, version=result.version))
    request.session["flash"] = {"kind": "ok", "message": message}
    return RedirectResponse("/compliance/screening", status_code=303)


@router.post("/compliance/screening/cases/{case_id}/decision")
def decide_screening_case(request: Request, case_id: int, db: DbSession, principal: Operator,
                          decision: str = Form(..., max_length=16), note: str = Form("", max_length=2000)):
    flows.decide_screening(db, principal, case_id, decision, note, request.app.state.settings.data_dir)
    request.session["flash"] = {"kind": "ok", "message": _("Decision recorded.")}
    return RedirectResponse("/compliance/screening", status_code=303)
