"""Column types and enumerations shared by the domain models."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, Numeric, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

JSONType = JSON().with_variant(JSONB(), "postgresql")
Money = Numeric(14, 4, asdecimal=True)
Quantity = Numeric(12, 3, asdecimal=True)


class StrEnumType(TypeDecorator):
    """A StrEnum kept as its value in a VARCHAR column that reads back as the enum: the schema is a plain
    string column (no migration, no CHECK constraint), the code gets the enum and its rules."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int = 16) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum(value)


class RoleCode(StrEnum):
    OPERATOR = "operator"
    ENTERPRISE = "enterprise"
    BUYER = "buyer"
    PROVIDER = "provider"


class UserStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"
    DISABLED = "disabled"


class EnterpriseKind(StrEnum):
    MANUFACTURER = "manufacturer"
    TRADING = "trading"
    PROVIDER = "provider"


class VerificationStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class BuyerKind(StrEnum):
    IMPORTER = "importer"
    DISTRIBUTOR = "distributor"
    RETAILER = "retailer"
    SALON = "salon"
    PLATFORM_SELLER = "platform_seller"


class DemandStatus(StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    CLOSED = "closed"


class ProviderKind(StrEnum):
    FORWARDER = "forwarder"
    OVERSEAS_WAREHOUSE = "overseas_warehouse"
    CUSTOMS_BROKER = "customs_broker"
    FINANCE = "finance"


class CustomsMode(StrEnum):
    """Customs supervision modes of China's cross-border e-commerce exports."""

    B2C_DIRECT = "9610"
    B2B_DIRECT = "9710"
    B2B_OVERSEAS_WAREHOUSE = "9810"
    BONDED = "1210"
    GENERAL_TRADE = "0110"
