"""Planning records: the operator's edits of reference figures, and stock on hand in overseas warehouses.

The reference data itself ships as versioned JSON; an edit is stored here (who, when, from what) and
applied to later calculations as an engine override, so the shipped figures stay as published.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base, utcnow


class ReferenceEdit(Base):
    __tablename__ = "planning_reference_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    figure: Mapped[str] = mapped_column(String(200), index=True)
    value: Mapped[str] = mapped_column(String(40))  # exact decimal text: FX rates need more places than Money
    previous_value: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WarehouseStock(Base):
    """Units of a product on hand in its overseas warehouse, as last entered (no stock ledger exists)."""

    __tablename__ = "warehouse_stock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), unique=True)
    on_hand: Mapped[int] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
