"""The e-mail outbox: the messages the platform would send, written in each recipient's language.

There is no mail server: the operator reads them at /outbox. Registration, requests and scheduling call
`write_email` where the thing they tell about happens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from chuhai import i18n
from chuhai.accounts.principal import Principal
from chuhai.events import repository
from chuhai.events.clock import event_dates
from chuhai.events.models import Event, EventRegistration, OutboxEmail
from chuhai.i18n import gettext as _
from chuhai.i18n import pick
from chuhai.pagination import paginate
from chuhai.types import RoleCode


@contextmanager
def _locale(locale: str) -> Iterator[None]:
    previous = i18n.get_locale()
    i18n.set_locale(locale)
    try:
        yield
    finally:
        i18n.set_locale(previous)


def _recipients(session: Session, registration: EventRegistration) -> list[tuple[str, str | None, str | None]]:
    """(address, name, locale) of each active account of the participant, else its contact address (a buyer
    in English, an enterprise in Chinese)."""
    recipients = [(u.email, u.display_name, u.locale) for u in repository.member_users(session, registration)]
    if recipients:
        return recipients
    party = registration.buyer if registration.side.is_buyer else registration.enterprise
    if party is None or not party.contact_email:
        return []
    return [(party.contact_email, party.contact_name, "en" if registration.side.is_buyer else "zh_CN")]


def write_email(session: Session, registration: EventRegistration, event: Event, kind: str, subject: str, body: str,
                **values: object | Callable[[], object]) -> list[OutboxEmail]:
    """One email per active account of the participant (in its language), else to its contact address.
    `subject` and `body` are message ids with %(event)s, %(dates)s and the `values` as placeholders; a
    callable value is evaluated in the recipient's language (names with a Chinese and an English form)."""
    written = []
    for address, name, locale in _recipients(session, registration):
        with _locale(locale or "zh_CN"):
            context = {"event": pick(event.name_zh, event.name_en), "dates": event_dates(event),
                       **{key: value() if callable(value) else value for key, value in values.items()}}
            email = OutboxEmail(kind=kind, to_email=address, to_name=name, subject=_(subject, **context),
                                body=_(body, **context), event_id=event.id)
        session.add(email)
        written.append(email)
    session.flush()
    return written


def list_outbox(session: Session, actor: Principal, *, event_id: int | None = None, page: int = 1, size: int = 50):
    actor.require(RoleCode.OPERATOR)
    return paginate(session, repository.outbox(session, event_id), page, size)
