"""Persisted matches: a demand's short list, which the buyer accepts or declines.

An accepted match is what opens both sides' contact details to each other (`service.contacts_shared`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chuhai.catalog.models import Enterprise, Product
from chuhai.database import Base, utcnow
from chuhai.demand.models import Demand
from chuhai.types import JSONType


class DemandMatch(Base):
    __tablename__ = "demand_matches"
    __table_args__ = (UniqueConstraint("demand_id", "product_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    # Denormalised from the product: "which demands fit this enterprise" is the opportunities page's query.
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    # Reason records ({"code", "kind", **params}), rendered in the reader's language at display time.
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    rank: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    demand: Mapped[Demand] = relationship(lazy="raise")
    product: Mapped[Product] = relationship(lazy="raise")
    enterprise: Mapped[Enterprise] = relationship(lazy="raise")
