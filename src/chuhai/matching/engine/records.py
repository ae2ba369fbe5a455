"""Plain records the engine takes and returns (they mirror the batch contract's JSONL lines)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(slots=True)
class CatalogItem:
    """A product on offer. `certifications` is the union of the product's and its enterprise's."""

    product_id: str
    enterprise_id: str
    title_zh: str | None = None
    title_en: str | None = None
    description: str | None = None
    category: str | None = None
    hs_code: str | None = None
    price_usd: Decimal | None = None
    moq: int | None = None
    lead_time_days: int | None = None
    certifications: tuple[str, ...] = ()
    monthly_capacity: int | None = None
    verified: bool = False

    def search_text(self) -> str:
        """What the lexical and dense indexes see: both titles, category and description."""
        parts = [self.title_en, self.title_zh, self.category, self.description]
        return " | ".join(p for p in parts if p)


@dataclass(slots=True)
class DemandQuery:
    """A buyer's demand (RFQ). `verified_only` is an engine option the batch contract may carry."""

    demand_id: str
    text: str
    quantity: int | None = None
    target_price_usd: Decimal | None = None
    max_lead_time_days: int | None = None
    required_certifications: tuple[str, ...] = ()
    destination_country: str | None = None
    verified_only: bool = False


# Every reason code the engine gives, with the parameters it carries (the platform has a message for
# each one: `chuhai.matching.reasons`).
REASON_CODES = frozenset({
    "matched_terms",  # terms: concept tokens ("~wig") and surface words the demand and product share
    "semantic_match",
    "has_certifications",  # certifications: the demand's required ones, normalised
    "verified_supplier",
    "moq_within_quantity", "moq_above_quantity",  # moq, quantity
    "price_within_target", "price_above_target",  # price, target (USD)
    "lead_time_within_max", "lead_time_above_max",  # lead_time_days, max_days
    "capacity_sufficient", "capacity_below_quantity",  # capacity, quantity
    "price_unknown", "moq_unknown", "lead_time_unknown", "capacity_unknown",
    # added by the platform from the destination's requirements (chuhai.compliance), not by the engine:
    "market_requirements_met",  # market
    "market_requirements_missing",  # market, requirements: codes of mandatory requirements the product lacks
})


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a match fits (`kind="fit"`) or what does not fit (`kind="gap"`): a code of REASON_CODES
    and its parameters, rendered by the platform (`chuhai.matching.reasons.format_reason`) in the
    reader's language."""

    code: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "kind": self.kind, **self.params}


@dataclass(slots=True)
class Match:
    """One product for a demand. `relevance` is the text score before soft-constraint penalties."""

    product_id: str
    score: float
    relevance: float
    reasons: list[Reason]


@dataclass(slots=True)
class DemandFit:
    """One open demand for a product (the reverse direction)."""

    demand_id: str
    score: float
    relevance: float
    destination_country: str | None
    reasons: list[Reason]


@dataclass(slots=True)
class MarketFit:
    """A destination market aggregated over the demands a product fits."""

    country: str
    score: float
    demand_count: int
    demand_ids: list[str]
