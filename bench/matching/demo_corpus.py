"""The demo catalog as batch-contract records, and the relevance grades of demands over it.

Grades are 0–3. Hand-written demands (`labelled/*.jsonl`) carry their judgement as criteria over
product attributes, e.g. `[[3, {"type": "lace_front_wig", "lace": "13x4"}], [2, {"type":
"lace_front_wig"}], [1, {"category": "wigs"}]]`: a product gets the highest grade whose criteria
it satisfies. A criterion value is a scalar (equal, case-insensitive), a list (any of), `{"min",
"max"}` (numeric range) or `{"contains": text}`. Generated demands are graded from the attributes
the generator wrote them from: same type and most of the stated specs → 3, same type → 2, same
category → 1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from chuhai.matching.engine.records import CatalogItem

HERE = Path(__file__).parent
CNY_PER_USD = Decimal("7.10")


@dataclass
class Labelled:
    demand_id: str
    language: str
    source: str  # "handwritten" | "generated"
    text: str
    grades: dict[str, int]  # product_id → grade > 0


def catalog_items(data) -> tuple[list[CatalogItem], dict[str, dict]]:
    """Contract records of the demo products, and each product's attributes (+ category)."""
    enterprises = {e["credit_code"]: e for e in data.enterprises}
    items, attributes = [], {}
    for p in data.products:
        e = enterprises[p["enterprise_credit_code"]]
        tier = p["price_tiers"][0]
        price = tier["unit_price"] if tier["currency"] == "USD" else (tier["unit_price"] / CNY_PER_USD)
        certs = set(p["certifications"]) | {c["name"] for c in e["certifications"]}
        items.append(CatalogItem(
            product_id=p["sku"], enterprise_id=p["enterprise_credit_code"], title_zh=p["title_zh"],
            title_en=p["title_en"], description=p["description"], category=p["category"], hs_code=p["hs_code"],
            price_usd=price.quantize(Decimal("0.01")), moq=p["moq"], lead_time_days=p["lead_time_days"],
            certifications=tuple(sorted(certs)), monthly_capacity=e.get("monthly_capacity"),
            verified=e.get("verification_status") == "verified",
        ))
        attributes[p["sku"]] = {**p["attributes"], "category": p["category"]}
    return items, attributes


def _satisfies(attrs: dict, where: dict) -> bool:
    for key, wanted in where.items():
        if key not in attrs:
            return False
        have = attrs[key]
        if isinstance(wanted, dict):
            if "contains" in wanted:
                if str(wanted["contains"]).lower() not in str(have).lower():
                    return False
                continue
            try:
                value = float(have)
            except (TypeError, ValueError):
                return False
            if ("min" in wanted and value < wanted["min"]) or ("max" in wanted and value > wanted["max"]):
                return False
        elif isinstance(wanted, list):
            if str(have).lower() not in {str(w).lower() for w in wanted}:
                return False
        elif str(have).lower() != str(wanted).lower():
            return False
    return True


def grade(attrs: dict, criteria: list) -> int:
    return max((g for g, where in criteria if _satisfies(attrs, where)), default=0)


def handwritten(attributes: dict[str, dict], languages: list[str] | None = None) -> list[Labelled]:
    out = []
    for path in sorted((HERE / "labelled").glob("*.jsonl")):
        language = path.stem
        if languages and language not in languages:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            grades = {pid: g for pid, attrs in attributes.items() if (g := grade(attrs, row["g"])) > 0}
            out.append(Labelled(row["id"], language, "handwritten", row["text"], grades))
    return out


SPEC_SKIP = {"type", "halal", "origin"}


def _spec_keys(spec: dict) -> list[str]:
    """The attributes the generator put into the demand's text (see chuhai.demo.generator._spec_text)."""
    return [k for k, v in spec.items() if k not in SPEC_SKIP and not isinstance(v, bool)][:5]


def generated(data, attributes: dict[str, dict], limit_en: int | None = None) -> list[Labelled]:
    out, english = [], 0
    for d in data.demands:
        spec = data.demand_specs.get(d["ref"], {})
        if spec.get("unmet") or "type" not in spec:
            continue  # nobody makes it: no relevant product, nDCG undefined
        if d["language"] == "en":
            english += 1
            if limit_en is not None and english > limit_en:
                continue
        keys = _spec_keys(spec)
        need = min(3, len(keys))
        grades = {}
        for pid, attrs in attributes.items():
            if attrs.get("type") == spec["type"]:
                same = sum(1 for k in keys if str(attrs.get(k)).lower() == str(spec[k]).lower())
                grades[pid] = 3 if same >= need else 2
            elif attrs["category"] == d["category"]:
                grades[pid] = 1
        out.append(Labelled(d["ref"], d["language"], "generated", d["text"], grades))
    return out
