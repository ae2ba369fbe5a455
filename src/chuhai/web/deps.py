"""Request dependencies: the transaction-owning session, the acting principal, role checks, CSRF."""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from chuhai.accounts.models import User
from chuhai.accounts.principal import Principal
from chuhai.accounts.service import principal_of, user_for_session, user_for_token
from chuhai.database import session_scope
from chuhai.errors import Forbidden, NotAuthenticated
from chuhai.types import RoleCode

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# The key of the signed-in session's id in the session cookie (`accounts.service.start_session`).
SESSION_KEY = "sid"


def get_db(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit when the handler succeeds, roll back when it raises."""
    with session_scope(request.app.state.database_url) as session:
        yield session


DbSession = Annotated[Session, Depends(get_db, scope="function")]


def _bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def optional_principal(request: Request, db: DbSession) -> Principal | None:
    token = _bearer_token(request)
    user: User | None = None
    if token:
        user = user_for_token(db, token)
        if user is None:
            raise NotAuthenticated("The API token is invalid or expired.")
    elif session_id := request.session.get(SESSION_KEY):
        user = user_for_session(db, session_id)  # the server's record decides, not the signed cookie
        if user is None:
            request.session.clear()
    if user is None:
        request.state.principal = None
        return None
    principal = principal_of(user)
    request.state.principal = principal
    db.info["actor_id"] = user.id
    return principal


def current_principal(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    if principal is None:
        raise NotAuthenticated("Please sign in.")
    return principal


# The writes a member of a rejected enterprise may still make: its own account (password, API tokens).
OWN_ACCOUNT_PATHS = ("/account/",)


def require(*roles: RoleCode) -> Callable[..., Principal]:
    """A dependency that admits only the given roles (every role when none are given). A member of an
    enterprise the operator rejected reads, but writes only to its own account (`Principal.require_standing`)."""

    def dependency(request: Request, principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if roles and principal.role not in roles:
            raise Forbidden("Your role may not open this page.")
        if request.method in UNSAFE_METHODS and not request.url.path.startswith(OWN_ACCOUNT_PATHS):
            principal.require_standing()
        return principal

    dependency.__name__ = "require_" + ("_".join(role.value for role in roles) or "signed_in")
    return dependency


AnyUser = Annotated[Principal, Depends(require())]
Operator = Annotated[Principal, Depends(require(RoleCode.OPERATOR))]
MaybeUser = Annotated[Principal | None, Depends(optional_principal)]


def page_size(request: Request) -> int:
    """Rows per page of a list page: the setting `page_size`."""
    return request.app.state.settings.page_size


PageSize = Annotated[int, Depends(page_size)]


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def verify_csrf(request: Request) -> None:
    """Cookie-authenticated writes must echo the session's CSRF token (form field or header).

    Bearer-token API calls, and API calls from a client without a signed-in session cookie, carry no
    ambient credentials, so they need none.
    """
    if request.method not in UNSAFE_METHODS or _bearer_token(request):
        return
    if request.url.path.startswith("/api/") and not request.session.get(SESSION_KEY):
        return
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get("csrf_token")
    if not expected or not sent or not secrets.compare_digest(str(sent), expected):
        raise Forbidden("The form expired or did not come from this site (CSRF check failed). Reload and retry.")


async def submitted_form(request: Request) -> FormData:
    """The submitted form (fields and uploads), parsed on the event loop, where reading the body must happen.

    A form page's handler takes it through `SubmittedForm` and stays a plain `def`: FastAPI runs it on the thread
    pool, so its queries, password hashing and file work hold up no other request of the worker, as they did when
    the handler was `async def` only to await the form. Starlette keeps the parsed form on the request, so this and
    `verify_csrf` parse the body once, with Starlette's default limits (1000 fields, 1000 files)."""
    return await request.form()


SubmittedForm = Annotated[FormData, Depends(submitted_form)]


def client_address(request: Request) -> str:
    """The client's address for rate limits: the peer's, or, when the peer is a trusted reverse proxy
    (`CHUHAI_TRUSTED_PROXIES`), the nearest address in X-Forwarded-For that is not itself a trusted proxy
    (the addresses a client wrote in front of the header are its own choice and never believed)."""
    peer = request.client.host if request.client else ""
    trusted = trusted_networks(request.app.state.settings.trusted_proxies)
    if not trusted or not _within(peer, trusted):
        return peer
    forwarded = [part.strip() for value in request.headers.getlist("x-forwarded-for") for part in value.split(",")]
    for address in reversed(forwarded):
        if not _within(address, trusted):
            return address if _parse_address(address) is not None else peer
    return forwarded[0] if forwarded and _parse_address(forwarded[0]) is not None else peer


@lru_cache(maxsize=8)
def trusted_networks(setting: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The networks of `CHUHAI_TRUSTED_PROXIES` ("127.0.0.1, 10.0.0.0/8"); a bad entry is a startup error."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())


def _parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _within(text: str, networks: tuple) -> bool:
    address = _parse_address(text)
    return address is not None and any(address.version == net.version and address in net for net in networks)


# A browser that signed in to an account gets a signed cookie naming it as a known device of that account
# (OWASP's "device cookies"): its sign-in attempts are counted on their own, so that strangers guessing the
# account's password (from anywhere, or behind the same proxy) do not hold the owner up.
DEVICE_COOKIE = "chuhai_device"
DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 3600


def _device_serializer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.settings.resolved_secret_key(), salt="chuhai-device")


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def known_device(request: Request, email: str) -> str | None:
    """The device id of this browser if it signed in to the account of `email` before, else None."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _device_serializer(request).loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("e") != _email_digest(email):
        return None
    return str(data.get("d") or "") or None


def remember_device(request: Request, response: Response, email: str) -> None:
    value = _device_serializer(request).dumps({"e": _email_digest(email), "d": secrets.token_urlsafe(16)})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_COOKIE_MAX_AGE_S, httponly=True, samesite="lax",
                        secure=request.app.state.settings.cookies_secure())


LANGUAGE_COOKIE_MAX_AGE_S = 365 * 24 * 3600


def set_language_cookie(request: Request, response: Response, locale: str) -> None:
    """The reader's language (`lang`): HttpOnly and SameSite=Lax like every cookie of the app, Secure where the
    session cookie is (outside the embedded default). The server reads it (`LocaleMiddleware`), never a script."""
    response.set_cookie("lang", locale, max_age=LANGUAGE_COOKIE_MAX_AGE_S, httponly=True, samesite="lax",
                        secure=request.app.state.settings.cookies_secure())
