"""The delivery worker: claim due messages, hand each to the SMTP server, mark it sent (stdlib `smtplib`).

One run (`deliver_pending`, driven by the job runner's periodic `mail.deliver` kind, or `chuhai mail
send-pending`) recovers what a dead worker left, then repeats: claim a batch (state `sending`, a claim token,
committed), and for each message commit `handed_over_at` (with the previous message's outcome), send it,
record the outcome. Several workers may run at once: a claim and a hand-over are conditional updates (state
and claim token), so a row is handed over by one worker only.

Temporary failures (a 4xx answer, a refused or timed-out connection, a dropped connection) put the message
back in the queue after `mail_retry_base_s` × 2^(attempts-1) seconds (at most `mail_retry_max_s`); after
`mail_max_attempts` hand-overs, or on a permanent refusal (5xx), it is `failed` and shown on the operator's
outbox page, whose "retry" queues it again. A connection that cannot be opened ends the run (the server is
down: the rest of the batch goes back to the queue without an attempt counted).

The crash window, and why delivery is at most once: the only moment the database cannot know the truth is
between the server accepting the message (250 after DATA) and the commit that marks it sent. A worker killed
there leaves the row `sending` with `handed_over_at` set. A later run finds it once its lease
(`mail_sending_lease_s` after the hand-over; keep it well above 5 × `smtp_timeout_s`) has passed and marks it
`failed` ("interrupted: may have been delivered") instead of sending it again: a restart never sends twice.
The operator sees it and may retry; the resend carries the same Message-ID (derived from the idempotency
key), which mail systems use to drop a duplicate. A row claimed but never handed over (the worker died
earlier in its batch) provably never reached the server and simply goes back to the queue. We chose this
over at-least-once because the window is a few milliseconds per message while a duplicate quotation or
meeting e-mail confuses people, and a lost one is visible (failed, with the reason) rather than silent.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import ssl
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from chuhai.config import Settings
from chuhai.database import new_session, utcnow
from chuhai.mail.models import MailMessage, MailMode, MailState

log = logging.getLogger("chuhai.mail")
# The worker's updates are plain UPDATEs: the session's copies of the batch need no refresh (and evaluating the
# criteria over the whole batch on every statement cost a third of the run).
_NO_SYNC = {"synchronize_session": False}

INTERRUPTED = ("interrupted while being handed to the mail server: it may have been delivered, so it is not sent "
               "again automatically (retry resends it with the same Message-ID)")


class DeliveryFailure(Exception):
    def __init__(self, reason: str, *, temporary: bool, connection: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.temporary, self.connection = reason[:500], temporary, connection


@dataclass
class DeliveryReport:
    configured: bool = True
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    requeued: int = 0  # claimed by a dead worker, never handed over: back in the queue
    interrupted: int = 0  # handed over by a dead worker: failed, not resent (see the module docstring)
    errors: list[str] = field(default_factory=list)


def smtp_configured(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def delivery_status(settings: Settings) -> str:
    """One line for the operator (the app's start, `chuhai mail status`, `make run`): where e-mail goes."""
    if smtp_configured(settings):
        return (f"e-mail: sent through {settings.smtp_host}:{settings.smtp_port} ({settings.smtp_security}) "
                f"by the job runner's mail.deliver, from {settings.mail_sender}")
    return ("e-mail: no SMTP server configured (CHUHAI_SMTP_HOST): e-mails are kept on the outbox page "
            "(/outbox) and not sent")


def announce(settings: Settings) -> None:
    """Log `delivery_status` as the app starts (a warning when nothing will be sent)."""
    (log.info if smtp_configured(settings) else log.warning)(delivery_status(settings))


def build_email(message: MailMessage, settings: Settings) -> EmailMessage:
    """The MIME message: text and HTML alternatives, the Message-ID of the idempotency key, RFC 8058 headers."""
    email = EmailMessage()
    email["From"] = settings.mail_sender
    email["To"] = formataddr((message.to_name or "", message.to_email))
    email["Subject"] = message.subject
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = message.message_id
    email["Auto-Submitted"] = "auto-generated"
    email["X-Chuhai-Kind"] = message.kind.value
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body_text)
    email.add_alternative(message.body_html, subtype="html")
    email["Content-Language"] = message.locale.replace("_", "-")  # after the parts: set_content drops Content-*
    return email


