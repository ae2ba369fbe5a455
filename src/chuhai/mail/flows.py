"""The daily e-mails that read other domains: reminders and the digests.

- A demand's deadline in 3 days: each enterprise with a stored match for it (not declined) and no quotation
  yet is reminded (`deadline`).
- A certificate expiring in 30 days: the enterprise's members are reminded (`certificate`).
- Then each address's digest items go out as one e-mail (`service.build_digests`).

Each reminder's idempotency key names the record and its date, so running the day's job twice (or after a
crash) writes nothing new, and a moved deadline or renewed certificate is reminded again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.catalog.models import Certification, Enterprise
from chuhai.demand.models import Demand
from chuhai.i18n import N_, fmt_date, pick
from chuhai.mail import service
from chuhai.mail.models import MailKind
from chuhai.matching.models import DemandMatch, MatchStatus
from chuhai.trade.models import Quotation
from chuhai.types import DemandStatus

DEADLINE_DAYS = 3
CERTIFICATE_DAYS = 30


@dataclass(frozen=True)
class DailyReport:
    deadline_emails: int
    certificate_emails: int
    digests: int


def remind_deadlines(session: Session, today: date | None = None, days: int = DEADLINE_DAYS) -> int:
    """E-mails written for open demands whose deadline is `days` from `today`."""
    day = (today or date.today()) + timedelta(days=days)
    demands = list(session.scalars(select(Demand).where(Demand.deadline == day, Demand.status == DemandStatus.OPEN)))
    written = 0
    for demand in demands:
        matched = set(session.scalars(select(DemandMatch.enterprise_id).where(
            DemandMatch.demand_id == demand.id, DemandMatch.status != MatchStatus.DECLINED)))
        quoted = set(session.scalars(select(Quotation.enterprise_id).where(Quotation.demand_id == demand.id)))
        notice = service.Notice(
            kind=MailKind.DEADLINE, topic="demand_deadline", key=f"deadline:{demand.id}:{demand.deadline}",
            subject=N_("Demand %(ref)s closes in %(days)s days"),
            lines=(N_("The demand %(ref)s, which fits your products, closes on %(date)s and has no quotation from "
                      "you yet."),),
            params={"ref": demand.ref, "days": days, "date": lambda d=demand.deadline: fmt_date(d)},
            link=f"/demands/{demand.id}", ref=f"demand:{demand.id}")
        for enterprise_id in sorted(matched - quoted):
            written += len(service.notify(session, notice, service.active_users(session, enterprise_id=enterprise_id)))
    return written


def remind_certificates(session: Session, today: date | None = None, days: int = CERTIFICATE_DAYS) -> int:
    """E-mails written for certificates that expire `days` from `today`."""
    day = (today or date.today()) + timedelta(days=days)
    rows = session.execute(select(Certification, Enterprise)
                           .join(Enterprise, Enterprise.id == Certification.enterprise_id)
                           .where(Certification.valid_until == day).order_by(Certification.id))
    written = 0
    for certification, enterprise in rows:
        notice = service.Notice(
            kind=MailKind.CERTIFICATE, topic="certificate_expiring",
            key=f"certificate:{certification.id}:{certification.valid_until}",
            subject=N_("Certificate %(name)s expires on %(date)s"),
            lines=(N_("The certificate %(name)s of %(enterprise)s is valid until %(date)s. Add the renewed "
                      "certificate so that buyers who require it keep finding your products."),),
            params={"name": certification.name, "date": lambda d=certification.valid_until: fmt_date(d),
                    "enterprise": lambda e=enterprise: pick(e.name_zh, e.name_en)},
            link=f"/enterprises/{enterprise.id}", ref=f"enterprise:{enterprise.id}")
        written += len(service.notify(session, notice, service.active_users(session, enterprise_id=enterprise.id)))
    return written


def run_daily(session: Session, today: date | None = None) -> DailyReport:
    """The day's reminders, then the digests (so that reminders chosen as digest go out today)."""
    deadlines = remind_deadlines(session, today)
    certificates = remind_certificates(session, today)
    return DailyReport(deadlines, certificates, service.build_digests(session))
