"""The demand side: overseas buyers, their demands (RFQs), and imported channel sales."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from chuhai.database import Base, utcnow
from chuhai.types import DemandStatus, JSONType, Money, StrEnumType


class Buyer(Base):
    __tablename__ = "buyers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # natural key for imports
    company: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16), default="en")
    website: Mapped[str | None] = mapped_column(String(300))
    # Private: the buyer itself, the operator, and an enterprise whose match the buyer accepted.
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    demands: Mapped[list[Demand]] = relationship(back_populates="buyer", lazy="raise")


class Demand(Base):
    __tablename__ = "demands"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)  # natural key for imports
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(32), index=True)
    quantity: Mapped[int | None] = mapped_column(Integer)
    target_price: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    destination_country: Mapped[str | None] = mapped_column(String(2), index=True)
    required_certifications: Mapped[list[str]] = mapped_column(JSONType, default=list)
    verified_only: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[DemandStatus] = mapped_column(StrEnumType(DemandStatus), default=DemandStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    buyer: Mapped[Buyer] = relationship(back_populates="demands", lazy="raise")

    @validates("status")
    def _status(self, _key: str, value: str) -> DemandStatus:
        return DemandStatus(value)

    def is_answerable(self, day: date) -> bool:
        """Open and not past its deadline on `day` (`DemandStatus.is_answerable`)."""
        return self.status.is_answerable(self.deadline, day)

    def is_overdue(self, day: date) -> bool:
        """Open but past its deadline on `day` (`DemandStatus.is_overdue`)."""
        return self.status.is_overdue(self.deadline, day)

    def is_past_deadline(self, day: date) -> bool:
        return self.deadline is not None and self.deadline < day


class OrderLine(Base):
    """One line of a channel's sales export, imported from CSV/XLSX or generated for the demo."""

    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("source", "external_ref"),
        Index("ix_order_lines_product_date", "product_id", "order_date"),
        Index("ix_order_lines_country_date", "country", "order_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32), default="import")
    external_ref: Mapped[str] = mapped_column(String(100))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    order_date: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(2))
    units: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    customs_mode: Mapped[str | None] = mapped_column(String(4))
    notes: Mapped[str | None] = mapped_column(Text)
