"""The mail domain's background work on the platform's job runner (`chuhai.jobs`):

- `mail.deliver`, every 30 seconds: one run of the delivery worker (`chuhai.mail.delivery.deliver_pending`);
  with no SMTP server configured it does nothing (the e-mails wait on the outbox page).
- `mail.daily`, once a day: the reminders (a demand's deadline in 3 days, a certificate expiring in 30 days)
  and the daily digests (`chuhai.mail.flows.run_daily`), written into the outbox for `mail.deliver` to send.

Both are idempotent: a run repeated (or cut short) neither sends nor writes anything twice.
"""

from __future__ import annotations

from typing import Any

from chuhai.config import get_settings
from chuhai.database import session_scope
from chuhai.jobs.registry import JobContext, Kind, register
from chuhai.mail.delivery import deliver_pending
from chuhai.mail.flows import run_daily

DELIVER_EVERY_S = 30
DAY_S = 24 * 3600


def deliver(ctx: JobContext) -> dict[str, Any]:
    report = deliver_pending(ctx.database_url, get_settings(), max_seconds=DELIVER_EVERY_S * 4)
    return {key: value for key, value in vars(report).items() if key != "errors"} | {"errors": report.errors[:5]}


def daily(ctx: JobContext) -> dict[str, Any]:
    with session_scope(ctx.database_url) as session:
        session.info["audit_disabled"] = True  # the outbox rows are the record
        return vars(run_daily(session))


register(Kind("mail.deliver", deliver, timeout_s=DELIVER_EVERY_S * 10, every_s=DELIVER_EVERY_S))
register(Kind("mail.daily", daily, timeout_s=900, every_s=DAY_S))
