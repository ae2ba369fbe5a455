"""The sidebar: sections and links, each shown only to the roles that may open it.

Domains add their links here when they gain pages; the template renders whatever the role may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.i18n import N_
from chuhai.i18n import gettext as _
from chuhai.types import RoleCode

ALL = tuple(RoleCode)


@dataclass(frozen=True)
class NavLink:
    section: str
    label: str
    href: str
    icon: str
    roles: tuple[RoleCode, ...] = ALL
    # An htmx fragment with a count to show next to the link (unread messages), loaded with the page.
    badge: str | None = None


LINKS = [
    NavLink(N_("Overview"), N_("Dashboard"), "/", "⌂"),
    NavLink(N_("Supply"), N_("Industrial belts"), "/belts", "◈"),
    NavLink(N_("Supply"), N_("Enterprises"), "/enterprises", "▣"),
    NavLink(N_("Supply"), N_("Products"), "/products", "▤"),
    NavLink(N_("Supply"), N_("Service providers"), "/providers", "⛟"),
    NavLink(N_("Demand"), N_("Demands (RFQ)"), "/demands", "✉"),
    NavLink(N_("Demand"), N_("Buyers"), "/buyers", "☺", (RoleCode.OPERATOR,)),
    NavLink(N_("Data"), N_("Imports"), "/imports", "⇪", (RoleCode.OPERATOR, RoleCode.ENTERPRISE, RoleCode.BUYER)),
    NavLink(N_("Administration"), N_("Member verification"), "/admin/members", "✔", (RoleCode.OPERATOR,)),
    NavLink(N_("Administration"), N_("Audit log"), "/admin/audit", "☰", (RoleCode.OPERATOR,)),
    NavLink(N_("Account"), N_("My account"), "/account", "⚙"),
]


def register(*links: NavLink) -> None:
    """Domains add their pages to the sidebar from their views module (`register(NavLink(...))`)."""
    for link in links:
        if link not in LINKS:
            LINKS.insert(_position_of(link.section), link)


def _position_of(section: str) -> int:
    last = max((i for i, link in enumerate(LINKS) if link.section == section), default=None)
    if last is not None:
        return last + 1
    return next(i for i, link in enumerate(LINKS) if link.section == "Administration")


def sections_for(role: RoleCode | None, current_path: str) -> list[tuple[str, list[dict]]]:
    sections: dict[str, list[dict]] = {}
    for link in LINKS:
        if role is None or role not in link.roles:
            continue
        active = current_path == link.href or (link.href != "/" and current_path.startswith(link.href))
        sections.setdefault(link.section, []).append(
            {"label": _(link.label), "href": link.href, "icon": link.icon, "active": active,
             "badge": link.badge}
        )
    return [(_(section), links) for section, links in sections.items()]
