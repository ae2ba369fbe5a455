"""Sign-in, sign-up, account and API tokens, the operator's member verification and audit log."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from chuhai.accounts import flows, service
from chuhai.accounts.audit_labels import RECORD_TYPES, record_type_name
from chuhai.accounts.models import ApiToken, AuditLog, User
from chuhai.accounts.schemas import SignupIn
from chuhai.catalog.models import IndustrialBelt
from chuhai.errors import ChuhaiError, NotFound, TooManyRequests
from chuhai.i18n import error_text, pick
from chuhai.i18n import gettext as _
from chuhai.pagination import paginate
from chuhai.showcase import service as showcase
from chuhai.types import BuyerKind, ProviderKind, RoleCode
from chuhai.web.deps import (
    SESSION_KEY,
    AnyUser,
    DbSession,
    Operator,
    SubmittedForm,
    client_address,
    csrf_token,
    known_device,
    remember_device,
    set_language_cookie,
    verify_csrf,
)
from chuhai.web.forms import blank_to_none, enum_options, service_error, validate_form
from chuhai.web.redirects import safe_next
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

DEMO_LOGINS = [
    ("operator@chuhai.demo", "operator"),
    ("wigs@chuhai.demo", "enterprise"),
    ("buyer@chuhai.demo", "buyer"),
    ("forwarder@chuhai.demo", "provider"),
]


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    csrf_token(request)
    return render(request, "login.html", next=safe_next(next), errors={}, email="", demo_logins=_demo_logins(request))


def _demo_logins(request: Request) -> list[tuple[str, str]]:
    """The demo accounts, listed on the embedded SQLite demo only (never on a deployment's PostgreSQL)."""
    return DEMO_LOGINS if request.app.state.settings.database_url.startswith("sqlite") else []


@router.post("/login")
def login(request: Request, db: DbSession, email: str = Form(""), password: str = Form(""), next: str = Form("/")):
    try:
        user = service.authenticate(db, email, password, client_address(request), known_device(request, email))
    except ChuhaiError as exc:  # the failure is counted in a transaction of its own
        return render(request, "login.html", status_code=exc.status_code, next=safe_next(next),
                      errors={"__all__": error_text(exc)}, email=email, demo_logins=_demo_logins(request))
    db.info["actor_id"] = user.id
    service.record_login(db, user)
    _end_this_session(request, db)
    # a product asked about on the showcase before sign-up: kept in this browser's session, and on the account
    # for the first sign-in after approval on another device
    kept = service.take_inquiry(db, user)
    inquiry = request.session.get(showcase.INQUIRY_KEY, kept)
    request.session.clear()  # a new session on sign-in: no fixation
    request.session[SESSION_KEY] = service.start_session(db, user)
    csrf_token(request)
    if isinstance(inquiry, int) and user.role == RoleCode.BUYER and safe_next(next) == "/":
        next = f"/demands/new?product={inquiry}"  # the demand form, started from that product
    response = RedirectResponse(safe_next(next), status_code=303)
    if "lang" not in request.cookies:  # the member's own language until they switch
        set_language_cookie(request, response, user.locale)
    remember_device(request, response, user.email)
    return response


def _end_this_session(request: Request, db) -> None:
    if session_id := request.session.get(SESSION_KEY):
        service.end_session(db, session_id)


@router.post("/logout")
def logout(request: Request, db: DbSession):
    _end_this_session(request, db)  # the server forgets it: a copy of the cookie is worth nothing
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def _signup_context(db, **extra):
    belts = list(db.scalars(select(IndustrialBelt).order_by(IndustrialBelt.id)))
    return {
        "belt_options": [("", "—")] + [(belt.code, pick(belt.name_zh, belt.name_en)) for belt in belts],
        "buyer_kind_options": enum_options(BuyerKind),
        "provider_kind_options": enum_options(ProviderKind),
        **extra,
    }


@router.get("/signup")
def signup_page(request: Request, db: DbSession, role: str = ""):
    csrf_token(request)
    role = role if role in ("enterprise", "buyer", "provider") else "enterprise"
    return render(request, "signup.html", **_signup_context(db, values={"role": role}, errors={},
                                                            inquiry=_inquiry_product(request, db)))


def _inquiry_product(request: Request, db) -> str | None:
    """The title of the product a visitor asked about on the showcase (kept in the session), if listed."""
    product_id = request.session.get(showcase.INQUIRY_KEY)
    if not isinstance(product_id, int):
        return None
    try:
        product = showcase.get_product(db, product_id)
    except NotFound:
        return None
    return pick(product.title_zh, product.title_en) or product.sku


@router.post("/signup")
def signup(request: Request, db: DbSession, submitted: SubmittedForm):
    values = blank_to_none(dict(submitted))
    values.pop("csrf_token", None)
    form, errors = validate_form(SignupIn, values)
    status = 422
    if form is not None:
        try:
            inquiry = request.session.get(showcase.INQUIRY_KEY)  # kept on the account for another device
            flows.signup(db, form, client_address(request),  # None for a registered e-mail: answered alike
                         inquiry_product_id=inquiry if isinstance(inquiry, int) else None)
        except ChuhaiError as exc:
            db.rollback()  # nothing of a refused sign-up stays
            errors = service_error(exc)
            status = 429 if isinstance(exc, TooManyRequests) else 422
    if errors:
        return render(request, "signup.html", status_code=status, **_signup_context(
            db, values=values, errors=errors, inquiry=_inquiry_product(request, db)))
    request.session["flash"] = {"kind": "ok", "message": _(
        "Thank you. Your account is waiting for the operator's verification; you can sign in once it is approved.")}
    return RedirectResponse("/login", status_code=303)


def _account_page(request: Request, db, principal, status_code: int = 200, **extra):
    tokens = list(db.scalars(select(ApiToken).where(ApiToken.user_id == principal.user_id)
                             .order_by(ApiToken.id.desc())))
    user = db.get(User, principal.user_id)
    return render(request, "account.html", status_code=status_code, user=user, tokens=tokens,
                  **{"new_token": None, "errors": {}, **extra})


@router.get("/account")
def account(request: Request, db: DbSession, principal: AnyUser):
    return _account_page(request, db, principal)


@router.post("/account/tokens")
def create_token(request: Request, db: DbSession, principal: AnyUser, name: str = Form("api")):
    """The new token is shown in this answer, once; it never goes into the (signed, readable) cookie."""
    token, _record = service.issue_token(db, db.get(User, principal.user_id), name[:100] or "api")
    db.flush()
    return _account_page(request, db, principal, new_token=token)


@router.post("/account/password")
def change_password(request: Request, db: DbSession, principal: AnyUser, current_password: str = Form(""),
                    new_password: str = Form("")):
    """Every session of the member ends (a copied cookie with it); this browser gets a new one."""
    try:
        user = service.change_password(db, principal, current_password, new_password)
    except ChuhaiError as exc:
        db.rollback()
        return _account_page(request, db, principal, status_code=exc.status_code, errors=service_error(exc))
    request.session.clear()
    request.session[SESSION_KEY] = service.start_session(db, user)
    csrf_token(request)
    request.session["flash"] = {"kind": "ok", "message": _("Password changed. Other sessions are signed out.")}
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: int, db: DbSession, principal: AnyUser):
    record = db.get(ApiToken, token_id)
    if record is None or record.user_id != principal.user_id:
        raise NotFound("No such token.")
    db.delete(record)
    return RedirectResponse("/account", status_code=303)


