"""Writing e-mails into the outbox, preferences, the one-click unsubscribe token, the operator's outbox.

Producers describe what happened once (`Notice`: message ids, parameters, a link) and name the recipients;
`notify` renders one e-mail per address in that address's language, as its preference says (at once, in the
daily digest, or kept as suppressed), and never twice for the same occurrence (`Notice.key` + the address
is the message's unique idempotency key). It flushes, never commits: the e-mail exists exactly when the
producer's transaction commits. Producers call it from their flows or services, never from a session hook.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from chuhai import i18n
from chuhai.accounts.models import User
from chuhai.accounts.principal import Principal
from chuhai.config import Settings, get_settings
from chuhai.database import utcnow
from chuhai.errors import Conflict, NotFound
from chuhai.i18n import N_
from chuhai.i18n import gettext as _
from chuhai.mail.models import MailKind, MailMessage, MailMode, MailPreference, MailState
from chuhai.mail.render import render
from chuhai.pagination import Page, paginate
from chuhai.types import RoleCode, UserStatus

PREFERENCES_PATH = "/account/mail"
UNSUBSCRIBE_PATH = "/mail/unsubscribe/"
_TOKEN_SALT = "chuhai.mail.unsubscribe"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str | None = None
    locale: str | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class Notice:
    """One occurrence to tell about. `subject` and `lines` are message ids (`N_`) with `params` as placeholders;
    a callable parameter is evaluated in each recipient's language (a name with a Chinese and an English form).
    `key` names the occurrence (e.g. "quotation_received:41:2"): the same key never writes a second e-mail to
    the same address. `link` is a path of the app, made absolute from the setting `public_base_url`."""

    kind: MailKind
    topic: str
    key: str
    subject: str
    lines: tuple[str, ...] = ()
    params: Mapping[str, object | Callable[[], object]] = field(default_factory=dict)
    link: str | None = None
    ref: str | None = None
    action: str = N_("Open in Chuhai")


@contextmanager
def in_locale(locale: str | None) -> Iterator[str]:
    """Translate (gettext, pick) in `locale` inside the block; yields the locale actually used."""
    previous = i18n.get_locale()
    i18n.set_locale(i18n.normalise_locale(locale) or locale or i18n.DEFAULT_LOCALE)
    try:
        yield i18n.get_locale()
    finally:
        i18n.set_locale(previous)


def recipients_of(users: Iterable[User]) -> list[Recipient]:
    return [Recipient(u.email, u.display_name, u.locale, u.id) for u in users]


def active_users(session: Session, *, user_ids: Iterable[int] = (), enterprise_id: int | None = None,
                 buyer_id: int | None = None) -> list[Recipient]:
    """The active accounts among these ids, or of an enterprise or a buyer."""
    query = select(User).where(User.status == UserStatus.ACTIVE).order_by(User.id)
    if enterprise_id is not None:
        query = query.where(User.enterprise_id == enterprise_id)
    elif buyer_id is not None:
        query = query.where(User.buyer_id == buyer_id)
    else:
        ids = list(user_ids)
        if not ids:
            return []
        query = query.where(User.id.in_(ids))
    return recipients_of(session.scalars(query))


def absolute_url(path: str, settings: Settings | None = None) -> str:
    base = (settings or get_settings()).public_base_url.rstrip("/") + "/"
    return urljoin(base, path.lstrip("/"))


def idempotency_key(key: str, address: str) -> str:
    full = f"{key}:{address}"
    return full if len(full) <= 200 else "sha256:" + hashlib.sha256(full.encode()).hexdigest()


def message_id_for(key: str, settings: Settings | None = None) -> str:
    """The Message-ID derived from the idempotency key: a resend (an operator's retry after an interrupted
    delivery) carries the same one, which receiving systems use to drop the duplicate."""
    sender = (settings or get_settings()).mail_sender
    domain = sender.rsplit("@", 1)[-1].strip(" >") if "@" in sender else "chuhai.localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


# ----- the unsubscribe token ------------------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().resolved_secret_key(), salt=_TOKEN_SALT)


def unsubscribe_token(address: str, kind: MailKind) -> str:
    return _serializer().dumps([address.lower(), kind.value])


def read_token(token: str) -> tuple[str, MailKind]:
    """The address and kind of a token; NotFound for a token not signed by this server."""
    try:
        address, kind = _serializer().loads(token[:1000])
        return str(address), MailKind(kind)
    except (BadSignature, ValueError, TypeError):
        raise NotFound("This unsubscribe link is not valid.") from None


def unsubscribe(session: Session, token: str) -> tuple[str, MailKind]:
    """Turn the token's kind off for its address (no sign-in: the signature is the proof)."""
    address, kind = read_token(token)
    if kind.is_optional:
        _set_mode(session, address, kind, MailMode.OFF)
    return address, kind


