"""showcase: the operator may keep an enterprise or a product off the public showcase

Revision ID: showcase_0001
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "showcase_0001"
down_revision = "0001"
branch_labels = ("showcase",)
depends_on = None


def upgrade() -> None:
    for table in ("enterprises", "products"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("showcase_hidden", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for table in ("products", "enterprises"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("showcase_hidden")
