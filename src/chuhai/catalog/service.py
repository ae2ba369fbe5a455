"""Catalog logic: who may read or change belts, enterprises and products. Flushes, never commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog import repository
from chuhai.catalog.models import (
    Certification,
    Enterprise,
    HsCodeSource,
    IndustrialBelt,
    PriceTier,
    Product,
    ServiceProvider,
)
from chuhai.catalog.schemas import BeltIn, EnterpriseIn, ProductIn
from chuhai.database import utcnow
from chuhai.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chuhai.pagination import Page, paginate
from chuhai.types import RoleCode, VerificationStatus


def list_belts(session: Session) -> list[tuple[IndustrialBelt, int, int]]:
    return repository.belts_with_counts(session)


def get_belt(session: Session, belt_id: int) -> IndustrialBelt:
    belt = repository.belt(session, belt_id)
    if belt is None:
        raise NotFound("No such industrial belt.")
    return belt


def save_belt(session: Session, actor: Principal, data: BeltIn, belt_id: int | None = None) -> IndustrialBelt:
    """Create a belt, or update one (the operator curates the belts and their key facts)."""
    actor.require(RoleCode.OPERATOR)
    belt = get_belt(session, belt_id) if belt_id else IndustrialBelt()
    clash = repository.belt_by_code(session, data.code)
    if clash is not None and clash.id != belt_id:
        raise Conflict("Belt code %(code)s is taken.", code=data.code, details={"field": "code"})
    for key, value in data.model_dump().items():
        setattr(belt, key, value)
    session.add(belt)
    session.flush()
    return belt


def list_enterprises(session: Session, actor: Principal, *, page: int = 1, size: int = 25,
                     **filters) -> Page[Enterprise]:
    # Members see the verified registry (and themselves); the operator also sees pending and rejected.
    if not actor.is_operator and filters.get("status") not in (None, "", VerificationStatus.VERIFIED):
        raise Forbidden("Only the operator sees enterprises that are not verified.")
    if not actor.is_operator:
        filters["status"] = VerificationStatus.VERIFIED.value
    return paginate(session, repository.enterprises_query(**filters), page, size)


def get_enterprise(session: Session, actor: Principal, enterprise_id: int) -> Enterprise:
    enterprise = repository.enterprise(session, enterprise_id)
    if enterprise is None:
        raise NotFound("No such enterprise.")
    if (enterprise.verification_status != VerificationStatus.VERIFIED
            and not actor.may_see_enterprise_private(enterprise.id)):
        raise NotFound("No such enterprise.")
    return enterprise


def _apply_enterprise(session: Session, enterprise: Enterprise, data: EnterpriseIn) -> None:
    belt_id = None
    if data.belt_code:
        belt = repository.belt_by_code(session, data.belt_code)
        if belt is None:
            raise ValidationFailed("Unknown belt %(belt)s.", belt=repr(data.belt_code), details={"field": "belt_code"})
        belt_id = belt.id
    fields = data.model_dump(exclude={"credit_code", "belt_code", "certifications"})
    fields["kind"] = data.kind.value
    for key, value in fields.items():
        setattr(enterprise, key, value)
    enterprise.belt_id = belt_id
    wanted = {(cert.name, cert.number): cert for cert in data.certifications}
    certifications_changed = False
    for existing in list(enterprise.certifications):
        if (existing.name, existing.number) not in wanted:
            enterprise.certifications.remove(existing)
            certifications_changed = True
    present = {(cert.name, cert.number): cert for cert in enterprise.certifications}
    for key, cert in wanted.items():
        if key in present:
            validity = (cert.valid_from, cert.valid_until)
            certifications_changed |= (present[key].valid_from, present[key].valid_until) != validity
            present[key].valid_from, present[key].valid_until = validity
        else:
            enterprise.certifications.append(Certification(**cert.model_dump()))
            certifications_changed = True
    if certifications_changed and enterprise.id is not None:
        # Certificates are part of the enterprise: caches that watch enterprises' last change see them.
        enterprise.updated_at = utcnow()


def create_enterprise(session: Session, actor: Principal, data: EnterpriseIn) -> Enterprise:
    actor.require(RoleCode.OPERATOR)
    if repository.enterprise_by_credit_code(session, data.credit_code):
        raise Conflict("This credit code is already registered.", details={"field": "credit_code"})
    enterprise = Enterprise(credit_code=data.credit_code, certifications=[])
    _apply_enterprise(session, enterprise, data)
    session.add(enterprise)
    session.flush()
    return enterprise


def update_enterprise(session: Session, actor: Principal, enterprise_id: int, data: EnterpriseIn) -> Enterprise:
    actor.require_standing()
    enterprise = repository.enterprise(session, enterprise_id)
    if enterprise is None or not actor.may_see_enterprise_private(enterprise_id):
        raise NotFound("No such enterprise.")
    if data.credit_code != enterprise.credit_code:
        raise ValidationFailed("The credit code of a registered enterprise cannot change.",
                               details={"field": "credit_code"})
    before = _verified_facts(enterprise)
    _apply_enterprise(session, enterprise, data)
    if not actor.is_operator and enterprise.verification_status == VerificationStatus.VERIFIED:
        names, certificates = _verified_facts(enterprise)
        if names != before[0] or not certificates <= before[1]:
            # What the operator vouched for changed (a new name, a new certificate): back to review.
            enterprise.verification_status = VerificationStatus.PENDING.value
    session.flush()
    return enterprise


def _verified_facts(enterprise: Enterprise) -> tuple[tuple[str, str | None], set[tuple[str, str | None]]]:
    """What the operator's verification vouches for: the enterprise's names and its certificates."""
    return ((enterprise.name_zh, enterprise.name_en),
            {(cert.name, cert.number) for cert in enterprise.certifications})


def set_verification(session: Session, actor: Principal, enterprise_id: int, status: VerificationStatus) -> Enterprise:
    actor.require(RoleCode.OPERATOR)
    enterprise = repository.enterprise(session, enterprise_id)
    if enterprise is None:
        raise NotFound("No such enterprise.")
    enterprise.verification_status = status.value
    enterprise.verified_by_id = actor.user_id
    enterprise.verified_at = utcnow()
    session.flush()
    return enterprise


def register_enterprise(session: Session, *, name_zh: str, credit_code: str, belt_code: str | None,
                        contact_name: str, contact_email: str) -> Enterprise:
    """A member's own enterprise, created as they sign up (accounts.flows); pending until verified.

    `credit_code` is valid and normalised already; an unknown belt code leaves the belt empty.
    """
    if repository.enterprise_by_credit_code(session, credit_code):
        raise Conflict("This credit code is already registered.", details={"field": "credit_code"})
    belt = repository.belt_by_code(session, belt_code) if belt_code else None
    enterprise = Enterprise(name_zh=name_zh, credit_code=credit_code, belt_id=belt.id if belt else None,
                            contact_email=contact_email, contact_name=contact_name)
    session.add(enterprise)
    session.flush()
    return enterprise


def release_rejected_enterprise(session: Session, actor: Principal, enterprise_id: int) -> bool:
    """A rejected applicant's enterprise gives its credit code back, so that the real firm can register it:
    the record goes (the audit log keeps what it held) unless it was ever verified or anything refers to it
    (products, or a record elsewhere). Returns whether it went. The caller unlinks the applicant first."""
    actor.require(RoleCode.OPERATOR)
    enterprise = repository.enterprise(session, enterprise_id)
    if enterprise is None or enterprise.verification_status != VerificationStatus.REJECTED:
        return False
    if session.scalar(select(Product.id).where(Product.enterprise_id == enterprise_id).limit(1)) is not None:
        return False
    try:
        with session.begin_nested():
            session.delete(enterprise)
            session.flush()
    except IntegrityError:  # something else still names it: it stays, rejected
        return False
    return True


def register_provider(session: Session, *, name_zh: str, kind: str, contact_email: str) -> ServiceProvider:
    """A member's own service provider, created as they sign up (accounts.flows); pending until verified."""
    provider = ServiceProvider(name_zh=name_zh, kind=kind, contact_email=contact_email)
    session.add(provider)
    session.flush()
    return provider


