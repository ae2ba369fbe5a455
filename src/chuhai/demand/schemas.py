"""Buyer and demand payloads. A buyer's contacts appear only in the private variant."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chuhai.catalog.categories import CATEGORIES
from chuhai.errors import InvalidValue
from chuhai.markets.service import is_country
from chuhai.types import BuyerKind, DemandStatus, UtcDateTime


def _country(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip().upper()
    if not is_country(value):
        raise InvalidValue("%(value)s is not an ISO 3166 two-letter country code", value=repr(value))
    return value


class BuyerIn(BaseModel):
    key: str | None = Field(default=None, max_length=64)
    company: str = Field(min_length=1, max_length=200)
    country: str
    kind: BuyerKind = BuyerKind.IMPORTER
    language: str = "en"
    website: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None

    @field_validator("country")
    @classmethod
    def _required_country(cls, value: str) -> str:
        country = _country(value)
        if country is None:  # the column is required: a blank one must be a 422, not a database error
            raise InvalidValue("a country is required (an ISO 3166 two-letter code)")
        return country


class DemandIn(BaseModel):
    text: str = Field(min_length=3, max_length=5000)
    quantity: int | None = Field(default=None, ge=1)
    target_price: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=4)
    currency: str = "USD"
    destination_country: str | None = None
    required_certifications: list[str] = []
    verified_only: bool = False
    category: str | None = None
    deadline: date | None = None
    buyer_id: int | None = None

    _destination = field_validator("destination_country")(classmethod(lambda cls, value: _country(value)))

    @field_validator("category")
    @classmethod
    def _category(cls, value: str | None) -> str | None:
        if value and value not in CATEGORIES:
            raise InvalidValue("unknown category %(value)s", value=repr(value))
        return value or None


class BuyerPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    company: str
    country: str
    kind: str
    language: str


class BuyerPrivate(BuyerPublic):
    key: str
    website: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    created_at: UtcDateTime


class DemandOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ref: str
    buyer_id: int
    text: str
    language: str | None
    category: str | None
    quantity: int | None
    target_price: Decimal | None
    currency: str
    destination_country: str | None
    required_certifications: list[str]
    verified_only: bool
    deadline: date | None
    status: DemandStatus
    created_at: UtcDateTime


class OrderLineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    external_ref: str
    product_id: int
    order_date: date
    channel: str
    country: str
    units: int
    unit_price: Decimal
    currency: str
    customs_mode: str | None
