"""The audit log, written automatically for every ORM insert, update and delete.

A session carries the acting user in `session.info["actor_id"]`; a before-flush hook turns the
pending changes into AuditLog rows in the same transaction, so a write and its audit entry commit
or roll back together. Bulk imports (Core inserts) write one summary entry through `record`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from chuhai.accounts.models import ApiToken, AuditLog, LoginFailure, Notification, UserSession
from chuhai.database import utcnow

# Rows whose writes are bookkeeping, not business changes.
_NOT_AUDITED = (AuditLog, LoginFailure, Notification, ApiToken, UserSession)
_HIDDEN_FIELDS = {"password_hash", "token_digest", "digest"}
# Columns the application stamps on its own; an update touching only these is not a change anyone made
# (a sign-in is logged as "login" already).
_BOOKKEEPING_FIELDS = {"updated_at", "last_login_at"}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _identity(obj: Any) -> str | None:
    identity = inspect(obj).identity
    if identity:
        return "/".join(str(part) for part in identity)
    return None


def _changed_fields(obj: Any) -> dict[str, Any]:
    changes = {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        if attr.key in _HIDDEN_FIELDS:
            changes[attr.key] = "(changed)"
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _snapshot(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    return {
        attr.key: _plain(getattr(obj, attr.key))
        for attr in state.mapper.column_attrs
        if attr.key not in _HIDDEN_FIELDS and attr.key in state.dict
    }


def _before_flush(session: Session, _context, _instances) -> None:
    if session.info.get("audit_disabled"):
        return
    actor_id = session.info.get("actor_id")
    pending_inserts = [obj for obj in session.new if not isinstance(obj, _NOT_AUDITED)]
    for obj in session.dirty:
        if isinstance(obj, _NOT_AUDITED) or not session.is_modified(obj, include_collections=False):
            continue
        changes = _changed_fields(obj)
        if set(changes) - _BOOKKEEPING_FIELDS:
            session.add(
                AuditLog(
                    user_id=actor_id, action="update", entity=obj.__tablename__,
                    entity_id=_identity(obj), changes=changes,
                )
            )
    for obj in session.deleted:
        if isinstance(obj, _NOT_AUDITED):
            continue
        session.add(
            AuditLog(
                user_id=actor_id, action="delete", entity=obj.__tablename__,
                entity_id=_identity(obj), changes=_snapshot(obj),
            )
        )
    # New rows have no primary key until flushed; their entries are completed after the flush.
    session.info.setdefault("_audit_new", []).extend(pending_inserts)


def _after_flush(session: Session, _context) -> None:
    new_rows = session.info.pop("_audit_new", [])
    if not new_rows:
        return
    actor_id = session.info.get("actor_id")
    table = AuditLog.__table__
    session.execute(
        table.insert(),
        [
            {
                "at": utcnow(),
                "user_id": actor_id,
                "action": "create",
                "entity": obj.__tablename__,
                "entity_id": _identity(obj),
                "changes": _snapshot(obj),
            }
            for obj in new_rows
        ],
    )


def install() -> None:
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)


def record(session: Session, action: str, entity: str, entity_id: str | None = None,
           changes: dict[str, Any] | None = None, summary: str | None = None) -> None:
    """An explicit entry, for writes that bypass the ORM (bulk imports) or carry no row (log-ins)."""
    session.add(
        AuditLog(
            user_id=session.info.get("actor_id"), action=action, entity=entity,
            entity_id=entity_id, changes=_plain(changes or {}), summary=summary,
        )
    )
