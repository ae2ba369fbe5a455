"""Pages of e-mail: the operator's outbox (filters, retry), each user's preferences, the one-click unsubscribe.

The unsubscribe routes take no sign-in and no CSRF token: the signed token in the path is the proof, and a
mail client's RFC 8058 one-click POST carries nothing else. Every other write checks the CSRF token.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from chuhai.errors import ValidationFailed
from chuhai.i18n import N_
from chuhai.i18n import gettext as _
from chuhai.mail import service
from chuhai.mail.delivery import smtp_configured
from chuhai.mail.models import MailKind, MailMode, MailState
from chuhai.pagination import PageNumber
from chuhai.types import RoleCode
from chuhai.web.deps import AnyUser, DbSession, Operator, SubmittedForm, csrf_token, verify_csrf
from chuhai.web.navigation import NavLink, register
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = [Depends(verify_csrf)]

register(
    NavLink(N_("Administration"), N_("Email outbox"), "/outbox", "✉", (RoleCode.OPERATOR,)),
    NavLink(N_("Account"), N_("E-mail preferences"), "/account/mail", "✉"),
)


def _enum_or_none(enum, value: str | None):
    if not value:
        return None
    try:
        return enum(value)
    except ValueError:
        raise ValidationFailed("Unknown value %(value)s.", value=value[:40], details={"field": "filter"}) from None


@router.get("/outbox", dependencies=Csrf)
def outbox(request: Request, db: DbSession, principal: Operator, state: str | None = None, kind: str | None = None,
           q: str | None = None, event: int | None = None, page: PageNumber = 1):
    filters = service.OutboxFilter(state=_enum_or_none(MailState, state), kind=_enum_or_none(MailKind, kind),
                                   address=(q or "")[:254] or None, ref=f"event:{event}" if event is not None else None)
    result = service.list_outbox(db, principal, filters, page=page)
    query = "&".join(f"{name}={value}" for name, value in
                     (("state", state), ("kind", kind), ("q", q), ("event", event)) if value not in (None, ""))
    settings = request.app.state.settings
    csrf_token(request)
    return render(request, "mail/outbox.html", page=result, filters=filters, event_id=event, q=q or "",
                  base_query=query, counts=service.state_counts(db, principal), states=list(MailState),
                  kinds=list(MailKind), smtp=f"{settings.smtp_host}:{settings.smtp_port}"
                  if smtp_configured(settings) else None)


@router.post("/outbox/{email_id}/retry", dependencies=Csrf)
def retry(request: Request, email_id: int, db: DbSession, principal: Operator):
    service.retry(db, principal, email_id)
    request.session["flash"] = {"kind": "ok", "message": _("The e-mail is queued again.")}
    return RedirectResponse("/outbox?state=queued", status_code=303)


@router.get("/account/mail", dependencies=Csrf)
def preferences(request: Request, db: DbSession, principal: AnyUser):
    csrf_token(request)
    return render(request, "mail/preferences.html", modes=service.preferences(db, principal), kinds=MailKind.optional(),
                  choices=list(MailMode))


@router.post("/account/mail", dependencies=Csrf)
def save_preferences(request: Request, db: DbSession, principal: AnyUser, form: SubmittedForm):
    modes = {}
    for kind in MailKind.optional():
        value = form.get(kind.value)
        if value is not None:
            modes[kind] = _enum_or_none(MailMode, str(value))
    service.set_preferences(db, principal, modes)
    request.session["flash"] = {"kind": "ok", "message": _("Your e-mail preferences are saved.")}
    return RedirectResponse("/account/mail", status_code=303)


@router.get("/mail/unsubscribe/{token}")
def unsubscribe_page(request: Request, token: str, db: DbSession):
    """The link in the e-mail's footer: a page that asks to confirm (a GET changes nothing: link scanners)."""
    address, kind = service.read_token(token)
    return render(request, "mail/unsubscribe.html", address=address, kind=kind, token=token, done=False)


@router.post("/mail/unsubscribe/{token}")
def unsubscribe(request: Request, token: str, db: DbSession):
    """RFC 8058 one-click (body `List-Unsubscribe=One-Click`) and the confirmation page's button."""
    address, kind = service.unsubscribe(db, token)
    return render(request, "mail/unsubscribe.html", address=address, kind=kind, token=token, done=True)
