"""Compliance records: the operator's edits of the requirement reference.

The reference itself ships as versioned JSON (`compliance/reference/requirements.json`); an edit is stored
here (who, when, which field, from what) and applied on top of it, so the shipped entries stay as
published. Every insert is audited (the audit log's session hook).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base, utcnow


class RequirementEdit(Base):
    __tablename__ = "compliance_requirement_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requirement_code: Mapped[str] = mapped_column(String(80), index=True)
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(40))
    previous_value: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
