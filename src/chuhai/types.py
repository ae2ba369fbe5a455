"""Column types and enumerations shared by the domain models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema
from sqlalchemy import JSON, Numeric, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

from chuhai.marks import N_

JSONType = JSON().with_variant(JSONB(), "postgresql")
Money = Numeric(14, 4, asdecimal=True)
Quantity = Numeric(12, 3, asdecimal=True)


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# An instant the database keeps as naive UTC (chuhai.database.utcnow): the API sends it with its offset, as
# RFC 3339's date-time (what its OpenAPI format promises) requires.
UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]
# A wall-clock time at the venue (a meeting slot), without an offset: documented as such, not as a date-time.
LocalDateTime = Annotated[datetime, WithJsonSchema({
    "type": "string", "format": "local-date-time", "description": "Local time at the venue, no offset"})]



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

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {RoleCode.OPERATOR: N_("Operator role"), RoleCode.ENTERPRISE: N_("Enterprise role"),
                RoleCode.BUYER: N_("Buyer role"), RoleCode.PROVIDER: N_("Provider role")}


class UserStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"
    DISABLED = "disabled"

    @property
    def label(self) -> str:
        return _USER_STATUS_LABELS[self]


_USER_STATUS_LABELS = {UserStatus.PENDING: N_("Pending"), UserStatus.ACTIVE: N_("Active"),
                       UserStatus.REJECTED: N_("Rejected"), UserStatus.DISABLED: N_("Disabled")}


class EnterpriseKind(StrEnum):
    MANUFACTURER = "manufacturer"
    TRADING = "trading"
    PROVIDER = "provider"

    @property
    def label(self) -> str:
        return _ENTERPRISE_KIND_LABELS[self]


_ENTERPRISE_KIND_LABELS = {EnterpriseKind.MANUFACTURER: N_("Manufacturer"), EnterpriseKind.TRADING: N_("Trading"),
                           EnterpriseKind.PROVIDER: N_("Provider")}


class VerificationStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return _VERIFICATION_LABELS[self]


_VERIFICATION_LABELS = {VerificationStatus.PENDING: N_("Pending"), VerificationStatus.VERIFIED: N_("Verified"),
                        VerificationStatus.REJECTED: N_("Rejected")}


class BuyerKind(StrEnum):
    IMPORTER = "importer"
    DISTRIBUTOR = "distributor"
    RETAILER = "retailer"
    SALON = "salon"
    PLATFORM_SELLER = "platform_seller"

    @property
    def label(self) -> str:
        return _BUYER_KIND_LABELS[self]


_BUYER_KIND_LABELS = {BuyerKind.IMPORTER: N_("Importer"), BuyerKind.DISTRIBUTOR: N_("Distributor"),
                      BuyerKind.RETAILER: N_("Retailer"), BuyerKind.SALON: N_("Salon"),
                      BuyerKind.PLATFORM_SELLER: N_("Platform seller")}


class DemandStatus(StrEnum):
    """open (suppliers answer it, matching looks for products) -> matched | closed (by its buyer)."""

    OPEN = "open"
    MATCHED = "matched"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        """Still looking for suppliers: matched when posted, shown to suppliers (until its deadline)."""
        return self is DemandStatus.OPEN

    @property
    def can_close(self) -> bool:
        """Its buyer (or the operator) may close it."""
        return self is DemandStatus.OPEN

    @property
    def takes_decisions(self) -> bool:
        """Its buyer may still accept or decline matches (not once it is closed)."""
        return self is not DemandStatus.CLOSED

    def is_answerable(self, deadline: date | None, day: date) -> bool:
        """A supplier can still answer it on `day`: open, and its deadline (if any) not before `day`
        (the SQL twin: `chuhai.demand.repository.answerable_on`)."""
        return self is DemandStatus.OPEN and (deadline is None or deadline >= day)

    def is_overdue(self, deadline: date | None, day: date) -> bool:
        """Open but past its deadline on `day`: suppliers no longer see it; its buyer should close it."""
        return self is DemandStatus.OPEN and deadline is not None and deadline < day

    @property
    def label(self) -> str:
        return _DEMAND_LABELS[self]


_DEMAND_LABELS = {DemandStatus.OPEN: N_("Open"), DemandStatus.MATCHED: N_("Matched"), DemandStatus.CLOSED: N_("Closed")}


class ProviderKind(StrEnum):
    FORWARDER = "forwarder"
    OVERSEAS_WAREHOUSE = "overseas_warehouse"
    CUSTOMS_BROKER = "customs_broker"
    FINANCE = "finance"

    @property
    def label(self) -> str:
        return _PROVIDER_KIND_LABELS[self]


_PROVIDER_KIND_LABELS = {ProviderKind.FORWARDER: N_("Forwarder"),
                         ProviderKind.OVERSEAS_WAREHOUSE: N_("Overseas warehouse"),
                         ProviderKind.CUSTOMS_BROKER: N_("Customs broker"), ProviderKind.FINANCE: N_("Finance")}


class CustomsMode(StrEnum):
    """Customs supervision modes of China's cross-border e-commerce exports."""

    B2C_DIRECT = "9610"
    B2B_DIRECT = "9710"
    B2B_OVERSEAS_WAREHOUSE = "9810"
    BONDED = "1210"
    GENERAL_TRADE = "0110"

    @property
    def label(self) -> str:
        return _CUSTOMS_MODE_LABELS[self]


