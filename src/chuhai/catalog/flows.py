"""What changing the catalog sets off in other domains. The pages and the API call these instead of
`catalog.service` for the changes that matching must see; each function shows every consequence.

A product's offer (titles, category, price tiers, MOQ, lead time, status) and its enterprise's
terms (certifications, capacity, verification) are what the match index holds: after the
transaction commits, the index picks up the changed products, or all the products of a changed
enterprise, before its next query (`matching.service.keep_index_current`); the open demands that fit
those products are searched and stored (`matching.service.keep_fits_current`: the enterprise's
opportunities page reads them). Stored short lists stay as they are until a demand is matched again.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from chuhai.accounts import service as accounts
from chuhai.accounts.principal import Principal
from chuhai.catalog import service
from chuhai.catalog.models import Enterprise, Product
from chuhai.catalog.schemas import EnterpriseIn, ProductIn
from chuhai.matching import service as matching
from chuhai.types import VerificationStatus


def create_product(session: Session, actor: Principal, data: ProductIn) -> Product:
    product = service.create_product(session, actor, data)
    matching.keep_index_current(session, products=[product.id])
    matching.keep_fits_current(session, products=[product.id])
    return product


def update_product(session: Session, actor: Principal, product_id: int, data: ProductIn) -> Product:
    product = service.update_product(session, actor, product_id, data)
    matching.keep_index_current(session, products=[product.id])
    matching.keep_fits_current(session, products=[product.id])
    return product


def archive_product(session: Session, actor: Principal, product_id: int) -> Product:
    """An archived product leaves the match index."""
    product = service.archive_product(session, actor, product_id)
    matching.keep_index_current(session, products=[product.id])
    matching.keep_fits_current(session, products=[product.id])
    return product


def update_enterprise(session: Session, actor: Principal, enterprise_id: int, data: EnterpriseIn) -> Enterprise:
    """Certifications and capacity are terms of every product of the enterprise."""
    enterprise = service.update_enterprise(session, actor, enterprise_id, data)
    matching.keep_index_current(session, enterprises=[enterprise.id])
    matching.keep_fits_current(session, enterprises=[enterprise.id])
    return enterprise


def set_verification(session: Session, actor: Principal, enterprise_id: int,
                     status: VerificationStatus) -> Enterprise:
    """Verified suppliers pass demands' "verified only" constraint. Rejected: the enterprise's products
    leave the index, the listings and the short lists of others (`service.list_products`,
    `matching.repository.matches_of_demand`), and its members stop acting for it (every session and API
    token ends; signed in again, they read their own records and change none: `Principal.require_standing`).
    Verified (or pending) again: all of that comes back as it was; the members sign in again."""
    enterprise = service.set_verification(session, actor, enterprise_id, status)
    if status == VerificationStatus.REJECTED:
        accounts.end_enterprise_sessions(session, enterprise.id)
    matching.keep_index_current(session, enterprises=[enterprise.id])
    matching.keep_fits_current(session, enterprises=[enterprise.id])
    return enterprise


def catalog_written_in_bulk(session: Session) -> None:
    """Enterprises, certifications, products or price tiers inserted or updated by Core statements (an
    import, the demo): after the commit the match index compares itself with the whole catalog."""
    matching.keep_index_current(session, everything=True)
    matching.search_new_products_soon(session)
