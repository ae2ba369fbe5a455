"""What writes e-mails: trade (quotations, messages, deals), member approval, the events, the daily reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from chuhai.accounts import flows as account_flows
from chuhai.accounts.models import Notification, User
from chuhai.accounts.principal import Principal
from chuhai.accounts.service import principal_of
from chuhai.catalog.models import Certification
from chuhai.demand import flows as demand_flows
from chuhai.demand.schemas import DemandIn
from chuhai.mail import flows as mail_flows
from chuhai.mail import service as mail
from chuhai.mail.models import MailKind, MailMessage, MailMode, MailState
from chuhai.matching import service as matching_service
from chuhai.matching.models import DemandMatch, MatchStatus
from chuhai.trade import flows as trade_flows
from chuhai.trade.models import DeclineReason
from chuhai.trade.schemas import QuotationIn
from chuhai.types import RoleCode
from tests import factories

TODAY = dt.date.today()


def _emails(session, **where) -> list[MailMessage]:
    query = select(MailMessage).order_by(MailMessage.id)
    for name, value in where.items():
        query = query.where(getattr(MailMessage, name) == value)
    return list(session.scalars(query))


def _trade_world(session):
    enterprise = factories.enterprise(session)
    buyer = factories.buyer(session)
    demand = factories.demand(session, buyer, deadline=TODAY + dt.timedelta(days=20))
    seller = factories.user(session, "enterprise", enterprise_id=enterprise.id, locale="zh_CN")
    purchaser = factories.user(session, "buyer", buyer_id=buyer.id, locale="en")
    return enterprise, demand, seller, purchaser


def test_a_quotation_and_its_decline_are_emailed_to_the_other_side_in_their_language(session):
    _enterprise, demand, seller, purchaser = _trade_world(session)
    offer = QuotationIn(unit_price=Decimal("10"), currency="USD", incoterm="EXW", min_quantity=10,
                        lead_time_days=30, valid_until=TODAY + dt.timedelta(days=30))
    quotation = trade_flows.submit_quotation(session, principal_of(seller), demand.id, offer)
    [received] = _emails(session, topic="quotation_received")
    assert received.to_email == purchaser.email and received.kind is MailKind.QUOTATION
    assert received.subject == f"New quotation for your demand {demand.ref}" and received.locale == "en"
    assert received.link.endswith(f"/demands/{demand.id}#quotations")

    trade_flows.decline(session, principal_of(purchaser), quotation.id, DeclineReason.PRICE)
    [declined] = _emails(session, topic="quotation_declined")
    assert declined.to_email == seller.email and declined.locale == "zh_CN"
    assert demand.ref in declined.subject and "价格" in declined.subject  # the reason in the seller's language
    assert f"/quotations#q-{quotation.id}" in declined.body_html


def test_a_message_is_emailed_without_its_text(session):
    _enterprise, demand, seller, purchaser = _trade_world(session)
    offer = QuotationIn(unit_price=Decimal("10"), currency="USD", incoterm="EXW", min_quantity=10,
                        lead_time_days=30, valid_until=TODAY + dt.timedelta(days=30))
    quotation = trade_flows.submit_quotation(session, principal_of(seller), demand.id, offer)
    trade_flows.post_message_on_quotation(session, principal_of(purchaser), quotation.id, "Secret price is 7")
    [message] = _emails(session, topic="trade_message")
    assert message.to_email == seller.email and message.kind is MailKind.MESSAGE
    assert "Secret price" not in message.body_text and "Secret price" not in message.body_html


def test_member_approval_is_emailed_and_cannot_be_turned_off(session):
    operator = factories.user(session, "operator")
    applicant = factories.user(session, "buyer", status="pending", locale="en")
    account_flows.decide_user(session, principal_of(operator), applicant.id, approve=True)
    [approved] = _emails(session, topic="member_approved")
    assert approved.to_email == applicant.email and approved.kind is MailKind.ACCOUNT
    assert approved.subject == "Your Chuhai account is approved" and approved.unsubscribe_url is None
    assert approved.link.endswith("/login")


def test_deadline_and_certificate_reminders_are_written_once(session):
    enterprise = factories.enterprise(session)
    quoted = factories.enterprise(session)
    member = factories.user(session, "enterprise", enterprise_id=enterprise.id, locale="en")
    factories.user(session, "enterprise", enterprise_id=quoted.id)
    demand = factories.demand(session, deadline=TODAY + dt.timedelta(days=3))
    for firm in (enterprise, quoted):
        product = factories.product(session, firm)
        session.add(DemandMatch(demand_id=demand.id, product_id=product.id, enterprise_id=firm.id, score=0.9,
                                reasons=[], rank=1, status=MatchStatus.PROPOSED))
    session.flush()
    offer = QuotationIn(unit_price=Decimal("10"), currency="USD", incoterm="EXW", min_quantity=10,
                        lead_time_days=30, valid_until=TODAY + dt.timedelta(days=30))
    quoter = session.scalar(select(User).where(User.enterprise_id == quoted.id))
    trade_flows.submit_quotation(session, principal_of(quoter), demand.id, offer)
    session.add(Certification(enterprise_id=enterprise.id, name="CE", valid_until=TODAY + dt.timedelta(days=30)))
    session.flush()

    first = mail_flows.run_daily(session, TODAY)
    again = mail_flows.run_daily(session, TODAY)

    assert (first.deadline_emails, first.certificate_emails) == (1, 1)  # the enterprise that quoted is spared
    assert (again.deadline_emails, again.certificate_emails) == (0, 0)
    [deadline] = _emails(session, kind=MailKind.DEADLINE)
    assert deadline.to_email == member.email and deadline.subject == f"Demand {demand.ref} closes in 3 days"
    [certificate] = _emails(session, kind=MailKind.CERTIFICATE)
    assert certificate.subject.startswith("Certificate CE expires on ")


def test_a_reminder_chosen_as_digest_goes_out_in_the_same_days_digest(session):
    enterprise = factories.enterprise(session)
    member = factories.user(session, "enterprise", enterprise_id=enterprise.id, locale="en")
    mail.set_preferences(session, principal_of(member), {MailKind.CERTIFICATE: MailMode.DIGEST})
    session.add(Certification(enterprise_id=enterprise.id, name="FDA", valid_until=TODAY + dt.timedelta(days=30)))
    session.flush()
    report = mail_flows.run_daily(session, TODAY)
    assert report.digests == 1
    [item] = _emails(session, kind=MailKind.CERTIFICATE)
    [digest] = _emails(session, kind=MailKind.DIGEST)
    assert item.state is MailState.DIGESTED and item.digest_id == digest.id
    assert "FDA" in digest.body_text and digest.state is MailState.QUEUED


def test_a_new_fitting_demand_is_emailed_to_the_enterprises_members(session, tmp_path):
    maker = factories.enterprise(session)
    factories.product(session, maker, title_zh="13x4 蕾丝前头套假发 真人发", title_en=None)
    member = factories.user(session, "enterprise", enterprise_id=maker.id, locale="zh_CN")
    buyer = factories.buyer(session)
    session.commit()
    actor = Principal(user_id=None, role=RoleCode.BUYER, buyer_id=buyer.id)
    demand = demand_flows.post_demand(session, actor, DemandIn(text="13x4 lace front wig human hair"), tmp_path)
    notified = {n.user_id for n in session.scalars(select(Notification).where(Notification.kind == "demand_match"))}
    assert notified == {member.id}
    [email] = _emails(session, kind=MailKind.DEMAND_MATCH)
    assert email.to_email == member.email and email.subject == f"新需求 {demand.ref} 与您的产品匹配"
    assert "13x4 lace front wig" in email.body_text and email.link.endswith(f"/demands/{demand.id}")


def test_an_accepted_match_is_emailed_to_the_enterprise(session):
    firm = factories.enterprise(session)
    member = factories.user(session, "enterprise", enterprise_id=firm.id, locale="en")
    buyer = factories.buyer(session, company="Ohio Salons")
    demand = factories.demand(session, buyer)
    purchaser = factories.user(session, "buyer", buyer_id=buyer.id)
    row = DemandMatch(demand_id=demand.id, product_id=factories.product(session, firm).id, enterprise_id=firm.id,
                      score=0.9, reasons=[], rank=1, status=MatchStatus.PROPOSED)
    session.add(row)
    session.flush()
    matching_service.decide(session, principal_of(purchaser), row.id, "accepted")
    [email] = _emails(session, topic="match_accepted")
    assert email.to_email == member.email and email.kind is MailKind.DEMAND_MATCH
    assert email.subject == f"Ohio Salons accepted your match for demand {demand.ref}: contact details are shared"
