"""Data versions: one counter per kind of imported record, raised in the transaction that changes it.

Aggregates that scan a whole table (the statistics cube, the programme's monthly sales) are cached by
the web server; another process (`chuhai import`, `chuhai demo load`) cannot reach that cache, so
the server compares the counter it saw when it computed a value with the stored one instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.database import Base, utcnow


class DataVersion(Base):
    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)  # an import kind, e.g. "order_lines"
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
