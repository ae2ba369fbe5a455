"""The supply registry: industrial belts, enterprises, their certifications, products, providers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chuhai.database import Base, utcnow
from chuhai.marks import N_
from chuhai.types import JSONType, Money, Quantity, StrEnumType


class IndustrialBelt(Base):
    __tablename__ = "industrial_belts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(150))
    province: Mapped[str] = mapped_column(String(50))
    city: Mapped[str] = mapped_column(String(50))
    county: Mapped[str | None] = mapped_column(String(50))
    categories: Mapped[list[str]] = mapped_column(JSONType, default=list)
    description_zh: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    key_facts: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)

    enterprises: Mapped[list[Enterprise]] = relationship(back_populates="belt", lazy="raise")


class Enterprise(Base):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    belt_id: Mapped[int | None] = mapped_column(ForeignKey("industrial_belts.id"), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(250))
    kind: Mapped[str] = mapped_column(String(16), default="manufacturer")
    capabilities: Mapped[list[str]] = mapped_column(JSONType, default=list)
    monthly_capacity: Mapped[int | None] = mapped_column(Integer)
    export_markets: Mapped[list[str]] = mapped_column(JSONType, default=list)
    export_channels: Mapped[list[str]] = mapped_column(JSONType, default=list)
    description_zh: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(300))
    # Private: visible to the enterprise itself, the operator, and a buyer after accepting a match.
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    verification_status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Kept off the public showcase by the operator (chuhai.showcase; migration showcase_0001).
    showcase_hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    belt: Mapped[IndustrialBelt | None] = relationship(back_populates="enterprises", lazy="raise")
    certifications: Mapped[list[Certification]] = relationship(
        back_populates="enterprise", lazy="raise", cascade="all, delete-orphan"
    )
    products: Mapped[list[Product]] = relationship(back_populates="enterprise", lazy="raise")


class Certification(Base):
    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    number: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)

    enterprise: Mapped[Enterprise] = relationship(back_populates="certifications", lazy="raise")

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class HsCodeSource(StrEnum):
    """Where a product's HS code comes from. Only a code a person stood behind is evidence for the next HS
    suggestion (`planning.service.hs_evidence`): the enterprise saved its product with it (confirmed) or the
    operator changed it (corrected); a code that came in a file (imported) is not, until the enterprise saves
    the product."""

    CONFIRMED = "confirmed"
    CORRECTED = "corrected"
    IMPORTED = "imported"

    @property
    def label(self) -> str:
        return _HS_CODE_SOURCE_LABELS[self]

    @property
    def is_evidence(self) -> bool:
        return self in (HsCodeSource.CONFIRMED, HsCodeSource.CORRECTED)


_HS_CODE_SOURCE_LABELS = {HsCodeSource.CONFIRMED: N_("confirmed by the enterprise"),
                          HsCodeSource.CORRECTED: N_("corrected by the operator"),
                          HsCodeSource.IMPORTED: N_("imported, not yet confirmed")}


def _trigram_index(column: str) -> Index:
    """A trigram index (PostgreSQL's pg_trgm) for the catalogue search's `ILIKE '%words%'` on `column`: an index
    scan instead of reading every product (15 ms at the demo's 5,000 products, seconds at a million). Patterns
    shorter than three characters (two Chinese characters) still scan. Other databases have none."""
    return Index(f"ix_products_{column}_trgm", column, postgresql_using="gin",
                 postgresql_ops={column: "gin_trgm_ops"}).ddl_if(dialect="postgresql")


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("enterprise_id", "sku"), _trigram_index("title_zh"), _trigram_index("title_en"),
                      _trigram_index("sku"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64), index=True)
    title_zh: Mapped[str | None] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32), index=True)
    hs_code: Mapped[str] = mapped_column(String(6), index=True)
    # Who stands behind hs_code (migration catalog_0001). Bulk writers that do not say are imports.
    hs_code_source: Mapped[HsCodeSource] = mapped_column(StrEnumType(HsCodeSource), default=HsCodeSource.IMPORTED,
                                                         server_default=HsCodeSource.IMPORTED.value)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    certifications: Mapped[list[str]] = mapped_column(JSONType, default=list)
    moq: Mapped[int] = mapped_column(Integer, default=1)
    weight_kg: Mapped[Decimal | None] = mapped_column(Quantity)
    length_cm: Mapped[Decimal | None] = mapped_column(Quantity)
    width_cm: Mapped[Decimal | None] = mapped_column(Quantity)
    height_cm: Mapped[Decimal | None] = mapped_column(Quantity)
    lead_time_days: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Kept off the public showcase by the operator (chuhai.showcase; migration showcase_0001).
    showcase_hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Indexed: the catalogue's last change (`showcase.repository.search_signature`) is read on every public page.
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, index=True)

    enterprise: Mapped[Enterprise] = relationship(back_populates="products", lazy="raise")
    price_tiers: Mapped[list[PriceTier]] = relationship(
        back_populates="product",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="PriceTier.min_quantity",
    )


class PriceTier(Base):
    __tablename__ = "price_tiers"
    __table_args__ = (UniqueConstraint("product_id", "min_quantity", "currency"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    min_quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))

    product: Mapped[Product] = relationship(back_populates="price_tiers", lazy="raise")


class ServiceProvider(Base):
    __tablename__ = "service_providers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(250))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    regions: Mapped[list[str]] = mapped_column(JSONType, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    verification_status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
