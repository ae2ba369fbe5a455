"""Sign-up, sign-in, operator verification, API tokens. Knows nothing of HTTP; only flushes.

A member's enterprise, buyer or provider record lives in its own domain (catalog, demand), above this
one: `accounts.flows` creates and verifies it alongside the account.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from chuhai.accounts import audit
from chuhai.accounts.models import ApiToken, LoginFailure, User
from chuhai.accounts.passwords import hash_password, needs_rehash, verify_password
from chuhai.accounts.principal import Principal
from chuhai.accounts.schemas import SignupIn
from chuhai.config import get_settings
from chuhai.database import utcnow
from chuhai.errors import Conflict, Forbidden, NotAuthenticated, NotFound, TooManyRequests
from chuhai.types import RoleCode, UserStatus


def principal_of(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        role=RoleCode(user.role),
        display_name=user.display_name,
        enterprise_id=user.enterprise_id,
        buyer_id=user.buyer_id,
        provider_id=user.provider_id,
        locale=user.locale,
    )


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(session: Session, *, email: str, password: str, display_name: str, role: RoleCode,
                status: UserStatus = UserStatus.ACTIVE, **links: int | None) -> User:
    if user_by_email(session, email):
        raise Conflict("An account with this email already exists.", details={"field": "email"})
    user = User(
        email=email.strip().lower(), password_hash=hash_password(password), display_name=display_name,
        role=role.value, status=status.value, **links,
    )
    session.add(user)
    session.flush()
    return user


def signup(session: Session, form: SignupIn, **links: int) -> User:
    """A new member, pending until an operator verifies them. Operators are created, not signed up.

    `links` (enterprise_id, buyer_id or provider_id) name the record the member acts for, which
    `accounts.flows.signup` creates first.
    """
    if form.role == RoleCode.OPERATOR:
        raise Forbidden("Operator accounts are created by an operator.")
    return create_user(session, email=str(form.email), password=form.password, display_name=form.display_name,
                       role=form.role, status=UserStatus.PENDING, **links)


def _failure_key(email: str, client: str) -> str:
    return f"{email.strip().lower()}|{client}"


def authenticate(session: Session, email: str, password: str, client: str = "") -> User:
    """The active user with these credentials; failures are counted per email and client address."""
    settings = get_settings()
    key = _failure_key(email, client)
    since = utcnow() - timedelta(seconds=settings.login_window_s)
    failures = session.scalar(
        select(func.count()).select_from(LoginFailure).where(LoginFailure.key == key, LoginFailure.at >= since)
    )
    if failures >= settings.login_max_failures:
        raise TooManyRequests("Too many failed sign-ins. Wait a few minutes and try again.")
    user = user_by_email(session, email)
    if user is None or not verify_password(user.password_hash, password):
        session.add(LoginFailure(key=key))
        session.flush()
        raise NotAuthenticated("Wrong email or password.")
    if user.status == UserStatus.PENDING:
        raise Forbidden("Your account is waiting for the operator's verification.")
    if user.status != UserStatus.ACTIVE:
        raise Forbidden("Your account is not active. Contact the operator.")
    session.execute(delete(LoginFailure).where(LoginFailure.key == key))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    session.flush()
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str = "api") -> tuple[str, ApiToken]:
    token = "chu_" + secrets.token_urlsafe(32)
    record = ApiToken(user_id=user.id, name=name, token_digest=_digest(token),
                      expires_at=utcnow() + timedelta(days=get_settings().api_token_ttl_days))
    session.add(record)
    session.flush()
    return token, record


def user_for_token(session: Session, token: str) -> User | None:
    record = session.scalar(select(ApiToken).where(ApiToken.token_digest == _digest(token)))
    if record is None or record.expires_at < utcnow():
        return None
    user = session.get(User, record.user_id)
    if user is None or user.status != UserStatus.ACTIVE:
        return None
    record.last_used_at = utcnow()
    return user


def pending_users(session: Session, actor: Principal) -> list[User]:
    actor.require(RoleCode.OPERATOR)
    return list(session.scalars(select(User).where(User.status == UserStatus.PENDING).order_by(User.created_at)))


def decide_user(session: Session, actor: Principal, user_id: int, approve: bool) -> User:
    """The operator's verification of an account: active or rejected (`accounts.flows.decide_user` also
    verifies the member's enterprise or provider)."""
    actor.require(RoleCode.OPERATOR)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    user.status = (UserStatus.ACTIVE if approve else UserStatus.REJECTED).value
    session.flush()
    return user


def record_login(session: Session, user: User) -> None:
    audit.record(session, "login", "users", str(user.id))
