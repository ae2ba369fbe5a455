"""From match to deal: quotations (with quantity tiers and revisions), conversations and their messages,
attachments, deals with their stage history, and the operator's trade settings.

States are StrEnums carrying their rules and a `label` (an `N_` message id, translated where shown); the
columns read them back as enums (`chuhai.types.StrEnumType`). Money is Decimal (`chuhai.types.Money`).

- A quotation is one revision of an enterprise's answer to a demand. A new submission supersedes the
  live one (`supersedes_id`, `revision` + 1); only the latest revision of an enterprise counts.
  A quotation past its `valid_until` reads `expired` (`Quotation.status_on`) before any sweep stores it.
- A conversation is the thread of one demand × one enterprise, opened by a quotation or an accepted match.
  Contact details stay hidden (also inside message text) until the buyer discloses them; the operator
  reads a thread only once one side has reported it.
- A deal starts from a quotation, at `sample_requested` or `order_placed`, and moves through `DealStage`
  by the side each transition names; each move is a `DealEvent` (from, to, who, when).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from chuhai.catalog.models import Enterprise, Product
from chuhai.database import Base, utcnow
from chuhai.demand.models import Buyer, Demand
from chuhai.i18n import N_
from chuhai.trade.engine.incoterms import buyer_pays
from chuhai.types import CustomsMode, Money, StrEnumType


class Side(StrEnum):
    """Who writes in a thread or moves a deal: the demand's buyer, the quoting enterprise, or the operator
    (an operator only reads reported threads and writes nothing in them today)."""

    BUYER = "buyer"
    ENTERPRISE = "enterprise"
    OPERATOR = "operator"

    @property
    def other(self) -> Side:
        return Side.ENTERPRISE if self is Side.BUYER else Side.BUYER

    @property
    def label(self) -> str:
        return _SIDE_LABELS[self]


_SIDE_LABELS = {Side.BUYER: N_("Buyer"), Side.ENTERPRISE: N_("Enterprise"), Side.OPERATOR: N_("Operator")}


class Incoterm(StrEnum):
    """Incoterms 2020; what the buyer pays on top of each is `engine.incoterms.BUYER_PAYS`."""

    EXW = "EXW"
    FCA = "FCA"
    FOB = "FOB"
    CPT = "CPT"
    CIP = "CIP"
    CIF = "CIF"
    DAP = "DAP"
    DDP = "DDP"

    @property
    def buyer_pays(self) -> tuple[str, ...]:
        """The cost components the buyer still pays to have the goods at the door (codes)."""
        return buyer_pays(self.value)

    @property
    def label(self) -> str:
        return _INCOTERM_LABELS[self]


_INCOTERM_LABELS = {
    Incoterm.EXW: N_("EXW – Ex Works"), Incoterm.FCA: N_("FCA – Free Carrier"),
    Incoterm.FOB: N_("FOB – Free On Board"), Incoterm.CPT: N_("CPT – Carriage Paid To"),
    Incoterm.CIP: N_("CIP – Carriage and Insurance Paid To"), Incoterm.CIF: N_("CIF – Cost, Insurance and Freight"),
    Incoterm.DAP: N_("DAP – Delivered At Place"), Incoterm.DDP: N_("DDP – Delivered Duty Paid"),
}


class QuotationStatus(StrEnum):
    """submitted -> shortlisted | declined (by the buyer) | withdrawn (by the enterprise) | accepted (a deal
    opened from it) | expired (past its validity) | superseded (a newer revision replaced it)."""

    SUBMITTED = "submitted"
    SHORTLISTED = "shortlisted"
    DECLINED = "declined"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    ACCEPTED = "accepted"

    @property
    def is_live(self) -> bool:
        """Still on offer: the buyer may shortlist, decline or accept it; it expires at its validity date."""
        return self in (QuotationStatus.SUBMITTED, QuotationStatus.SHORTLISTED)

    @property
    def holds_a_place(self) -> bool:
        """Counts towards the demand's cap of quotations (a withdrawn or expired one frees its place;
        a superseded one is replaced by its newer revision)."""
        return self in (QuotationStatus.SUBMITTED, QuotationStatus.SHORTLISTED, QuotationStatus.DECLINED,
                        QuotationStatus.ACCEPTED)

    @property
    def can_revise(self) -> bool:
        """The enterprise may submit a new revision superseding it (not once a deal opened from it)."""
        return self not in (QuotationStatus.ACCEPTED, QuotationStatus.SUPERSEDED)

    @property
    def can_shortlist(self) -> bool:
        return self is QuotationStatus.SUBMITTED

    @property
    def can_decline(self) -> bool:
        return self.is_live

    @property
    def can_withdraw(self) -> bool:
        return self.is_live

    @property
    def can_accept(self) -> bool:
        """A deal (sample or order) may start from it."""
        return self.is_live

    @property
    def label(self) -> str:
        return _QUOTATION_LABELS[self]

    @property
    def badge(self) -> str:
        return {QuotationStatus.SHORTLISTED: "info", QuotationStatus.ACCEPTED: "ok",
                QuotationStatus.DECLINED: "warn"}.get(self, "")


_QUOTATION_LABELS = {
    QuotationStatus.SUBMITTED: N_("Submitted"), QuotationStatus.SHORTLISTED: N_("Shortlisted"),
    QuotationStatus.DECLINED: N_("Declined"), QuotationStatus.SUPERSEDED: N_("Superseded"),
    QuotationStatus.EXPIRED: N_("Expired"), QuotationStatus.WITHDRAWN: N_("Withdrawn"),
    QuotationStatus.ACCEPTED: N_("Accepted"),
}
# The states a sweep or a read turns into `expired` once the validity date has passed.
LIVE_STATES = tuple(s for s in QuotationStatus if s.is_live)
PLACE_STATES = tuple(s for s in QuotationStatus if s.holds_a_place)


class DeclineReason(StrEnum):
    PRICE = "price"
    LEAD_TIME = "lead_time"
    QUALITY = "quality"
    CERTIFICATION = "certification"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _DECLINE_LABELS[self]


_DECLINE_LABELS = {DeclineReason.PRICE: N_("Price"), DeclineReason.LEAD_TIME: N_("Lead time"),
                   DeclineReason.QUALITY: N_("Quality"), DeclineReason.CERTIFICATION: N_("Certification"),
                   DeclineReason.OTHER: N_("Other reason")}


class LostReason(StrEnum):
    PRICE = "price"
    LEAD_TIME = "lead_time"
    QUALITY = "quality"
    SAMPLE_REJECTED = "sample_rejected"
    CERTIFICATION = "certification"
    NO_RESPONSE = "no_response"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LOST_LABELS[self]


_LOST_LABELS = {LostReason.PRICE: N_("Price"), LostReason.LEAD_TIME: N_("Lead time"),
                LostReason.QUALITY: N_("Quality"), LostReason.SAMPLE_REJECTED: N_("Sample rejected"),
                LostReason.CERTIFICATION: N_("Certification"), LostReason.NO_RESPONSE: N_("No response"),
                LostReason.OTHER: N_("Other reason")}


class ReportReason(StrEnum):
    SPAM = "spam"
    ABUSE = "abuse"
    FRAUD = "fraud"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _REPORT_LABELS[self]


_REPORT_LABELS = {ReportReason.SPAM: N_("Spam"), ReportReason.ABUSE: N_("Abuse"), ReportReason.FRAUD: N_("Fraud"),
                  ReportReason.OTHER: N_("Other reason")}


class ThreadOrigin(StrEnum):
    """What opened a conversation."""

    QUOTATION = "quotation"
    MATCH = "match"

    @property
    def label(self) -> str:
        return N_("Opened by a quotation") if self is ThreadOrigin.QUOTATION else N_("Opened by an accepted match")


_B, _E = frozenset({Side.BUYER}), frozenset({Side.ENTERPRISE})
_EITHER = _B | _E


class DealStage(StrEnum):
    """sample_requested -> sample_sent -> sample_approved | sample_rejected -> order_placed -> shipped ->
    completed; lost from any open stage. `TRANSITIONS` says which side makes each move."""

    SAMPLE_REQUESTED = "sample_requested"
    SAMPLE_SENT = "sample_sent"
    SAMPLE_APPROVED = "sample_approved"
    SAMPLE_REJECTED = "sample_rejected"
    ORDER_PLACED = "order_placed"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    LOST = "lost"

    @property
    def next_stages(self) -> dict[DealStage, frozenset[Side]]:
        """Each stage this one may move to, with the sides that may make the move."""
        return _TRANSITIONS[self]

    def may_move_to(self, stage: DealStage, side: Side) -> bool:
        return side in self.next_stages.get(stage, frozenset())

    @property
    def can_open(self) -> bool:
        """A deal starts here (the buyer opens it from a quotation)."""
        return self in (DealStage.SAMPLE_REQUESTED, DealStage.ORDER_PLACED)

    @property
    def is_closed(self) -> bool:
        return not self.next_stages

    @property
    def is_intention(self) -> bool:
        """Counts as an intention in the outcomes (samples requested or approved)."""
        return self in (DealStage.SAMPLE_REQUESTED, DealStage.SAMPLE_APPROVED)

    @property
    def is_signed(self) -> bool:
        """Counts as signed in the outcomes (an order placed)."""
        return self is DealStage.ORDER_PLACED

    @property
    def needs_order_terms(self) -> bool:
        """Moving here records the order: quantity, value, currency (and ship date, customs mode)."""
        return self is DealStage.ORDER_PLACED

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]

    @property
    def badge(self) -> str:
        return {DealStage.COMPLETED: "ok", DealStage.LOST: "warn", DealStage.SAMPLE_REJECTED: "warn"}.get(self, "info")


_TRANSITIONS: dict[DealStage, dict[DealStage, frozenset[Side]]] = {
    DealStage.SAMPLE_REQUESTED: {DealStage.SAMPLE_SENT: _E, DealStage.LOST: _EITHER},
    DealStage.SAMPLE_SENT: {DealStage.SAMPLE_APPROVED: _B, DealStage.SAMPLE_REJECTED: _B, DealStage.LOST: _EITHER},
    DealStage.SAMPLE_APPROVED: {DealStage.ORDER_PLACED: _B, DealStage.LOST: _EITHER},
    DealStage.SAMPLE_REJECTED: {DealStage.SAMPLE_REQUESTED: _B, DealStage.LOST: _EITHER},
    DealStage.ORDER_PLACED: {DealStage.SHIPPED: _E, DealStage.LOST: _EITHER},
    DealStage.SHIPPED: {DealStage.COMPLETED: _B},
    DealStage.COMPLETED: {},
    DealStage.LOST: {},
}
_STAGE_LABELS = {
    DealStage.SAMPLE_REQUESTED: N_("Sample requested"), DealStage.SAMPLE_SENT: N_("Sample sent"),
    DealStage.SAMPLE_APPROVED: N_("Sample approved"), DealStage.SAMPLE_REJECTED: N_("Sample rejected"),
    DealStage.ORDER_PLACED: N_("Order placed"), DealStage.SHIPPED: N_("Shipped"),
    DealStage.COMPLETED: N_("Completed"), DealStage.LOST: N_("Lost"),
}


class TradeSettings(Base):
    """The operator's trade rules: one row (id 1); without it the defaults below apply
    (`chuhai.trade.service.trade_settings`)."""

    __tablename__ = "trade_settings"

    DEFAULT_MAX_QUOTATIONS = 10
    DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    max_quotations: Mapped[int] = mapped_column(Integer, default=DEFAULT_MAX_QUOTATIONS)
    max_attachment_bytes: Mapped[int] = mapped_column(Integer, default=DEFAULT_MAX_ATTACHMENT_BYTES)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Quotation(Base):
    __tablename__ = "quotations"
    __table_args__ = (
        UniqueConstraint("demand_id", "enterprise_id", "revision"),
        Index("ix_quotations_demand_enterprise", "demand_id", "enterprise_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    unit_price: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    incoterm: Mapped[Incoterm] = mapped_column(StrEnumType(Incoterm, 3))
    min_quantity: Mapped[int] = mapped_column(Integer)
    lead_time_days: Mapped[int] = mapped_column(Integer)
    sample_price: Mapped[Decimal | None] = mapped_column(Money)
    sample_lead_time_days: Mapped[int | None] = mapped_column(Integer)
    payment_terms: Mapped[str | None] = mapped_column(String(300))
    valid_until: Mapped[date] = mapped_column(Date, index=True)
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[QuotationStatus] = mapped_column(StrEnumType(QuotationStatus), default=QuotationStatus.SUBMITTED,
                                                    index=True)
    # Revisions: 1 for the first answer; a new submission supersedes the enterprise's current one.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("quotations.id", ondelete="SET NULL"))
    decline_reason: Mapped[DeclineReason | None] = mapped_column(StrEnumType(DeclineReason))
    decline_note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    demand: Mapped[Demand] = relationship(lazy="raise")
    enterprise: Mapped[Enterprise] = relationship(lazy="raise")
    product: Mapped[Product | None] = relationship(lazy="raise")
    supersedes: Mapped[Quotation | None] = relationship(remote_side=[id], lazy="raise")
    tiers: Mapped[list[QuotationTier]] = relationship(back_populates="quotation", lazy="raise",
                                                      cascade="all, delete-orphan",
                                                      order_by="QuotationTier.min_quantity")

    @validates("status")
    def _status(self, _key: str, value: str) -> QuotationStatus:
        return QuotationStatus(value)

    @validates("incoterm")
    def _incoterm(self, _key: str, value: str) -> Incoterm:
        return Incoterm(value)

    def is_expired_on(self, day: date) -> bool:
        return self.status.is_live and self.valid_until < day

    def status_on(self, day: date) -> QuotationStatus:
        """The status as readers see it on `day`: a live quotation past its validity date is expired
        (`service.expire_quotations` stores it)."""
        return QuotationStatus.EXPIRED if self.is_expired_on(day) else self.status


class QuotationTier(Base):
    """A lower unit price from a larger quantity (the quotation's own price starts at its min_quantity)."""

    __tablename__ = "quotation_tiers"
    __table_args__ = (UniqueConstraint("quotation_id", "min_quantity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quotation_id: Mapped[int] = mapped_column(ForeignKey("quotations.id", ondelete="CASCADE"), index=True)
    min_quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money)

    quotation: Mapped[Quotation] = relationship(back_populates="tiers", lazy="raise")


class Conversation(Base):
    """The thread of one demand and one enterprise."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("demand_id", "enterprise_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    # Denormalised from the demand: "my threads" is the buyer's inbox query.
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id", ondelete="CASCADE"), index=True)
    opened_by: Mapped[ThreadOrigin] = mapped_column(StrEnumType(ThreadOrigin))
    match_id: Mapped[int | None] = mapped_column(ForeignKey("demand_matches.id", ondelete="SET NULL"))
    # Set only by the buyer (an accepted match counts: accepting it shared contacts already).
    contacts_disclosed: Mapped[bool] = mapped_column(Boolean, default=False)
    contacts_disclosed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reported: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    report_reason: Mapped[ReportReason | None] = mapped_column(StrEnumType(ReportReason))
    report_note: Mapped[str | None] = mapped_column(Text)
    reported_by: Mapped[Side | None] = mapped_column(StrEnumType(Side))
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reported_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Read markers per side: messages of the other side after these are unread.
    buyer_read_at: Mapped[datetime | None] = mapped_column(DateTime)
    enterprise_read_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_message_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # A talk at a matchmaking event (optional): outcomes by event.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    event_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("event_meetings.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    demand: Mapped[Demand] = relationship(lazy="raise")
    enterprise: Mapped[Enterprise] = relationship(lazy="raise")
    buyer: Mapped[Buyer] = relationship(lazy="raise")

    def read_at(self, side: Side) -> datetime | None:
        return self.buyer_read_at if side is Side.BUYER else self.enterprise_read_at


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation_created", "conversation_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    author_role: Mapped[Side] = mapped_column(StrEnumType(Side))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # As written; readers other than its author see contact details masked until the buyer discloses them.
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    conversation: Mapped[Conversation] = relationship(lazy="raise")

    @validates("author_role")
    def _author_role(self, _key: str, value: str) -> Side:
        return Side(value)


class Attachment(Base):
    """A file of a quotation (spec sheet, photos) or of a message, kept under the data directory. Its type
    is what its first bytes say (`engine.files.sniff`), never the name or the client's content type."""

    __tablename__ = "trade_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quotation_id: Mapped[int | None] = mapped_column(ForeignKey("quotations.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Relative to the data directory: trade/attachments/<random>.<ext>
    stored_path: Mapped[str] = mapped_column(String(300), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Deal(Base):
    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quotation_id: Mapped[int] = mapped_column(ForeignKey("quotations.id", ondelete="CASCADE"), unique=True)
    # Denormalised from the quotation: outcomes by market, belt and buyer are queries on deals.
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    stage: Mapped[DealStage] = mapped_column(StrEnumType(DealStage), index=True)
    quantity: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    expected_ship_date: Mapped[date | None] = mapped_column(Date)
    customs_mode: Mapped[CustomsMode | None] = mapped_column(StrEnumType(CustomsMode, 4))
    lost_reason: Mapped[LostReason | None] = mapped_column(StrEnumType(LostReason))
    lost_note: Mapped[str | None] = mapped_column(Text)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    event_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("event_meetings.id", ondelete="SET NULL"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    stage_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ordered_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)

    quotation: Mapped[Quotation] = relationship(lazy="raise")
    demand: Mapped[Demand] = relationship(lazy="raise")
    enterprise: Mapped[Enterprise] = relationship(lazy="raise")
    events: Mapped[list[DealEvent]] = relationship(back_populates="deal", lazy="raise", cascade="all, delete-orphan",
                                                   order_by="DealEvent.id")

    @validates("stage")
    def _stage(self, _key: str, value: str) -> DealStage:
        return DealStage(value)


class DealEvent(Base):
    """One move of a deal: from (None when it opened), to, by whom, when."""

    __tablename__ = "deal_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[DealStage | None] = mapped_column(StrEnumType(DealStage))
    to_stage: Mapped[DealStage] = mapped_column(StrEnumType(DealStage), index=True)
    by_side: Mapped[Side] = mapped_column(StrEnumType(Side))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    deal: Mapped[Deal] = relationship(back_populates="events", lazy="raise")

