"""The unit price of a quotation for a quantity: its base price from its minimum quantity, lowered by the
quantity tiers the quantity reaches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PriceForQuantity:
    unit_price: Decimal
    quantity: int
    tier_min_quantity: int  # the minimum quantity of the tier that gave the price
    below_minimum: bool  # the quantity is under the quotation's minimum quantity


def price_for_quantity(quantity: int, unit_price: Decimal, min_quantity: int,
                       tiers: Iterable[tuple[int, Decimal]] = ()) -> PriceForQuantity:
    """The price of the highest tier whose minimum the quantity reaches; the base price (which starts at the
    quotation's `min_quantity`) otherwise. A quantity under the minimum is priced at the base price and
    flagged. Tiers at or below the minimum quantity only apply from their own minimum as well."""
    best_min, best_price = min_quantity, unit_price
    for tier_min, tier_price in sorted(tiers):
        if tier_min <= quantity and tier_min >= best_min:
            best_min, best_price = tier_min, tier_price
    return PriceForQuantity(best_price, quantity, best_min, quantity < min_quantity)


def check_tiers(min_quantity: int, unit_price: Decimal, tiers: Iterable[tuple[int, Decimal]]) -> str | None:
    """What is wrong with a quotation's tiers, as a code, or None: each tier starts above the minimum
    quantity (`tier_not_above_minimum`), no two share a minimum (`tier_duplicate`), and a larger quantity
    never costs more per unit (`tier_price_rises`)."""
    seen: set[int] = set()
    previous = unit_price
    for tier_min, tier_price in sorted(tiers):
        if tier_min <= min_quantity:
            return "tier_not_above_minimum"
        if tier_min in seen:
            return "tier_duplicate"
        if tier_price > previous:
            return "tier_price_rises"
        seen.add(tier_min)
        previous = tier_price
    return None
