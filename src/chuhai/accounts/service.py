"""Sign-up, sign-in, operator verification, API tokens. Knows nothing of HTTP; only flushes.

A member's enterprise, buyer or provider record lives in its own domain (catalog, demand), above this
one: `accounts.flows` creates and verifies it alongside the account.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, inspect, select
from sqlalchemy.orm import Session, joinedload, object_session

from chuhai.accounts import audit
from chuhai.accounts.models import ApiToken, LoginFailure, Notification, User, UserSession
from chuhai.accounts.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_nobody,
    verify_password,
)
from chuhai.accounts.principal import Principal
from chuhai.accounts.schemas import SignupIn
from chuhai.config import get_settings
from chuhai.database import utcnow
from chuhai.errors import Conflict, Forbidden, NotAuthenticated, NotFound, TooManyRequests, ValidationFailed
from chuhai.types import RoleCode, UserStatus, VerificationStatus


def principal_of(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        role=RoleCode(user.role),
        display_name=user.display_name,
        enterprise_id=user.enterprise_id,
        buyer_id=user.buyer_id,
        provider_id=user.provider_id,
        locale=user.locale,
        enterprise_status=_enterprise_status(user),
    )


def _enterprise_status(user: User) -> VerificationStatus | None:
    """The verification status of the member's enterprise, loaded with the user when not already."""
    if user.enterprise_id is None:
        return None
    if "enterprise" in inspect(user).unloaded:
        session = object_session(user)
        if session is None:
            return None
        with session.no_autoflush:  # a pending write (last seen) must not take the database's write lock yet
            session.refresh(user, ["enterprise"])
    return VerificationStatus(user.enterprise.verification_status) if user.enterprise is not None else None


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


def limit_sign_ups(session: Session, client: str) -> None:
    """At most `signup_max_per_address` sign-ups per client address in the window; this one is counted."""
    settings = get_settings()
    key = f"signup|{client}"
    if _recent_failures(session, key, settings.signup_window_s)[0] >= settings.signup_max_per_address:
        raise TooManyRequests("Too many sign-ups from your address. Try again later.")
    record_attempt(session, key)


def notify_sign_up_attempt(session: Session, user: User) -> None:
    """Someone signed up with the e-mail of an existing account: its owner hears of it (the stranger is
    answered as if the sign-up had worked, or neutrally, and learns nothing)."""
    session.add(Notification(user_id=user.id, kind="signup_attempt", payload={"at": utcnow().isoformat()}))
    session.flush()


def _failure_key(email: str, client: str) -> str:
    return f"{email.strip().lower()}|{client}"


def _recent_failures(session: Session, key: str, window_s: int) -> tuple[int, datetime | None]:
    since = utcnow() - timedelta(seconds=window_s)
    count, last = session.execute(
        select(func.count(LoginFailure.id), func.max(LoginFailure.at))
        .where(LoginFailure.key == key, LoginFailure.at >= since)
    ).one()
    return count or 0, last


def _check_limit(session: Session, key: str, max_failures: int, window_s: int) -> None:
    if _recent_failures(session, key, window_s)[0] >= max_failures:
        raise TooManyRequests("Too many failed sign-ins. Wait a few minutes and try again.")


def _check_back_off(session: Session, key: str) -> None:
    """Past the free failures, each attempt on the account waits 2, 4, 8 … seconds after the last failure."""
    settings = get_settings()
    count, last = _recent_failures(session, key, settings.login_account_window_s)
    extra = count - settings.login_account_free_failures
    if extra <= 0 or last is None:
        return
    wait = min(2 ** min(extra, 30), settings.login_backoff_max_s)
    remaining = (last + timedelta(seconds=wait) - utcnow()).total_seconds()
    if remaining > 0:
        raise TooManyRequests("Too many failed sign-ins on this account. Wait %(seconds)s seconds and try again.",
                              seconds=math.ceil(remaining))


def record_attempt(session: Session, *keys: str) -> None:
    """Note failed attempts (or sign-ups) in a transaction of their own: they must stay counted whatever
    happens to the request's transaction (a failed sign-in rolls it back)."""
    with Session(bind=session.get_bind()) as own:
        own.add_all(LoginFailure(key=key) for key in keys)
        own.commit()


def authenticate(session: Session, email: str, password: str, client: str = "", device: str | None = None) -> User:
    """The active user with these credentials.

    Failures limit the next attempts: per e-mail and address, per address whatever the e-mail, and per
    account whatever the address with a back-off (never a lock, which strangers could impose on the owner).
    `device` names a browser that signed in to this account before (the edge checked it): its attempts are
    counted on their own and skip the address and account limits, so other people's guesses do not hold
    the owner up. An unknown e-mail costs the same password check as a known one.
    """
    settings = get_settings()
    if device:
        keys = [f"device|{device}"]
        _check_limit(session, keys[0], settings.login_max_failures, settings.login_window_s)
    else:
        keys = [_failure_key(email, client), f"address|{client}", f"account|{email.strip().lower()}"]
        _check_limit(session, keys[0], settings.login_max_failures, settings.login_window_s)
        _check_limit(session, keys[1], settings.login_address_max_failures, settings.login_window_s)
        _check_back_off(session, keys[2])
    user = user_by_email(session, email)
    if user is None or not verify_password(user.password_hash, password):
        if user is None:
            verify_nobody(password)
        record_attempt(session, *keys)
        raise NotAuthenticated("Wrong email or password.")
    if user.status == UserStatus.PENDING:
        raise Forbidden("Your account is waiting for the operator's verification.")
    if user.status != UserStatus.ACTIVE:
        raise Forbidden("Your account is not active. Contact the operator.")
    session.execute(delete(LoginFailure).where(LoginFailure.key == keys[0]))
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


