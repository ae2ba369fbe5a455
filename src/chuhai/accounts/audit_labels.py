"""Reader-facing names for the audit log's actions and record types (the log stores codes: table
names and action words; the actions' names are `chuhai.types.AuditAction.label`)."""

from __future__ import annotations

from chuhai import i18n
from chuhai.i18n import N_
from chuhai.types import AuditAction

RECORD_TYPES = {
    "industrial_belts": N_("Industrial belt"), "enterprises": N_("Enterprise"),
    "certifications": N_("Certification"), "products": N_("Product"), "price_tiers": N_("Price tier"),
    "service_providers": N_("Service provider"), "buyers": N_("Buyer"), "demands": N_("Demand"),
    "demand_matches": N_("Match"), "order_lines": N_("Order lines"), "users": N_("User account"),
    "roles": N_("Role"), "events": N_("Matchmaking event"), "event_slots": N_("Meeting slot"),
    "event_registrations": N_("Event registration"), "event_meeting_requests": N_("Meeting request"),
    "event_meetings": N_("Meeting"), "mail_messages": N_("Outgoing email"), "warehouse_stock": N_("Warehouse stock"),
    "planning_reference_edits": N_("Reference data edit"), "markets": N_("Market"), "channels": N_("Channel"),
    "fx_rates": N_("Exchange rate"), "demo": N_("Demo data"),
    "quotations": N_("Quotation"), "quotation_tiers": N_("Quotation tier"), "conversations": N_("Conversation"),
    "messages": N_("Message"), "trade_attachments": N_("Attachment"), "deals": N_("Deal"),
    "compliance_requirement_edits": N_("Requirement edit"),
    "certification_evidence": N_("Certification evidence"), "verification_reviews": N_("Verification review"),
    "deal_events": N_("Deal stage change"), "trade_settings": N_("Trade settings"),
}


def action_name(action: str) -> str:
    """The action in the reader's language; an action this version does not know, as it is stored."""
    try:
        return i18n.gettext(AuditAction(action).label)
    except ValueError:
        return action


def record_type_name(entity: str) -> str:
    return i18n.gettext(RECORD_TYPES[entity]) if entity in RECORD_TYPES else entity