# ----- preferences ----------------------------------------------------------------------------------------

def modes_of(session: Session, addresses: Iterable[str]) -> dict[tuple[str, MailKind], MailMode]:
    addresses = list({a.lower() for a in addresses})
    if not addresses:
        return {}
    rows = session.scalars(select(MailPreference).where(MailPreference.address.in_(addresses)))
    return {(row.address, row.kind): row.mode for row in rows}


def preferences(session: Session, actor: Principal) -> dict[MailKind, MailMode]:
    """The signed-in user's mode for every optional kind (at once unless chosen otherwise)."""
    address = _address_of(session, actor)
    stored = modes_of(session, [address])
    return {kind: stored.get((address, kind), MailMode.IMMEDIATE) for kind in MailKind.optional()}


def set_preferences(session: Session, actor: Principal, modes: Mapping[MailKind, MailMode]) -> dict[MailKind, MailMode]:
    address = _address_of(session, actor)
    for kind, mode in modes.items():
        if MailKind(kind).is_optional:
            _set_mode(session, address, MailKind(kind), MailMode(mode))
    return preferences(session, actor)


def _address_of(session: Session, actor: Principal) -> str:
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound("No such user.")
    return user.email.lower()


def _set_mode(session: Session, address: str, kind: MailKind, mode: MailMode) -> None:
    address = address.lower()
    row = session.scalar(select(MailPreference).where(MailPreference.address == address, MailPreference.kind == kind))
    if row is None:
        session.add(MailPreference(address=address, kind=kind, mode=mode))
    else:
        row.mode = mode
    session.flush()


# ----- writing e-mails ------------------------------------------------------------------------------------

def notify(session: Session, notice: Notice, recipients: Iterable[Recipient]) -> list[MailMessage]:
    """One e-mail per address (the first recipient of an address wins), rendered in its language; an address
    that turned the kind off gets a suppressed row (shown on the outbox, never sent), one that chose the digest a
    row the daily digest collects. An occurrence already written to an address is skipped."""
    by_address: dict[str, Recipient] = {}
    for recipient in recipients:
        if recipient.email:
            by_address.setdefault(recipient.email.lower(), recipient)
    if not by_address:
        return []
    keys = {address: idempotency_key(notice.key, address) for address in by_address}
    existing = set(session.scalars(select(MailMessage.idempotency_key).where(
        MailMessage.idempotency_key.in_(list(keys.values())))))
    modes = modes_of(session, by_address) if notice.kind.is_optional else {}
    settings = get_settings()
    written = []
    for address, recipient in by_address.items():
        if keys[address] in existing:
            continue
        mode = modes.get((address, notice.kind), MailMode.IMMEDIATE)
        message = _compose(notice, recipient, keys[address], settings)
        message.delivery = MailMode.DIGEST if mode is MailMode.DIGEST else MailMode.IMMEDIATE
        if mode is MailMode.OFF:
            message.state, message.last_error = MailState.SUPPRESSED, "the recipient turned this kind off"
        session.add(message)
        written.append(message)
    session.flush()
    return written


def _compose(notice: Notice, recipient: Recipient, key: str, settings: Settings) -> MailMessage:
    address = recipient.email.lower()
    with in_locale(recipient.locale) as locale:
        params = {name: value() if callable(value) else value for name, value in notice.params.items()}
        subject = _(notice.subject, **params)[:300]
        link = absolute_url(notice.link, settings) if notice.link else None
        footer = _footer(notice.kind, address, settings)
        bodies = render("notice", lang=locale.replace("_", "-"), subject=subject, greeting=_greeting(recipient),
                        paragraphs=[_(line, **params) for line in notice.lines] or [subject], link=link,
                        action=_(notice.action), footer=footer)
    return MailMessage(
        kind=notice.kind, topic=notice.topic[:40], user_id=recipient.user_id, to_email=recipient.email,
        to_name=recipient.name, locale=locale, subject=subject, body_text=bodies.text, body_html=bodies.html,
        link=link, ref=notice.ref, state=MailState.QUEUED, attempts=0, next_attempt_at=utcnow(),
        idempotency_key=key, message_id=message_id_for(key, settings),
        unsubscribe_url=footer["unsubscribe_url"] or None)


def _greeting(recipient: Recipient) -> str:
    return _("Hello %(name)s,", name=recipient.name) if recipient.name else _("Hello,")


