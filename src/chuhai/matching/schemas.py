"""API shapes for matches, opportunities, unmet demand and notifications."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from chuhai.types import UtcDateTime


class ReasonOut(BaseModel):
    code: str
    kind: str
    text: str
    params: dict[str, Any]


class ContactOut(BaseModel):
    name: str | None
    phone: str | None = None
    email: str | None


class MatchOut(BaseModel):
    id: int
    demand_id: int
    product_id: int
    product_title: str | None
    enterprise_id: int
    enterprise_name: str
    score: float
    rank: int
    status: str
    reasons: list[ReasonOut]
    created_at: UtcDateTime
    decided_at: UtcDateTime | None
    # Present once the buyer accepted this match.
    enterprise_contact: ContactOut | None = None


class DecisionIn(BaseModel):
    status: Literal["accepted", "declined"]


class OpportunityOut(BaseModel):
    demand_id: int
    demand_ref: str
    text: str
    destination_country: str | None
    quantity: int | None
    product_id: int
    score: float
    status: str | None
    reasons: list[ReasonOut]
    buyer_contact: ContactOut | None = None


class UnmatchedDemandOut(BaseModel):
    demand_id: int
    demand_ref: str
    text: str
    best_score: float | None


class UnmatchedGroupOut(BaseModel):
    category: str | None
    destination_country: str | None
    demands: list[UnmatchedDemandOut]


class NotificationOut(BaseModel):
    id: int
    kind: str
    payload: dict[str, Any]
    created_at: UtcDateTime
    read_at: UtcDateTime | None


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    total: int
    page: int
    size: int
    unread: int
