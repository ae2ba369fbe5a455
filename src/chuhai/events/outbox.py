"""The events' e-mails, written into the platform's outbox (`chuhai.mail`) in each recipient's language.

Registration, requests and scheduling call `write_email` where the thing they tell about happens; the mail
worker sends them (or, with no SMTP server configured, the operator reads them at /outbox).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.database import utcnow
from chuhai.events import repository
from chuhai.events.clock import event_dates
from chuhai.events.models import Event, EventRegistration
from chuhai.i18n import pick
from chuhai.mail import service as mail
from chuhai.mail.models import MailKind, MailMessage


def _recipients(session: Session, registration: EventRegistration) -> list[mail.Recipient]:
    """Each active account of the participant, else its contact address (a buyer in English, an enterprise
    in Chinese)."""
    recipients = mail.recipients_of(repository.member_users(session, registration))
    if recipients:
        return recipients
    party = registration.buyer if registration.side.is_buyer else registration.enterprise
    if party is None or not party.contact_email:
        return []
    return [mail.Recipient(party.contact_email, party.contact_name, "en" if registration.side.is_buyer else "zh_CN")]


def write_email(session: Session, registration: EventRegistration, event: Event, kind: str, subject: str, body: str,
                *, key: str | None = None, **values: object | Callable[[], object]) -> list[MailMessage]:
    """One e-mail per active account of the participant (in its language), else to its contact address.
    `subject` and `body` are message ids with %(event)s, %(dates)s and the `values` as placeholders; a
    callable value is evaluated in the recipient's language (names with a Chinese and an English form).
    `key` names the occurrence (the same key never e-mails an address twice); unset, the moment does."""
    notice = mail.Notice(
        kind=MailKind.EVENT, topic=kind, key=f"event:{event.id}:{kind}:{registration.id}:{key or utcnow().isoformat()}",
        subject=subject, lines=(body,), link=f"/events/{event.id}", ref=f"event:{event.id}",
        params={"event": lambda: pick(event.name_zh, event.name_en), "dates": lambda: event_dates(event), **values})
    return mail.notify(session, notice, _recipients(session, registration))


def list_outbox(session: Session, actor: Principal, *, event_id: int | None = None, page: int = 1, size: int = 50):
    """The e-mails of one event (or every e-mail), for the operator."""
    filters = mail.OutboxFilter(ref=f"event:{event_id}" if event_id is not None else None)
    return mail.list_outbox(session, actor, filters, page=page, size=size)