def set_provider_verification(session: Session, actor: Principal, provider_id: int,
                              status: VerificationStatus) -> ServiceProvider:
    actor.require(RoleCode.OPERATOR)
    provider = session.get(ServiceProvider, provider_id)
    if provider is None:
        raise NotFound("No such service provider.")
    provider.verification_status = status.value
    session.flush()
    return provider


def list_products(session: Session, actor: Principal, *, page: int = 1, size: int = 25, **filters) -> Page[Product]:
    if filters.get("include_archived") and not (
        actor.is_operator or actor.owns_enterprise(filters.get("enterprise_id"))
    ):
        filters["include_archived"] = False
    # A rejected enterprise's products are listed to the operator and to the enterprise itself only.
    if not actor.is_operator:
        filters["rejected_visible_to"] = actor.enterprise_id if actor.role == RoleCode.ENTERPRISE else None
    return paginate(session, repository.products_query(**filters), page, size)


def get_product(session: Session, actor: Principal, product_id: int) -> Product:
    product = repository.product(session, product_id)
    if product is None:
        raise NotFound("No such product.")
    if ((product.status != "active" or product.enterprise.verification_status == VerificationStatus.REJECTED)
            and not actor.may_see_enterprise_private(product.enterprise_id)):
        raise NotFound("No such product.")
    return product


