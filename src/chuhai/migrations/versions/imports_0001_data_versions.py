"""data versions: a counter per import kind, for caches in other processes

Revision ID: imports_0001
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "imports_0001"
down_revision = "0001"
branch_labels = ("imports",)
depends_on = None

KINDS = ("enterprises", "products", "buyers", "demands", "order_lines")


def upgrade() -> None:
    table = op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    op.bulk_insert(table, [{"name": kind, "version": 0, "changed_at": now} for kind in KINDS])


def downgrade() -> None:
    op.drop_table("data_versions")
