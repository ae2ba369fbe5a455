"""Buyers and demands: a buyer sees only its own; enterprises see open demands without contacts."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog import service as catalog_service
from chuhai.demand import repository
from chuhai.demand.models import Buyer, Demand, OrderLine
from chuhai.demand.schemas import BuyerIn, DemandIn
from chuhai.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chuhai.pagination import Page, paginate
from chuhai.types import DemandStatus, RoleCode


def list_buyers(session: Session, actor: Principal, *, page: int = 1, size: int = 25, **filters) -> Page[Buyer]:
    actor.require(RoleCode.OPERATOR)
    return paginate(session, repository.buyers_query(**filters), page, size)


def get_buyer(session: Session, actor: Principal, buyer_id: int) -> Buyer:
    buyer = session.get(Buyer, buyer_id)
    if buyer is None or not actor.may_see_buyer_private(buyer_id):
        # Enterprises learn a buyer's company and country through demands, never the buyer record.
        raise NotFound("No such buyer.")
    return buyer


def create_buyer(session: Session, actor: Principal, data: BuyerIn) -> Buyer:
    actor.require(RoleCode.OPERATOR)
    key = data.key or f"B-{secrets.token_hex(5)}"
    if session.query(Buyer.id).filter(Buyer.key == key).first():
        raise Conflict("Buyer key %(key)s already exists.", key=key, details={"field": "key"})
    buyer = Buyer(**data.model_dump(exclude={"key", "kind"}), kind=data.kind.value, key=key)
    session.add(buyer)
    session.flush()
    return buyer


def register_buyer(session: Session, *, company: str, country: str, kind: str, contact_name: str,
                   contact_email: str) -> Buyer:
    """A member's own buyer record, created as they sign up (accounts.flows), with a key of its own."""
    buyer = Buyer(key=f"U-{secrets.token_hex(6)}", company=company, country=country, kind=kind,
                  contact_name=contact_name, contact_email=contact_email)
    session.add(buyer)
    session.flush()
    return buyer


def update_buyer(session: Session, actor: Principal, buyer_id: int, data: BuyerIn) -> Buyer:
    buyer = get_buyer(session, actor, buyer_id)
    for key, value in data.model_dump(exclude={"key", "kind"}).items():
        setattr(buyer, key, value)
    buyer.kind = data.kind.value
    session.flush()
    return buyer


def list_demands(session: Session, actor: Principal, *, page: int = 1, size: int = 25, **filters) -> Page[Demand]:
    if actor.role == RoleCode.BUYER:
        filters["buyer_id"] = actor.buyer_id
    elif not actor.is_operator:
        # Suppliers see what they can still answer: open and not past its deadline.
        filters["answerable_on_day"] = dt.date.today()
        filters.pop("status", None)
        filters.pop("buyer_id", None)
    return paginate(session, repository.demands_query(**filters), page, size)


def get_demand(session: Session, actor: Principal, demand_id: int) -> Demand:
    demand = repository.demand(session, demand_id)
    if demand is None:
        raise NotFound("No such demand.")
    if actor.role == RoleCode.BUYER and demand.buyer_id != actor.buyer_id:
        raise NotFound("No such demand.")
    # Suppliers open what the lists show them: open, not past its deadline, not held for screening.
    if (actor.role in (RoleCode.ENTERPRISE, RoleCode.PROVIDER)
            and (not demand.status.is_answerable(demand.deadline, dt.date.today())
                 or repository.is_held_for_screening(session, demand.id))):
        raise NotFound("No such demand.")
    return demand


def _demand_buyer(actor: Principal, data: DemandIn) -> int:
    if actor.role == RoleCode.BUYER:
        if data.buyer_id not in (None, actor.buyer_id):
            raise Forbidden("You can only post demands for your own company.")
        return actor.buyer_id
    if actor.is_operator:
        if not data.buyer_id:
            raise ValidationFailed("Choose the buyer.", details={"field": "buyer_id"})
        return data.buyer_id
    raise Forbidden("Only buyers and the operator post demands.")


def _check_deadline(deadline: dt.date | None) -> None:
    if deadline is not None and deadline < dt.date.today():
        raise ValidationFailed("The deadline is in the past.", details={"field": "deadline"})


def quote_request_values(session: Session, actor: Principal, product_id: int, title_language: str) -> dict:
    """Form values of a demand asking for a quote of one product: its title in `title_language` ("zh" or
    "en"; the other when missing) with the SKU, its category, and its MOQ as the quantity."""
    product = catalog_service.get_product(session, actor, product_id)
    titles = (product.title_zh, product.title_en) if title_language == "zh" else (product.title_en, product.title_zh)
    title = next((t for t in titles if t), product.sku)
    return {"text": f"{title} (SKU {product.sku})", "category": product.category, "quantity": product.moq}


def create_demand(session: Session, actor: Principal, data: DemandIn) -> Demand:
    _check_deadline(data.deadline)
    buyer_id = _demand_buyer(actor, data)
    buyer = session.get(Buyer, buyer_id)
    if buyer is None:
        raise ValidationFailed("No such buyer.", details={"field": "buyer_id"})
    fields = data.model_dump(exclude={"buyer_id"})
    fields["destination_country"] = fields["destination_country"] or buyer.country
    demand = Demand(ref=f"D-{secrets.token_hex(6)}", buyer_id=buyer_id, language=buyer.language, **fields)
    session.add(demand)
    session.flush()
    return demand


def update_demand(session: Session, actor: Principal, demand_id: int, data: DemandIn) -> Demand:
    demand = get_demand(session, actor, demand_id)
    if not (actor.is_operator or actor.owns_buyer(demand.buyer_id)):
        raise Forbidden("Only the buyer who posted it can change a demand.")
    if data.deadline != demand.deadline:  # an old deadline may stay as it is; a new one must be ahead
        _check_deadline(data.deadline)
    for key, value in data.model_dump(exclude={"buyer_id"}).items():
        setattr(demand, key, value)
    session.flush()
    return demand


def set_demand_status(session: Session, actor: Principal, demand_id: int, status: DemandStatus) -> Demand:
    demand = get_demand(session, actor, demand_id)
    if not (actor.is_operator or actor.owns_buyer(demand.buyer_id)):
        raise Forbidden("Only the buyer who posted it can change a demand.")
    demand.status = status
    session.flush()
    return demand


def list_order_lines(session: Session, actor: Principal, *, page: int = 1, size: int = 50,
                     **filters) -> Page[OrderLine]:
    """Sales lines: the operator sees all; an enterprise only the lines of its own products."""
    if actor.role == RoleCode.ENTERPRISE:
        filters["enterprise_id"] = actor.enterprise_id
    elif not actor.is_operator:
        raise Forbidden("Only enterprises and the operator see sales lines.")
    return paginate(session, repository.order_lines_query(**filters), page, size)