class SmtpSender:
    """One SMTP connection kept open across a run's messages; reopened after it drops."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        security = (s.smtp_security or "none").lower()
        try:
            context = ssl.create_default_context(cafile=str(s.smtp_ca_file) if s.smtp_ca_file else None)
            if security == "tls":
                smtp = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_s, context=context)
            else:
                smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_s)
                if security == "starttls":
                    smtp.ehlo()
                    smtp.starttls(context=context)
                    smtp.ehlo()
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailure(f"cannot connect to {s.smtp_host}:{s.smtp_port}: {_describe(exc)}",
                                  temporary=True, connection=True) from exc
        return smtp

    def send(self, email: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            refused = self._smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            raise DeliveryFailure(_describe(exc), temporary=any(400 <= c < 500 for c in codes)) from exc
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code == 421 or exc.smtp_code < 400 or exc.smtp_code >= 500:
                self.close()  # 421: the server closes the connection; other codes: start afresh
            raise DeliveryFailure(_describe(exc), temporary=exc.smtp_code < 500) from exc
        except (OSError, smtplib.SMTPException) as exc:  # dropped connection, timeout
            self.close()
            raise DeliveryFailure(_describe(exc), temporary=True) from exc
        if refused:
            raise DeliveryFailure(f"refused: {refused}", temporary=False)

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"
    return f"{type(exc).__name__}: {exc}"


def retry_delay(attempts: int, settings: Settings) -> timedelta:
    return timedelta(seconds=min(settings.mail_retry_base_s * 2 ** max(attempts - 1, 0), settings.mail_retry_max_s))


def recover(session: Session, settings: Settings, now: datetime | None = None) -> tuple[int, int]:
    """Rows left `sending` past their lease: never handed over → queued again; handed over → failed (interrupted).
    Returns (requeued, interrupted); commits."""
    now = now or utcnow()
    stale = now - timedelta(seconds=settings.mail_sending_lease_s)
    base = (MailMessage.state == MailState.SENDING)
    requeued = session.execute(update(MailMessage).where(
        base, MailMessage.handed_over_at.is_(None), MailMessage.claimed_at < stale).values(
        state=MailState.QUEUED, claimed_by=None, claimed_at=None), execution_options=_NO_SYNC).rowcount
    interrupted = session.execute(update(MailMessage).where(
        base, MailMessage.handed_over_at.is_not(None), MailMessage.handed_over_at < stale).values(
        state=MailState.FAILED, last_error=INTERRUPTED), execution_options=_NO_SYNC).rowcount
    session.commit()
    if interrupted:
        log.warning("mail: %s message(s) interrupted during delivery marked failed (not resent)", interrupted)
    return requeued or 0, interrupted or 0


def claim(session: Session, settings: Settings, due_before: datetime, limit: int) -> list[MailMessage]:
    """Claim up to `limit` due messages for this worker (committed); returns them."""
    token = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    due = (select(MailMessage.id).where(
        MailMessage.state == MailState.QUEUED, MailMessage.delivery == MailMode.IMMEDIATE,
        or_(MailMessage.next_attempt_at.is_(None), MailMessage.next_attempt_at <= due_before))
        .order_by(MailMessage.next_attempt_at, MailMessage.id).limit(limit)
        .with_for_update(skip_locked=True))  # PostgreSQL: workers take different rows (SQLite: one writer anyway)
    ids = list(session.scalars(due))
    if not ids:
        session.commit()
        return []
    session.execute(update(MailMessage).where(MailMessage.id.in_(ids), MailMessage.state == MailState.QUEUED)
                    .values(state=MailState.SENDING, claimed_by=token, claimed_at=utcnow(), handed_over_at=None),
                    execution_options=_NO_SYNC)
    session.commit()
    return list(session.scalars(select(MailMessage).where(
        MailMessage.claimed_by == token, MailMessage.state == MailState.SENDING).order_by(MailMessage.id)))


def _hand_over(session: Session, message: MailMessage) -> bool:
    """Commit that this message goes to the server now (with the previous outcome); False if no longer ours."""
    changed = session.execute(update(MailMessage).where(
        MailMessage.id == message.id, MailMessage.claimed_by == message.claimed_by,
        MailMessage.state == MailState.SENDING).values(handed_over_at=utcnow(), attempts=MailMessage.attempts + 1),
        execution_options=_NO_SYNC)
    session.commit()
    return bool(changed.rowcount)


def _record_failure(session: Session, message: MailMessage, failure: DeliveryFailure, settings: Settings,
                    report: DeliveryReport) -> None:
    attempts = session.scalar(select(MailMessage.attempts).where(MailMessage.id == message.id)) or 1
    values: dict[str, object] = {"last_error": failure.reason, "claimed_by": None}
    if failure.temporary and attempts < settings.mail_max_attempts:
        values.update(state=MailState.QUEUED, next_attempt_at=utcnow() + retry_delay(attempts, settings))
        report.retried += 1
    else:
        values.update(state=MailState.FAILED)
        report.failed += 1
    session.execute(update(MailMessage).where(MailMessage.id == message.id).values(**values),
                    execution_options=_NO_SYNC)
    report.errors.append(f"#{message.id}: {failure.reason}")


def _release(session: Session, messages: list[MailMessage]) -> int:
    """Give claimed messages back to the queue untouched (the server is down)."""
    if not messages:
        return 0
    session.execute(update(MailMessage).where(
        MailMessage.id.in_([m.id for m in messages]), MailMessage.state == MailState.SENDING,
        MailMessage.handed_over_at.is_(None)).values(state=MailState.QUEUED, claimed_by=None, claimed_at=None),
        execution_options=_NO_SYNC)
    session.commit()
    return len(messages)


def deliver_pending(database_url: str, settings: Settings, *, max_messages: int | None = None,
                    max_seconds: float | None = None) -> DeliveryReport:
    """One run of the worker (see the module docstring). Without `smtp_host`, sends nothing."""
    if not smtp_configured(settings):
        return DeliveryReport(configured=False)
    report = DeliveryReport()
    started, run_start = time.monotonic(), utcnow()
    sender = SmtpSender(settings)
    session = new_session(database_url)
    session.info["audit_disabled"] = True  # the worker's bookkeeping; the outbox rows are the record
    try:
        report.requeued, report.interrupted = recover(session, settings)
        while max_messages is None or report.claimed < max_messages:
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                break
            limit = settings.mail_batch_size if max_messages is None else min(
                settings.mail_batch_size, max_messages - report.claimed)
            batch = claim(session, settings, run_start, limit)
            if not batch:
                break
            report.claimed += len(batch)
            if not _send_batch(session, sender, batch, settings, report):
                break
    finally:
        session.commit()
        session.close()
        sender.close()
    return report


def _send_batch(session: Session, sender: SmtpSender, batch: list[MailMessage], settings: Settings,
                report: DeliveryReport) -> bool:
    """Send a claimed batch; False when the server cannot be reached (the rest is released)."""
    for index, message in enumerate(batch):
        if not _hand_over(session, message):  # recovered meanwhile by another worker (our lease ran out)
            continue
        try:
            sender.send(build_email(message, settings))
        except DeliveryFailure as failure:
            _record_failure(session, message, failure, settings, report)
            if failure.connection:
                session.commit()
                _release(session, batch[index + 1:])
                return False
            continue
        # Committed with the next hand-over (or at the end of the run): one commit per message.
        session.execute(update(MailMessage).where(MailMessage.id == message.id).values(
            state=MailState.SENT, sent_at=utcnow(), claimed_by=None, last_error=None), execution_options=_NO_SYNC)
        report.sent += 1
    session.commit()
    return True


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count(MailMessage.id)).where(and_(
        MailMessage.state == MailState.QUEUED, MailMessage.delivery == MailMode.IMMEDIATE))) or 0
