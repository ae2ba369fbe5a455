"""Sign-up and verification reach other domains: a new member's enterprise or service provider
(catalog) or buyer record (demand) is created with the account, and verified with it.

The sign-up routes (page and API) and the operator's decision routes call these rather than
`accounts.service`, which knows only accounts. An approved member is told by e-mail (`chuhai.mail`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.accounts import service
from chuhai.accounts.models import User
from chuhai.accounts.principal import Principal
from chuhai.accounts.schemas import SignupIn
from chuhai.catalog import flows as catalog_flows
from chuhai.catalog import service as catalog
from chuhai.catalog.credit_code import credit_code_issue
from chuhai.compliance import flows as compliance
from chuhai.demand import service as demand
from chuhai.errors import Conflict, ValidationFailed
from chuhai.i18n import N_
from chuhai.mail import service as mail
from chuhai.mail.models import MailKind
from chuhai.markets.service import is_country
from chuhai.types import BuyerKind, ProviderKind, RoleCode, VerificationStatus

if TYPE_CHECKING:
    from chuhai.catalog.models import Enterprise, ServiceProvider
    from chuhai.demand.models import Buyer

# Why a credit code is refused at sign-up, by `credit_code_issue` code (one message id each).
_CREDIT_CODE_ERRORS = {
    "length": N_("Unified social credit code: must be 18 characters, got %(length)s."),
    "character": N_("Unified social credit code: character %(char)s is not allowed (I, O, Z, S, V are never used)."),
    "region": N_("Unified social credit code: characters 3–8 must be the 6-digit administrative region code."),
    "check": N_("Unified social credit code: check character should be %(expected)s, not %(found)s."),
}


def signup(session: Session, form: SignupIn, client: str = "", inquiry_product_id: int | None = None) -> User | None:
    """A new member, pending until an operator verifies them, and the record they act for, pending too.

    `inquiry_product_id`: the showcase product a buyer asked about before signing up, kept on the account for
    their first sign-in (`service.take_inquiry`).

    Sign-ups are limited per client address. An e-mail that has an account already creates nothing and
    returns None: the account's owner is notified, and the caller answers the stranger without saying the
    e-mail is registered. Everything is checked before anything is written.
    """
    service.limit_sign_ups(session, client)
    existing = service.user_by_email(session, str(form.email))
    if existing is not None:
        service.notify_sign_up_attempt(session, existing)
        return None
    links: dict[str, int] = {}
    if form.role == RoleCode.ENTERPRISE:
        links["enterprise_id"] = _enterprise(session, form).id
    elif form.role == RoleCode.BUYER:
        links["buyer_id"] = _buyer(session, form).id
    elif form.role == RoleCode.PROVIDER:
        links["provider_id"] = _provider(session, form).id
    user = service.signup(session, form, **links)
    if inquiry_product_id is not None and form.role == RoleCode.BUYER:
        user.inquiry_product_id = inquiry_product_id
        session.flush()
    return user


def _enterprise(session: Session, form: SignupIn) -> Enterprise:
    if not form.enterprise_name_zh:
        raise ValidationFailed("Enterprise name is required.", details={"field": "enterprise_name_zh"})
    issue = credit_code_issue(form.credit_code or "")
    if issue is not None:
        kind, params = issue
        raise ValidationFailed(_CREDIT_CODE_ERRORS[kind], details={"field": "credit_code"}, **params)
    return catalog.register_enterprise(
        session, name_zh=form.enterprise_name_zh, credit_code=(form.credit_code or "").strip().upper(),
        belt_code=form.belt_code, contact_name=form.display_name, contact_email=str(form.email))


def _buyer(session: Session, form: SignupIn) -> Buyer:
    country = (form.country or "").upper()
    if not form.company:
        raise ValidationFailed("Company is required.", details={"field": "company"})
    if not is_country(country):
        raise ValidationFailed("Country must be an ISO 3166 two-letter code.", details={"field": "country"})
    kind = form.buyer_kind or BuyerKind.IMPORTER.value
    if kind not in BuyerKind.__members__.values():
        raise ValidationFailed("Unknown buyer kind %(kind)s.", kind=repr(kind), details={"field": "buyer_kind"})
    buyer = demand.register_buyer(session, company=form.company, country=country, kind=kind,
                                  contact_name=form.display_name, contact_email=str(form.email))
    compliance.screen_buyer(session, buyer)  # restricted-party screening on sign-up
    return buyer


def _provider(session: Session, form: SignupIn) -> ServiceProvider:
    kind = form.provider_kind or ProviderKind.FORWARDER.value
    if not form.provider_name:
        raise ValidationFailed("Provider name is required.", details={"field": "provider_name"})
    if kind not in ProviderKind.__members__.values():
        raise ValidationFailed("Unknown provider kind %(kind)s.", kind=repr(kind), details={"field": "provider_kind"})
    return catalog.register_provider(session, name_zh=form.provider_name, kind=kind, contact_email=str(form.email))


def _others_act_for(session: Session, user: User) -> bool:
    """Whether another account acts for the same enterprise (then its record stays)."""
    return session.scalar(select(User.id).where(User.enterprise_id == user.enterprise_id, User.id != user.id)
                          .limit(1)) is not None


def decide_user(session: Session, actor: Principal, user_id: int, approve: bool) -> User:
    """The operator's verification: activates (or rejects) the member and verifies (or rejects) its
    enterprise or provider."""
    user = service.decide_user(session, actor, user_id, approve)
    decision = VerificationStatus.VERIFIED if approve else VerificationStatus.REJECTED
    if approve and user.role == RoleCode.ENTERPRISE and user.enterprise_id is None:
        raise Conflict("This applicant's enterprise was removed when they were rejected; they need to sign up again.")
    if user.enterprise_id:
        enterprise_id = user.enterprise_id
        catalog_flows.set_verification(session, actor, enterprise_id, decision)  # the match index sees it
        if not approve and not _others_act_for(session, user):
            user.enterprise_id = None  # the applicant lets go of it, and it of its credit code
            session.flush()
            if not catalog.release_rejected_enterprise(session, actor, enterprise_id):
                user.enterprise_id = enterprise_id
    if user.provider_id:
        catalog.set_provider_verification(session, actor, user.provider_id, decision)
    if approve:
        mail.notify(session, mail.Notice(
            kind=MailKind.ACCOUNT, topic="member_approved", key=f"member_approved:{user.id}",
            subject=N_("Your Chuhai account is approved"),
            lines=(N_("An operator verified your account. You can now sign in and use Chuhai."),), link="/login"),
            mail.recipients_of([user]))
    return user
