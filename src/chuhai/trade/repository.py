"""Queries of the trade domain. Every revision but an enterprise's latest is `superseded`, so "current"
quotations are simply the ones that are not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.orm import Session, selectinload

from chuhai.accounts.models import User
from chuhai.catalog.models import Enterprise
from chuhai.demand.models import Demand
from chuhai.trade.models import (
    LIVE_STATES,
    PLACE_STATES,
    Attachment,
    Conversation,
    Deal,
    DealStage,
    Message,
    Quotation,
    QuotationStatus,
    Side,
    TradeSettings,
)
from chuhai.types import UserStatus


def settings_row(session: Session) -> TradeSettings | None:
    return session.get(TradeSettings, 1)


def expired_on(day: dt.date) -> ColumnElement[bool]:
    """The SQL twin of `Quotation.is_expired_on`."""
    return and_(Quotation.status.in_(LIVE_STATES), Quotation.valid_until < day)


def _with_details(query):
    return query.options(selectinload(Quotation.tiers), selectinload(Quotation.product),
                         selectinload(Quotation.enterprise).selectinload(Enterprise.certifications))


def quotation(session: Session, quotation_id: int) -> Quotation | None:
    return session.scalar(_with_details(select(Quotation).where(Quotation.id == quotation_id))
                          .options(selectinload(Quotation.demand)))


def quotations_of_demand(session: Session, demand_id: int, *, enterprise_id: int | None = None,
                         history: bool = False) -> list[Quotation]:
    """The demand's current quotations (every revision with `history`), oldest first."""
    query = _with_details(select(Quotation).where(Quotation.demand_id == demand_id))
    if enterprise_id is not None:
        query = query.where(Quotation.enterprise_id == enterprise_id)
    if not history:
        query = query.where(Quotation.status != QuotationStatus.SUPERSEDED)
    return list(session.scalars(query.order_by(Quotation.created_at, Quotation.id)))


def current_quotation(session: Session, demand_id: int, enterprise_id: int) -> Quotation | None:
    return session.scalar(select(Quotation).where(
        Quotation.demand_id == demand_id, Quotation.enterprise_id == enterprise_id,
        Quotation.status != QuotationStatus.SUPERSEDED).order_by(Quotation.revision.desc()).limit(1))


def last_revision(session: Session, demand_id: int, enterprise_id: int) -> int:
    return session.scalar(select(func.max(Quotation.revision)).where(
        Quotation.demand_id == demand_id, Quotation.enterprise_id == enterprise_id)) or 0


def places_taken(session: Session, demand_id: int, day: dt.date) -> int:
    """Current quotations holding a place under the demand's cap on `day` (expired ones do not)."""
    return session.scalar(select(func.count(Quotation.id)).where(
        Quotation.demand_id == demand_id, Quotation.status.in_(PLACE_STATES), not_(expired_on(day)))) or 0


def quoted_demand_ids(session: Session, enterprise_id: int, demand_ids: Iterable[int] | None = None) -> set[int]:
    query = select(Quotation.demand_id).where(Quotation.enterprise_id == enterprise_id).distinct()
    if demand_ids is not None:
        query = query.where(Quotation.demand_id.in_(list(demand_ids)))
    return set(session.scalars(query))


def quotations_of_enterprise(session: Session, enterprise_id: int, *, history: bool = False) -> list[Quotation]:
    query = (select(Quotation).where(Quotation.enterprise_id == enterprise_id)
             .options(selectinload(Quotation.demand), selectinload(Quotation.tiers))
             .order_by(Quotation.created_at.desc(), Quotation.id.desc()))
    if not history:
        query = query.where(Quotation.status != QuotationStatus.SUPERSEDED)
    return list(session.scalars(query))


def expire_due(session: Session, day: dt.date) -> int:
    rows = list(session.scalars(select(Quotation).where(expired_on(day))))
    for row in rows:
        row.status = QuotationStatus.EXPIRED
    return len(rows)


# ----- conversations --------------------------------------------------------------------------------------

def conversation_of(session: Session, demand_id: int, enterprise_id: int) -> Conversation | None:
    return session.scalar(select(Conversation).where(Conversation.demand_id == demand_id,
                                                     Conversation.enterprise_id == enterprise_id))


def conversation(session: Session, conversation_id: int) -> Conversation | None:
    return session.scalar(select(Conversation).where(Conversation.id == conversation_id)
                          .options(selectinload(Conversation.demand), selectinload(Conversation.enterprise),
                                   selectinload(Conversation.buyer)))


def conversations_query(*, buyer_id: int | None = None, enterprise_id: int | None = None,
                        reported_only: bool = False):
    query = (select(Conversation)
             .options(selectinload(Conversation.demand), selectinload(Conversation.enterprise),
                      selectinload(Conversation.buyer))
             .order_by(func.coalesce(Conversation.last_message_at, Conversation.created_at).desc(),
                       Conversation.id.desc()))
    if buyer_id is not None:
        query = query.where(Conversation.buyer_id == buyer_id)
    if enterprise_id is not None:
        query = query.where(Conversation.enterprise_id == enterprise_id)
    if reported_only:
        query = query.where(Conversation.reported.is_(True))
    return query


