"""Unmet demand: buyers' demands that found no good match, grouped by category and market.

A demand has a `country` and optionally `category`, `product` (a short name, used when it has no
category), `text`, `demand_id`, `quantity` and `matched`. It is unmet when
- `matched` is false (the matching engine found no supplier above its threshold), or
- `matched` is absent and it has no category ("uncategorised": what the buyer asks for is not a
  category the belts make), or
- `matched` is absent and no product in the order data belongs to its category ("category not
  covered"; when the orders carry no category column, no category is covered).
Demands with `matched` true, or absent with a covered category, are met.

One `unmet_demand` signal per (category, country) — demands without a category are grouped by
`product` when given, all others of the country together — with at least one unmet demand;
product_id is null and `category` is the demand's category (null when it had none). The evidence
counts the demands, sums their quantities, gives the reasons, the product name for uncategorised
groups, up to MAX_IDS (20) demand ids and up to MAX_EXAMPLES (3) texts. Signals are ordered by the
number of demands, largest first: the strongest feedback first.
"""

from __future__ import annotations

MAX_IDS = 20
MAX_EXAMPLES = 3


def unmet_reason(demand: dict, covered_categories: set[str]) -> str | None:
    matched = demand.get("matched")
    if matched is False:
        return "not_matched"
    if matched is None and not demand.get("category"):
        return "uncategorised"
    if matched is None and demand["category"] not in covered_categories:
        return "category_not_covered"
    return None


def unmet_demand_signals(demands: list[dict], covered_categories: set[str]) -> list[dict]:
    groups: dict[tuple[str, str, str], dict] = {}
    for demand in demands:
        reason = unmet_reason(demand, covered_categories)
        if reason is None:
            continue
        category = demand.get("category") or None
        product = None if category else (demand.get("product") or None)
        group = groups.setdefault(
            (category or "", product or "", demand["country"]),
            {"category": category, "country": demand["country"], "evidence": {
                "demands": 0, "quantity": 0, "reasons": {}, "product": product, "demand_ids": [],
                "examples": []}},
        )
        evidence = group["evidence"]
        evidence["demands"] += 1
        evidence["quantity"] += demand.get("quantity") or 0
        evidence["reasons"][reason] = evidence["reasons"].get(reason, 0) + 1
        if demand.get("demand_id") is not None and len(evidence["demand_ids"]) < MAX_IDS:
            evidence["demand_ids"].append(demand["demand_id"])
        if demand.get("text") and len(evidence["examples"]) < MAX_EXAMPLES:
            evidence["examples"].append(demand["text"])
    ordered = sorted(groups.items(), key=lambda item: (-item[1]["evidence"]["demands"], item[0]))
    return [
        {"type": "unmet_demand", "product_id": None, "country": group["country"], "category": group["category"],
         "evidence": group["evidence"]}
        for _, group in ordered
    ]