_CUSTOMS_MODE_LABELS = {
    CustomsMode.B2C_DIRECT: N_("9610 B2C parcels (direct mail)"),
    CustomsMode.B2B_DIRECT: N_("9710 B2B direct export"),
    CustomsMode.B2B_OVERSEAS_WAREHOUSE: N_("9810 B2B export to overseas warehouse"),
    CustomsMode.BONDED: N_("1210 bonded e-commerce"),
    CustomsMode.GENERAL_TRADE: N_("0110 general trade"),
}


class ProductStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return _PRODUCT_STATUS_LABELS[self]


_PRODUCT_STATUS_LABELS = {ProductStatus.ACTIVE: N_("Active"), ProductStatus.ARCHIVED: N_("Archived")}


class ImportKind(StrEnum):
    """What a file imports (`chuhai.imports`)."""

    ENTERPRISES = "enterprises"
    PRODUCTS = "products"
    BUYERS = "buyers"
    DEMANDS = "demands"
    ORDER_LINES = "order_lines"

    @property
    def label(self) -> str:
        return _IMPORT_KIND_LABELS[self]


_IMPORT_KIND_LABELS = {ImportKind.ENTERPRISES: N_("Enterprises"), ImportKind.PRODUCTS: N_("Products"),
                       ImportKind.BUYERS: N_("Buyers"), ImportKind.DEMANDS: N_("Demands"),
                       ImportKind.ORDER_LINES: N_("Order lines")}


class JobState(StrEnum):
    """An import job: queued -> running -> done | failed; interrupted when its process died."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"

    @property
    def is_finished(self) -> bool:
        """No longer queued or running: the page stops polling it."""
        return self not in (JobState.QUEUED, JobState.RUNNING)

    @property
    def label(self) -> str:
        return _JOB_STATE_LABELS[self]


_JOB_STATE_LABELS = {JobState.QUEUED: N_("Queued"), JobState.RUNNING: N_("Running"), JobState.DONE: N_("Done"),
                     JobState.FAILED: N_("Failed"), JobState.INTERRUPTED: N_("Interrupted")}


class AuditAction(StrEnum):
    """What an audit log entry records."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LOGIN = "login"
    IMPORT = "import"
    DEMO_LOAD = "demo_load"

    @property
    def label(self) -> str:
        return _AUDIT_ACTION_LABELS[self]


_AUDIT_ACTION_LABELS = {AuditAction.CREATE: N_("Create"), AuditAction.UPDATE: N_("Update"),
                        AuditAction.DELETE: N_("Delete"), AuditAction.LOGIN: N_("Login"),
                        AuditAction.IMPORT: N_("Import"), AuditAction.DEMO_LOAD: N_("Demo data loaded")}
