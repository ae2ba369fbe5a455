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


def route_path(path: str, root_path: str = "") -> str:
    """The app's own path of a page: without the deployment's root path and a language prefix, which
    `chuhai.web.middleware.strip_locale_prefix` made part of the root path (`/es/products/7` → `/products/7`)."""
    if root_path and path.startswith(root_path):
        return path[len(root_path):] or "/"
    return path


def _is_active(href: str, path: str) -> bool:
    """The link of the page, or of a page under it (`/products` for `/products/7`, not for `/productsx`)."""
    return path == href or (href != "/" and path.startswith(href.rstrip("/") + "/"))


def sections_for(role: RoleCode | None, current_path: str, root_path: str = "") -> list[tuple[str, list[dict]]]:
    """The sidebar of `role` on the page at `current_path` (the request's URL path, `root_path` its scope's root
    path: a page opened under a language prefix highlights the same link as without it)."""
    path = route_path(current_path, root_path)
    sections: dict[str, list[dict]] = {}
    for link in LINKS:
        if role is None or role not in link.roles:
            continue
        active = _is_active(link.href, path)
        sections.setdefault(link.section, []).append(
            {"label": _(link.label), "href": link.href, "icon": link.icon, "active": active,
             "badge": link.badge}
        )
    return [(_(section), links) for section, links in sections.items()]
