"""The outbox (one row per e-mail, kept after sending) and each address's preferences per kind."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base, utcnow
from chuhai.marks import N_
from chuhai.types import StrEnumType


class MailKind(StrEnum):
    """What an e-mail is about: the unit of a recipient's preference (immediate, daily digest, off)."""

    DEMAND_MATCH = "demand_match"
    QUOTATION = "quotation"
    MESSAGE = "message"
    DEAL = "deal"
    EVENT = "event"
    DEADLINE = "deadline"
    CERTIFICATE = "certificate"
    ACCOUNT = "account"  # the member's approval: always sent at once, no preference, no unsubscribe
    DIGEST = "digest"  # the daily digest itself

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def is_optional(self) -> bool:
        """Whether the recipient chooses how it comes (and may unsubscribe from it)."""
        return self not in (MailKind.ACCOUNT, MailKind.DIGEST)

    @classmethod
    def optional(cls) -> list[MailKind]:
        return [kind for kind in cls if kind.is_optional]


_KIND_LABELS = {
    MailKind.DEMAND_MATCH: N_("Demands that fit your products, and matches accepted"),
    MailKind.QUOTATION: N_("Quotations"),
    MailKind.MESSAGE: N_("Messages and new threads"),
    MailKind.DEAL: N_("Deals"),
    MailKind.EVENT: N_("Matchmaking events: registration, requests, agenda"),
    MailKind.DEADLINE: N_("A demand's deadline in 3 days"),
    MailKind.CERTIFICATE: N_("A certificate expiring in 30 days"),
    MailKind.ACCOUNT: N_("Your account"),
    MailKind.DIGEST: N_("Daily digest"),
}


class MailMode(StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"

    @property
    def label(self) -> str:
        return _MODE_LABELS[self]


_MODE_LABELS = {MailMode.IMMEDIATE: N_("At once"), MailMode.DIGEST: N_("Daily digest"), MailMode.OFF: N_("Off")}


class MailState(StrEnum):
    """queued → sending → sent; a temporary failure goes back to queued (later), the last one to failed.
    suppressed: never sent (the recipient turned the kind off). digested: went out in a daily digest."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SUPPRESSED = "suppressed"
    DIGESTED = "digested"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def can_retry(self) -> bool:
        return self is MailState.FAILED


_STATE_LABELS = {
    MailState.QUEUED: N_("Queued"), MailState.SENDING: N_("Sending"), MailState.SENT: N_("Sent"),
    MailState.FAILED: N_("Failed"), MailState.SUPPRESSED: N_("Suppressed"), MailState.DIGESTED: N_("In a digest"),
}


class MailMessage(Base):
    """One e-mail, rendered when written (in the recipient's language), sent by `chuhai.mail.delivery`."""

    __tablename__ = "mail_messages"
    __table_args__ = (Index("ix_mail_messages_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[MailKind] = mapped_column(StrEnumType(MailKind, 24), index=True)
    # The occurrence within the kind ("registration_approved", "quotation_received", …).
    topic: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    to_email: Mapped[str] = mapped_column(String(254), index=True)
    to_name: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    # The one-click unsubscribe URL (RFC 8058), also in the footer; none for account e-mails and digests.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(1000))
    # What it is about, for the outbox's filter ("event:12").
    ref: Mapped[str | None] = mapped_column(String(40), index=True)
    delivery: Mapped[MailMode] = mapped_column(StrEnumType(MailMode), default=MailMode.IMMEDIATE)
    state: Mapped[MailState] = mapped_column(StrEnumType(MailState), default=MailState.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    # One e-mail per occurrence and address: writing it twice is a no-op, and its Message-ID derives from it.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    message_id: Mapped[str] = mapped_column(String(200))
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set (committed) right before the message goes to the SMTP server: see `chuhai.mail.delivery`.
    handed_over_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("mail_messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class MailPreference(Base):
    """How an address wants a kind of e-mail; absent: at once. Keyed by address, so that a contact without an
    account (an event's participant) can unsubscribe too."""

    __tablename__ = "mail_preferences"
    __table_args__ = (UniqueConstraint("address", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[MailKind] = mapped_column(StrEnumType(MailKind, 24))
    mode: Mapped[MailMode] = mapped_column(StrEnumType(MailMode))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
