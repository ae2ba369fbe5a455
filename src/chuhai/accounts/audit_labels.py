"""Reader-facing names for the audit log's actions and record types (the log stores codes: table
names and action words)."""

from __future__ import annotations

from chuhai import i18n
from chuhai.i18n import N_

ACTIONS = {
    "create": N_("Create"), "update": N_("Update"), "delete": N_("Delete"), "login": N_("Login"),
    "import": N_("Import"), "demo_load": N_("Demo data loaded"),
}

RECORD_TYPES = {
    "industrial_belts": N_("Industrial belt"), "enterprises": N_("Enterprise"),
    "certifications": N_("Certification"), "products": N_("Product"), "price_tiers": N_("Price tier"),
    "service_providers": N_("Service provider"), "buyers": N_("Buyer"), "demands": N_("Demand"),
    "demand_matches": N_("Match"), "order_lines": N_("Order lines"), "users": N_("User account"),
    "roles": N_("Role"), "events": N_("Matchmaking event"), "event_slots": N_("Meeting slot"),
    "event_registrations": N_("Event registration"), "event_meeting_requests": N_("Meeting request"),
    "event_meetings": N_("Meeting"), "outbox_emails": N_("Outgoing email"), "warehouse_stock": N_("Warehouse stock"),
    "planning_reference_edits": N_("Reference data edit"), "markets": N_("Market"), "channels": N_("Channel"),
    "fx_rates": N_("Exchange rate"), "demo": N_("Demo data"),
}


def action_name(action: str) -> str:
    return i18n.gettext(ACTIONS[action]) if action in ACTIONS else action


def record_type_name(entity: str) -> str:
    return i18n.gettext(RECORD_TYPES[entity]) if entity in RECORD_TYPES else entity
