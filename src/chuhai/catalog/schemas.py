"""Catalog payloads: validated input, and public or private output depending on who reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pycountry
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from chuhai.catalog.categories import CATEGORIES, check_categories
from chuhai.catalog.credit_code import FIELD_MESSAGES as CREDIT_CODE_ISSUES
from chuhai.catalog.credit_code import credit_code_issue
from chuhai.catalog.models import HsCodeSource
from chuhai.errors import InvalidValue
from chuhai.markets.service import is_country
from chuhai.planning.engine.nomenclature import HS6_ISSUES, hs6_issue, normalise_hs_code
from chuhai.types import EnterpriseKind, UtcDateTime


def _country_list(values: list[str]) -> list[str]:
    cleaned = [value.strip().upper() for value in values if value.strip()]
    bad = [value for value in cleaned if not is_country(value)]
    if bad:
        raise InvalidValue("%(codes)s is not an ISO 3166 two-letter country code", codes=", ".join(bad))
    return cleaned


class CertificationIn(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    number: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> CertificationIn:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise InvalidValue("valid_until is before valid_from")
        return self


class EnterpriseIn(BaseModel):
    credit_code: str
    name_zh: str = Field(min_length=2, max_length=200)
    name_en: str | None = Field(default=None, max_length=250)
    belt_code: str | None = None
    kind: EnterpriseKind = EnterpriseKind.MANUFACTURER
    capabilities: list[str] = []
    certifications: list[CertificationIn] = []
    monthly_capacity: int | None = Field(default=None, ge=0)
    export_markets: list[str] = []
    export_channels: list[str] = []
    description_zh: str | None = None
    description_en: str | None = None
    website: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None

    @field_validator("credit_code")
    @classmethod
    def _valid_credit_code(cls, value: str) -> str:
        issue = credit_code_issue(value)
        if issue:
            kind, params = issue
            raise InvalidValue(CREDIT_CODE_ISSUES[kind], **params)
        return value.strip().upper()

    @field_validator("export_markets")
    @classmethod
    def _countries(cls, values: list[str]) -> list[str]:
        return _country_list(values)


class EnterpriseUpdate(EnterpriseIn):
    """The same fields; the credit code may not change once registered (it is the natural key)."""


class PriceTierIn(BaseModel):
    min_quantity: int = Field(ge=1)
    unit_price: Decimal = Field(ge=0, max_digits=14, decimal_places=4)
    currency: str = "USD"

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        value = value.strip().upper()
        if pycountry.currencies.get(alpha_3=value) is None:
            raise InvalidValue("%(value)s is not an ISO 4217 currency code", value=repr(value))
        return value


class ProductIn(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    title_zh: str | None = Field(default=None, max_length=300)
    title_en: str | None = Field(default=None, max_length=300)
    description: str | None = None
    category: str
    hs_code: str
    attributes: dict[str, Any] = {}
    certifications: list[str] = []
    moq: int = Field(default=1, ge=1)
    price_tiers: list[PriceTierIn] = []
    weight_kg: Decimal | None = Field(default=None, ge=0)
    length_cm: Decimal | None = Field(default=None, ge=0)
    width_cm: Decimal | None = Field(default=None, ge=0)
    height_cm: Decimal | None = Field(default=None, ge=0)
    lead_time_days: int | None = Field(default=None, ge=0, le=365)
    enterprise_id: int | None = None

    @field_validator("hs_code")
    @classmethod
    def _hs_code(cls, value: str) -> str:
        issue = hs6_issue(value)
        if issue:
            kind, params = issue
            raise InvalidValue(HS6_ISSUES[kind], **params)
        return normalise_hs_code(value)

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise InvalidValue("unknown category %(value)s; one of %(known)s", value=repr(value),
                               known=", ".join(CATEGORIES))
        return value

    @model_validator(mode="after")
    def _has_a_title(self) -> ProductIn:
        if not (self.title_zh or self.title_en):
            raise InvalidValue("give a Chinese or an English title")
        return self


class BeltIn(BaseModel):
    code: str = Field(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name_zh: str = Field(min_length=2, max_length=100)
    name_en: str = Field(min_length=2, max_length=150)
    province: str = Field(min_length=1, max_length=50)
    city: str = Field(min_length=1, max_length=50)
    county: str | None = None
    categories: list[str] = []
    description_zh: str | None = None
    description_en: str | None = None
    key_facts: list[dict[str, str]] = []

    _categories = field_validator("categories")(classmethod(lambda cls, values: check_categories(values)))


class BeltOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name_zh: str
    name_en: str
    province: str
    city: str
    county: str | None
    categories: list[str]
    description_zh: str | None
    description_en: str | None
    key_facts: list[dict[str, str]]


class CertificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    number: str | None
    valid_from: date | None
    valid_until: date | None


class EnterprisePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    belt_id: int | None
    name_zh: str
    name_en: str | None
    kind: str
    capabilities: list[str]
    monthly_capacity: int | None
    export_markets: list[str]
    export_channels: list[str]
    description_zh: str | None
    description_en: str | None
    website: str | None
    verification_status: str


class EnterprisePrivate(EnterprisePublic):
    credit_code: str
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    verified_at: UtcDateTime | None
    certifications: list[CertificationOut] = []


class PriceTierOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    min_quantity: int
    unit_price: Decimal
    currency: str


class ProductOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    enterprise_id: int
    sku: str
    title_zh: str | None
    title_en: str | None
    description: str | None
    category: str
    hs_code: str
    hs_code_source: HsCodeSource = Field(description="confirmed by the enterprise, corrected by the operator, or "
                                                     "imported (not yet confirmed; no evidence for HS suggestions)")
    attributes: dict[str, Any]
    certifications: list[str]
    moq: int
    price_tiers: list[PriceTierOut]
    weight_kg: Decimal | None
    length_cm: Decimal | None
    width_cm: Decimal | None
    height_cm: Decimal | None
    lead_time_days: int | None
    status: str


class ProviderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name_zh: str
    name_en: str | None
    kind: str
    regions: list[str]
    description: str | None
    contact_email: str | None
    verification_status: str
