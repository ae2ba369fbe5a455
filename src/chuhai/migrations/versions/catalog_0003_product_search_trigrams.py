"""catalog: trigram indexes for the catalogue search (PostgreSQL only)

`/products?q=…` and the API filter products with `ILIKE '%words%'` over the Chinese title, the English title
and the SKU. Without an index each search reads every product (15 ms at 5,000 products); pg_trgm's GIN
indexes answer patterns of three characters or more from the index. pg_trgm ships with PostgreSQL and is a
trusted extension (PostgreSQL 13+): the database's owner may create it. SQLite keeps its table scan.

Revision ID: catalog_0003
Revises: catalog_0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "catalog_0003"
down_revision = "catalog_0002"
branch_labels = None
depends_on = None

COLUMNS = ("title_zh", "title_en", "sku")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        op.create_index(f"ix_products_{column}_trgm", "products", [column], postgresql_using="gin",
                        postgresql_ops={column: "gin_trgm_ops"})


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.drop_index(f"ix_products_{column}_trgm", table_name="products")