# A session's last use is written at most this often (every request would otherwise write).
_SEEN_EVERY = timedelta(minutes=5)


def start_session(session: Session, user: User) -> str:
    """A new signed-in session for `user`; returns the id for the cookie (only its digest is stored).
    The user's expired sessions are cleared on the way."""
    now = utcnow()
    session.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at < now))
    session_id = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user.id, digest=_digest(session_id), created_at=now, last_seen_at=now,
                            expires_at=now + timedelta(seconds=get_settings().session_max_age_s)))
    session.flush()
    return session_id


def user_for_session(session: Session, session_id: str) -> User | None:
    """The active user a live session belongs to, else None (signed out, expired, or no longer active)."""
    # One query for the session, the user and a member's enterprise (its status goes into the principal):
    # every signed-in request runs it.
    found = session.execute(select(UserSession, User).join(User, User.id == UserSession.user_id)
                            .options(joinedload(User.enterprise))
                            .where(UserSession.digest == _digest(session_id))).first()
    now = utcnow()
    if found is None or found[0].expires_at < now:
        return None
    record, user = found
    if user.status != UserStatus.ACTIVE:
        return None
    if now - record.last_seen_at > _SEEN_EVERY:
        record.last_seen_at = now
    return user


def end_session(session: Session, session_id: str) -> None:
    session.execute(delete(UserSession).where(UserSession.digest == _digest(session_id)))


def end_all_sessions(session: Session, user_id: int) -> None:
    """Sign the user out everywhere (password change, rejection, suspension)."""
    session.execute(delete(UserSession).where(UserSession.user_id == user_id))


def end_enterprise_sessions(session: Session, enterprise_id: int) -> None:
    """The members of an enterprise the operator rejected stop acting for it: every session and API token
    of theirs ends (their accounts stay; signed in again, their principal carries the rejection)."""
    members = select(User.id).where(User.enterprise_id == enterprise_id)
    session.execute(delete(UserSession).where(UserSession.user_id.in_(members)))
    session.execute(delete(ApiToken).where(ApiToken.user_id.in_(members)))


def change_password(session: Session, actor: Principal, current: str, new: str) -> User:
    """The member's own password change: checks the current one, then ends every session of theirs (the
    caller starts a new one for the browser that made the change)."""
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound("No such user.")
    if not verify_password(user.password_hash, current):
        raise ValidationFailed("The current password is not right.", details={"field": "current_password"})
    set_password(session, user, new)
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """A new password (the member's change, or the operator's reset on the server): every session ends."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed("The password needs at least %(count)s characters.", count=MIN_PASSWORD_LENGTH,
                               details={"field": "new_password"})
    user.password_hash = hash_password(password)
    end_all_sessions(session, user.id)
    session.flush()


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
    if actor.user_id is not None and actor.user_id == user.id:
        raise Forbidden("Nobody may decide on their own account.")
    if not approve and user.role == RoleCode.OPERATOR and user.status == UserStatus.ACTIVE and not _other_operators(
            session, user.id):
        raise Conflict("The last active operator cannot be deactivated.")
    user.status = (UserStatus.ACTIVE if approve else UserStatus.REJECTED).value
    if not approve:
        end_all_sessions(session, user.id)
    session.flush()
    return user


def _other_operators(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count(User.id)).where(
        User.role == RoleCode.OPERATOR, User.status == UserStatus.ACTIVE, User.id != user_id)) or 0


def reactivate(session: Session, email: str) -> User:
    """An account made active again (the server's `chuhai users reactivate`, e.g. a locked-out operator)."""
    user = user_by_email(session, email)
    if user is None:
        raise NotFound("No such user.")
    user.status = UserStatus.ACTIVE.value
    session.flush()
    return user


def reset_password(session: Session, email: str, password: str) -> User:
    """The server's `chuhai users set-password`: a new password, every session signed out."""
    user = user_by_email(session, email)
    if user is None:
        raise NotFound("No such user.")
    set_password(session, user, password)
    return user


def take_inquiry(session: Session, user: User) -> int | None:
    """The showcase product a buyer asked about before signing up, once: it is cleared as it is read."""
    product_id, user.inquiry_product_id = user.inquiry_product_id, None
    if product_id is not None:
        session.flush()
    return product_id if user.role == RoleCode.BUYER else None


def record_login(session: Session, user: User) -> None:
    audit.record(session, "login", "users", str(user.id))