def _target_enterprise(actor: Principal, data: ProductIn) -> int:
    if actor.role == RoleCode.ENTERPRISE:
        if data.enterprise_id not in (None, actor.enterprise_id):
            raise Forbidden("You can only add products to your own enterprise.")
        return actor.enterprise_id
    if actor.is_operator:
        if data.enterprise_id is None:
            raise ValidationFailed("Choose the enterprise.", details={"field": "enterprise_id"})
        return data.enterprise_id
    raise Forbidden("Only enterprises and the operator manage products.")


def _apply_product(product: Product, data: ProductIn) -> None:
    for key, value in data.model_dump(exclude={"price_tiers", "enterprise_id"}).items():
        setattr(product, key, value)
    wanted = {(tier.min_quantity, tier.currency): tier for tier in data.price_tiers}
    tiers_changed = False
    for existing in list(product.price_tiers):
        key = (existing.min_quantity, existing.currency)
        if key not in wanted:
            product.price_tiers.remove(existing)
            tiers_changed = True
        else:
            price = wanted.pop(key).unit_price
            tiers_changed |= existing.unit_price != price
            existing.unit_price = price
    for tier in wanted.values():
        product.price_tiers.append(PriceTier(**tier.model_dump()))
        tiers_changed = True
    if tiers_changed and product.id is not None:
        # A price is part of the product: caches that watch products' last change (showcase, search) see it.
        product.updated_at = utcnow()


def _hs_code_source(actor: Principal, product: Product, new_code: str) -> HsCodeSource:
    """Who stands behind the code a person saves: the enterprise confirms the code it saves (entered, or kept
    from an import or the suggestions); the operator corrects by changing it. An operator's edit that leaves
    the code alone changes nothing, and an enterprise keeping the operator's correction keeps it corrected."""
    current = product.hs_code_source
    changed = product.id is None or new_code != product.hs_code
    if actor.is_operator:
        if product.id is None:
            return HsCodeSource.CONFIRMED
        return HsCodeSource.CORRECTED if changed else current
    if not changed and current == HsCodeSource.CORRECTED:
        return current
    return HsCodeSource.CONFIRMED


def create_product(session: Session, actor: Principal, data: ProductIn) -> Product:
    actor.require_standing()
    enterprise_id = _target_enterprise(actor, data)
    if session.get(Enterprise, enterprise_id) is None:
        raise ValidationFailed("No such enterprise.", details={"field": "enterprise_id"})
    if repository.product_by_sku(session, enterprise_id, data.sku):
        raise Conflict("SKU %(sku)s already exists for this enterprise.", sku=data.sku, details={"field": "sku"})
    product = Product(enterprise_id=enterprise_id, price_tiers=[])
    product.hs_code_source = _hs_code_source(actor, product, data.hs_code)
    _apply_product(product, data)
    session.add(product)
    session.flush()
    return product


def update_product(session: Session, actor: Principal, product_id: int, data: ProductIn) -> Product:
    actor.require_standing()
    product = repository.product(session, product_id)
    if product is None:
        raise NotFound("No such product.")
    if not actor.may_see_enterprise_private(product.enterprise_id):
        raise Forbidden("You can only change your own enterprise's products.")
    if data.sku != product.sku and repository.product_by_sku(session, product.enterprise_id, data.sku):
        raise Conflict("SKU %(sku)s already exists for this enterprise.", sku=data.sku, details={"field": "sku"})
    source = _hs_code_source(actor, product, data.hs_code)
    if source != product.hs_code_source:
        product.hs_code_source = source
    _apply_product(product, data)
    session.flush()
    return product


def archive_product(session: Session, actor: Principal, product_id: int) -> Product:
    actor.require_standing()
    product = repository.product(session, product_id)
    if product is None:
        raise NotFound("No such product.")
    if not actor.may_see_enterprise_private(product.enterprise_id):
        raise Forbidden("You can only change your own enterprise's products.")
    product.status = "archived"
    session.flush()
    return product


def list_providers(session: Session, actor: Principal, *, page: int = 1, size: int = 25,
                   **filters) -> Page[ServiceProvider]:
    """Verified providers for everyone; the operator also sees those waiting for verification."""
    filters["verified_only"] = not actor.is_operator
    return paginate(session, repository.providers_query(**filters), page, size)
