"""Users, roles, API tokens, the audit log and in-app notifications."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chuhai.database import Base, utcnow
from chuhai.types import JSONType

if TYPE_CHECKING:
    from chuhai.catalog.models import Enterprise, ServiceProvider
    from chuhai.demand.models import Buyer


class Role(Base):
    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(64))
    name_zh: Mapped[str] = mapped_column(String(64))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    locale: Mapped[str] = mapped_column(String(8), default="zh_CN")
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("buyers.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("service_providers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The showcase product a buyer asked about before signing up ("Send an inquiry"): their first sign-in after
    # approval, on whatever device, starts the demand form from it, and clears it. No foreign key: a product
    # gone or hidden meanwhile is simply not offered (chuhai.showcase).
    inquiry_product_id: Mapped[int | None] = mapped_column(Integer)

    enterprise: Mapped[Enterprise | None] = relationship(lazy="raise", foreign_keys=[enterprise_id])
    buyer: Mapped[Buyer | None] = relationship(lazy="raise")
    provider: Mapped[ServiceProvider | None] = relationship(lazy="raise")


class ApiToken(Base):
    """A bearer token for the JSON API. Only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship(lazy="raise")


class UserSession(Base):
    """A signed-in browser. Its cookie carries a random id, of which only the SHA-256 digest is stored: a
    copied cookie stops working as soon as the row goes (sign-out, password change, suspension)."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class LoginFailure(Base):
    """Failed sign-ins, kept for the rate limit (shared by every server process)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship(lazy="raise")


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