def messages(session: Session, conversation_id: int) -> list[Message]:
    return list(session.scalars(select(Message).where(Message.conversation_id == conversation_id)
                                .order_by(Message.created_at, Message.id)))


def unread_by_conversation(session: Session, conversation_ids: list[int], side: Side) -> dict[int, int]:
    """Messages of the other side after `side`'s read marker, per conversation."""
    if not conversation_ids:
        return {}
    read_at = Conversation.buyer_read_at if side is Side.BUYER else Conversation.enterprise_read_at
    rows = session.execute(
        select(Message.conversation_id, func.count(Message.id))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Message.conversation_id.in_(conversation_ids), Message.author_role != side,
               or_(read_at.is_(None), Message.created_at > read_at))
        .group_by(Message.conversation_id))
    return {conversation_id: count for conversation_id, count in rows}


def unread_total(session: Session, side: Side, *, buyer_id: int | None = None,
                 enterprise_id: int | None = None) -> int:
    read_at = Conversation.buyer_read_at if side is Side.BUYER else Conversation.enterprise_read_at
    query = (select(func.count(Message.id)).join(Conversation, Conversation.id == Message.conversation_id)
             .where(Message.author_role != side, or_(read_at.is_(None), Message.created_at > read_at)))
    if side is Side.BUYER:
        query = query.where(Conversation.buyer_id == buyer_id)
    else:
        query = query.where(Conversation.enterprise_id == enterprise_id)
    return session.scalar(query) or 0


# ----- attachments ----------------------------------------------------------------------------------------

def attachments_of(session: Session, *, quotation_ids: Iterable[int] = (),
                   message_ids: Iterable[int] = ()) -> tuple[dict[int, list[Attachment]], dict[int, list[Attachment]]]:
    by_quotation: dict[int, list[Attachment]] = {}
    by_message: dict[int, list[Attachment]] = {}
    quotation_ids, message_ids = list(quotation_ids), list(message_ids)
    if quotation_ids:
        for row in session.scalars(select(Attachment).where(Attachment.quotation_id.in_(quotation_ids))
                                   .order_by(Attachment.id)):
            by_quotation.setdefault(row.quotation_id, []).append(row)
    if message_ids:
        for row in session.scalars(select(Attachment).where(Attachment.message_id.in_(message_ids))
                                   .order_by(Attachment.id)):
            by_message.setdefault(row.message_id, []).append(row)
    return by_quotation, by_message


# ----- deals ----------------------------------------------------------------------------------------------

def deal(session: Session, deal_id: int) -> Deal | None:
    return session.scalar(select(Deal).where(Deal.id == deal_id)
                          .options(selectinload(Deal.events), selectinload(Deal.demand),
                                   selectinload(Deal.quotation).selectinload(Quotation.tiers)))


def deal_of_quotation(session: Session, quotation_id: int) -> Deal | None:
    return session.scalar(select(Deal).where(Deal.quotation_id == quotation_id))


def deals_query(*, buyer_id: int | None = None, enterprise_id: int | None = None, stage: DealStage | None = None):
    query = select(Deal).options(selectinload(Deal.events), selectinload(Deal.demand),
                                 selectinload(Deal.enterprise)).order_by(Deal.stage_changed_at.desc(), Deal.id.desc())
    if buyer_id is not None:
        query = query.where(Deal.buyer_id == buyer_id)
    if enterprise_id is not None:
        query = query.where(Deal.enterprise_id == enterprise_id)
    if stage is not None:
        query = query.where(Deal.stage == stage)
    return query


def completed_deals(session: Session, enterprise_ids: list[int]) -> dict[int, int]:
    if not enterprise_ids:
        return {}
    rows = session.execute(select(Deal.enterprise_id, func.count(Deal.id))
                           .where(Deal.enterprise_id.in_(enterprise_ids), Deal.stage == DealStage.COMPLETED)
                           .group_by(Deal.enterprise_id))
    return {enterprise_id: count for enterprise_id, count in rows}


# ----- who to tell ----------------------------------------------------------------------------------------

def active_user_ids(session: Session, *, buyer_id: int | None = None, enterprise_id: int | None = None,
                    operators: bool = False) -> list[int]:
    query = select(User.id).where(User.status == UserStatus.ACTIVE)
    if buyer_id is not None:
        query = query.where(User.buyer_id == buyer_id)
    elif enterprise_id is not None:
        query = query.where(User.enterprise_id == enterprise_id)
    elif operators:
        query = query.where(User.role == "operator")
    else:
        return []
    return list(session.scalars(query.order_by(User.id)))


def demands_by_id(session: Session, ids: Iterable[int]) -> dict[int, Demand]:
    ids = list(ids)
    if not ids:
        return {}
    return {d.id: d for d in session.scalars(select(Demand).where(Demand.id.in_(ids)))}
