"""Payloads of the trade API (and of the service calls the pages make). The input models check shapes
(types, ranges, lengths); the rules that need the database (deadline, cap, certifications, who may do
what) are the service's and come back as 422 with their reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pycountry
from pydantic import BaseModel, ConfigDict, Field, field_validator

from chuhai.trade.models import DealStage, DeclineReason, Incoterm, LostReason, ReportReason, Side
from chuhai.types import CustomsMode, UtcDateTime

MoneyIn = Field(gt=0, max_digits=14, decimal_places=4)


def _currency(value: str) -> str:
    value = (value or "").strip().upper()
    if pycountry.currencies.get(alpha_3=value) is None:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return value


class TierIn(BaseModel):
    min_quantity: int = Field(ge=1)
    unit_price: Decimal = MoneyIn


class QuotationIn(BaseModel):
    unit_price: Decimal = MoneyIn
    currency: str = "USD"
    incoterm: Incoterm
    min_quantity: int = Field(ge=1)
    lead_time_days: int = Field(ge=0, le=730)
    valid_until: date
    product_id: int | None = None
    sample_price: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=4)
    sample_lead_time_days: int | None = Field(default=None, ge=0, le=365)
    payment_terms: str | None = Field(default=None, max_length=300)
    message: str | None = Field(default=None, max_length=5000)
    tiers: list[TierIn] = Field(default_factory=list, max_length=20)

    _currency = field_validator("currency")(classmethod(lambda cls, value: _currency(value)))


class DeclineIn(BaseModel):
    reason: DeclineReason
    note: str | None = Field(default=None, max_length=2000)


class DealIn(BaseModel):
    """Opening a deal from a quotation: a sample request, or an order straight away."""

    stage: DealStage = DealStage.SAMPLE_REQUESTED
    quantity: int | None = Field(default=None, ge=1)
    value: Decimal | None = Field(default=None, gt=0, max_digits=14, decimal_places=4)
    currency: str | None = None
    expected_ship_date: date | None = None
    customs_mode: CustomsMode | None = None
    note: str | None = Field(default=None, max_length=2000)
    event_id: int | None = None
    event_meeting_id: int | None = None

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return None if value in (None, "") else _currency(value)


class StageIn(BaseModel):
    """Moving a deal: order terms with `order_placed`, a reason with `lost`."""

    stage: DealStage
    quantity: int | None = Field(default=None, ge=1)
    value: Decimal | None = Field(default=None, gt=0, max_digits=14, decimal_places=4)
    currency: str | None = None
    expected_ship_date: date | None = None
    customs_mode: CustomsMode | None = None
    lost_reason: LostReason | None = None
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return None if value in (None, "") else _currency(value)


class MessageIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


class ReportIn(BaseModel):
    reason: ReportReason
    note: str | None = Field(default=None, max_length=2000)


class SuspendIn(BaseModel):
    side: Side


class EventLinkIn(BaseModel):
    event_id: int | None = None
    event_meeting_id: int | None = None


class SettingsIn(BaseModel):
    max_quotations: int | None = Field(default=None, ge=1, le=100)
    max_attachment_bytes: int | None = Field(default=None, ge=1024, le=50 * 1024 * 1024)


# ----- out ------------------------------------------------------------------------------------------------

class TierOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    min_quantity: int
    unit_price: Decimal


class QuotationOut(BaseModel):
    """A quotation as its parties see it (the issue's fields first). `status` is as of today: a live
    quotation past its validity reads `expired`."""

    id: int
    demand_id: int
    enterprise_id: int
    product_id: int | None
    unit_price: Decimal
    currency: str
    incoterm: Incoterm
    min_quantity: int
    lead_time_days: int
    valid_until: date
    status: str
    revision: int
    supersedes_id: int | None
    sample_price: Decimal | None
    sample_lead_time_days: int | None
    payment_terms: str | None
    message: str | None
    tiers: list[TierOut]
    decline_reason: str | None
    decline_note: str | None
    created_at: UtcDateTime


class BasisOut(BaseModel):
    code: str
    params: dict[str, Any]
    text: str  # in the request's language


class ComponentOut(BaseModel):
    name: str
    label: str
    amount: Decimal | None
    basis: BasisOut


class LandedCostOut(BaseModel):
    amount: Decimal | None  # per unit; null when a part could not be estimated (see `missing`)
    currency: str
    components: list[ComponentOut]
    missing: list[str]
    route: str | None


class PriceOut(BaseModel):
    quantity: int
    unit_price: Decimal
    tier_min_quantity: int
    below_minimum: bool


class SupplierOut(BaseModel):
    id: int
    name: str
    verified: bool
    certifications: list[str]  # valid today
    response_rate: float | None  # first replies within 24 h, of the demands that fitted it
    median_response_hours: float | None
    completed_deals: int


class QuotationItemOut(QuotationOut):
    """A row of the comparison: the price for the buyer's quantity and the landed cost at its door."""

    price_for_quantity: PriceOut
    landed_cost_per_unit: LandedCostOut
    supplier: SupplierOut
    attachments: list[AttachmentOut] = []


class QuotationListOut(BaseModel):
    items: list[QuotationItemOut]
    total: int
    max_quotations: int


class AttachmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    file_name: str
    content_type: str
    size_bytes: int
    created_at: UtcDateTime


class MessageOut(BaseModel):
    id: int
    author_role: Side
    text: str
    created_at: UtcDateTime
    attachments: list[AttachmentOut] = []


class MessageListOut(BaseModel):
    items: list[MessageOut]
    conversation_id: int


class ContactOut(BaseModel):
    name: str | None
    email: str | None
    phone: str | None


class ConversationOut(BaseModel):
    id: int
    demand_id: int
    enterprise_id: int
    opened_by: str
    contacts_disclosed: bool
    reported: bool
    report_reason: str | None
    unread: int
    last_message_at: UtcDateTime | None
    created_at: UtcDateTime
    # Present only once the buyer disclosed contacts: the other side's (both for the operator).
    buyer_contact: ContactOut | None = None
    enterprise_contact: ContactOut | None = None


class ConversationListOut(BaseModel):
    items: list[ConversationOut]
    unread: int


class DealEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_stage: DealStage | None
    to_stage: DealStage
    by_side: Side
    note: str | None
    at: UtcDateTime


class DealOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    quotation_id: int
    demand_id: int
    enterprise_id: int
    stage: DealStage
    quantity: int | None
    value: Decimal | None
    currency: str | None
    expected_ship_date: date | None
    customs_mode: CustomsMode | None
    lost_reason: LostReason | None
    lost_note: str | None
    event_id: int | None
    created_at: UtcDateTime
    stage_changed_at: UtcDateTime
    events: list[DealEventOut]
    next_stages: list[DealStage] = []  # the moves the caller's side may make now


class OutcomeRowOut(BaseModel):
    key: str | None  # the country, the belt's code or the event's id
    name: str | None = None
    talks: int
    intentions: int
    signed: int
    signed_value_cny: Decimal
    signed_value_usd: Decimal


class OutcomesOut(BaseModel):
    period_from: str
    period_to: str
    talks: int
    intentions: int
    signed: int
    signed_value_cny: Decimal
    signed_value_usd: Decimal
    by_market: list[OutcomeRowOut]
    by_belt: list[OutcomeRowOut]
    by_event: list[OutcomeRowOut]
    unpriced_currencies: list[str]


class SettingsOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    max_quotations: int
    max_attachment_bytes: int


QuotationItemOut.model_rebuild()
