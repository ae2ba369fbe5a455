"""The planning batch contracts' JSON (see CONTRACTS.md), written by the CLI and served by the API.

The engines return dataclasses whose words are codes; here they become the contracts' JSON with the
words rendered from the catalogs: in English, as the contracts were written (a component's `basis`,
a plan's `reason`), and an advice in both languages (`zh`, `en`) beside its code and parameters.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chuhai.planning.engine.advice import Advice
from chuhai.planning.engine.cost import OptionResult
from chuhai.planning.engine.hs import suggest_item
from chuhai.planning.engine.reference import InputError
from chuhai.planning.engine.stock import Replenishment, StockPlan
from chuhai.planning.texts import advice_text, basis_text, hs_question, render

CONTRACT_LOCALE = "en"


def landed_cost_option(result: OptionResult) -> dict[str, Any]:
    """One option of `chuhai plan landed-cost` OUT."""
    return {
        "id": result.option.id,
        "destination": result.option.destination,
        "channel": result.option.channel,
        "route": result.option.route,
        "customs_mode": result.option.customs_mode,
        "components": [{"name": c.name, "amount_cny": _num(c.amount_cny), "basis": basis_text(c, CONTRACT_LOCALE)}
                       for c in result.components],
        "landed_cost_cny": _num(result.landed_cost_cny),
        "selling_price_cny": _num(result.selling_price_cny),
        "margin_cny": _num(result.margin_cny),
        "margin_pct": _num(result.margin_pct),
        "chargeable_weight_kg": _num(result.chargeable_weight_kg.quantize(Decimal("0.001"), ROUND_HALF_UP)),
        "size_tier": result.size_tier,
        "transit_days": list(result.transit_days),
        "advice": [advice_entry(a) for a in result.advice],
    }


def advice_entry(advice: Advice) -> dict[str, Any]:
    return {"code": advice.code, "params": advice.params, "zh": advice_text(advice, "zh_CN"),
            "en": advice_text(advice, "en")}


def stock_plan(plan: StockPlan) -> dict[str, Any]:
    """One SKU of `chuhai plan replenish` PLAN, keys in the order the contract has always written them."""
    out: dict[str, Any] = {
        "product_id": plan.product_id,
        "forecast_weekly": plan.forecast_weekly,
        "service_level": plan.service_level,
        "reorder_point": plan.reorder_point,
        "order_quantity": plan.order_quantity,
        "ship_by": plan.ship_by,
        "slow_mover": plan.slow_mover,
        "action": plan.action,
    }
    reason = render(plan.reason, CONTRACT_LOCALE)
    slow = {"costs_cny": plan.costs_cny, "excess_units": plan.excess_units} if plan.costs_cny is not None else {}
    if plan.stalled:  # the reason that sales stopped comes first, then the slow-mover costs
        out.update(reason=reason, **slow)
    else:
        out.update(**slow, reason=reason)
    out.update(method=plan.method, history_weekly=plan.history_weekly)
    return out


def replenish_plan(replenishment: Replenishment) -> dict[str, Any]:
    """`chuhai plan replenish` PLAN."""
    return {"as_of": replenishment.as_of.isoformat(), "skus": [stock_plan(p) for p in replenishment.skus]}


def _num(value: Decimal) -> int | float:
    # 2-decimal Decimals survive a float round-trip exactly in their shortest repr
    return int(value) if value == value.to_integral_value() else float(value)


def hs_suggestion_line(item: dict[str, Any], top: int, evidence=None) -> dict[str, Any]:
    """One result line of `chuhai hs suggest --batch`: `{"id", "suggestions", "question"?}` (CONTRACTS.md)."""
    answer = suggest_item(item["text"], top=top, category=item.get("category"), attributes=item.get("attributes"),
                          evidence=evidence)
    line: dict[str, Any] = {"id": item["id"], "suggestions": answer.suggestions}
    if answer.question is not None:
        question = hs_question(answer.question, CONTRACT_LOCALE)
        line["question"] = {"text": question["text"],
                            "options": [{"answer": o["answer"], "codes": o["codes"]} for o in question["options"]]}
    return line


def parse_hs_item(line_no: int, raw: str) -> dict[str, Any]:
    """One item line of `--batch ITEMS.jsonl`, checked; InputError names the line."""
    where = f"line {line_no}"
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise InputError(where, "must be an object")
    if not isinstance(item.get("id"), str | int) or isinstance(item.get("id"), bool) or str(item["id"]) == "":
        raise InputError(f"{where}: id", "required (a string or a number)")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: text", "required (a non-empty string)")
    if len(text) > MAX_HS_TEXT:
        raise InputError(f"{where}: text", f"longer than {MAX_HS_TEXT} characters")
    category = item.get("category")
    if category is not None and not isinstance(category, str):
        raise InputError(f"{where}: category", "must be a string")
    attributes = item.get("attributes")
    if attributes is not None and (not isinstance(attributes, dict) or len(attributes) > 50):
        raise InputError(f"{where}: attributes", "must be an object of at most 50 names")
    return {"id": item["id"], "text": text, "category": category, "attributes": attributes}


MAX_HS_TEXT = 5000
