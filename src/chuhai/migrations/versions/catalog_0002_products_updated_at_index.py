"""catalog: an index on products.updated_at

The showcase, its search and the sitemap are kept until the catalogue's last change moves; with this index
that last change is one index lookup instead of a scan of every product on each public page.

Revision ID: catalog_0002
Revises: catalog_0001
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "catalog_0002"
down_revision = "catalog_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_products_updated_at"), "products", ["updated_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_products_updated_at"), table_name="products")
