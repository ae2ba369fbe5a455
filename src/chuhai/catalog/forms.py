"""Form fields of the catalog pages ⇄ the catalog payloads (lists and tiers written as text)."""

from __future__ import annotations

from typing import Any

from chuhai.catalog.models import Enterprise, Product
from chuhai.web.forms import blank_to_none, split_list


def parse_certifications(text: str | None) -> list[dict[str, Any]]:
    """One per line: `name | number | valid from | valid until` (only the name is required)."""
    certifications = []
    for line in (text or "").splitlines():
        parts = [part.strip() or None for part in line.split("|")]
        if not parts or not parts[0]:
            continue
        parts += [None] * (4 - len(parts))
        certifications.append(dict(zip(("name", "number", "valid_from", "valid_until"), parts[:4], strict=True)))
    return certifications


def enterprise_values(form: dict[str, Any]) -> dict[str, Any]:
    values = blank_to_none(form)
    for key in ("capabilities", "export_markets", "export_channels"):
        values[key] = split_list(form.get(key))
    values["certifications"] = parse_certifications(form.get("certifications"))
    return values


def enterprise_form(enterprise: Enterprise) -> dict[str, Any]:
    values = {column: getattr(enterprise, column) for column in (
        "credit_code", "name_zh", "name_en", "kind", "monthly_capacity", "description_zh", "description_en",
        "website", "contact_name", "contact_phone", "contact_email")}
    values["belt_code"] = enterprise.belt.code if enterprise.belt else ""
    for key in ("capabilities", "export_markets", "export_channels"):
        values[key] = ", ".join(getattr(enterprise, key) or [])
    values["certifications"] = "\n".join(
        " | ".join(str(part or "") for part in (c.name, c.number, c.valid_from, c.valid_until))
        for c in enterprise.certifications)
    return values


def parse_price_tiers(text: str | None, currency: str | None) -> list[dict[str, Any]]:
    """`100:12.50, 500:11.80` — minimum quantity and unit price; one currency for the product."""
    tiers = []
    for part in split_list(text):
        quantity, _, price = part.partition(":")
        tiers.append({"min_quantity": quantity.strip(), "unit_price": price.strip(), "currency": currency or "USD"})
    return tiers


def parse_attributes(text: str | None) -> dict[str, str]:
    attributes = {}
    for line in (text or "").splitlines():
        key, separator, value = line.partition(":")
        if separator and key.strip():
            attributes[key.strip()] = value.strip()
    return attributes


def product_values(form: dict[str, Any]) -> dict[str, Any]:
    values = blank_to_none(form)
    values["price_tiers"] = parse_price_tiers(form.get("price_tiers"), form.get("currency"))
    values["attributes"] = parse_attributes(form.get("attributes"))
    values["certifications"] = split_list(form.get("certifications"))
    values["moq"] = values.get("moq") or 1
    return values


def product_form(product: Product) -> dict[str, Any]:
    values = {column: getattr(product, column) for column in (
        "sku", "title_zh", "title_en", "description", "category", "hs_code", "moq", "weight_kg", "length_cm",
        "width_cm", "height_cm", "lead_time_days", "enterprise_id")}
    values["price_tiers"] = ", ".join(f"{t.min_quantity}:{t.unit_price.normalize():f}" for t in product.price_tiers)
    values["currency"] = product.price_tiers[0].currency if product.price_tiers else "USD"
    values["attributes"] = "\n".join(f"{key}: {value}" for key, value in (product.attributes or {}).items())
    values["certifications"] = ", ".join(product.certifications or [])
    return values