def _footer(kind: MailKind, address: str, settings: Settings) -> dict[str, str]:
    optional = kind.is_optional
    return {
        "reason": (_("You receive this e-mail for your Chuhai notifications: %(kind)s.", kind=_(kind.label))
                   if optional else _("An e-mail about your Chuhai account.")),
        "preferences_label": _("E-mail preferences"),
        "preferences_url": absolute_url(PREFERENCES_PATH, settings),
        "unsubscribe_label": _("Unsubscribe from these e-mails"),
        "unsubscribe_url": absolute_url(UNSUBSCRIBE_PATH + unsubscribe_token(address, kind), settings)
        if optional else "",
    }


# ----- the daily digest -----------------------------------------------------------------------------------

def build_digests(session: Session, *, now: datetime | None = None) -> int:
    """Collect each address's queued digest items into one e-mail (kind digest, sent at once); returns how many
    digests were written. Items become `digested` and point to their digest."""
    now = now or utcnow()
    items = list(session.scalars(select(MailMessage).where(
        MailMessage.state == MailState.QUEUED, MailMessage.delivery == MailMode.DIGEST).order_by(MailMessage.id)))
    by_address: dict[str, list[MailMessage]] = {}
    for item in items:
        by_address.setdefault(item.to_email.lower(), []).append(item)
    settings = get_settings()
    for address, group in by_address.items():
        last = group[-1]
        key = idempotency_key(f"digest:{last.id}", address)
        with in_locale(last.locale) as locale:
            footer = _footer(MailKind.DIGEST, address, settings)
            subject = _("Your Chuhai digest: %(count)s notifications", count=len(group))
            recipient = Recipient(last.to_email, last.to_name, locale, last.user_id)
            bodies = render("digest", lang=locale.replace("_", "-"), subject=subject, greeting=_greeting(recipient),
                            intro=_("What happened since your last digest:"),
                            items=[{"subject": i.subject, "link": i.link} for i in group], footer=footer)
        digest = MailMessage(kind=MailKind.DIGEST, topic="digest", user_id=last.user_id, to_email=last.to_email,
                             to_name=last.to_name, locale=locale, subject=subject, body_text=bodies.text,
                             body_html=bodies.html, link=absolute_url("/notifications", settings),
                             delivery=MailMode.IMMEDIATE, state=MailState.QUEUED, attempts=0, next_attempt_at=now,
                             idempotency_key=key, message_id=message_id_for(key, settings))
        session.add(digest)
        session.flush()
        for item in group:
            item.state, item.digest_id = MailState.DIGESTED, digest.id
    session.flush()
    return len(by_address)


# ----- the operator's outbox ------------------------------------------------------------------------------

@dataclass(frozen=True)
class OutboxFilter:
    state: MailState | None = None
    kind: MailKind | None = None
    address: str | None = None
    ref: str | None = None


def list_outbox(session: Session, actor: Principal, filters: OutboxFilter = OutboxFilter(), *, page: int = 1,
                size: int = 50) -> Page[MailMessage]:
    actor.require(RoleCode.OPERATOR)
    query = select(MailMessage).order_by(MailMessage.created_at.desc(), MailMessage.id.desc())
    if filters.state is not None:
        query = query.where(MailMessage.state == filters.state)
    if filters.kind is not None:
        query = query.where(MailMessage.kind == filters.kind)
    if filters.address:
        query = query.where(func.lower(MailMessage.to_email).contains(filters.address.lower()[:254], autoescape=True))
    if filters.ref:
        query = query.where(MailMessage.ref == filters.ref[:40])
    return paginate(session, query, page, size)


def state_counts(session: Session, actor: Principal) -> dict[MailState, int]:
    actor.require(RoleCode.OPERATOR)
    rows = session.execute(select(MailMessage.state, func.count(MailMessage.id)).group_by(MailMessage.state))
    counts = dict.fromkeys(MailState, 0)
    counts.update({state: count for state, count in rows})
    return counts


def retry(session: Session, actor: Principal, message_id: int) -> MailMessage:
    """The operator sends a failed message again: queued now, with a fresh count of attempts (same Message-ID)."""
    actor.require(RoleCode.OPERATOR)
    message = session.get(MailMessage, message_id)
    if message is None:
        raise NotFound("No such e-mail.")
    if not message.state.can_retry:
        raise Conflict("Only a failed e-mail can be retried; this one is %(state)s.", state=message.state)
    session.execute(update(MailMessage).where(MailMessage.id == message.id).values(
        state=MailState.QUEUED, attempts=0, next_attempt_at=utcnow(), claimed_by=None, claimed_at=None,
        handed_over_at=None))
    session.refresh(message)
    return message
