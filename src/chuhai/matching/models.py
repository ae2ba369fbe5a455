"""Persisted matches: a demand's short list, which the buyer accepts or declines.

An accepted match is what opens both sides' contact details to each other (`service.contacts_shared`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from chuhai.catalog.models import Enterprise, Product
from chuhai.database import Base, utcnow
from chuhai.demand.models import Demand
from chuhai.i18n import N_
from chuhai.types import JSONType, StrEnumType


class MatchStatus(StrEnum):
    """proposed (on the short list) -> accepted | declined by the demand's buyer; declined -> accepted."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def is_decided(self) -> bool:
        """The buyer's decision: a rematch keeps the row (after the new short list) instead of dropping it."""
        return self is not MatchStatus.PROPOSED

    @property
    def shares_contacts(self) -> bool:
        """Accepted: the buyer and the enterprise see each other's contact details."""
        return self is MatchStatus.ACCEPTED

    @property
    def can_accept(self) -> bool:
        return self is not MatchStatus.ACCEPTED

    @property
    def can_decline(self) -> bool:
        """Only a proposal is declined; an accepted match stays accepted (contacts are shared)."""
        return self is MatchStatus.PROPOSED

    @property
    def label(self) -> str:
        return _MATCH_LABELS[self]

    @property
    def badge(self) -> str:
        """The CSS class of its badge on the opportunities page."""
        return "ok" if self is MatchStatus.ACCEPTED else "info"


_MATCH_LABELS = {MatchStatus.PROPOSED: N_("Proposed"), MatchStatus.ACCEPTED: N_("Accepted"),
                 MatchStatus.DECLINED: N_("Declined")}
# What a buyer may set a match to.
DECISIONS = (MatchStatus.ACCEPTED, MatchStatus.DECLINED)


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
    status: Mapped[MatchStatus] = mapped_column(StrEnumType(MatchStatus), default=MatchStatus.PROPOSED, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    demand: Mapped[Demand] = relationship(lazy="raise")
    product: Mapped[Product] = relationship(lazy="raise")
    enterprise: Mapped[Enterprise] = relationship(lazy="raise")

    @validates("status")
    def _status(self, _key: str, value: str) -> MatchStatus:
        return MatchStatus(value)


class ProductFit(Base):
    """The reverse search's result for one product, stored when the product (or its enterprise) changes and by
    `chuhai match reindex --rematch`: an open demand that fits the product well (`service.is_good`). With the
    stored short lists (`DemandMatch`, demands posted after the product) these are an enterprise's
    opportunities, read without searching; deadlines and states are checked when read."""

    __tablename__ = "product_fits"
    __table_args__ = (UniqueConstraint("product_id", "demand_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)


class FitScan(Base):
    """When a product's reverse search was last stored (a product without a row has never been searched: the
    opportunities page searches for it live, and stores nothing)."""

    __tablename__ = "fit_scans"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    scanned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
