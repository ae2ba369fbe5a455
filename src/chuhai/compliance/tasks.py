"""Compliance's background work on the platform's job runner (`chuhai.jobs`):

- `compliance.rescreen`, queued by a list import with new content: every buyer screened again
  (`flows.rescreen_all`; a buyer cleared for the same entries gets no new case).
- `compliance.reminders`, once a day: in-app notifications to an enterprise's members when one of its
  certificates ends in 30 or in 7 days (`service.remind_expiring_certificates`; idempotent, once per
  certificate, validity, day count and user). The e-mail reminder is the mail domain's (`mail.daily`).
"""

from __future__ import annotations

from typing import Any

from chuhai.compliance.service import remind_expiring_certificates
from chuhai.database import session_scope
from chuhai.jobs.registry import JobContext, Kind, register

DAY_S = 24 * 3600


def reminders(ctx: JobContext) -> dict[str, Any]:
    with session_scope(ctx.database_url) as session:
        return {"notifications": remind_expiring_certificates(session)}


register(Kind("compliance.reminders", reminders, timeout_s=600, every_s=DAY_S))


def rescreen(ctx: JobContext) -> dict[str, Any]:
    """Every buyer against the lists as they are now (queued by a list import whose content changed)."""
    from chuhai.compliance import flows  # deferred: flows reach demand, matching and trade; only this job needs them

    with session_scope(ctx.database_url) as session:
        return flows.rescreen_all(session)


register(Kind("compliance.rescreen", rescreen, timeout_s=3600))
