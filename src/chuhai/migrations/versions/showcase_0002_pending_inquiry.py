"""showcase: the product a buyer asked about before signing up, kept on their account until the first sign-in

Revision ID: showcase_0002
Revises: showcase_0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "showcase_0002"
down_revision = "showcase_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("inquiry_product_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("inquiry_product_id")