@router.get("/admin/members")
def members(request: Request, db: DbSession, principal: Operator):
    pending = list(db.scalars(select(User).options(joinedload(User.enterprise), joinedload(User.buyer),
                                                   joinedload(User.provider))
                              .where(User.status == "pending").order_by(User.created_at)))
    recent = list(db.scalars(select(User).where(User.status != "pending").order_by(User.id.desc()).limit(15)))
    return render(request, "members.html", pending=pending, recent=recent)


@router.post("/admin/members/{user_id}/decision")
def decide(request: Request, user_id: int, db: DbSession, principal: Operator, approve: str = Form(...)):
    user = flows.decide_user(db, principal, user_id, approve == "1")
    request.session["flash"] = {"kind": "ok", "message": _("%(name)s: %(status)s", name=user.display_name,
                                                          status=_(user.status.capitalize()))}
    return RedirectResponse("/admin/members", status_code=303)


@router.get("/admin/audit")
def audit_log(request: Request, db: DbSession, principal: Operator, entity: str = "", page: int = 1):
    query = select(AuditLog).options(joinedload(AuditLog.user)).order_by(AuditLog.id.desc())
    if entity:
        query = query.where(AuditLog.entity == entity)
    return render(request, "audit.html", page=paginate(db, query, page, 50), entity=entity,
                  record_types=sorted(RECORD_TYPES, key=record_type_name))
