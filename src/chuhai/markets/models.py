"""Markets (destination countries), sales channels and dated exchange rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base
from chuhai.types import JSONType


class Market(Base):
    __tablename__ = "markets"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)  # ISO 3166-1 alpha-2
    name_en: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(100))
    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217
    # Market groups the pilot zone reports: belt_and_road, rcep, asean, eu.
    groups: Mapped[list[str]] = mapped_column(JSONType, default=list)


class Channel(Base):
    __tablename__ = "channels"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # b2c marketplace, b2b marketplace, own site, offline


class FxRate(Base):
    """USD per unit of currency, for a month (first day of the month)."""

    __tablename__ = "fx_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    usd_rate: Mapped[Decimal] = mapped_column(Numeric(18, 10, asdecimal=True))
